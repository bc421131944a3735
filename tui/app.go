package tui

import (
	"context"
	"io"
	"log/slog"
	"time"

	"github.com/charmbracelet/bubbles/help"
	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/sunset-tui/sunset/lifecycle/service"
)

// Minimum terminal size; below it the TUI says so instead of drawing a
// broken layout.
const (
	minWidth  = 60
	minHeight = 14
)

// Model is the whole TUI: a tea.Model that routes messages to the screen
// that is showing, keeps the inventory snapshot and runs checks.
type Model struct {
	c *common

	width, height int
	screen        screenID
	// back is the screen esc returns to from the detail screen.
	back screenID

	dash      *dashboardPage
	assets    *assetsPage
	detail    *detailPage
	findings  *findingsPage
	reminders *remindersPage
	unknown   *unknownPage
	policy    *policyPage
	dialog    dialog

	snap *snapshot
	// pending is the snapshot being read while a complete one is on show.
	pending  *snapshot
	now      time.Time
	lastTask taskID
	loadTask taskID
	loading  bool
	deriving bool
	// stopDerive stops the derive step running.
	stopDerive context.CancelFunc
	// heardRev is the newest revision of the store heard of: a load that
	// ends with an older one on show reloads.
	heardRev int64
	// watching is set while the store reports its changes (watch.go), and
	// watchFails counts the failures since it last reported one.
	watching   bool
	watchFails int

	check *checkRun

	status      statusMsg
	statusUntil time.Time
	// reloading is set while a reload the user asked for (ctrl+r) runs:
	// its end ends the "reloading…" status.
	reloading bool
	help      help.Model
	showHelp  bool
}

// New returns the TUI model of the inventory svc acts on. It does no I/O:
// Init starts the first load. Use it with tea.NewProgram or teatest; Run
// wraps it for the terminal.
func New(svc *service.Service, opts Options) Model {
	return newModel(svc, opts, slog.New(slog.NewTextHandler(io.Discard, nil)))
}

func newModel(svc *service.Service, opts Options, logger *slog.Logger) Model {
	opts = opts.withDefaults()
	c := &common{
		ctx:     opts.Context,
		svc:     svc,
		store:   svc.Store(),
		watcher: svc.ChangeWatcher(),
		opts:    opts,
		styles:  stylesFor(opts),
		keys:    DefaultKeyMap(),
		log:     logger,
		// The sizes of the pages a load reads; tests make them small.
		headRows:       headRows,
		chunkRows:      chunkRows,
		statusFor:      statusFor,
		errorStatusFor: errorStatusFor,
	}
	h := help.New()
	h.Styles = c.styles.Help
	return Model{
		c:         c,
		dash:      newDashboardPage(c),
		assets:    newAssetsPage(c),
		detail:    newDetailPage(c),
		findings:  newFindingsPage(c),
		reminders: newRemindersPage(c),
		unknown:   newUnknownPage(c),
		policy:    newPolicyPage(c),
		help:      h,
		// Init starts the first load as task 1.
		lastTask: 1,
		loadTask: 1,
		loading:  true,
	}
}

// Init reads the clock and starts loading the inventory and watching or
// polling the store for changes by other processes (watch.go).
func (m Model) Init() tea.Cmd {
	return tea.Batch(readClock(m.c.opts.Now), m.loadCmd(m.loadTask),
		pollTick(m.c, m.c.opts.PollInterval), startWatch(m.c, 0))
}

func (m *Model) nextTask() taskID {
	m.lastTask++
	return m.lastTask
}

