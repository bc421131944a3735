package tui

import (
	"strings"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/ansi"
	"github.com/sunset-tui/sunset/inventory"
	"github.com/sunset-tui/sunset/tui/safe"
)

// policyPage shows the policy the team shares, key by key: its value, its
// default and what it means; enter edits the key under the cursor, checked
// as it is typed, saved through the service.
type policyPage struct {
	c      *common
	snap   *snapshot
	cursor int
	offset int
	width  int
	height int
}

func newPolicyPage(c *common) *policyPage { return &policyPage{c: c} }

func (p *policyPage) capturesKeys() bool      { return false }
func (p *policyPage) SetSize(w, h int)        { p.width, p.height = w, h }
func (p *policyPage) setSnapshot(s *snapshot) { p.snap = s }

// value is what key holds now: the stored text, or its default.
func (p *policyPage) value(k inventory.PolicyKey) string {
	if p.snap == nil {
		return k.Default
	}
	if v, ok := p.snap.policyValues[k.Name]; ok {
		return v
	}
	return k.Default
}

// policyLine is one line of the page; key is the policy key it belongs
// to, or -1.
type policyLine struct {
	text string
	key  int
}

// keyWidth is the width of the key column: the longest key, so none is
// cut, but no more than a third of the screen.
func (p *policyPage) keyWidth() int {
	w := 0
	for _, k := range inventory.PolicyKeys {
		w = max(w, len(k.Name))
	}
	return max(min(w, p.width/3), 8)
}

func (p *policyPage) lines() []policyLine {
	st := p.c.styles
	keyW := p.keyWidth()
	w := max(p.width-keyW-3, 10)
	var out []policyLine
	for i, k := range inventory.PolicyKeys {
		v := p.value(k)
		shown := safe.Text(inventory.ShownPolicyValue(k.Name, v))
		if shown == "" {
			shown = st.Muted.Render("(empty)")
		}
		if v == k.Default {
			shown += st.Muted.Render("  (default)")
		}
		valueLines := wrap(shown, w)
		for j, l := range valueLines {
			name := ""
			if j == 0 {
				name = k.Name
			}
			out = append(out, policyLine{text: fit(name, keyW) + " " + l, key: i})
		}
		def := k.Default
		if def == "" {
			def = "(empty)"
		}
		for _, l := range wrap(k.Help+"; default "+def, w) {
			out = append(out, policyLine{text: strings.Repeat(" ", keyW+1) + st.Muted.Render(l), key: i})
		}
	}
	if note := loopbackNote(p.snap); note != "" {
		out = append(out, policyLine{key: -1})
		for _, l := range wrap(note, max(p.width-2, 10)) {
			out = append(out, policyLine{text: st.NotDone.Render(l), key: -1})
		}
	}
	return out
}

func (p *policyPage) bodyHeight() int { return max(p.height-1, 1) }

// keepVisible scrolls so that every line of the key under the cursor is on
// screen, as far as the page allows.
func (p *policyPage) keepVisible(lines []policyLine) {
	first, last := -1, -1
	for i, l := range lines {
		if l.key == p.cursor {
			if first < 0 {
				first = i
			}
			last = i
		}
	}
	h := p.bodyHeight()
	if last >= p.offset+h {
		p.offset = last - h + 1
	}
	if first < p.offset {
		p.offset = first
	}
	p.offset = max(min(p.offset, len(lines)-h), 0)
}

func (p *policyPage) Update(msg tea.Msg) tea.Cmd {
	k := p.c.keys
	n := len(inventory.PolicyKeys)
	switch msg := msg.(type) {
	case tea.KeyMsg:
		switch {
		case key.Matches(msg, k.Up):
			p.cursor = max(p.cursor-1, 0)
		case key.Matches(msg, k.Down):
			p.cursor = min(p.cursor+1, n-1)
		case key.Matches(msg, k.Top):
			p.cursor = 0
		case key.Matches(msg, k.Bottom):
			p.cursor = n - 1
		case key.Matches(msg, k.Open), key.Matches(msg, k.Edit):
			return p.edit()
		}
	case tea.MouseMsg:
		if msg.Action != tea.MouseActionPress || msg.Button != tea.MouseButtonLeft {
			return nil
		}
		lines := p.lines()
		if i := p.offset + msg.Y - 1; i >= 0 && i < len(lines) && lines[i].key >= 0 {
			if lines[i].key == p.cursor {
				return p.edit()
			}
			p.cursor = lines[i].key
		}
	}
	p.keepVisible(p.lines())
	return nil
}

func (p *policyPage) edit() tea.Cmd {
	if p.snap == nil {
		return nil
	}
	k := inventory.PolicyKeys[p.cursor]
	return send(openDialogMsg{d: newPolicyForm(p.c, k, p.value(k), p.snap.policyValues)})
}

func (p *policyPage) View() string {
	st := p.c.styles
	head := st.Heading.Render("Policy") + st.Muted.Render(": shared by everyone who uses this inventory")
	lines := p.lines()
	out := []string{ansi.Truncate(head, p.width, "…")}
	for i := p.offset; i < len(lines) && len(out) <= p.bodyHeight(); i++ {
		l := lines[i]
		mark := "  "
		if l.key == p.cursor && (i == 0 || lines[i-1].key != l.key) {
			mark = "› "
		}
		text := mark + l.text
		if l.key == p.cursor && mark == "› " {
			text = st.TableCursor.Render(fit(ansi.Strip(text), p.width))
		}
		out = append(out, ansi.Truncate(text, p.width, "…"))
	}
	return strings.Join(out, "\n")
}

func (p *policyPage) ShortHelp() []key.Binding {
	k := p.c.keys
	return []key.Binding{withHelp(k.Up, "↑/↓", "move"), withHelp(k.Open, "enter", "edit")}
}

func (p *policyPage) FullHelp() [][]key.Binding {
	k := p.c.keys
	return [][]key.Binding{{k.Up, k.Down, k.Top, k.Bottom}, {withHelp(k.Open, "enter/e", "edit the key")}}
}
