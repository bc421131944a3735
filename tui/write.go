package tui

import (
	"context"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/sunset-tui/sunset/inventory"
)

// write runs fn in one store transaction inside a tea.Cmd and reports the
// outcome as a writeDoneMsg whose text is done on success.
func (c *common) write(done string, fn func(ctx context.Context, w inventory.Writer) error) tea.Cmd {
	return c.writeSaying(done, func(ctx context.Context, w inventory.Writer) (string, error) { return done, fn(ctx, w) })
}

// writeSaying is write for a change whose outcome fn words itself on
// success (an edit that may change nothing); what names the change when
// it fails.
func (c *common) writeSaying(what string, fn func(ctx context.Context, w inventory.Writer) (done string, err error)) tea.Cmd {
	ctx, store, log := c.ctx, c.store, c.log
	return func() tea.Msg {
		var done string
		err := store.Update(ctx, func(w inventory.Writer) (err error) {
			done, err = fn(ctx, w)
			return err
		})
		if err != nil {
			log.Error("write", "what", what, "err", err)
			return writeDoneMsg{what: what, err: err}
		}
		log.Info("write", "what", done)
		return writeDoneMsg{what: done}
	}
}
