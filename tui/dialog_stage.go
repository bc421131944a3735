package tui

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/charmbracelet/bubbles/cursor"
	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/bubbles/textinput"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/sunset-tui/sunset/inventory"
	"github.com/sunset-tui/sunset/lifecycle"
	"github.com/sunset-tui/sunset/lifecycle/service"
	"github.com/sunset-tui/sunset/tui/safe"
)

// stageDialog changes the stage of one or several assets. It loads the
// facts each guard looks at, then for the chosen stage shows every refusal
// with what would satisfy it, as you type the reason. Force overrides a
// guard's refusals and needs a reason; moves the table does not list are
// never possible.
type stageDialog struct {
	c       *common
	ids     []int64
	facts   service.StageFacts
	assets  []inventory.Asset // nil until the facts are read
	loadErr error
	targets []inventory.Stage
	target  int
	reason  textinput.Model
	force   bool
	// scroll is how many lines of the decisions are scrolled away.
	scroll  int
	busy    bool
	saveErr string
	width   int
	height  int
}

// stageFactsMsg delivers the facts; dialog ties it to the dialog that
// asked, so a late answer to a closed dialog is dropped.
type stageFactsMsg struct {
	dialog *stageDialog
	facts  service.StageFacts
	err    error
}

func newStageDialog(c *common, ids []int64) dialog {
	ti := textinput.New()
	ti.Prompt = ""
	ti.Placeholder = "why (kept in history)"
	ti.CharLimit = lifecycle.MaxText
	ti.Cursor.SetMode(cursor.CursorStatic)
	ti.Focus()
	return &stageDialog{c: c, ids: append([]int64(nil), ids...), reason: ti}
}

func (d *stageDialog) Init() tea.Cmd {
	ctx, svc, ids := d.c.ctx, d.c.svc, d.ids
	refs := make([]string, len(ids))
	for i, id := range ids {
		refs[i] = service.IDRef(id)
	}
	return func() tea.Msg {
		facts, err := svc.StageFacts(ctx, refs)
		return stageFactsMsg{dialog: d, facts: facts, err: err}
	}
}

func (d *stageDialog) SetSize(w, h int) {
	d.width, d.height = w, h
	d.reason.Width = max(dialogInnerWidth(w)-labelWidth-2, 8)
}

// failed shows a refusal from the store; the dialog stays open.
func (d *stageDialog) failed(err error) {
	d.busy = false
	d.saveErr = errText(err)
}

// candidateStages lists the stages any of the assets may move to, in
// life order.
func candidateStages(assets []inventory.Asset) []inventory.Stage {
	var out []inventory.Stage
	for _, a := range assets {
		for _, t := range lifecycle.Next(a.Stage) {
			if !slices.Contains(out, t.To) {
				out = append(out, t.To)
			}
		}
	}
	slices.SortFunc(out, func(a, b inventory.Stage) int { return stageRank(a) - stageRank(b) })
	return out
}

func (d *stageDialog) chosen() inventory.Stage {
	if d.target < len(d.targets) {
		return d.targets[d.target]
	}
	return ""
}

// decisions decides the move of every asset with the reason and force as
// they stand; pure, so it runs on every keystroke.
func (d *stageDialog) decisions() []lifecycle.Decision {
	return d.facts.Decide(lifecycle.Request{To: d.chosen(), Reason: d.reason.Value(), Force: d.force})
}

func (d *stageDialog) Update(msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case stageFactsMsg:
		if msg.dialog != d {
			return nil
		}
		d.facts, d.loadErr = msg.facts, msg.err
		if msg.err == nil {
			d.assets = msg.facts.Assets()
		}
		d.targets = candidateStages(d.assets)
		d.target, d.scroll = 0, 0
		if len(d.assets) == 1 {
			// Default to the first forward move.
			for i, s := range d.targets {
				if t, ok := lifecycle.Lookup(d.assets[0].Stage, s); ok && !t.Backward {
					d.target = i
					break
				}
			}
		}
		return nil
	case tea.KeyMsg:
		return d.updateKey(msg)
	}
	return nil
}

func (d *stageDialog) updateKey(msg tea.KeyMsg) tea.Cmd {
	k := d.c.keys
	switch {
	case key.Matches(msg, k.Cancel):
		return send(closeDialogMsg{})
	case d.assets == nil:
		return nil
	// Letters go to the reason, so only arrows choose the stage.
	case msg.Type == tea.KeyUp:
		d.scroll = 0
		if len(d.targets) > 0 {
			d.target = (d.target + len(d.targets) - 1) % len(d.targets)
		}
		return nil
	case msg.Type == tea.KeyDown, msg.Type == tea.KeyTab:
		d.scroll = 0
		if len(d.targets) > 0 {
			d.target = (d.target + 1) % len(d.targets)
		}
		return nil
	case key.Matches(msg, k.Force):
		d.force = !d.force
		return nil
	case msg.Type == tea.KeyPgDown:
		d.scroll += max(d.height/2, 1)
		return nil
	case msg.Type == tea.KeyPgUp:
		d.scroll = max(d.scroll-max(d.height/2, 1), 0)
		return nil
	case key.Matches(msg, k.Submit):
		return d.submit()
	}
	d.saveErr = ""
	var cmd tea.Cmd
	d.reason, cmd = d.reason.Update(cleanKey(msg))
	return cmd
}

