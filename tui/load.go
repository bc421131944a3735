package tui

import (
	"context"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/sunset-tui/sunset/inventory"
)

// Rows read by the first step of a load (more than any screen shows), and
// by each later one of a reload.
const (
	headRows  = 256
	chunkRows = 25000
)

// reload starts a fresh load of the snapshot; a load already running is
// superseded, and its results will be dropped.
func (m *Model) reload() tea.Cmd {
	m.stopDeriving()
	m.loadTask = m.nextTask()
	m.loading = true
	return m.loadCmd(m.loadTask)
}

// loadCmd reads the head of a snapshot: what the first screen shows.
func (m Model) loadCmd(task taskID) tea.Cmd {
	ctx, svc, now, log, limit, guide := m.c.ctx, m.c.svc, m.c.opts.Now, m.c.log, m.c.headRows, m.c.opts.Guide
	return func() tea.Msg {
		start := time.Now()
		snap, first, err := loadHead(ctx, svc, now(), limit)
		if err != nil {
			log.Error("load inventory", "err", err)
			return headMsg{task: task, err: err}
		}
		if guide != nil {
			snap.guide = guide(ctx)
		}
		first.task = task
		log.Debug("inventory head loaded", "assets", snap.total(), "took", time.Since(start))
		return headMsg{task: task, snap: snap, first: first}
	}
}

// rowsCmd reads the next page of rows.
func (m Model) rowsCmd(task taskID, page inventory.Page) tea.Cmd {
	ctx, svc, log := m.c.ctx, m.c.svc, m.c.log
	return func() tea.Msg {
		msg, err := loadRows(ctx, svc, page)
		if err != nil {
			log.Error("load assets", "err", err)
			return rowsMsg{task: task, err: err}
		}
		msg.task = task
		return msg
	}
}

func readClock(now func() time.Time) tea.Cmd {
	return func() tea.Msg { return clockMsg(now()) }
}

// onHead starts a fresh snapshot. While no complete one is on show, it
// shows at once and fills as its rows arrive; otherwise the one on show
// stays until the new one is complete.
func (m Model) onHead(msg headMsg) (tea.Model, tea.Cmd) {
	if msg.task != m.loadTask {
		return m, nil // superseded by a later load
	}
	if msg.err != nil {
		return m.loadFailed(msg.err)
	}
	if m.snap != nil && m.snap.complete {
		m.pending = msg.snap
		m.pending.shown = m.snap
	} else {
		m.pending = nil
		m.snap = msg.snap
		if m.now.IsZero() || msg.snap.loadedAt.After(m.now) {
			m.setNow(msg.snap.loadedAt)
		}
	}
	return m.onRows(msg.first)
}

// filling returns the snapshot whose rows are being read.
func (m Model) filling() *snapshot {
	if m.pending != nil {
		return m.pending
	}
	return m.snap
}

func (m Model) onRows(msg rowsMsg) (tea.Model, tea.Cmd) {
	s := m.filling()
	if msg.task != m.loadTask || s == nil || s.complete {
		return m, nil // superseded by a later load
	}
	if msg.err != nil {
		return m.loadFailed(msg.err)
	}
	s.addRows(msg.page)
	if !msg.done {
		if s == m.snap {
			m.showSnapshot()
		}
		if s.shown == nil {
			// Nothing complete is on show: the rest of the rows are read
			// with the judgement, one read of the inventory for both, so
			// that the findings come with the list.
			return m, m.derive(msg.task, deriveInput{policy: s.policy, total: s.total()})
		}
		// A reload reads the rest of the rows first, sharing the texts of
		// the list on show, and judges them after: the two lists then
		// never both stand whole in memory beside a judgement.
		next := msg.next
		next.Limit = m.c.chunkRows
		return m, m.rowsCmd(msg.task, next)
	}
	s.finish(msg.latest)
	if s == m.pending && m.snap.judged() {
		// Keep the findings of the snapshot on show until the new ones
		// are derived, rather than flashing empty lists.
		s.carryDerived(m.snap)
	}
	if m.showComplete(s) {
		return m, m.reloadShown()
	}
	return m, m.derive(msg.task, deriveInput{policy: s.policy, named: s})
}

// showComplete shows snapshot s, whose rows are all in, in place of the one
// on show, and reports whether the store changed while it loaded.
func (m *Model) showComplete(s *snapshot) (changed bool) {
	m.loading = false
	if s == m.pending {
		m.snap, m.pending = s, nil
		if s.loadedAt.After(m.now) {
			m.setNow(s.loadedAt)
		}
	}
	m.showSnapshot()
	return m.heardRev > s.rev
}

// derive starts the derive step of the load with task.
func (m *Model) derive(task taskID, in deriveInput) tea.Cmd {
	m.deriving = true
	ctx, stop := context.WithCancel(m.c.ctx)
	m.stopDerive = stop
	return deriveCmd(ctx, m.c, task, in)
}

// stopDeriving stops the derive step running, if any: a newer load makes
// its result stale, and judging a large inventory takes a while.
func (m *Model) stopDeriving() {
	if m.stopDerive != nil {
		m.stopDerive()
		m.stopDerive = nil
	}
}

// loadFailed ends a load that could not be read: what is on show stays,
// marked as incomplete when it is.
func (m Model) loadFailed(err error) (tea.Model, tea.Cmd) {
	m.loading, m.pending, m.reloading = false, nil, false
	if m.snap != nil && !m.snap.complete {
		m.snap.failed = true
	}
	m.setStatus(statusMsg{text: "could not load the inventory: " + errText(err), err: true})
	return m, nil
}

func (m Model) onDerived(msg derivedMsg) (tea.Model, tea.Cmd) {
	if msg.task != m.loadTask || m.snap == nil {
		return m, nil // a newer load is on its way
	}
	m.stopDeriving() // done: this frees its context
	m.deriving = false
	changed := false
	if s := m.filling(); !s.complete {
		// The step was reading the rows too.
		if msg.err != nil {
			return m.loadFailed(msg.err)
		}
		s.takeRows(msg.d.rows)
		s.finish(msg.d.latest)
		changed = m.showComplete(s)
	}
	if msg.err != nil {
		m.reloading = false
		m.setStatus(statusMsg{text: "could not derive findings: " + errText(msg.err), err: true})
		return m, nil
	}
	m.snap.setDerived(msg.d)
	m.showSnapshot()
	if changed {
		return m, m.reloadShown() // changed while it loaded
	}
	if m.reloading {
		m.reloading = false
		m.clearBusy("reloaded: " + itoa(m.snap.total()) + " assets, " + itoa(len(m.snap.findings)) + " findings")
	}
	return m, nil
}

// showSnapshot hands the snapshot to every screen.
func (m *Model) showSnapshot() {
	m.dash.setSnapshot(m.snap)
	m.assets.setSnapshot(m.snap)
	m.findings.setSnapshot(m.snap)
	m.reminders.setSnapshot(m.snap)
	m.unknown.setSnapshot(m.snap)
	m.policy.setSnapshot(m.snap)
	m.detail.setSnapshot(m.snap)
}

func (m Model) onRevision(msg revisionMsg) (tea.Model, tea.Cmd) {
	var next tea.Cmd
	if !msg.catchUp {
		next = pollTick(m.c, m.c.opts.PollInterval)
	}
	if msg.err != nil {
		m.setStatus(statusMsg{text: "could not read the database: " + errText(msg.err), err: true})
		return m, next
	}
	m.setNow(msg.now)
	m, cmd := m.changed(msg.rev)
	return m, tea.Batch(next, cmd)
}
