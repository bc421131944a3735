package tui

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/charmbracelet/bubbles/cursor"
	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/bubbles/textinput"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/sunset-tui/sunset/inventory"
	"github.com/sunset-tui/sunset/lifecycle"
	"github.com/sunset-tui/sunset/lifecycle/service"
	"github.com/sunset-tui/sunset/tui/safe"
)

// stageDialog changes the stage of one or many assets. It reads the facts
// each guard looks at once, in the background, saying how far it got; then
// for the chosen stage it shows every refusal with what would satisfy it.
// Force overrides a guard's refusals and needs a reason; moves the table
// does not list are never possible. The reason can be typed from the
// first moment, and typing never waits for a judgement: a large selection
// is judged again in the background once typing pauses, while the last
// judgement stays on show.
type stageDialog struct {
	c   *common
	ids []int64
	// facts are read once; nil until then.
	facts   *service.StageFacts
	read    int // assets read so far
	loadErr error
	stop    context.CancelFunc
	targets []inventory.Stage
	target  int
	reason  textinput.Model
	force   bool
	// verdict is the judgement of the request it names; judged is the
	// request judged last or being judged.
	verdict *stageVerdict
	judging lifecycle.Request
	seq     int
	// stopJudge stops the judgement running in the background.
	stopJudge context.CancelFunc
	// lines is the verdict drawn for the dialog's width.
	lines   []string
	scroll  int
	busy    bool
	saveErr string
	width   int
	height  int
	discardGuard
}

// A selection up to this size is read and judged at once, inside Update;
// a larger one in the background, with progress.
const stageSyncLimit = 2000

// Decisions a verdict keeps to show asset by asset; beyond them, the
// refusals are counted by what they say.
const stageShown = 200

// How long typing must pause before a large selection is judged again.
const stageJudgeDelay = 120 * time.Millisecond

// stageFactsMsg delivers the facts; dialog ties it to the dialog that
// asked, so a late answer to a closed dialog is dropped.
type stageFactsMsg struct {
	dialog *stageDialog
	facts  service.StageFacts
	err    error
}

// stageReadMsg says how many assets are read so far.
type stageReadMsg struct {
	dialog *stageDialog
	done   int
	feed   *feed[int]
}

// stageJudgeMsg asks to judge the request as it stands, unless typing
// went on since (seq).
type stageJudgeMsg struct {
	dialog *stageDialog
	seq    int
}

// stageVerdictMsg delivers a judgement made in the background.
type stageVerdictMsg struct {
	dialog  *stageDialog
	verdict *stageVerdict
}

func newStageDialog(c *common, ids []int64) dialog {
	ti := textinput.New()
	ti.Prompt = ""
	ti.Placeholder = "why (kept in history)"
	ti.PlaceholderStyle = c.styles.Muted
	ti.CharLimit = lifecycle.MaxText
	ti.Cursor.SetMode(cursor.CursorStatic)
	ti.Focus()
	return &stageDialog{c: c, ids: append([]int64(nil), ids...), reason: ti}
}

func (d *stageDialog) large() bool { return len(d.ids) > stageSyncLimit }

func (d *stageDialog) Init() tea.Cmd {
	ctx, stop := context.WithCancel(d.c.ctx)
	d.stop = stop
	svc, ids := d.c.svc, d.ids
	if !d.large() {
		return func() tea.Msg {
			facts, err := svc.StageFactsOf(ctx, ids, nil)
			return stageFactsMsg{dialog: d, facts: facts, err: err}
		}
	}
	progress := newFeed[int]()
	read := func() tea.Msg {
		defer progress.close()
		facts, err := svc.StageFactsOf(ctx, ids, progress.publish)
		return stageFactsMsg{dialog: d, facts: facts, err: err}
	}
	return tea.Batch(read, d.listen(progress))
}

func (d *stageDialog) listen(f *feed[int]) tea.Cmd {
	return f.listen(func(done int) tea.Msg { return stageReadMsg{dialog: d, done: done, feed: f} })
}

