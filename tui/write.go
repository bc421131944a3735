package tui

import (
	"context"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/sunset-tui/sunset/lifecycle/service"
)

// act runs one action of the service inside a tea.Cmd and reports the
// outcome as a writeDoneMsg whose text is done on success.
func (c *common) act(done string, fn func(ctx context.Context, svc *service.Service) error) tea.Cmd {
	return c.actSaying(done, func(ctx context.Context, svc *service.Service) (string, error) { return done, fn(ctx, svc) })
}

// actSaying is act for an action whose outcome fn words itself on success
// (an edit that may change nothing); what names the action when it fails.
func (c *common) actSaying(what string, fn func(ctx context.Context, svc *service.Service) (done string, err error)) tea.Cmd {
	ctx, svc, log := c.ctx, c.svc, c.log
	return func() tea.Msg {
		done, err := fn(ctx, svc)
		if err != nil {
			log.Error("write", "what", what, "err", err)
			return writeDoneMsg{what: what, err: err}
		}
		log.Info("write", "what", done)
		return writeDoneMsg{what: done}
	}
}
