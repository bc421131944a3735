package tui

import (
	"strings"

	"github.com/charmbracelet/bubbles/help"
	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/x/ansi"
)

// tabLabels returns the tab bar's labels, with counts where they help.
func (m Model) tabLabels() []string {
	labels := make([]string, len(tabTitles))
	copy(labels, tabTitles)
	if s := m.snap; s != nil {
		labels[screenAssets] += " " + itoa(s.total())
		// Until findings are worked out, their counts are not known.
		count := func(n int) string { return itoa(n) }
		if !s.judged() {
			count = func(int) string { return "…" }
		}
		labels[screenFindings] += " " + count(len(s.findings))
		labels[screenReminders] += " " + count(len(s.reminders))
		labels[screenUnknown] += " " + count(len(s.unknowns))
	}
	for i := range labels {
		labels[i] = itoa(i+1) + " " + labels[i]
	}
	return labels
}

const brand = "sunset "

func (m Model) headerView() string {
	st := m.c.styles
	var b strings.Builder
	b.WriteString(st.Title.Render(brand))
	active := m.screen
	if active == screenDetail {
		active = m.back
	}
	for i, l := range m.tabLabels() {
		if screenID(i) == active {
			b.WriteString(st.TabActive.Render(l))
		} else {
			b.WriteString(st.Tab.Render(l))
		}
	}
	return ansi.Truncate(b.String(), m.width, "…")
}

// tabAt returns the tab under column x of the tab bar.
func (m Model) tabAt(x int) (screenID, bool) {
	pos := len(brand)
	for i, l := range m.tabLabels() {
		w := ansi.StringWidth(l) + 2 // tab padding
		if x >= pos && x < pos+w {
			return screenID(i), true
		}
		pos += w
	}
	return 0, false
}

func (m Model) statusView() string {
	st := m.c.styles
	text := m.status.text
	style := st.StatusInfo
	switch {
	case m.status.err:
		style = st.StatusError
	case m.status.busy:
		style = st.StatusBusy
	case text == "" && m.loading && m.pending == nil && m.snap != nil:
		text, style = "loading assets… "+itoa(len(m.snap.rows))+" of "+itoa(m.snap.total()), st.StatusBusy
	case text == "" && m.loading:
		text, style = "loading…", st.StatusBusy
	case text == "" && m.deriving:
		text, style = "working out findings and reminders…", st.StatusBusy
	}
	lines := m.statusLines(text)
	for i, l := range lines {
		lines[i] = style.Render(l)
	}
	return strings.Join(lines, "\n")
}

// statusMaxLines is how many lines a long message may take: errors and
// hints often end with what to do, which must not be cut off.
const statusMaxLines = 2

// statusLines wraps the status text to the width, in one or two lines.
func (m Model) statusLines(text string) []string {
	text = strings.ReplaceAll(text, "\n", " ")
	lines := wrap(text, m.width)
	if len(lines) > statusMaxLines {
		lines = lines[:statusMaxLines]
		lines[statusMaxLines-1] = ansi.Truncate(lines[statusMaxLines-1]+" …", m.width, "…")
	}
	return lines
}

// statusHeight is the number of lines statusView takes.
func (m Model) statusHeight() int {
	return len(m.statusLines(m.status.text))
}

// helpView shows the keys of the current screen (and only those that work
// there): one line, or every key with ?.
func (m Model) helpView() string {
	keys := m.helpKeys()
	var text string
	if m.showHelp {
		text = m.fullHelp(keys.FullHelp())
	} else {
		text = m.shortHelp(keys.ShortHelp(), m.helpKept())
	}
	// help stops adding keys at its width only while an ellipsis still
	// fits, so cut every line to the width here.
	lines := strings.Split(text, "\n")
	// Leave the tab bar, one line of the screen, the status line and the
	// check line.
	room := m.height - headerHeight - 2
	if m.check != nil {
		room--
	}
	if room = max(room, 1); len(lines) > room {
		lines = append(lines[:room-1], m.c.styles.Muted.Render("… more keys on a taller terminal"))
	}
	for i, l := range lines {
		lines[i] = ansi.Truncate(l, m.width, "…")
	}
	return strings.Join(lines, "\n")
}

