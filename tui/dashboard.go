package tui

import (
	"strings"
	"time"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/x/ansi"
	"github.com/sunset-tui/sunset/inventory"
	"github.com/sunset-tui/sunset/tui/safe"
)

// dashboardPage is the first screen: assets by stage, open findings by
// severity, the next reminders and the last check. Every number is a link
// that lands on the matching list.
type dashboardPage struct {
	c      *common
	snap   *snapshot
	now    time.Time
	focus  int
	offset int
	width  int
	height int
}

func newDashboardPage(c *common) *dashboardPage { return &dashboardPage{c: c} }

func (p *dashboardPage) setSnapshot(s *snapshot) {
	p.snap = s
	p.focus = min(p.focus, max(len(p.items())-1, 0))
}

func (p *dashboardPage) SetSize(w, h int)   { p.width, p.height = w, h }
func (p *dashboardPage) capturesKeys() bool { return false }

// dashLine is one line of the dashboard; item is the link on it, or -1.
type dashLine struct {
	text   string
	item   int
	target tea.Msg
}

// dashItem is one link: where selecting it leads.
type dashItem struct {
	target tea.Msg
}

const twoColumnWidth = 96

// Reminders listed on the dashboard.
const dashReminders = 5

// columns builds the dashboard's lines: stages and reminders on the left,
// findings and the last check on the right; on narrow terminals one
// column, with the reminders last. items lists the links in focus order.
func (p *dashboardPage) columns() (left, right []dashLine, items []dashItem) {
	if p.snap == nil {
		return nil, nil, nil
	}
	var lines [4][]dashLine
	add := func(sec int, text string, target tea.Msg) {
		lines[sec] = append(lines[sec], dashLine{text: text, item: -1, target: target})
	}
	p.stageSection(func(t string, m tea.Msg) { add(0, t, m) })
	p.reminderSection(func(t string, m tea.Msg) { add(1, t, m) })
	p.findingSection(func(t string, m tea.Msg) { add(2, t, m) })
	p.checkSection(func(t string, m tea.Msg) { add(3, t, m) })
	blank := []dashLine{{item: -1}}
	if intro := p.introSection(); len(intro) > 0 {
		lines[0] = append(append(intro, blank...), lines[0]...)
	}
	if p.twoColumns() {
		left = append(append(lines[0], blank...), lines[1]...)
		right = append(append(lines[2], blank...), lines[3]...)
	} else {
		left = append(append(append(append(append(lines[0], blank...), lines[2]...), blank...), lines[3]...), blank...)
		left = append(left, lines[1]...)
	}
	// Number the links in reading order: down the left, then the right.
	for _, col := range [][]dashLine{left, right} {
		for i := range col {
			if col[i].target != nil {
				col[i].item = len(items)
				items = append(items, dashItem{target: col[i].target})
			}
		}
	}
	return left, right, items
}

// introSection shows the guided path and session notes, wrapped to the
// column.
func (p *dashboardPage) introSection() []dashLine {
	guide, notes := p.snap.guide, p.c.opts.Notes
	if note := loopbackNote(p.snap); note != "" {
		notes = append(notes[:len(notes):len(notes)], note)
	}
	if len(guide) == 0 && len(notes) == 0 {
		return nil
	}
	st := p.c.styles
	w := max(p.columnWidth()-2, 10)
	var out []dashLine
	add := func(text string, style lipgloss.Style) {
		for _, l := range wrap(safe.Text(text), w) {
			out = append(out, dashLine{text: style.Render(l), item: -1})
		}
	}
	if len(guide) > 0 {
		out = append(out, dashLine{text: st.Heading.Render("Start here"), item: -1})
		for _, g := range guide {
			add(g, lipgloss.NewStyle())
		}
	}
	for _, n := range notes {
		add(n, st.NotDone)
	}
	return out
}

// loopbackNote says, when the scan scope is loopback only, that no check
// can prove a device dark there: every loopback address answers.
func loopbackNote(s *snapshot) string {
	if s == nil || len(s.policy.Scope) == 0 {
		return ""
	}
	for _, p := range s.policy.Scope {
		if !p.Addr().IsLoopback() {
			return ""
		}
	}
	return "The scan scope is loopback only (" + joinPrefixes(s.policy.Scope) + "): every loopback address answers, " +
		"so no check can prove a device dark here and no retirement passes its guard without force."
}

func (p *dashboardPage) stageSection(add func(string, tea.Msg)) {
	st := p.c.styles
	add(st.Heading.Render("Assets by stage"), nil)
	maxCount := 1
	for _, n := range p.snap.stageCounts {
		maxCount = max(maxCount, n)
	}
	barW := max(p.columnWidth()-dashLabelW-dashCountW-4, 4)
	for i, stage := range inventory.Stages {
		n := p.snap.stageCounts[i]
		fill := n * barW / maxCount
		if n > 0 && fill == 0 {
			fill = 1
		}
		bar := st.Bar.Render(strings.Repeat("█", fill)) + st.BarEmpty.Render(strings.Repeat("·", barW-fill))
		label := st.stageStyle(stage).Render(fit(string(stage), dashLabelW))
		add(label+bar+" "+padLeft(itoa(n), dashCountW), navigateMsg{to: screenAssets, stage: stage})
	}
}

