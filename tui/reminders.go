package tui

import (
	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/ansi"
	"github.com/sunset-tui/sunset/inventory"
)

// remindersPage lists what is due, soonest first; enter opens the asset.
type remindersPage struct {
	c     *common
	snap  *snapshot
	list  itemList
	width int
}

func newRemindersPage(c *common) *remindersPage {
	return &remindersPage{c: c, list: itemList{c: c}}
}

func (p *remindersPage) capturesKeys() bool { return false }

func (p *remindersPage) SetSize(w, h int) {
	p.width = w
	p.list.setSize(w, h-1-previewLines)
}

func (p *remindersPage) setSnapshot(s *snapshot) {
	p.snap = s
	p.list.setEntries(len(s.reminders), p.entry)
}

func (p *remindersPage) entry(i int) string {
	st := p.c.styles
	r := &p.snap.reminders[i]
	due := r.due.date()
	days := inventory.DateOf(p.snap.loadedAt).DaysUntil(due)
	when := "in " + itoa(days) + "d"
	style := st.Value
	switch {
	case days < 0:
		when, style = itoa(-days)+"d overdue", st.StatusError
	case days == 0:
		when, style = "today", st.NotDone
	}
	return due.String() + "  " + style.Render(fit(when, 13)) + " " + fit(r.kind, 15) + " " + fit(r.asset(), 14) + " " + p.snap.whatOf(r)
}

func (p *remindersPage) Update(msg tea.Msg) tea.Cmd {
	if mm, ok := msg.(tea.MouseMsg); ok {
		mm.Y--
		msg = mm
	}
	if p.list.update(msg) && p.snap != nil && p.list.cursor < len(p.snap.reminders) {
		if id := p.snap.reminders[p.list.cursor].assetID; id != 0 {
			return send(openAssetMsg{id: id})
		}
	}
	return nil
}

func (p *remindersPage) View() string {
	st := p.c.styles
	head := st.Heading.Render("Reminders, soonest first")
	if p.snap == nil || !p.snap.judged() {
		return head + "\n" + st.Muted.Render("Working out what is due…")
	}
	if len(p.snap.reminders) == 0 {
		return head + "\n" + st.Muted.Render("Nothing is due.")
	}
	out := ansi.Truncate(head, p.width, "…") + "\n" + fitBlock(p.list.View(), p.width, p.list.height)
	if p.list.cursor < len(p.snap.reminders) {
		r := &p.snap.reminders[p.list.cursor]
		out += "\n" + preview(st, r.due.date().String()+" "+r.asset()+": "+p.snap.whatOf(r), p.width)
	}
	return out
}

func (p *remindersPage) ShortHelp() []key.Binding {
	k := p.c.keys
	return []key.Binding{withHelp(k.Up, "↑/↓", "move"), withHelp(k.Open, "enter", "open asset")}
}

func (p *remindersPage) FullHelp() [][]key.Binding {
	return [][]key.Binding{p.list.navHelp(), {withHelp(p.c.keys.Open, "enter", "open asset")}}
}
