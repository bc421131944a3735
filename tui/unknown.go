package tui

import (
	"cmp"
	"strings"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/ansi"
	"github.com/sunset-tui/sunset/lifecycle"
	"github.com/sunset-tui/sunset/tui/safe"
)

// unknownPage lists devices that answered but match no asset. A filter
// narrows them and a column orders them; one is adopted as a new asset,
// prefilled from what it answered, or dismissed with a reason, and the
// selected ones all at once: adopted into one owner, or dismissed with one
// reason (a sweep of a /24 may find hundreds).
type unknownPage struct {
	c    *common
	snap *snapshot
	// items are the devices as the page last took them from its snapshot
	// (see findingsPage.items).
	items []unknownView
	pick  pickList
	// addrWidth is the width of the address column, sized to the
	// addresses.
	addrWidth int
	width     int
	height    int
}

func newUnknownPage(c *common) *unknownPage {
	p := &unknownPage{c: c, addrWidth: 16}
	p.pick = newPickList(c, p, "filter: words, ip:192.0.2. vendor:axis port:23 name:phone severity:high")
	return p
}

func (p *unknownPage) capturesKeys() bool { return p.pick.filter.Focused() }

func (p *unknownPage) SetSize(w, h int) {
	p.width, p.height = w, h
	p.pick.setSize(w, h-1-previewLines)
}

func (p *unknownPage) setSnapshot(s *snapshot) {
	ids := p.pick.selectedIDs()
	p.snap, p.items = s, s.unknowns
	p.addrWidth = 16
	for i := range s.unknowns {
		p.addrWidth = max(p.addrWidth, min(len(s.unknowns[i].address())+1, 40))
	}
	p.pick.reselect(ids)
	p.pick.refresh()
}

// The pickSource of the unknown devices.

func (p *unknownPage) count() int {
	return len(p.items)
}

func (p *unknownPage) device(i int) *unknownView { return &p.items[i] }

func (p *unknownPage) columns() []pickColumn {
	us := p.items
	return []pickColumn{
		{title: "SEVERITY", width: 10}, // snapshot order: worst first
		{title: "ADDRESS", width: p.addrWidth, order: func(a, b int) int { return lifecycle.CompareAddress(us[a].address(), us[b].address()) }},
		{title: "MAC", width: 18, order: func(a, b int) int { return cmp.Compare(us[a].mac(), us[b].mac()) }},
		{title: "VENDOR", width: 20, order: func(a, b int) int { return compareNames(us[a].vendor(), us[b].vendor()) }},
		{title: "NAMES", width: 24, order: func(a, b int) int { return compareNames(us[a].hostnames(), us[b].hostnames()) }},
		{title: "OPEN PORTS"},
	}
}

func (p *unknownPage) cell(i, col int) string {
	u := p.device(i)
	switch col {
	case 0:
		return u.severity()
	case 1:
		return u.address()
	case 2:
		return u.mac()
	case 3:
		return u.vendor()
	case 4:
		return u.hostnames()
	}
	return u.ports()
}

func (p *unknownPage) style(i, col int, cell string) string {
	if col == 0 {
		return p.c.styles.severityStyle(p.device(i).severity()).Render(cell)
	}
	return cell
}

func (p *unknownPage) id(i int) string { return p.device(i).obs().Address }

// unknownFields are the filter keys of the unknown devices.
var unknownFields = []string{"severity", "ip", "mac", "vendor", "name", "port"}

