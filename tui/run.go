package tui

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
	"github.com/muesli/termenv"
	"github.com/sunset-tui/sunset/lifecycle/service"
)

// Run shows the TUI on the terminal until the user quits or ctx ends. Logs
// go to opts.LogPath (created 0600, its directory 0700), never to the
// screen.
func Run(ctx context.Context, svc *service.Service, opts Options) error {
	logger, closeLog, err := openLog(opts.LogPath)
	if err != nil {
		return err
	}
	defer closeLog()

	opts.NoColor = opts.NoColor || noColor(os.Getenv)
	if opts.NoColor {
		// lipgloss drops every attribute under NO_COLOR; the styles drop
		// the colours instead, so bold, underline and reverse still show.
		// The plainest profile that has them: the TUI only runs on a
		// terminal, even where the environment says CI.
		lipgloss.SetColorProfile(termenv.ANSI)
	}
	// Ask the terminal for its background once, before the program owns
	// the input, so adaptive colours never query it from View.
	lipgloss.SetHasDarkBackground(lipgloss.HasDarkBackground())

	// Ends what the session started in the background (the watch for
	// changes, with its connection) when it ends.
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	opts.Context = ctx
	m := newModel(svc, opts, logger)
	p := tea.NewProgram(m, tea.WithAltScreen(), tea.WithMouseCellMotion(), tea.WithContext(ctx))
	logger.Info("tui started", "db", svc.Location())
	final, err := p.Run()
	if fm, ok := final.(Model); ok {
		fm.stopCheck()
	}
	if err != nil && ctx.Err() == nil {
		logger.Error("tui stopped", "err", err)
		return fmt.Errorf("tui: %w", err)
	}
	logger.Info("tui stopped")
	return nil
}

// noColor reports whether the environment asks for no colour
// (https://no-color.org).
func noColor(getenv func(string) string) bool { return getenv("NO_COLOR") != "" }

func openLog(path string) (*slog.Logger, func(), error) {
	if path == "" {
		return slog.New(slog.NewTextHandler(io.Discard, nil)), func() {}, nil
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return nil, nil, fmt.Errorf("log file %s: %w", path, err)
	}
	f, err := os.OpenFile(path, os.O_CREATE|os.O_APPEND|os.O_WRONLY, 0o600)
	if err != nil {
		return nil, nil, fmt.Errorf("log file %s: %w", path, err)
	}
	return slog.New(slog.NewTextHandler(f, nil)), func() { f.Close() }, nil
}

// MemoryLimit is the soft memory limit the program wants of the Go runtime;
// the command that runs it sets it, unless GOMEMLIMIT says otherwise. A
// million assets take 150 to 200 MB once loaded (their rows, findings and
// reminders), and judging them allocates many times that, a chunk of
// assets at a time; the limit makes the collector reclaim that garbage
// before the heap doubles, keeping the program under 300 MB resident. A
// limit below what stays loaded would keep the collector running without
// end. Smaller inventories stay far below it (about 60 MB resident for
// 100,000 assets).
const MemoryLimit = 256 << 20
