package tui

import (
	"math/bits"
	"slices"
	"strings"

	"github.com/charmbracelet/bubbles/cursor"
	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/bubbles/textinput"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/ansi"
)

// pickList is a list of many entries (findings, unknown devices) that a
// filter narrows as it is typed, a column orders, and space and A select
// for an action on all of them at once. Its entries are numbered by their
// place in the snapshot; the source says what each is.
type pickList struct {
	c      *common
	src    pickSource
	list   itemList
	filter textinput.Model
	// problem is what is wrong with the filter, in full.
	problem string
	// view holds the numbers of the entries shown, in order.
	view []int32
	// selected holds the numbers of the selected entries.
	selected bitSet
	sortCol  int
	sortDesc bool
	width    int
	height   int
}

// pickSource is what a pickList lists.
type pickSource interface {
	count() int
	// columns are the list's columns, in order.
	columns() []pickColumn
	// filter reads a filter's text: which entries it keeps, and what is
	// wrong with it ("" when nothing).
	filter(text string) (keep func(i int) bool, problem string)
	// cell is entry i's text in column col, plain.
	cell(i, col int) string
	// style colours a cell of entry i (its severity).
	style(i, col int, cell string) string
	// id names entry i so that it stays selected when the snapshot is
	// read again.
	id(i int) string
}

// pickColumn is one column of a pickList.
type pickColumn struct {
	title string
	// width is the column's width; the last column takes the rest.
	width int
	// order compares two entries by the column, ascending.
	order func(a, b int) int
	// desc is the order the column sorts in first.
	desc bool
}

func newPickList(c *common, src pickSource, placeholder string) pickList {
	ti := textinput.New()
	ti.Prompt = "/ "
	ti.Placeholder = placeholder
	ti.PromptStyle = c.styles.FilterPrompt
	ti.TextStyle = c.styles.FilterText
	ti.PlaceholderStyle = c.styles.Muted
	ti.Cursor.SetMode(cursor.CursorStatic)
	ti.CharLimit = 256
	return pickList{c: c, src: src, list: itemList{c: c}, filter: ti}
}

// chrome is the lines above the entries: the filter while it is used,
// what is wrong with it, and the column titles.
func (l *pickList) chrome() int {
	n := 1 + len(l.problemLines())
	if l.filterShown() {
		n++
	}
	return n
}

func (l *pickList) filterShown() bool { return l.filter.Focused() || l.filter.Value() != "" }

func (l *pickList) problemLines() []string {
	if l.problem == "" {
		return nil
	}
	return wrap(l.problem, max(l.width-2, 10))
}

func (l *pickList) setSize(w, h int) {
	l.width, l.height = w, h
	l.filter.Width = max(w-len(l.filter.Prompt)-2, 8)
	l.list.setSize(w, h-l.chrome())
}

// refresh applies the filter and the order again to the source's entries,
// keeping the cursor on the entry it was on.
func (l *pickList) refresh() {
	current := int32(-1)
	if l.list.cursor < len(l.view) {
		current = l.view[l.list.cursor]
	}
	keep, problem := l.src.filter(l.filter.Value())
	chrome := l.chrome()
	l.problem = problem
	n := l.src.count()
	view := l.view[:0]
	for i := 0; i < n; i++ {
		if keep == nil || keep(i) {
			view = append(view, int32(i))
		}
	}
	cols := l.src.columns()
	if l.sortCol > 0 && l.sortCol < len(cols) && cols[l.sortCol].order != nil {
		order := cols[l.sortCol].order
		slices.SortStableFunc(view, func(a, b int32) int { return order(int(a), int(b)) })
	}
	if l.sortDesc {
		slices.Reverse(view)
	}
	l.view = view
	if l.chrome() != chrome {
		l.list.setSize(l.width, l.height-l.chrome())
	}
	l.list.setEntries(len(view), l.entry)
	if current >= 0 {
		if k := slices.Index(view, current); k >= 0 {
			l.list.cursor = k
			l.list.clamp()
		}
	}
}

