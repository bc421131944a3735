package tui

import (
	"fmt"
	"strings"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/sunset-tui/sunset/scan"
)

// confirmDialog asks before something that is hard to take back or to
// stop: enter goes ahead, esc does not.
type confirmDialog struct {
	c      *common
	title  string
	text   []string
	yes    string // what enter does, for the footer
	onYes  tea.Cmd
	width  int
	height int
}

// newLargeCheckDialog asks before a check that would probe more than
// scan.LargeCheck addresses.
func newLargeCheckDialog(c *common, ids []int64, addresses int) dialog {
	return &confirmDialog{c: c, title: "A large check",
		text: []string{fmt.Sprintf("This check would probe %s addresses (more than %s): it may take long and be seen "+
			"by everything on those networks.", thousands(addresses), thousands(scan.LargeCheck)),
			"Check anyway?"},
		yes:   "check all of them",
		onYes: send(startCheckMsg{ids: ids, confirmed: true})}
}

func (d *confirmDialog) Init() tea.Cmd { return nil }

func (d *confirmDialog) SetSize(w, h int) { d.width, d.height = w, h }

func (d *confirmDialog) Update(msg tea.Msg) tea.Cmd {
	km, ok := msg.(tea.KeyMsg)
	switch {
	case !ok:
	case key.Matches(km, d.c.keys.Cancel):
		return send(closeDialogMsg{})
	case key.Matches(km, d.c.keys.Submit):
		return tea.Sequence(send(closeDialogMsg{}), d.onYes)
	}
	return nil
}

func (d *confirmDialog) View() string {
	st := d.c.styles
	var lines []string
	for _, t := range d.text {
		lines = append(lines, wrap(t, dialogInnerWidth(d.width))...)
	}
	footer := st.Done.Render("enter "+d.yes) + st.Muted.Render(" · esc cancel")
	return frameDialog(st, d.width, d.height, d.title, strings.Join(lines, "\n"), footer)
}

func (d *confirmDialog) ShortHelp() []key.Binding {
	return []key.Binding{withHelp(d.c.keys.Submit, "enter", d.yes), d.c.keys.Cancel}
}

func (d *confirmDialog) FullHelp() [][]key.Binding { return [][]key.Binding{d.ShortHelp()} }

// thousands writes n with a comma every three digits: 16,777,216.
func thousands(n int) string {
	s := fmt.Sprint(n)
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}