func (p *unknownPage) filter(text string) (func(i int) bool, string) {
	words, problem := splitFilter(text, unknownFields)
	if p.snap == nil || len(words) == 0 && problem == "" {
		return nil, problem
	}
	us := p.items
	return func(i int) bool {
		u := &us[i]
		for _, w := range words {
			var ok bool
			switch w.field {
			case "severity":
				ok = strings.HasPrefix(u.severity(), w.value)
			case "ip":
				ok = strings.Contains(u.address(), w.value)
			case "mac":
				ok = containsFold(u.mac(), w.value)
			case "vendor":
				ok = containsFold(u.vendor(), w.value)
			case "name":
				ok = containsFold(u.hostnames(), w.value)
			case "port":
				ok = containsFold(u.ports(), w.value)
			default:
				ok = containsFold(u.address(), w.value) || containsFold(u.mac(), w.value) || containsFold(u.vendor(), w.value) ||
					containsFold(u.hostnames(), w.value) || containsFold(u.ports(), w.value)
			}
			if ok == w.neg {
				return false
			}
		}
		return true
	}, problem
}

// current is the device under the cursor, or nil.
func (p *unknownPage) current() *unknownView {
	if i := p.pick.current(); i >= 0 {
		return p.device(i)
	}
	return nil
}

func (p *unknownPage) Update(msg tea.Msg) tea.Cmd {
	k := p.c.keys
	if km, ok := msg.(tea.KeyMsg); ok && !p.pick.filter.Focused() && p.current() != nil {
		switch {
		case key.Matches(km, k.Adopt):
			return p.adopt()
		case key.Matches(km, k.Dismiss):
			return p.dismiss()
		}
	}
	if mm, ok := msg.(tea.MouseMsg); ok {
		mm.Y-- // the heading
		msg = mm
	}
	activated, _, cmd := p.pick.update(msg)
	if activated {
		if u := p.current(); u != nil {
			return send(openDialogMsg{d: newAdoptForm(p.c, *u)})
		}
	}
	return cmd
}

// chosen are the devices an action works on: the selected ones shown, or
// the one under the cursor.
func (p *unknownPage) chosen() []unknownView {
	var out []unknownView
	for _, i := range p.pick.chosen() {
		out = append(out, *p.device(i))
	}
	return out
}

func (p *unknownPage) adopt() tea.Cmd {
	us := p.chosen()
	if len(us) == 1 {
		return send(openDialogMsg{d: newAdoptForm(p.c, us[0])})
	}
	return send(openDialogMsg{d: newBulkAdoptForm(p.c, us)})
}

func (p *unknownPage) dismiss() tea.Cmd {
	us := p.chosen()
	if len(us) == 1 {
		return send(openDialogMsg{d: newDismissDialog(p.c, us[0])})
	}
	addrs := make([]string, len(us))
	for i := range us {
		addrs[i] = us[i].obs().Address
	}
	return send(openDialogMsg{d: newBulkDismissDialog(p.c, addrs)})
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
	out := ansi.Truncate(head+st.Muted.Render(" · "+p.pick.counts()), p.width, "…") + "\n" +
		fitBlock(p.pick.render(), p.width, max(p.height-1-previewLines, 1))
	if u := p.current(); u != nil {
		text := u.address()
		if names := u.hostnames(); names != "" {
			text += " names: " + names
		}
		if vendor := u.vendor(); vendor != "" {
			text += " · " + vendor
		}
		if guess := safe.Text(u.obs().OSGuess); guess != "" {
			text += " · OS: " + guess
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
	if p.pick.filter.Focused() {
		return p.pick.helpKeys()
	}
	if p.current() == nil {
		return nil
	}
	return []key.Binding{k.Adopt, k.Dismiss, k.Filter, k.Select, k.SelectAll}
}

func (p *unknownPage) FullHelp() [][]key.Binding {
	k := p.c.keys
	if p.pick.filter.Focused() {
		return [][]key.Binding{p.pick.helpKeys()}
	}
	if p.current() == nil {
		return nil
	}
	act := []key.Binding{withHelp(k.Adopt, "a", "adopt (the selected: into one owner)"), withHelp(k.Open, "enter", "adopt"),
		withHelp(k.Dismiss, "d", "dismiss (the selected: with one reason)")}
	return [][]key.Binding{p.pick.list.navHelp(), p.pick.helpKeys(), act}
}