// reselect carries the selection over to a new snapshot of the source:
// the entries selected before are selected again where they still are.
func (l *pickList) reselect(ids map[string]bool) {
	l.selected = bitSet{}
	if len(ids) == 0 {
		return
	}
	for i := 0; i < l.src.count(); i++ {
		if ids[l.src.id(i)] {
			l.selected.add(i)
		}
	}
}

// selectedIDs names the selected entries, to carry them over a reload.
func (l *pickList) selectedIDs() map[string]bool {
	if l.selected.len() == 0 {
		return nil
	}
	out := map[string]bool{}
	l.selected.each(func(i int) { out[l.src.id(i)] = true })
	return out
}

// current is the number of the entry under the cursor, or -1.
func (l *pickList) current() int {
	if l.list.cursor < len(l.view) {
		return int(l.view[l.list.cursor])
	}
	return -1
}

// chosen returns the selected entries that are shown, or the one under
// the cursor when none of them is: what an action works on is always on
// screen.
func (l *pickList) chosen() []int {
	var out []int
	if l.selected.len() > 0 {
		for _, i := range l.view {
			if l.selected.has(int(i)) {
				out = append(out, int(i))
			}
		}
	}
	if len(out) == 0 {
		if i := l.current(); i >= 0 {
			out = append(out, i)
		}
	}
	return out
}

// update handles the keys of the list itself: the filter while it has
// the focus, moving, sorting and selecting. It reports whether the entry
// under the cursor was activated, and whether it took the key.
func (l *pickList) update(msg tea.Msg) (activated, taken bool, cmd tea.Cmd) {
	k := l.c.keys
	km, isKey := msg.(tea.KeyMsg)
	if isKey && l.filter.Focused() {
		return false, true, l.updateFilter(km)
	}
	if mm, ok := msg.(tea.MouseMsg); ok {
		mm.Y -= l.chrome()
		if mm.Y < 0 {
			return false, true, nil
		}
		msg = mm
	}
	if isKey {
		switch {
		case key.Matches(km, k.Filter):
			l.filter.Focus()
			l.list.setSize(l.width, l.height-l.chrome())
			return false, true, nil
		case key.Matches(km, k.ClearFilter) && l.filter.Value() != "":
			l.filter.SetValue("")
			l.refresh()
			return false, true, nil
		case key.Matches(km, k.Sort):
			l.sortBy((l.sortCol + 1) % len(l.src.columns()))
			return false, true, nil
		case key.Matches(km, k.SortReverse):
			l.sortBy(l.sortCol)
			return false, true, nil
		case key.Matches(km, k.Select):
			if i := l.current(); i >= 0 {
				l.selected.toggle(i)
				l.list.cursor++
				l.list.clamp()
			}
			return false, true, nil
		case key.Matches(km, k.SelectAll):
			l.toggleAll()
			return false, true, nil
		}
	}
	if l.list.update(msg) {
		return true, true, nil
	}
	return false, false, nil
}

func (l *pickList) updateFilter(msg tea.KeyMsg) tea.Cmd {
	switch msg.Type {
	case tea.KeyEsc:
		l.filter.SetValue("")
		l.filter.Blur()
		l.refresh()
		return nil
	case tea.KeyEnter, tea.KeyDown, tea.KeyUp:
		l.filter.Blur()
		l.list.setSize(l.width, l.height-l.chrome())
		if msg.Type != tea.KeyEnter {
			l.list.update(msg)
		}
		return nil
	case tea.KeyCtrlX:
		return nil
	}
	before := l.filter.Value()
	var cmd tea.Cmd
	l.filter, cmd = l.filter.Update(cleanKey(msg))
	if l.filter.Value() != before {
		l.refresh()
	}
	return cmd
}

// sortBy orders by column col in the order it sorts first, or the other
// way when it is the column ordered by already.
func (l *pickList) sortBy(col int) {
	if col == l.sortCol {
		l.sortDesc = !l.sortDesc
	} else {
		l.sortCol, l.sortDesc = col, l.src.columns()[col].desc
	}
	l.refresh()
}

