package tui

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/ansi"
	"github.com/sunset-tui/sunset/inventory"
	"github.com/sunset-tui/sunset/scan"
	"github.com/sunset-tui/sunset/tui/safe"
)

// checkRun is a live check running in the background. The rest of the TUI
// stays usable; its progress arrives as messages tagged with the run's
// task, so a late message from an earlier run is ignored.
type checkRun struct {
	task       taskID
	ids        []int64
	confirmed  bool
	cancel     context.CancelFunc
	cancelling bool
	started    time.Time
	now        time.Time
	progress   Progress
	feed       *feed[Progress]
}

// checkProgressMsg carries the latest progress of a run.
type checkProgressMsg struct {
	task taskID
	p    Progress
}

// checkTickMsg advances the run's clock for elapsed and remaining time;
// the first one marks the start.
type checkTickMsg struct {
	task  taskID
	now   time.Time
	first bool
}

// checkDoneMsg ends a run.
type checkDoneMsg struct {
	task  taskID
	check inventory.Check
	err   error
}

// launchCheckMsg starts the work of a run the model has set up: the key
// that asked for it returns at once, so keys typed after it are not held
// up behind the whole check.
type launchCheckMsg struct{ task taskID }

func (m Model) checkRunning() bool { return m.check != nil }

func (m Model) startCheck(ids []int64, confirmed bool) (tea.Model, tea.Cmd) {
	if m.c.opts.Check == nil {
		m.setStatus(statusMsg{text: "live checks are not available here", err: true})
		return m, nil
	}
	if m.check != nil {
		m.setStatus(statusMsg{text: "a check is already running (ctrl+x cancels it)", err: true})
		return m, nil
	}
	// started is set by the first tick, which reads the clock at once.
	run := &checkRun{task: m.nextTask(), ids: append([]int64(nil), ids...), confirmed: confirmed,
		feed: newFeed[Progress]()}
	m.check = run
	m.layout()
	what := "everything"
	if len(ids) > 0 {
		what = fmt.Sprintf("%d asset(s)", len(ids))
	}
	m.setStatus(statusMsg{text: "checking " + what + "…", busy: true})
	return m, send(launchCheckMsg{task: run.task})
}

func (m Model) launchCheck(run *checkRun) tea.Cmd {
	ctx, cancel := context.WithCancel(m.c.ctx)
	run.cancel = cancel
	task := run.task
	return tea.Batch(runCheckCmd(m.c, run, ctx),
		run.feed.listen(func(p Progress) tea.Msg { return checkProgressMsg{task: task, p: p} }),
		readCheckClock(m.c, task), checkTick(m.c, task))
}

func runCheckCmd(c *common, run *checkRun, ctx context.Context) tea.Cmd {
	check, log, task, ids, feed := c.opts.Check, c.log, run.task, run.ids, run.feed
	req := CheckRequest{AssetIDs: ids, Confirmed: run.confirmed}
	return func() tea.Msg {
		defer feed.close()
		log.Info("check started", "assets", len(ids))
		res, err := check(ctx, req, feed.publish)
		if err != nil {
			log.Error("check", "err", err)
		} else {
			log.Info("check ended", "id", res.ID, "partial", res.Partial)
		}
		return checkDoneMsg{task: task, check: res, err: err}
	}
}

func readCheckClock(c *common, task taskID) tea.Cmd {
	now := c.opts.Now
	return func() tea.Msg { return checkTickMsg{task: task, now: now(), first: true} }
}

func checkTick(c *common, task taskID) tea.Cmd {
	now := c.opts.Now
	return tea.Tick(time.Second, func(time.Time) tea.Msg { return checkTickMsg{task: task, now: now()} })
}

func (m Model) onCheck(msg tea.Msg) (tea.Model, tea.Cmd) {
	run := m.check
	switch msg := msg.(type) {
	case launchCheckMsg:
		if run == nil || msg.task != run.task || run.cancel != nil {
			return m, nil
		}
		if run.cancelling {
			m.check = nil
			m.layout()
			m.setStatus(statusMsg{text: "check cancelled before it started"})
			return m, nil
		}
		return m, m.launchCheck(run)
	case checkProgressMsg:
		if run == nil || msg.task != run.task {
			return m, nil
		}
		run.progress = msg.p
		task := run.task
		return m, run.feed.listen(func(p Progress) tea.Msg { return checkProgressMsg{task: task, p: p} })
	case checkTickMsg:
		if run == nil || msg.task != run.task {
			return m, nil
		}
		run.now = msg.now
		if msg.first {
			run.started = msg.now
			return m, nil
		}
		return m, checkTick(m.c, run.task)
	case checkDoneMsg:
		if run == nil || msg.task != run.task {
			return m, nil
		}
		run.stop()
		m.check = nil
		m.layout()
		var large *scan.TooLarge
		if errors.As(msg.err, &large) {
			m.setStatus(statusMsg{})
			return m, send(openDialogMsg{d: newLargeCheckDialog(m.c, run.ids, large.Addresses)})
		}
		m.setStatus(checkOutcome(msg, run.cancelling))
		cmds := []tea.Cmd{m.reload()}
		if m.screen == screenDetail {
			cmds = append(cmds, m.detail.reload())
		}
		return m, tea.Batch(cmds...)
	}
	return m, nil
}