// helpKept is how many of the last short-help keys always show: how to
// see every key and how to quit on a screen, how to cancel in a dialog.
func (m Model) helpKept() int {
	if m.dialog != nil || m.page().capturesKeys() {
		return 1
	}
	return 2
}

// shortHelp is the one line of keys: as many of the first ones as fit,
// then "…" for those left out, and the last kept ones always.
func (m Model) shortHelp(bindings []key.Binding, kept int) string {
	st := m.help.Styles
	var items []string
	for _, b := range bindings {
		if b.Enabled() && b.Help().Key != "" {
			items = append(items, st.ShortKey.Render(b.Help().Key)+" "+st.ShortDesc.Render(b.Help().Desc))
		}
	}
	kept = min(kept, len(items))
	sep := st.ShortSeparator.Render(" • ")
	tail := strings.Join(items[len(items)-kept:], sep)
	room := m.width - ansi.StringWidth(tail)
	ellipsis := st.Ellipsis.Render("…")
	var head []string
	used := 0
	for i, it := range items[:len(items)-kept] {
		w := ansi.StringWidth(it) + ansi.StringWidth(sep)
		rest := 0
		if i < len(items)-kept-1 {
			rest = ansi.StringWidth(ellipsis) + ansi.StringWidth(sep) // room to say that more keys were left out
		}
		if used+w+rest > room {
			head = append(head, ellipsis)
			break
		}
		head = append(head, it)
		used += w
	}
	if tail != "" {
		head = append(head, tail)
	}
	return strings.Join(head, sep)
}

// fullHelp lays the groups of keys out as columns, starting a new row of
// columns when the next would not fit the width.
func (m Model) fullHelp(groups [][]key.Binding) string {
	const gap = 4
	var rows []string
	var row []string
	used := 0
	for _, g := range groups {
		if len(g) == 0 {
			continue
		}
		col := m.help.FullHelpView([][]key.Binding{g})
		w := lipgloss.Width(col)
		if len(row) > 0 && used+gap+w > m.width {
			rows = append(rows, lipgloss.JoinHorizontal(lipgloss.Top, row...))
			row, used = nil, 0
		}
		if len(row) > 0 {
			row = append(row, strings.Repeat(" ", gap))
			used += gap
		}
		row = append(row, col)
		used += w
	}
	if len(row) > 0 {
		rows = append(rows, lipgloss.JoinHorizontal(lipgloss.Top, row...))
	}
	return strings.Join(rows, "\n")
}

// helpKeys is the key map of what has the focus: a dialog, else the
// screen plus the keys that work everywhere.
func (m Model) helpKeys() help.KeyMap {
	if m.dialog != nil {
		return m.dialog
	}
	p := m.page()
	k := m.c.keys
	if p.capturesKeys() {
		return p
	}
	global := []key.Binding{k.Help, k.Quit}
	nav := []key.Binding{k.Screen1, k.Screen2, k.Screen3, k.Screen4, k.Screen5, k.NextTab, k.PrevTab, k.Reload}
	if m.screen == screenDetail {
		nav = append([]key.Binding{k.Back}, nav...)
	}
	var checks []key.Binding
	if m.c.opts.Check != nil {
		checks = append(checks, k.CheckAll)
	}
	if m.checkRunning() {
		checks = append(checks, k.CancelCheck)
	}
	short := append(append([]key.Binding{}, p.ShortHelp()...), checks...)
	short = append(short, global...)
	full := append([][]key.Binding{}, p.FullHelp()...)
	full = append(full, append(nav, checks...), global)
	return helpKeys{short: short, full: full}
}
