package tui

import (
	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/ansi"
)

// findingsPage lists open findings, worst first; enter opens the asset.
// Landing here from the dashboard narrows it to one severity.
type findingsPage struct {
	c        *common
	snap     *snapshot
	severity string
	// shown numbers the findings of that severity; without one, every
	// finding is shown.
	shown []int32
	list  itemList
	width int
}

func newFindingsPage(c *common) *findingsPage {
	return &findingsPage{c: c, list: itemList{c: c}}
}

func (p *findingsPage) capturesKeys() bool { return false }

func (p *findingsPage) SetSize(w, h int) {
	p.width = w
	p.list.setSize(w, h-1-previewLines)
}

func (p *findingsPage) setSnapshot(s *snapshot) {
	p.snap = s
	p.refresh()
}

func (p *findingsPage) setSeverity(sev string) {
	p.severity = sev
	p.list.cursor = 0
	p.refresh()
}

func (p *findingsPage) refresh() {
	if p.snap == nil {
		return
	}
	p.shown = p.shown[:0]
	if p.severity != "" {
		for i := range p.snap.findings {
			if p.snap.findings[i].severityName() == p.severity {
				p.shown = append(p.shown, int32(i))
			}
		}
	}
	p.list.setEntries(p.count(), p.entry)
}

// count is how many findings are shown.
func (p *findingsPage) count() int {
	if p.severity != "" {
		return len(p.shown)
	}
	return len(p.snap.findings)
}

// finding returns the i-th finding shown.
func (p *findingsPage) finding(i int) *findingView {
	if p.severity != "" {
		return &p.snap.findings[p.shown[i]]
	}
	return &p.snap.findings[i]
}

func (p *findingsPage) entry(i int) string {
	f := p.finding(i)
	sev := f.severityName()
	return p.c.styles.severityStyle(sev).Render(fit(sev, 9)) + fit(f.kind, 16) + fit(f.who(), 14) + " " + p.snap.summaryOf(f)
}

func (p *findingsPage) Update(msg tea.Msg) tea.Cmd {
	k := p.c.keys
	if km, ok := msg.(tea.KeyMsg); ok && key.Matches(km, k.ClearFilter) && p.severity != "" {
		p.setSeverity("")
		return nil
	}
	if mm, ok := msg.(tea.MouseMsg); ok {
		mm.Y--
		msg = mm
	}
	if p.list.update(msg) && p.snap != nil && p.list.cursor < p.count() {
		f := p.finding(p.list.cursor)
		if f.assetID != 0 {
			return send(openAssetMsg{id: f.assetID})
		}
		return send(navigateMsg{to: screenUnknown})
	}
	return nil
}

func (p *findingsPage) View() string {
	st := p.c.styles
	head := "Findings, worst first"
	if p.severity != "" {
		head = "Findings: " + p.severity + " only (esc shows all)"
	}
	if p.snap == nil || p.count() == 0 {
		msg := "No open findings."
		if p.snap == nil || !p.snap.judged() {
			msg = "Working out the findings…"
		}
		return st.Heading.Render(head) + "\n" + st.Muted.Render(msg)
	}
	out := ansi.Truncate(st.Heading.Render(head), p.width, "…") + "\n" + fitBlock(p.list.View(), p.width, p.list.height)
	if p.list.cursor < p.count() {
		f := p.finding(p.list.cursor)
		text := p.snap.summaryOf(f)
		if !f.since.IsZero() {
			text += " (since " + f.since.Format("2006-01-02 15:04") + ")"
		}
		out += "\n" + preview(st, text, p.width)
	}
	return out
}

func (p *findingsPage) ShortHelp() []key.Binding {
	k := p.c.keys
	b := []key.Binding{withHelp(k.Up, "↑/↓", "move"), withHelp(k.Open, "enter", "open asset")}
	if p.severity != "" {
		b = append(b, withHelp(k.ClearFilter, "esc", "all severities"))
	}
	return b
}

func (p *findingsPage) FullHelp() [][]key.Binding {
	return [][]key.Binding{p.list.navHelp(), p.ShortHelp()[1:]}
}