// closed stops what the dialog still reads or judges.
func (d *stageDialog) closed() {
	for _, stop := range []context.CancelFunc{d.stop, d.stopJudge} {
		if stop != nil {
			stop()
		}
	}
}

func (d *stageDialog) SetSize(w, h int) {
	d.width, d.height = w, h
	d.reason.Width = max(dialogInnerWidth(w)-labelWidth-2, 8)
	d.draw()
}

// failed shows a refusal from the store; the dialog stays open.
func (d *stageDialog) failed(err error) {
	d.busy = false
	d.saveErr = errText(err)
}

func (d *stageDialog) dirty() bool { return d.reason.Value() != "" }

func (d *stageDialog) chosen() inventory.Stage {
	if d.target < len(d.targets) {
		return d.targets[d.target]
	}
	return ""
}

func (d *stageDialog) request() lifecycle.Request {
	return lifecycle.Request{To: d.chosen(), Reason: d.reason.Value(), Force: d.force}
}

// current reports whether the verdict on show judged the request as it
// stands.
func (d *stageDialog) current() bool { return d.verdict != nil && d.verdict.req == d.request() }

func (d *stageDialog) Update(msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case stageReadMsg:
		if msg.dialog != d || d.facts != nil {
			return nil
		}
		d.read = msg.done
		return d.listen(msg.feed)
	case stageFactsMsg:
		if msg.dialog != d {
			return nil
		}
		return d.onFacts(msg)
	case stageJudgeMsg:
		if msg.dialog != d || msg.seq != d.seq {
			return nil
		}
		return d.judgeLater()
	case stageVerdictMsg:
		if msg.dialog != d || msg.verdict == nil || msg.verdict.req != d.judging {
			return nil // a judgement of a request since changed
		}
		d.setVerdict(msg.verdict)
		return nil
	case tea.KeyMsg:
		return d.updateKey(msg)
	}
	return nil
}

func (d *stageDialog) onFacts(msg stageFactsMsg) tea.Cmd {
	if msg.err != nil {
		d.loadErr = msg.err
		return nil
	}
	facts := msg.facts
	d.facts, d.read = &facts, facts.Len()
	var stages []inventory.Stage
	for i := 0; i < facts.Len(); i++ {
		if st := facts.Asset(i).Stage; !slices.Contains(stages, st) {
			stages = append(stages, st)
		}
	}
	d.targets = candidateStages(stages)
	d.target, d.scroll = 0, 0
	if facts.Len() == 1 {
		// Default to the first forward move.
		for i, s := range d.targets {
			if t, ok := lifecycle.Lookup(stages[0], s); ok && !t.Backward {
				d.target = i
				break
			}
		}
	}
	return d.rejudge()
}

// candidateStages lists the stages assets in any of stages may move to, in
// life order.
func candidateStages(stages []inventory.Stage) []inventory.Stage {
	var out []inventory.Stage
	for _, from := range stages {
		for _, t := range lifecycle.Next(from) {
			if !slices.Contains(out, t.To) {
				out = append(out, t.To)
			}
		}
	}
	slices.SortFunc(out, func(a, b inventory.Stage) int { return stageRank(a) - stageRank(b) })
	return out
}

// rejudge judges the request as it now stands: at once for a small
// selection, in the background for a large one once typing pauses.
func (d *stageDialog) rejudge() tea.Cmd {
	if d.facts == nil || d.chosen() == "" || d.current() {
		return nil
	}
	if !d.large() {
		d.judging = d.request()
		v, _ := judgeStage(context.Background(), *d.facts, d.judging, d.c.stepWords)
		d.setVerdict(v)
		return nil
	}
	d.seq++
	seq := d.seq
	return tea.Tick(stageJudgeDelay, func(time.Time) tea.Msg { return stageJudgeMsg{dialog: d, seq: seq} })
}