func (p *dashboardPage) reminderSection(add func(string, tea.Msg)) {
	st := p.c.styles
	add(st.Heading.Render("Next reminders"), nil)
	switch {
	case !p.snap.judged():
		add(st.Muted.Render("working them out…"), nil)
	case len(p.snap.reminders) == 0:
		add(st.Muted.Render("nothing due"), nil)
	}
	for i := range p.snap.reminders {
		if i == dashReminders {
			add(st.Link.Render("all "+itoa(len(p.snap.reminders))+" reminders →"), navigateMsg{to: screenReminders})
			break
		}
		r := &p.snap.reminders[i]
		add(r.due.date().String()+"  "+r.asset()+"  "+p.snap.whatOf(r), openAssetMsg{id: r.assetID})
	}
}

func (p *dashboardPage) findingSection(add func(string, tea.Msg)) {
	st := p.c.styles
	add(st.Heading.Render("Open findings"), nil)
	if !p.snap.judged() {
		add(st.Muted.Render("working them out…"), nil)
	}
	count := func(n int) string { return padLeft(itoa(n), dashCountW) }
	if !p.snap.judged() {
		count = func(int) string { return padLeft("…", dashCountW) }
	}
	counts := p.snap.findingsBySeverity()
	for i := len(severities) - 1; i >= 0; i-- {
		sev := severities[i]
		add(st.severityStyle(sev).Render(fit(sev, dashLabelW))+count(counts[i]),
			navigateMsg{to: screenFindings, severity: sev})
	}
	add(fit("unknown devices", dashLabelW)+count(len(p.snap.unknowns)), navigateMsg{to: screenUnknown})
	if n := p.snap.acknowledged; n > 0 {
		add(st.Muted.Render(fit("acknowledged", dashLabelW)+count(n)), navigateMsg{to: screenFindings})
	}
}

func (p *dashboardPage) checkSection(add func(string, tea.Msg)) {
	st := p.c.styles
	add(st.Heading.Render("Last check"), nil)
	lc := p.snap.lastCheck
	if lc == nil {
		add(st.Muted.Render("no check has run yet"), nil)
		return
	}
	c := lc.check
	when := c.EndedAt
	if when.IsZero() {
		when = c.StartedAt
	}
	add("#"+itoa(int(c.ID))+" "+ago(p.now, when)+", "+checkSource(c), nil)
	if c.Partial {
		reason := "partial"
		if c.PartialReason != "" {
			reason += ": " + safe.Text(c.PartialReason)
		}
		add(st.NotDone.Render(reason), nil)
	} else {
		add(st.Done.Render("ran to its end"), nil)
	}
	if n := len(c.NotChecked); n > 0 {
		add(itoa(n)+" assets not checked", nil)
	}
	if !lc.counted {
		add(st.Muted.Render("counting what it saw…"), nil)
		return
	}
	add("active assets answered "+itoa(lc.activeAnswered)+" of "+itoa(lc.activeTotal)+
		" ("+percent(lc.activeAnswered, lc.activeTotal)+")",
		navigateMsg{to: screenAssets, stage: inventory.StageActive, filter: "check:answered"})
	add("covered, no answer "+itoa(lc.activeCovered-lc.activeAnswered),
		navigateMsg{to: screenAssets, stage: inventory.StageActive, filter: "-check:answered -check:none"})
	add("not covered "+itoa(lc.activeTotal-lc.activeCovered),
		navigateMsg{to: screenAssets, stage: inventory.StageActive, filter: "check:none"})
}

// Widths of the dashboard's label and count columns.
const dashLabelW, dashCountW = 16, 7

func checkSource(c inventory.Check) string {
	if c.Source == "" || c.Source == "live" {
		return "live"
	}
	return safe.Text(c.Source)
}

func (p *dashboardPage) twoColumns() bool { return p.width >= twoColumnWidth }

func (p *dashboardPage) columnWidth() int {
	if p.twoColumns() {
		return (p.width - 4) / 2
	}
	return p.width - 1
}

func (p *dashboardPage) items() []dashItem {
	_, _, items := p.columns()
	return items
}