func checkOutcome(msg checkDoneMsg, cancelled bool) statusMsg {
	c := msg.check
	var failed *scan.CheckFailed
	switch {
	case msg.err != nil && (cancelled || errors.Is(msg.err, context.Canceled)):
		return statusMsg{text: "check cancelled: " + errText(msg.err)}
	case errors.As(msg.err, &failed) && c.ID != 0:
		return statusMsg{text: fmt.Sprintf("check #%d failed: %s; what it saw before is kept as a partial check, which proves nothing dark",
			c.ID, safe.Text(failed.Reason)), err: true}
	case msg.err != nil:
		return statusMsg{text: "check failed: " + errText(msg.err), err: true}
	case c.Partial:
		return statusMsg{text: fmt.Sprintf("check #%d stopped early (%s): %d answered, %d dark, %d unclear — a partial check proves nothing dark",
			c.ID, safe.Text(c.PartialReason), c.HostsAnswered, c.HostsDark, c.HostsUnknown)}
	}
	return statusMsg{text: fmt.Sprintf("check #%d done: %d answered, %d dark, %d unclear",
		c.ID, c.HostsAnswered, c.HostsDark, c.HostsUnknown)}
}

func (m Model) cancelCheck() (tea.Model, tea.Cmd) {
	if m.check == nil {
		return m, nil
	}
	m.check.cancelling = true
	m.check.stop()
	m.setStatus(statusMsg{text: "cancelling the check… (ctrl+c again quits)", busy: true})
	return m, nil
}

// stopCheck cancels a running check; used when the TUI quits.
func (m Model) stopCheck() {
	if m.check != nil {
		m.check.stop()
	}
}

// stop ends the run's work, if it started.
func (r *checkRun) stop() {
	if r.cancel != nil {
		r.cancel()
	}
}

// checkView is the line that shows a running check: a bar, counts,
// elapsed and estimated remaining time, and how to cancel.
func (m Model) checkView() string {
	run := m.check
	st := m.c.styles
	p := run.progress
	var elapsed time.Duration
	if !run.started.IsZero() {
		elapsed = run.now.Sub(run.started)
	}
	frac := p.fraction()
	info := " " + fmt.Sprintf("%d%%", int(frac*100))
	if p.Total > 0 {
		info += fmt.Sprintf(" · %d/%d", p.Done, p.Total)
	}
	info += fmt.Sprintf(" · %d answered · %s", p.Answered, clockDuration(elapsed))
	switch remaining := p.Remaining; {
	case remaining > 0:
		info += " · ~" + clockDuration(remaining) + " left"
	case frac > 0 && frac < 1 && elapsed > 0:
		info += " · ~" + clockDuration(time.Duration(float64(elapsed)*(1-frac)/frac)) + " left"
	}
	if p.Phase != "" {
		info += " · " + safe.Text(p.Phase)
	}
	if run.cancelling {
		info += " · cancelling…"
	} else {
		info += " · ctrl+x cancel"
	}
	label := "checking "
	barW := max(min(m.width-ansi.StringWidth(label+info), 40), 5)
	fill := min(int(frac*float64(barW)), barW)
	bar := st.Bar.Render(strings.Repeat("█", fill)) + st.BarEmpty.Render(strings.Repeat("░", barW-fill))
	line := st.StatusBusy.Render(label) + bar + st.Muted.Render(info)
	return ansi.Truncate(line, m.width, "…")
}

// fraction is how much of the check is done, 0 to 1.
func (p Progress) fraction() float64 {
	switch {
	case p.Percent > 0:
		return min(p.Percent/100, 1)
	case p.Total > 0:
		return min(float64(p.Done)/float64(p.Total), 1)
	}
	return 0
}

// clockDuration writes d as m:ss (or h:mm:ss).
func clockDuration(d time.Duration) string {
	d = d.Round(time.Second)
	h, mnt, s := int(d/time.Hour), int(d/time.Minute)%60, int(d/time.Second)%60
	if h > 0 {
		return fmt.Sprintf("%d:%02d:%02d", h, mnt, s)
	}
	return fmt.Sprintf("%d:%02d", mnt, s)
}
