package tui

import (
	"time"

	tea "github.com/charmbracelet/bubbletea"
)

// Live updates. The TUI reloads when someone else commits a write (another
// TUI, a cron check, an import): at once when the store reports its
// writes (an inventory.ChangeWatcher: PostgreSQL's LISTEN/NOTIFY), by
// polling the store's revision every Options.PollInterval otherwise
// (SQLite), and meanwhile whenever the watch is down: it is started
// again after a pause that doubles with each failure, up to
// watchRetryMax.

const (
	// changeBurst is how long a reported change waits for more before it
	// is acted on, so that a burst of writes makes one reload.
	changeBurst = 100 * time.Millisecond
	// watchRetryMin and watchRetryMax bound the pause before a watch that
	// failed is started again.
	watchRetryMin = time.Second
	watchRetryMax = 30 * time.Second
)

// pollMsg is a tick of the poll: the time, as the clock read it.
type pollMsg time.Time

// watchMsg reports that a watch started (ch) or could not (err).
type watchMsg struct {
	ch  <-chan int64
	err error
}

// changeMsg is the newest revision a burst of writes reached, as the
// watch ch reported it.
type changeMsg struct {
	ch  <-chan int64
	rev int64
}

// watchEndedMsg reports that the watch ended: its connection was lost.
type watchEndedMsg struct{}

// pollTick ticks the poll after every.
func pollTick(c *common, every time.Duration) tea.Cmd {
	now := c.opts.Now
	return tea.Tick(every, func(time.Time) tea.Msg { return pollMsg(now()) })
}

// readRevision reads the store's revision. The poll schedules its next
// tick on the result; a catch-up read does not.
func readRevision(c *common, catchUp bool) tea.Cmd {
	ctx, store, now := c.ctx, c.store, c.opts.Now
	return func() tea.Msg {
		rev, err := store.Revision(ctx)
		return revisionMsg{rev: rev, err: err, now: now(), catchUp: catchUp}
	}
}

// startWatch starts watching the store for changes after a pause; nil
// when the store cannot report them.
func startWatch(c *common, after time.Duration) tea.Cmd {
	w, ctx := c.watcher, c.ctx
	if w == nil {
		return nil
	}
	return func() tea.Msg {
		if after > 0 {
			t := time.NewTimer(after)
			defer t.Stop()
			select {
			case <-t.C:
			case <-ctx.Done():
				return nil
			}
		}
		ch, err := w.WatchChanges(ctx)
		return watchMsg{ch: ch, err: err}
	}
}

// waitChange waits for the watch ch to report a change, and for the rest
// of its burst.
func waitChange(ch <-chan int64) tea.Cmd {
	return func() tea.Msg {
		rev, ok := <-ch
		if !ok {
			return watchEndedMsg{}
		}
		t := time.NewTimer(changeBurst)
		defer t.Stop()
		for {
			select {
			case r, ok := <-ch:
				if !ok {
					// The next wait reports the end.
					return changeMsg{ch: ch, rev: rev}
				}
				rev = max(rev, r)
			case <-t.C:
				return changeMsg{ch: ch, rev: rev}
			}
		}
	}
}

// watchRetry is the pause before the next attempt after fails failures.
func watchRetry(fails int) time.Duration {
	d := watchRetryMin
	for i := 1; i < fails && d < watchRetryMax; i++ {
		d *= 2
	}
	return min(d, watchRetryMax)
}

// onPoll reads the revision, unless a watch reports changes: then the
// tick only moves the clock.
func (m Model) onPoll(now time.Time) (tea.Model, tea.Cmd) {
	if m.watching {
		m.setNow(now)
		return m, pollTick(m.c, m.c.opts.PollInterval)
	}
	return m, readRevision(m.c, false)
}

func (m Model) onWatch(msg watchMsg) (tea.Model, tea.Cmd) {
	if msg.err != nil {
		m.watchFails++
		wait := watchRetry(m.watchFails)
		m.c.log.Warn("cannot watch for changes; polling", "err", msg.err, "retry in", wait)
		return m, startWatch(m.c, wait)
	}
	m.watching = true
	m.c.log.Info("watching for changes")
	// What was committed before the watch listened is not reported.
	return m, tea.Batch(waitChange(msg.ch), readRevision(m.c, true))
}

func (m Model) onChange(msg changeMsg) (tea.Model, tea.Cmd) {
	m.watchFails = 0
	m, cmd := m.changed(msg.rev)
	return m, tea.Batch(waitChange(msg.ch), cmd)
}

func (m Model) onWatchEnded() (tea.Model, tea.Cmd) {
	m.watching = false
	if m.c.ctx.Err() != nil {
		return m, nil
	}
	m.watchFails++
	wait := watchRetry(m.watchFails)
	m.c.log.Warn("lost the watch for changes; polling", "retry in", wait)
	// What was committed since the watch's last report is not reported.
	return m, tea.Batch(readRevision(m.c, true), startWatch(m.c, wait))
}

// changed acts on the store's revision, as a poll read it or a watch
// reported it: a revision above the one on show reloads, once the load
// running (if any) is done.
func (m Model) changed(rev int64) (Model, tea.Cmd) {
	m.heardRev = max(m.heardRev, rev)
	if m.loading || m.snap == nil || rev <= m.snap.rev {
		return m, nil // a load running reloads at its end if it must
	}
	cmd := m.reloadShown()
	return m, cmd
}

// reloadShown reloads the snapshot and the asset on show, if any.
func (m *Model) reloadShown() tea.Cmd {
	cmds := []tea.Cmd{m.reload()}
	if m.screen == screenDetail {
		cmds = append(cmds, m.detail.reload())
	}
	return tea.Batch(cmds...)
}
