package tui

import (
	"strings"

	"github.com/charmbracelet/bubbles/help"
	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/x/ansi"
)

// tabShortTitles are the tabs' titles when the full ones do not fit.
var tabShortTitles = []string{"Dash", "Assets", "Find", "Due", "Unkn", "Policy"}

// tabCounts are the counts the tabs show beside their titles ("" for
// none); "…" until findings are worked out.
func (m Model) tabCounts() []string {
	counts := make([]string, len(tabTitles))
	if s := m.snap; s != nil {
		counts[screenAssets] = itoa(s.total())
		count := func(n int) string { return itoa(n) }
		if !s.judged() {
			count = func(int) string { return "…" }
		}
		counts[screenFindings] = count(len(s.findings))
		counts[screenReminders] = count(len(s.reminders))
		counts[screenUnknown] = count(len(s.unknowns))
	}
	return counts
}

const brand = "sunset "

// tabPadding is the padding of a tab, left and right.
const tabPadding = 2

// tabBar is the tab bar laid out for the width: whether the brand shows,
// and each tab's label.
type tabBar struct {
	brand  bool
	labels []string
}

// width is how many columns the bar takes.
func (t tabBar) width() int {
	w := 0
	if t.brand {
		w = len(brand)
	}
	for _, l := range t.labels {
		w += ansi.StringWidth(l) + tabPadding
	}
	return w
}

// tabBar lays the tabs out in the first of these that fits the width:
// the brand and full titles; full titles; short titles; the active tab's
// title and the others' numbers and counts alone. Every tab always shows
// its number, the key that opens it.
func (m Model) tabBar() tabBar {
	counts := m.tabCounts()
	active := m.activeTab()
	label := func(i int, title string) string {
		l := itoa(i + 1)
		if title != "" {
			l += " " + title
		}
		if counts[i] != "" {
			l += " " + counts[i]
		}
		return l
	}
	layout := func(brand bool, title func(i int) string) tabBar {
		t := tabBar{brand: brand, labels: make([]string, len(tabTitles))}
		for i := range tabTitles {
			t.labels[i] = label(i, title(i))
		}
		return t
	}
	tries := []tabBar{
		layout(true, func(i int) string { return tabTitles[i] }),
		layout(false, func(i int) string { return tabTitles[i] }),
		layout(false, func(i int) string { return tabShortTitles[i] }),
		layout(false, func(i int) string {
			if screenID(i) == active {
				return tabShortTitles[i]
			}
			return ""
		}),
	}
	for _, t := range tries {
		if t.width() <= m.width {
			return t
		}
	}
	return tries[len(tries)-1]
}

// activeTab is the tab of the screen on show (an asset's detail belongs
// to the tab it was opened from).
func (m Model) activeTab() screenID {
	if m.screen == screenDetail {
		return m.back
	}
	return m.screen
}

func (m Model) headerView() string {
	st := m.c.styles
	var b strings.Builder
	bar := m.tabBar()
	if bar.brand {
		b.WriteString(st.Title.Render(brand))
	}
	active := m.activeTab()
	for i, l := range bar.labels {
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
	bar := m.tabBar()
	pos := 0
	if bar.brand {
		pos = len(brand)
	}
	for i, l := range bar.labels {
		w := ansi.StringWidth(l) + tabPadding
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
	nav := []key.Binding{k.Screen1, k.Screen2, k.Screen3, k.Screen4, k.Screen5, k.Screen6, k.NextTab, k.PrevTab, k.Reload}
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
