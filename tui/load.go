package tui

import (
	"time"

	tea "github.com/charmbracelet/bubbletea"
)

// reload starts a fresh load of the snapshot; a load already running is
// superseded, and its result will be dropped.
func (m *Model) reload() tea.Cmd {
	m.loadTask = m.nextTask()
	m.loading = true
	return m.loadCmd(m.loadTask)
}

func (m Model) loadCmd(task taskID) tea.Cmd {
	ctx, store, now, log := m.c.ctx, m.c.store, m.c.opts.Now, m.c.log
	return func() tea.Msg {
		start := time.Now()
		snap, err := loadSnapshot(ctx, store, now())
		if err != nil {
			log.Error("load inventory", "err", err)
			return snapshotMsg{task: task, err: err}
		}
		log.Debug("inventory loaded", "assets", len(snap.rows), "took", time.Since(start))
		return snapshotMsg{task: task, snap: snap}
	}
}

func readClock(now func() time.Time) tea.Cmd {
	return func() tea.Msg { return clockMsg(now()) }
}

func pollRevision(c *common, every time.Duration) tea.Cmd {
	ctx, store, now := c.ctx, c.store, c.opts.Now
	return tea.Tick(every, func(time.Time) tea.Msg {
		rev, err := store.Revision(ctx)
		return revisionMsg{rev: rev, err: err, now: now()}
	})
}

func (m Model) onSnapshot(msg snapshotMsg) (tea.Model, tea.Cmd) {
	if msg.task != m.loadTask {
		return m, nil // superseded by a later load
	}
	m.loading = false
	if msg.err != nil {
		m.status = statusMsg{text: "could not load the inventory: " + errText(msg.err), err: true}
		return m, nil
	}
	// Keep the findings of the previous snapshot on show until the new
	// ones are derived, rather than flashing empty lists.
	if m.snap != nil && m.snap.derived && !msg.snap.derived {
		msg.snap.carryDerived(m.snap)
	}
	m.snap = msg.snap
	if m.now.IsZero() || msg.snap.loadedAt.After(m.now) {
		m.setNow(msg.snap.loadedAt)
	}
	m.showSnapshot()
	if m.reloadAgain {
		m.reloadAgain = false
		return m, m.reload()
	}
	if in := msg.snap.input; in != nil {
		m.deriving = true
		return m, deriveCmd(m.c, msg.task, *in)
	}
	return m, nil
}

func (m Model) onDerived(msg derivedMsg) (tea.Model, tea.Cmd) {
	if msg.task != m.loadTask || m.snap == nil {
		return m, nil // a newer load is on its way
	}
	m.deriving = false
	if msg.err != nil {
		m.status = statusMsg{text: "could not derive findings: " + errText(msg.err), err: true}
		return m, nil
	}
	m.snap.setDerived(msg.d)
	m.showSnapshot()
	return m, nil
}

// showSnapshot hands the snapshot to every screen.
func (m *Model) showSnapshot() {
	m.dash.setSnapshot(m.snap)
	m.assets.setSnapshot(m.snap)
	m.findings.setSnapshot(m.snap)
	m.reminders.setSnapshot(m.snap)
	m.unknown.setSnapshot(m.snap)
	m.detail.setSnapshot(m.snap)
}

func (m Model) onRevision(msg revisionMsg) (tea.Model, tea.Cmd) {
	next := pollRevision(m.c, m.c.opts.PollInterval)
	if msg.err != nil {
		m.status = statusMsg{text: "could not read the database: " + errText(msg.err), err: true}
		return m, next
	}
	m.setNow(msg.now)
	if m.snap == nil || msg.rev <= m.snap.rev {
		return m, next
	}
	if m.loading {
		m.reloadAgain = true
		return m, next
	}
	cmds := []tea.Cmd{next, m.reload()}
	if m.screen == screenDetail {
		cmds = append(cmds, m.detail.reload())
	}
	return m, tea.Batch(cmds...)
}
