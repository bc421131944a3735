package tui

import (
	"context"
	"time"

	"github.com/sunset-tui/sunset/inventory"
)

// Options configure the TUI. The zero value works: the clock is time.Now,
// logs are discarded and the check action says that checks are unavailable.
type Options struct {
	// Now is the clock; tests pass a fixed one.
	Now func() time.Time
	// LogPath is the file logs are appended to (the caller passes one in
	// the XDG state directory). Empty discards logs. Run opens it; New
	// never touches the file system.
	LogPath string
	// Check runs a live check. The TUI never runs nmap itself: the caller
	// wires the scanner in here, and the TUI runs it inside a tea.Cmd.
	Check CheckFunc
	// PollInterval is how often the store's revision is polled to notice
	// writes by other processes, when the store cannot report them (an
	// inventory.ChangeWatcher) or its watch is down, and how often the
	// clock is read; zero means every second.
	PollInterval time.Duration
	// Context bounds every store call and check the TUI starts. Run sets
	// it; New defaults to context.Background().
	Context context.Context
	// Guide is a short guided path shown at the top of the dashboard
	// (the demo passes one): what to look at first, which keys to press.
	// It is asked again with every load of the inventory, inside a
	// tea.Cmd, so that it can name the next step as the story advances.
	Guide func(ctx context.Context) []string
	// Notes are facts about this session the user must know (no nmap, a
	// loopback lab), shown on the dashboard under the guide.
	Notes []string
	// NoColor draws without colour, keeping bold, underline and reverse;
	// Run sets it when NO_COLOR is set.
	NoColor bool
}

// CheckRequest is the check the user asked for: of some assets (all in
// scope when AssetIDs is empty); Confirmed once the user agreed to a
// check larger than scan.LargeCheck addresses.
type CheckRequest struct {
	AssetIDs  []int64
	Confirmed bool
}

// CheckFunc runs one live check, stores it, and returns it. A check too
// large to start without confirmation returns a *scan.TooLarge. It calls progress
// from any goroutine as targets finish. When ctx is cancelled it stops
// nmap and returns promptly: with the check it stored as partial, or an
// error.
type CheckFunc func(ctx context.Context, req CheckRequest, progress func(Progress)) (inventory.Check, error)

// Progress is how far a running check has got.
type Progress struct {
	// Percent is the scanner's own estimate of how much is done (0-100);
	// zero means "unknown" and Done of Total is used instead.
	Percent float64
	// Done of Total addresses have been reported so far.
	Done, Total int
	// Answered counts the reported addresses that answered.
	Answered int
	// Phase is what the scanner is doing now ("SYN Stealth Scan"); it is
	// untrusted text and shown escaped.
	Phase string
	// Remaining is the scanner's estimate of the time left; zero lets the
	// TUI estimate from the elapsed time.
	Remaining time.Duration
}

func (o Options) withDefaults() Options {
	if o.Now == nil {
		o.Now = time.Now
	}
	if o.PollInterval <= 0 {
		o.PollInterval = time.Second
	}
	if o.Context == nil {
		o.Context = context.Background()
	}
	return o
}