// judgeLater judges a large selection in the background; a judgement
// still running for an older request is stopped.
func (d *stageDialog) judgeLater() tea.Cmd {
	if d.facts == nil || d.current() || d.judging == d.request() && d.judging.To != "" {
		return nil
	}
	d.judging = d.request()
	facts, req, words := *d.facts, d.judging, d.c.stepWords
	if d.stopJudge != nil {
		d.stopJudge()
	}
	ctx, stop := context.WithCancel(d.c.ctx)
	d.stopJudge = stop
	return func() tea.Msg {
		v, err := judgeStage(ctx, facts, req, words)
		if err != nil {
			return nil
		}
		return stageVerdictMsg{dialog: d, verdict: v}
	}
}

func (d *stageDialog) setVerdict(v *stageVerdict) {
	d.verdict = v
	d.scroll = min(d.scroll, max(len(d.lines)-1, 0))
	d.draw()
}

func (d *stageDialog) updateKey(msg tea.KeyMsg) tea.Cmd {
	k := d.c.keys
	if d.answer(msg) {
		return nil
	}
	switch {
	case key.Matches(msg, k.Cancel):
		if d.dirty() {
			d.askDiscard(true)
			return nil
		}
		return send(closeDialogMsg{})
	// Letters go to the reason, so only arrows choose the stage.
	case msg.Type == tea.KeyUp:
		if len(d.targets) > 0 {
			d.scroll = 0
			d.target = (d.target + len(d.targets) - 1) % len(d.targets)
		}
		return d.rejudge()
	case msg.Type == tea.KeyDown, msg.Type == tea.KeyTab:
		if len(d.targets) > 0 {
			d.scroll = 0
			d.target = (d.target + 1) % len(d.targets)
		}
		return d.rejudge()
	case key.Matches(msg, k.Force):
		d.force = !d.force
		return d.rejudge()
	case msg.Type == tea.KeyPgDown:
		d.scroll = min(d.scroll+max(d.height/2, 1), max(len(d.lines)-1, 0))
		return nil
	case msg.Type == tea.KeyPgUp:
		d.scroll = max(d.scroll-max(d.height/2, 1), 0)
		return nil
	case key.Matches(msg, k.Submit):
		return d.submit()
	}
	before := d.reason.Value()
	var cmd tea.Cmd
	d.reason, cmd = d.reason.Update(cleanKey(msg))
	if d.reason.Value() == before {
		return cmd
	}
	d.saveErr = ""
	return tea.Batch(cmd, d.rejudge())
}

// allowed reports whether the verdict on show is of the request as it
// stands and lets every asset move.
func (d *stageDialog) allowed() bool {
	return d.current() && d.verdict.refused == 0 && d.verdict.total > 0
}

func (d *stageDialog) submit() tea.Cmd {
	if d.busy || !d.allowed() {
		return nil
	}
	d.busy = true
	req, ids := d.request(), d.ids
	done := fmt.Sprintf("moved %s assets to %s", thousands(len(ids)), req.To)
	if len(ids) == 1 {
		done = "moved " + safe.Text(d.facts.Asset(0).Ref()) + " to " + string(req.To)
	}
	// The service decides again inside its transaction: the facts may have
	// changed since the dialog read them.
	return d.c.act(done, func(ctx context.Context, svc *service.Service) error {
		_, err := svc.ChangeStages(ctx, ids, req, nil)
		return err
	})
}

func (d *stageDialog) title() string {
	if d.facts != nil && d.facts.Len() == 1 {
		a := d.facts.Asset(0)
		return "Change stage: " + safe.Text(a.Ref()) + " (" + string(a.Stage) + ")"
	}
	if len(d.ids) > 1 {
		return "Change stage of " + thousands(len(d.ids)) + " assets"
	}
	return "Change stage"
}