func (d *stageDialog) submit() tea.Cmd {
	if d.busy || d.chosen() == "" {
		return nil
	}
	for _, dec := range d.decisions() {
		if !dec.Allowed {
			return nil
		}
	}
	d.busy = true
	req := lifecycle.Request{To: d.chosen(), Reason: d.reason.Value(), Force: d.force}
	refs := make([]string, len(d.ids))
	for i, id := range d.ids {
		refs[i] = service.IDRef(id)
	}
	done := fmt.Sprintf("moved %d asset(s) to %s", len(refs), req.To)
	if len(refs) == 1 {
		done = "moved " + safe.Text(d.assets[0].Ref()) + " to " + string(req.To)
	}
	// The service decides again inside its transaction: the facts may have
	// changed since the dialog read them.
	return d.c.act(done, func(ctx context.Context, svc *service.Service) error {
		_, err := svc.ChangeStage(ctx, refs, req)
		return err
	})
}

func (d *stageDialog) View() string {
	st := d.c.styles
	inner := dialogInnerWidth(d.width)
	title := "Change stage"
	if len(d.assets) == 1 {
		a := d.assets[0]
		title += ": " + safe.Text(a.Ref()) + " (" + string(a.Stage) + ")"
	} else if len(d.ids) > 1 {
		title += fmt.Sprintf(" of %d assets", len(d.ids))
	}
	var lines []string
	switch {
	case d.loadErr != nil:
		lines = wrap(st.StatusError.Render("could not read the facts: "+errText(d.loadErr)), inner)
		return frameDialog(st, d.width, d.height, title, strings.Join(lines, "\n"), st.Muted.Render("esc close"))
	case d.assets == nil:
		return frameDialog(st, d.width, d.height, title, st.Muted.Render("reading checklist, mappings and checks…"), st.Muted.Render("esc cancel"))
	case len(d.targets) == 0:
		return frameDialog(st, d.width, d.height, title, "No stage change is possible from here.", st.Muted.Render("esc close"))
	}
	var choices []string
	for i, s := range d.targets {
		if i == d.target {
			choices = append(choices, st.ButtonActive.Render("["+string(s)+"]"))
		} else {
			choices = append(choices, st.Button.Render(" "+string(s)+" "))
		}
	}
	lines = append(lines, st.Label.Render(fit("move to", labelWidth))+" "+strings.Join(choices, " "))
	lines = append(lines, st.FilterPrompt.Render(fit("› reason", labelWidth))+" "+d.reason.View())
	force := "off"
	if d.force {
		force = st.StatusError.Render("ON — guards are overridden; history records it")
	}
	lines = append(lines, st.Label.Render(fit("force", labelWidth))+" "+force, "")
	head := len(lines)
	decs := d.decisions()
	allowed := 0
	for i, dec := range decs {
		name := safe.Text(d.assets[i].Ref())
		switch {
		case dec.Allowed && dec.Forced:
			allowed++
			lines = append(lines, st.NotDone.Render("! "+name+": allowed by force, overriding:"))
			lines = append(lines, d.refusalLines(dec.Overridden, inner)...)
		case dec.Allowed:
			allowed++
			ok := "✓ " + name + ": may move from " + string(dec.From) + " to " + string(dec.To)
			if dec.Proof != nil {
				ok += " (proved dark by " + safe.Text(dec.Proof.Origin) + ")"
			}
			lines = append(lines, st.Done.Render(ok))
		default:
			lines = append(lines, st.StatusError.Render("✗ "+name+" may not move from "+string(dec.From)+" to "+string(dec.To)+":"))
			lines = append(lines, d.refusalLines(dec.Refusals, inner)...)
		}
	}
	if d.saveErr != "" {
		lines = append(lines, "")
		for _, l := range wrap(d.saveErr, inner) {
			lines = append(lines, st.FieldError.Render(l))
		}
	}
	// Scroll the decisions below the fixed head when they do not fit.
	room := max(d.height-4-head, 1)
	if rest := lines[head:]; len(rest) > room {
		from := min(d.scroll, len(rest)-room+1)
		shown := append([]string{}, rest[from:from+room-1]...)
		shown = append(shown, st.Muted.Render(fmt.Sprintf("… %d more lines (pgup/pgdn)", len(rest)-from-len(shown))))
		lines = append(lines[:head], shown...)
	}
	footer := st.Muted.Render("↑/↓ stage · ctrl+f force · esc cancel")
	switch {
	case d.busy:
		footer = st.StatusBusy.Render("saving…")
	case allowed == len(decs):
		footer = st.Done.Render("enter confirm") + st.Muted.Render(" · ↑/↓ stage · ctrl+f force · esc cancel")
	}
	return frameDialog(st, d.width, d.height, title, strings.Join(lines, "\n"), footer)
}

// refusalLines writes each reason and, indented, what would satisfy it.
func (d *stageDialog) refusalLines(rs []lifecycle.Refusal, inner int) []string {
	st := d.c.styles
	var out []string
	for _, r := range rs {
		for i, l := range wrap(safe.Text(r.Message), inner-4) {
			prefix := "    "
			if i == 0 {
				prefix = "  • "
			}
			out = append(out, prefix+l)
		}
		if fix := lifecycle.WordSteps(r.Steps, d.c.stepWords); fix != "" {
			for _, l := range wrap("→ "+fix, inner-4) {
				out = append(out, "    "+st.Muted.Render(l))
			}
		}
	}
	return out
}

func (d *stageDialog) ShortHelp() []key.Binding {
	k := d.c.keys
	return []key.Binding{withHelp(k.Up, "↑/↓", "stage"), k.Force, withHelp(k.PageDown, "pgup/pgdn", "scroll"), k.Submit, k.Cancel}
}

func (d *stageDialog) FullHelp() [][]key.Binding { return [][]key.Binding{d.ShortHelp()} }