// lines returns the dashboard as one list of rows of columns, for drawing
// and for finding what the mouse hit.
func (p *dashboardPage) grid() [][]dashLine {
	left, right, _ := p.columns()
	if !p.twoColumns() {
		all := append(append(left, dashLine{item: -1}), right...)
		rows := make([][]dashLine, len(all))
		for i, l := range all {
			rows[i] = []dashLine{l}
		}
		return rows
	}
	n := max(len(left), len(right))
	rows := make([][]dashLine, n)
	for i := range rows {
		l, r := dashLine{item: -1}, dashLine{item: -1}
		if i < len(left) {
			l = left[i]
		}
		if i < len(right) {
			r = right[i]
		}
		rows[i] = []dashLine{l, r}
	}
	return rows
}

func (p *dashboardPage) View() string {
	if p.snap == nil {
		return ""
	}
	rows := p.grid()
	colW := p.columnWidth()
	var out []string
	for i := p.offset; i < len(rows) && len(out) < p.height; i++ {
		var parts []string
		for _, l := range rows[i] {
			text := "  " + fitStyled(l.text, colW-2)
			if l.item >= 0 && l.item == p.focus {
				text = "› " + p.c.styles.LinkFocused.Render(ansi.Strip(fitStyled(l.text, colW-2)))
			}
			parts = append(parts, text)
		}
		out = append(out, strings.Join(parts, "  "))
	}
	return lipgloss.NewStyle().PaddingLeft(1).Render(strings.Join(out, "\n"))
}

// keepFocusVisible scrolls so that the focused link is on screen.
func (p *dashboardPage) keepFocusVisible() {
	rows := p.grid()
	for i, r := range rows {
		for _, l := range r {
			if l.item == p.focus {
				if i < p.offset {
					p.offset = i
				}
				if i >= p.offset+p.height {
					p.offset = i - p.height + 1
				}
				return
			}
		}
	}
}

// column returns 0 or 1: which column the link is in.
func (p *dashboardPage) columnOf(item int) int {
	left, _, _ := p.columns()
	for _, l := range left {
		if l.item == item {
			return 0
		}
	}
	return 1
}

func (p *dashboardPage) Update(msg tea.Msg) tea.Cmd {
	items := p.items()
	if len(items) == 0 {
		return nil
	}
	k := p.c.keys
	switch msg := msg.(type) {
	case tea.KeyMsg:
		switch {
		case key.Matches(msg, k.Up):
			p.focus = max(p.focus-1, 0)
		case key.Matches(msg, k.Down):
			p.focus = min(p.focus+1, len(items)-1)
		case key.Matches(msg, k.Left, k.Right) && p.twoColumns():
			p.focus = p.firstInColumn(1 - p.columnOf(p.focus))
		case key.Matches(msg, k.Open):
			return send(items[p.focus].target)
		}
		p.keepFocusVisible()
	case tea.MouseMsg:
		if msg.Action != tea.MouseActionPress {
			return nil
		}
		switch msg.Button {
		case tea.MouseButtonWheelUp:
			p.offset = max(p.offset-1, 0)
		case tea.MouseButtonWheelDown:
			p.offset = max(min(p.offset+1, len(p.grid())-p.height), 0)
		case tea.MouseButtonLeft:
			if it := p.itemAt(msg.X, msg.Y); it >= 0 {
				p.focus = it
				return send(items[it].target)
			}
		}
	}
	return nil
}

func (p *dashboardPage) firstInColumn(col int) int {
	for i := range p.items() {
		if p.columnOf(i) == col {
			return i
		}
	}
	return p.focus
}

// itemAt returns the link at a position in the page, or -1.
func (p *dashboardPage) itemAt(x, y int) int {
	rows := p.grid()
	i := p.offset + y
	if i < 0 || i >= len(rows) {
		return -1
	}
	col := 0
	if p.twoColumns() && x-1 >= p.columnWidth()+2 {
		col = 1
	}
	return rows[i][col].item
}

func (p *dashboardPage) ShortHelp() []key.Binding {
	k := p.c.keys
	return []key.Binding{withHelp(k.Up, "↑/↓", "move"), k.Open}
}

func (p *dashboardPage) FullHelp() [][]key.Binding {
	k := p.c.keys
	b := []key.Binding{k.Up, k.Down}
	if p.twoColumns() {
		b = append(b, withHelp(k.Left, "←/→", "other column"))
	}
	return [][]key.Binding{append(b, withHelp(k.Open, "enter", "open the list behind a number"))}
}

// withHelp returns a copy of b with different help text.
func withHelp(b key.Binding, keys, desc string) key.Binding {
	b.SetHelp(keys, desc)
	return b
}

func padLeft(s string, w int) string {
	if n := w - ansi.StringWidth(s); n > 0 {
		return strings.Repeat(" ", n) + s
	}
	return s
}

// fitStyled pads or truncates text that may carry styles to w cells.
func fitStyled(s string, w int) string {
	sw := ansi.StringWidth(s)
	if sw > w {
		return ansi.Truncate(s, w, "…")
	}
	return s + strings.Repeat(" ", w-sw)
}
