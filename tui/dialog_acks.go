package tui

import (
	"context"
	"strings"
	"time"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/sunset-tui/sunset/lifecycle"
	"github.com/sunset-tui/sunset/lifecycle/service"
	"github.com/sunset-tui/sunset/tui/safe"
)

// acksDialog lists the acknowledged findings, what became of each (holds,
// expired, changed, resolved), until when, by whom and why; enter
// withdraws the one under the cursor, with a reason.
type acksDialog struct {
	c      *common
	acks   []service.AckStatus
	loaded bool
	err    error
	cursor int
	width  int
	height int
}

// acksMsg delivers the acknowledgements to the dialog that asked.
type acksMsg struct {
	dialog *acksDialog
	acks   []service.AckStatus
	err    error
}

func newAcksDialog(c *common) dialog { return &acksDialog{c: c} }

func (d *acksDialog) Init() tea.Cmd {
	ctx, svc := d.c.ctx, d.c.svc
	return func() tea.Msg {
		acks, err := svc.Acknowledgements(ctx)
		return acksMsg{dialog: d, acks: acks, err: err}
	}
}

func (d *acksDialog) SetSize(w, h int) { d.width, d.height = w, h }

func (d *acksDialog) Update(msg tea.Msg) tea.Cmd {
	k := d.c.keys
	switch msg := msg.(type) {
	case acksMsg:
		if msg.dialog == d {
			d.acks, d.err, d.loaded = msg.acks, msg.err, true
			d.cursor = min(d.cursor, max(len(d.acks)-1, 0))
		}
	case tea.KeyMsg:
		switch {
		case key.Matches(msg, k.Cancel):
			return send(closeDialogMsg{})
		case key.Matches(msg, k.Up):
			d.cursor = max(d.cursor-1, 0)
		case key.Matches(msg, k.Down):
			d.cursor = min(d.cursor+1, max(len(d.acks)-1, 0))
		case key.Matches(msg, k.Submit) && d.cursor < len(d.acks):
			return send(openDialogMsg{d: newUnackForm(d.c, d.acks[d.cursor].Finding)})
		}
	}
	return nil
}

func (d *acksDialog) View() string {
	st := d.c.styles
	inner := dialogInnerWidth(d.width)
	var lines []string
	switch {
	case !d.loaded:
		lines = append(lines, st.StatusBusy.Render("reading the acknowledgements…"))
	case d.err != nil:
		lines = append(lines, wrap(st.StatusError.Render("could not read them: "+errText(d.err)), inner)...)
	case len(d.acks) == 0:
		lines = append(lines, st.Muted.Render("No finding is acknowledged: a on the findings screen accepts a risk for a while."))
	}
	loc := d.c.now.Location()
	for i, a := range d.acks {
		mark := "  "
		if i == d.cursor {
			mark = "› "
		}
		head := mark + safe.Text(a.Finding) + "  " + string(a.State) + "  until " + a.Until.In(loc).Format(time.DateOnly) +
			"  by " + safe.Text(a.By)
		switch {
		case i == d.cursor:
			head = st.TableCursor.Render(head)
		case a.State != lifecycle.AckHolds:
			head = st.NotDone.Render(head)
		}
		lines = append(lines, head)
		for _, l := range wrap(safe.Text(a.Reason), inner-4) {
			lines = append(lines, "    "+st.Muted.Render(l))
		}
	}
	footer := st.Muted.Render("enter withdraw · ↑/↓ move · esc close")
	return frameDialog(st, d.width, d.height, "Acknowledged findings", strings.Join(lines, "\n"), footer)
}

func (d *acksDialog) ShortHelp() []key.Binding {
	k := d.c.keys
	return []key.Binding{withHelp(k.Submit, "enter", "withdraw"), withHelp(k.Up, "↑/↓", "move"), withHelp(k.Cancel, "esc", "close")}
}

func (d *acksDialog) FullHelp() [][]key.Binding { return [][]key.Binding{d.ShortHelp()} }

// newUnackForm withdraws the acknowledgement of a finding, with a reason
// the asset's history keeps: the finding shows again while it lasts.
func newUnackForm(c *common, finding string) dialog {
	f := newForm(c, "Withdraw the acknowledgement of "+safe.Text(finding))
	f.intro = []string{"The finding shows again, and counts again, while it lasts."}
	f.add("reason", "reason", "", "why the risk is no longer accepted")
	f.validate = func(v map[string]string) map[string]string {
		if strings.TrimSpace(v["reason"]) == "" {
			return map[string]string{"reason": "withdrawing needs a reason"}
		}
		return nil
	}
	f.submit = func(v map[string]string) tea.Cmd {
		reason := v["reason"]
		return c.act("withdrew the acknowledgement of "+safe.Text(finding), func(ctx context.Context, svc *service.Service) error {
			_, err := svc.Unacknowledge(ctx, []string{finding}, reason)
			return err
		})
	}
	return f
}