func (d *stageDialog) View() string {
	st := d.c.styles
	inner := dialogInnerWidth(d.width)
	title := d.title()
	if d.loadErr != nil {
		lines := wrap(st.StatusError.Render("could not read the facts: "+errText(d.loadErr)), inner)
		return frameDialog(st, d.width, d.height, title, strings.Join(lines, "\n"), st.Muted.Render("esc close"))
	}
	var head []string
	switch {
	case d.facts == nil:
		head = append(head, st.Label.Render(fit("move to", labelWidth))+" "+d.readingLine(inner-labelWidth-1))
	case len(d.targets) == 0:
		head = append(head, st.Label.Render(fit("move to", labelWidth))+" no stage change is possible from here")
	default:
		var choices []string
		for i, s := range d.targets {
			if i == d.target {
				choices = append(choices, st.ButtonActive.Render("["+string(s)+"]"))
			} else {
				choices = append(choices, st.Button.Render(" "+string(s)+" "))
			}
		}
		head = append(head, st.Label.Render(fit("move to", labelWidth))+" "+strings.Join(choices, " "))
	}
	head = append(head, st.FilterPrompt.Render(fit("› reason", labelWidth))+" "+d.reason.View())
	force := "off"
	if d.force {
		force = st.StatusError.Render("ON — guards are overridden; history records it")
	}
	head = append(head, st.Label.Render(fit("force", labelWidth))+" "+force, "")
	body := d.lines
	if d.verdict != nil && !d.current() {
		body = append([]string{st.StatusBusy.Render("judging the change as it stands now…")}, body...)
	}
	if d.saveErr != "" {
		body = append(append([]string{}, body...), "")
		for _, l := range wrap(d.saveErr, inner) {
			body = append(body, st.FieldError.Render(l))
		}
	}
	// Scroll what is below the fixed head when it does not fit.
	room := max(d.height-4-len(head), 1)
	if len(body) > room {
		from := min(d.scroll, len(body)-room+1)
		shown := append([]string{}, body[from:from+room-1]...)
		body = append(shown, st.Muted.Render(fmt.Sprintf("… %d more lines (pgup/pgdn)", len(body)-from-len(shown))))
	}
	footer := st.Muted.Render("↑/↓ stage · ctrl+f force · esc cancel")
	switch {
	case d.asking():
		footer = d.question(st)
	case d.busy:
		footer = st.StatusBusy.Render("saving…")
	case d.allowed():
		footer = st.Done.Render("enter confirm") + st.Muted.Render(" · ↑/↓ stage · ctrl+f force · esc cancel")
	}
	return frameDialog(st, d.width, d.height, title, strings.Join(append(head, body...), "\n"), footer)
}

// readingLine says how far reading the facts got, with a bar for a large
// selection.
func (d *stageDialog) readingLine(w int) string {
	st := d.c.styles
	if !d.large() {
		return st.Muted.Render("reading checklist, mappings and checks…")
	}
	text := " judging " + thousands(d.read) + " of " + thousands(len(d.ids)) + " assets…"
	barW := max(min(w-len(text)-1, 30), 4)
	fill := min(d.read*barW/max(len(d.ids), 1), barW)
	return st.Bar.Render(strings.Repeat("█", fill)) + st.BarEmpty.Render(strings.Repeat("░", barW-fill)) + st.StatusBusy.Render(text)
}

// draw lays the verdict out for the dialog's width.
func (d *stageDialog) draw() {
	if d.verdict == nil {
		d.lines = nil
		return
	}
	d.lines = d.verdict.lines(d.c.styles, dialogInnerWidth(d.width))
}

func (d *stageDialog) ShortHelp() []key.Binding {
	k := d.c.keys
	return []key.Binding{withHelp(k.Up, "↑/↓", "stage"), k.Force, withHelp(k.PageDown, "pgup/pgdn", "scroll"), k.Submit, k.Cancel}
}

func (d *stageDialog) FullHelp() [][]key.Binding { return [][]key.Binding{d.ShortHelp()} }