// toggleAll selects every entry shown, or none when all of them are.
func (l *pickList) toggleAll() {
	all := len(l.view) > 0
	for _, i := range l.view {
		if !l.selected.has(int(i)) {
			all = false
			break
		}
	}
	if all {
		l.selected = bitSet{}
		return
	}
	for _, i := range l.view {
		l.selected.add(int(i))
	}
}

// entry draws the k-th entry shown: the selection mark, then its cells.
func (l *pickList) entry(k int) string {
	i := int(l.view[k])
	var b strings.Builder
	if l.selected.has(i) {
		b.WriteString("● ")
	} else {
		b.WriteString("  ")
	}
	cols := l.src.columns()
	for col, c := range cols {
		cell := l.src.cell(i, col)
		if col < len(cols)-1 {
			cell = fit(cell, c.width-1) + " "
		}
		b.WriteString(l.src.style(i, col, cell))
	}
	return b.String()
}

// header draws the column titles, the sort arrow on the sorted one.
func (l *pickList) header() string {
	st := l.c.styles
	var b strings.Builder
	b.WriteString("    ")
	cols := l.src.columns()
	for col, c := range cols {
		w := c.width
		if col == len(cols)-1 {
			w = max(len(c.title)+1, 1)
		}
		title := fit(c.title, w)
		style := st.TableHeader
		if col == l.sortCol {
			arrow := "▲"
			if l.sortDesc {
				arrow = "▼"
			}
			title = fit(ansi.Truncate(c.title, w-2, "")+arrow, w)
			style = st.TableHeaderSort
		}
		b.WriteString(style.Render(title))
	}
	return ansi.Truncate(b.String(), l.width, "…")
}

// render draws the filter, its problem, the titles and the entries that
// fit.
func (l *pickList) render() string {
	st := l.c.styles
	var out []string
	if l.filterShown() {
		out = append(out, fitInput(l.filter.View(), l.width))
	}
	for _, p := range l.problemLines() {
		out = append(out, "  "+st.FieldError.Render(p))
	}
	out = append(out, l.header())
	if len(l.view) == 0 {
		out = append(out, st.Muted.Render("  Nothing matches the filter (esc clears it)."))
	} else {
		out = append(out, fitBlock(l.list.View(), l.width, l.list.height))
	}
	return strings.Join(out, "\n")
}

// counts says how many entries are shown and selected.
func (l *pickList) counts() string {
	s := thousands(len(l.view)) + " shown"
	if n := l.selected.len(); n > 0 {
		s += " · " + thousands(n) + " selected"
	}
	return s
}

func (l *pickList) helpKeys() []key.Binding {
	k := l.c.keys
	if l.filter.Focused() {
		return []key.Binding{withHelp(k.Open, "enter", "done"), withHelp(k.Back, "esc", "clear")}
	}
	b := []key.Binding{k.Filter, k.Select, k.SelectAll, k.Sort, k.SortReverse}
	if l.filter.Value() != "" {
		b = append(b, k.ClearFilter)
	}
	return b
}

// bitSet is a set of small numbers, a bit each.
type bitSet struct {
	words []uint64
	n     int
}

func (s *bitSet) len() int { return s.n }

func (s *bitSet) has(i int) bool { return i/64 < len(s.words) && s.words[i/64]&(1<<(i%64)) != 0 }

func (s *bitSet) add(i int) {
	if s.has(i) {
		return
	}
	if w := i/64 + 1; w > len(s.words) {
		s.words = append(s.words, make([]uint64, w-len(s.words))...)
	}
	s.words[i/64] |= 1 << (i % 64)
	s.n++
}

func (s *bitSet) toggle(i int) {
	if s.has(i) {
		s.words[i/64] &^= 1 << (i % 64)
		s.n--
		return
	}
	s.add(i)
}

func (s *bitSet) each(fn func(i int)) {
	for w, word := range s.words {
		for word != 0 {
			b := bits.TrailingZeros64(word)
			fn(w*64 + b)
			word &^= 1 << b
		}
	}
}
