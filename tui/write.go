package tui

import (
	"context"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/sunset-tui/sunset/inventory"
)

// write runs fn in one store transaction inside a tea.Cmd and reports the
// outcome as a writeDoneMsg whose text is done on success.
func (c *common) write(done string, fn func(ctx context.Context, w inventory.Writer) error) tea.Cmd {
	ctx, store, log := c.ctx, c.store, c.log
	return func() tea.Msg {
		err := store.Update(ctx, func(w inventory.Writer) error { return fn(ctx, w) })
		if err != nil {
			log.Error("write", "what", done, "err", err)
			return writeDoneMsg{what: done, err: err}
		}
		log.Info("write", "what", done)
		return writeDoneMsg{what: done}
	}
}
