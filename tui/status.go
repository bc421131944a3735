package tui

import (
	"time"

	tea "github.com/charmbracelet/bubbletea"
)

// How long a status line stays: news for a moment, a problem longer. A
// busy status ("reloading…", "checking…") stays until what it waits for
// ends and says so. The clock the TUI reads with each poll of the store
// takes an old status away.
const (
	statusFor      = 8 * time.Second
	errorStatusFor = 20 * time.Second
)

// statusMsg shows a line in the status bar.
type statusMsg struct {
	text string
	err  bool
	// busy marks a status that lasts until the work it names ends.
	busy bool
}

// setStatus shows s until its time is up.
func (m *Model) setStatus(s statusMsg) {
	m.status = s
	m.statusUntil = time.Time{}
	if s.busy || s.text == "" {
		return
	}
	ttl := m.c.statusFor
	if s.err {
		ttl = m.c.errorStatusFor
	}
	m.statusUntil = m.now.Add(ttl)
}

// clearBusy ends a busy status once its work is done, with what to say
// instead (nothing when done is empty).
func (m *Model) clearBusy(done string) {
	if m.status.busy {
		m.setStatus(statusMsg{text: done})
	}
}

// expireStatus takes the status away once its time is up.
func (m *Model) expireStatus() {
	if !m.statusUntil.IsZero() && !m.now.Before(m.statusUntil) {
		m.status, m.statusUntil = statusMsg{}, time.Time{}
	}
}

func statusf(err bool, text string) tea.Cmd { return send(statusMsg{text: text, err: err}) }
