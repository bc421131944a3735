package main

import (
	"context"
	"io"
	"os"
	"path/filepath"

	"github.com/charmbracelet/x/term"

	"github.com/sunset-tui/sunset/inventory"
	"github.com/sunset-tui/sunset/lifecycle/service"
	"github.com/sunset-tui/sunset/scan"
	"github.com/sunset-tui/sunset/tui"
)

// tuiSession is what the TUI is opened with besides the store.
type tuiSession struct {
	scan scan.Options
	// guide says what to do next, asked again with every load.
	guide func(ctx context.Context) []string
	notes []string
}

// openTUI runs the TUI on the inventory svc acts on. Without nmap it still
// opens, with the check keys hidden and a note saying how to install nmap.
func openTUI(ctx context.Context, a *app, svc *service.Service, sess tuiSession) error {
	if !isTerminal(a.stdin) || !isTerminal(a.stdout) {
		return usageError("the TUI needs a terminal; for scripts use the subcommands (see `sunset --help`)")
	}
	opts := tui.Options{Now: a.now, LogPath: logPath(), Guide: sess.guide, Notes: sess.notes}
	if sess.guide == nil {
		opts.Guide = firstSteps(svc.Store())
	}
	sess.scan.Now = svc.Now
	if runner, err := scan.NewNmap(sess.scan); err == nil {
		opts.Check = tui.ScanCheck(svc, runner)
	} else {
		opts.Notes = append(opts.Notes, err.Error()+" — live checks are off until then.")
	}
	tuneMemoryForTUI(os.Getenv)
	return tui.Run(ctx, svc, opts)
}

func isTerminal(v any) bool {
	if w, ok := v.(io.Writer); ok {
		v = terminalOf(w)
	}
	f, ok := v.(*os.File)
	return ok && term.IsTerminal(f.Fd())
}

// logPath is the TUI's log file in the XDG state directory.
func logPath() string {
	dir := os.Getenv("XDG_STATE_HOME")
	if !filepath.IsAbs(dir) {
		home, err := os.UserHomeDir()
		if err != nil {
			return ""
		}
		dir = filepath.Join(home, ".local", "state")
	}
	return filepath.Join(dir, "sunset", "tui.log")
}

// firstSteps guides a new installation: no assets yet, or nothing that may
// be scanned; it says nothing more once both are there.
func firstSteps(s inventory.Reader) func(ctx context.Context) []string {
	return func(ctx context.Context) []string { return firstStepsNow(ctx, s) }
}

func firstStepsNow(ctx context.Context, s inventory.Reader) []string {
	var out []string
	if counts, err := s.StageCounts(ctx, inventory.AssetFilter{}); err == nil {
		total := 0
		for _, n := range counts {
			total += n
		}
		if total == 0 {
			out = append(out, "The inventory is empty: press 2 for the asset list, then n to add an asset or i to import a CSV or CMDB export.")
		}
	}
	if p, err := s.Policy(ctx); err == nil && len(p.Scope) == 0 {
		out = append(out, "No scan scope is set, so checks are refused: run `sunset policy set scan.scope CIDR` with the networks sunset may scan.")
	}
	return out
}