// Update routes a message. It does no I/O: everything slow is a tea.Cmd.
func (m Model) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	switch msg := msg.(type) {
	case tea.WindowSizeMsg:
		m.width, m.height = msg.Width, msg.Height
		m.layout()
		return m, nil
	case clockMsg:
		m.setNow(time.Time(msg))
		return m, nil
	case headMsg:
		return m.onHead(msg)
	case rowsMsg:
		return m.onRows(msg)
	case derivedMsg:
		return m.onDerived(msg)
	case pollMsg:
		return m.onPoll(time.Time(msg))
	case revisionMsg:
		return m.onRevision(msg)
	case watchMsg:
		return m.onWatch(msg)
	case changeMsg:
		return m.onChange(msg)
	case watchEndedMsg:
		return m.onWatchEnded()
	case writeDoneMsg:
		return m.onWriteDone(msg)
	case statusMsg:
		m.setStatus(msg)
		return m, nil
	case navigateMsg:
		return m.navigate(msg)
	case openAssetMsg:
		return m.openAsset(msg.id)
	case openDialogMsg:
		m.closeDialog()
		m.dialog = msg.d
		m.layout()
		return m, msg.d.Init()
	case closeDialogMsg:
		m.closeDialog()
		return m, nil
	case startCheckMsg:
		return m.startCheck(msg.ids, msg.confirmed)
	case launchCheckMsg, checkProgressMsg, checkTickMsg, checkDoneMsg:
		return m.onCheck(msg)
	case tea.KeyMsg:
		return m.onKeys(msg)
	case tea.MouseMsg:
		return m.onMouse(msg)
	}
	return m.forward(msg)
}

func (m *Model) setNow(t time.Time) {
	m.now = t
	m.expireStatus()
	m.c.now = t
	m.assets.setNow(t)
	m.dash.now = t
}

func (m Model) onWriteDone(msg writeDoneMsg) (tea.Model, tea.Cmd) {
	if msg.err != nil {
		m.setStatus(statusMsg{text: "not saved: " + errText(msg.err), err: true})
		if d, ok := m.dialog.(interface{ failed(error) }); ok {
			d.failed(msg.err)
		}
		return m, nil
	}
	m.closeDialog()
	m.setStatus(statusMsg{text: msg.what})
	cmds := []tea.Cmd{m.reload()}
	if m.screen == screenDetail {
		cmds = append(cmds, m.detail.reload())
	}
	return m, tea.Batch(cmds...)
}

func (m Model) navigate(msg navigateMsg) (tea.Model, tea.Cmd) {
	m.screen = msg.to
	switch msg.to {
	case screenAssets:
		m.assets.show(msg.filter, msg.stage)
	case screenFindings:
		m.findings.setSeverity(msg.severity)
	}
	return m, nil
}

func (m Model) openAsset(id int64) (tea.Model, tea.Cmd) {
	if m.screen != screenDetail {
		m.back = m.screen
	}
	m.screen = screenDetail
	return m, m.detail.open(id)
}

// page returns the screen showing now.
func (m Model) page() page {
	switch m.screen {
	case screenAssets:
		return m.assets
	case screenFindings:
		return m.findings
	case screenReminders:
		return m.reminders
	case screenUnknown:
		return m.unknown
	case screenPolicy:
		return m.policy
	case screenDetail:
		return m.detail
	}
	return m.dash
}

// forward hands a message the root does not handle to the dialog or the
// screen (detail results, text input blinks).
func (m Model) forward(msg tea.Msg) (tea.Model, tea.Cmd) {
	if _, ok := msg.(detailMsg); ok {
		return m, m.detail.Update(msg)
	}
	if m.dialog != nil {
		return m, m.dialog.Update(msg)
	}
	return m, m.page().Update(msg)
}

