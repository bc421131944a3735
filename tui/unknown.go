package tui

import (
	"strings"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/ansi"
	"github.com/sunset-tui/sunset/tui/safe"
)

// unknownPage lists devices that answered but match no asset: adopt one
// as a new asset, prefilled from what it answered, or dismiss it with a
// reason.
type unknownPage struct {
	c     *common
	snap  *snapshot
	list  itemList
	width int
}

func newUnknownPage(c *common) *unknownPage {
	return &unknownPage{c: c, list: itemList{c: c}}
}

func (p *unknownPage) capturesKeys() bool { return false }

func (p *unknownPage) SetSize(w, h int) {
	p.width = w
	p.list.setSize(w, h-1-previewLines)
}

func (p *unknownPage) setSnapshot(s *snapshot) {
	p.snap = s
	p.list.setEntries(len(s.unknowns), p.entry)
}

func (p *unknownPage) entry(i int) string {
	u := &p.snap.unknowns[i]
	return p.c.styles.severityStyle(u.severity()).Render(fit(u.severity(), 9)) + fit(u.address(), 16) + fit(u.mac(), 18) +
		fit(u.hostnames(), 24) + " " + u.ports()
}

func (p *unknownPage) current() *unknownView {
	if p.snap == nil || p.list.cursor >= len(p.snap.unknowns) {
		return nil
	}
	return &p.snap.unknowns[p.list.cursor]
}

func (p *unknownPage) Update(msg tea.Msg) tea.Cmd {
	k := p.c.keys
	if km, ok := msg.(tea.KeyMsg); ok {
		u := p.current()
		switch {
		case u == nil:
		case key.Matches(km, k.Adopt):
			return send(openDialogMsg{d: newAdoptForm(p.c, *u)})
		case key.Matches(km, k.Dismiss):
			return send(openDialogMsg{d: newDismissDialog(p.c, *u)})
		}
	}
	if mm, ok := msg.(tea.MouseMsg); ok {
		mm.Y--
		msg = mm
	}
	if p.list.update(msg) {
		if u := p.current(); u != nil {
			return send(openDialogMsg{d: newAdoptForm(p.c, *u)})
		}
	}
	return nil
}

func (p *unknownPage) View() string {
	st := p.c.styles
	head := st.Heading.Render("Unknown devices: answered, but no asset has the address")
	if p.snap == nil || !p.snap.judged() {
		return head + "\n" + st.Muted.Render("Working them out…")
	}
	if len(p.snap.unknowns) == 0 {
		return head + "\n" + st.Muted.Render("None.")
	}
	out := ansi.Truncate(head, p.width, "…") + "\n" + fitBlock(p.list.View(), p.width, p.list.height)
	if u := p.current(); u != nil {
		text := u.address()
		if names := u.hostnames(); names != "" {
			text += " names: " + names
		}
		if vendor := u.vendor(); vendor != "" {
			text += " · " + vendor
		}
		var ports []string
		for _, pt := range u.obs().OpenPorts() {
			desc := strings.TrimSpace(safe.Text(pt.Product) + " " + safe.Text(pt.Version))
			label := itoa(pt.Number) + "/" + safe.Text(pt.Protocol)
			if desc != "" {
				label += " (" + desc + ")"
			}
			ports = append(ports, label)
		}
		if len(ports) > 0 {
			text += " · open: " + strings.Join(ports, ", ")
		}
		out += "\n" + preview(st, text, p.width)
	}
	return out
}

func (p *unknownPage) ShortHelp() []key.Binding {
	k := p.c.keys
	if p.current() == nil {
		return nil
	}
	return []key.Binding{withHelp(k.Up, "↑/↓", "move"), k.Adopt, k.Dismiss}
}

func (p *unknownPage) FullHelp() [][]key.Binding {
	k := p.c.keys
	if p.current() == nil {
		return nil
	}
	return [][]key.Binding{p.list.navHelp(), {k.Adopt, withHelp(k.Open, "enter", "adopt"), k.Dismiss}}
}
