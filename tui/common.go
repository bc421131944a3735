package tui

import (
	"context"
	"log/slog"
	"time"

	"github.com/sunset-tui/sunset/inventory"
	"github.com/sunset-tui/sunset/lifecycle/service"
)

// common is what every screen and dialog shares: the service every action
// and judgement goes through and the store it reads lists from (both only
// ever used inside tea.Cmds), styles, keys, the logger and the size of the
// area the screen may draw in.
type common struct {
	ctx   context.Context
	svc   *service.Service
	store inventory.Reader
	// watcher reports the store's changes; nil when it cannot (watch.go).
	watcher inventory.ChangeWatcher
	opts    Options
	styles  Styles
	keys    KeyMap
	log     *slog.Logger
	// headRows and chunkRows are how many assets the first page of a load
	// reads, and each page after it.
	headRows, chunkRows int
	// now is the time as last read from the clock (in a tea.Cmd); Update
	// and View use it instead of reading the clock themselves.
	now time.Time
	// statusFor and errorStatusFor are how long a status line stays (the
	// constants of the same names; tests make them short).
	statusFor, errorStatusFor time.Duration
}

// screenID names the top-level screens, in tab order.
type screenID int

const (
	screenDashboard screenID = iota
	screenAssets
	screenFindings
	screenReminders
	screenUnknown
	screenPolicy
	screenDetail // opened from the others; not a tab
)

var tabTitles = []string{"Dashboard", "Assets", "Findings", "Reminders", "Unknown", "Policy"}