func (m Model) onKey(msg tea.KeyMsg) (tea.Model, tea.Cmd) {
	keys := m.c.keys
	if msg.Type == tea.KeyCtrlC {
		return m.interrupt()
	}
	if m.tooSmall() {
		if key.Matches(msg, keys.Quit) {
			return m.quit()
		}
		return m, nil
	}
	if m.dialog != nil {
		if key.Matches(msg, keys.Cancel) && !holdsWork(m.dialog) {
			m.closeDialog() // at once, so the next key reaches the screen
			return m, nil
		}
		cmd := m.dialog.Update(msg)
		if w, ok := m.dialog.(workHolder); ok && w.discarded() {
			m.closeDialog()
		}
		return m, cmd
	}
	if m.page().capturesKeys() {
		return m, m.page().Update(msg)
	}
	switch {
	case key.Matches(msg, keys.Quit):
		return m.quit()
	case key.Matches(msg, keys.Help):
		m.showHelp = !m.showHelp
		m.layout()
		return m, nil
	case key.Matches(msg, keys.Screen1):
		m.screen = screenDashboard
	case key.Matches(msg, keys.Screen2):
		m.screen = screenAssets
	case key.Matches(msg, keys.Screen3):
		m.screen = screenFindings
	case key.Matches(msg, keys.Screen4):
		m.screen = screenReminders
	case key.Matches(msg, keys.Screen5):
		m.screen = screenUnknown
	case key.Matches(msg, keys.Screen6):
		m.screen = screenPolicy
	case key.Matches(msg, keys.NextTab):
		m.screen = m.tabScreen(1)
	case key.Matches(msg, keys.PrevTab):
		m.screen = m.tabScreen(-1)
	case key.Matches(msg, keys.Reload):
		m.reloading = true
		m.setStatus(statusMsg{text: "reloading…", busy: true})
		cmds := []tea.Cmd{m.reload()}
		if m.screen == screenDetail {
			cmds = append(cmds, m.detail.reload())
		}
		return m, tea.Batch(cmds...)
	case key.Matches(msg, keys.CancelCheck) && m.checkRunning():
		return m.cancelCheck()
	case key.Matches(msg, keys.CheckAll) && m.c.opts.Check != nil:
		return m.startCheck(nil, false)
	case m.screen == screenDetail && key.Matches(msg, keys.Back):
		m.screen = m.back
		return m, nil
	default:
		return m, m.page().Update(msg)
	}
	return m, nil
}

// interrupt answers ctrl+c: it cancels a running check first, and asks
// before it throws away what was typed in a dialog; pressed again, or with
// nothing to lose, it quits.
func (m Model) interrupt() (tea.Model, tea.Cmd) {
	switch {
	case m.checkRunning() && !m.check.cancelling:
		return m.cancelCheck()
	case m.dialog != nil && holdsWork(m.dialog):
		if d, ok := m.dialog.(workHolder); ok && !d.asking() {
			d.askDiscard(true)
			return m, nil
		}
	}
	return m.quit()
}

// closeDialog removes the dialog; one that still works in the background
// stops.
func (m *Model) closeDialog() {
	if d, ok := m.dialog.(interface{ closed() }); ok {
		d.closed()
	}
	m.dialog = nil
}

// tabScreen returns the tab delta steps away from the current one; from
// the detail screen it counts from the screen it was opened from.
func (m Model) tabScreen(delta int) screenID {
	cur := m.screen
	if cur == screenDetail {
		cur = m.back
	}
	n := len(tabTitles)
	return screenID((int(cur) + delta + n) % n)
}

func (m Model) quit() (tea.Model, tea.Cmd) {
	m.stopCheck()
	return m, tea.Quit
}

// header height: the tab bar.
const headerHeight = 1

func (m Model) onMouse(msg tea.MouseMsg) (tea.Model, tea.Cmd) {
	if m.tooSmall() || m.dialog != nil {
		return m, nil
	}
	if msg.Y < headerHeight {
		if msg.Action == tea.MouseActionPress && msg.Button == tea.MouseButtonLeft {
			if s, ok := m.tabAt(msg.X); ok {
				m.screen = s
			}
		}
		return m, nil
	}
	msg.Y -= headerHeight
	if msg.Y >= m.bodyHeight() {
		return m, nil
	}
	return m, m.page().Update(msg)
}
