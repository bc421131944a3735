package tui

import (
	"strings"
	"time"

	"github.com/charmbracelet/x/ansi"
)

// column is one column of the asset table.
type column struct {
	title string
	// cap is the widest the column grows for its content; fixed columns
	// are always their cap.
	cap   int
	fixed bool
	// content is the widest value the snapshot's rows have in the
	// column (see rowWidths), for columns sized to their content.
	content func(w rowWidths) int
	// flex columns take what room is left over.
	flex bool
	// drop orders which columns give way on narrow terminals (higher goes
	// first); 0 never goes.
	drop int
	// desc is the order the column sorts in first: worst findings first.
	desc bool
	// key is where a row goes in the column's order.
	key  func(r *assetRow) sortKey
	cell func(t *assetTable, r *assetRow) string
}

var assetColumns = []column{
	{title: "TAG", cap: 24, content: func(w rowWidths) int { return w[fieldTag] },
		key:  func(r *assetRow) sortKey { return sortKey{text: r.tag()} },
		cell: func(_ *assetTable, r *assetRow) string { return r.listedTag() }},
	{title: "HOSTNAME", cap: 40, flex: true, content: func(w rowWidths) int { return w[fieldHost] },
		key:  func(r *assetRow) sortKey { return sortKey{text: r.host()} },
		cell: func(_ *assetTable, r *assetRow) string { return r.host() }},
	{title: "KIND", cap: 14, drop: 3, content: func(w rowWidths) int { return w[fieldKind] },
		key:  func(r *assetRow) sortKey { return sortKey{text: string(r.kind())} },
		cell: func(_ *assetTable, r *assetRow) string { return string(r.kind()) }},
	{title: "STAGE", cap: 15, fixed: true, key: func(r *assetRow) sortKey { return sortKey{num: uint64(r.stage)} },
		cell: func(_ *assetTable, r *assetRow) string { return string(r.stageName()) }},
	{title: "OWNER", cap: 24, flex: true, drop: 4, content: func(w rowWidths) int { return w[fieldOwner] },
		key:  func(r *assetRow) sortKey { return sortKey{text: r.owner()} },
		cell: func(_ *assetTable, r *assetRow) string { return r.owner() }},
	{title: "ADDRESS", cap: 39, drop: 2, content: func(w rowWidths) int { return w[fieldIP] },
		key:  func(r *assetRow) sortKey { return ipSortKey(r.ip()) },
		cell: func(_ *assetTable, r *assetRow) string { return r.ip() }},
	{title: "LAST SEEN", cap: 10, fixed: true, drop: 5, key: func(r *assetRow) sortKey { return sortKey{num: uint64(r.lastSeen)} },
		cell: func(t *assetTable, r *assetRow) string { return r.seenAgo(t.now) }},
	{title: "FINDINGS", cap: 9, fixed: true, drop: 1, desc: true,
		key:  func(r *assetRow) sortKey { return sortKey{num: uint64(r.worst)<<32 | uint64(r.findings)} },
		cell: func(_ *assetTable, r *assetRow) string { return findingsBadge(r) }},
}

const (
	colStage    = 3
	colFindings = 7
)

// minWidth is the narrowest the column gets: its title and the sort
// arrow.
func (c column) minWidth() int { return len(c.title) + 1 }

// want is the width the column asks for: its content's, within its
// bounds.
func (c column) want(w rowWidths) int {
	if c.fixed || c.content == nil {
		return c.cap
	}
	return max(min(c.content(w), c.cap), c.minWidth())
}

func findingsBadge(r *assetRow) string {
	if r.findings == 0 {
		return ""
	}
	return itoa(int(r.findings)) + " " + severityShort[r.worst-1]
}

// severityShort names severities in the findings badge, like severities.
var severityShort = []string{"low", "med", "high", "crit"}

// ipSortKey orders dotted IPv4 addresses numerically, and anything else
// after them as text.
func ipSortKey(s string) sortKey {
	if v, ok := ipv4Key(s); ok {
		return sortKey{num: uint64(v)}
	}
	return sortKey{num: 1 << 32, text: s}
}

func ipv4Key(s string) (uint32, bool) {
	var v, part uint32
	dots := 0
	if s == "" {
		return 0, false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c == '.':
			dots++
			v = v<<8 | part
			part = 0
		case c >= '0' && c <= '9':
			part = part*10 + uint32(c-'0')
			if part > 255 {
				return 0, false
			}
		default:
			return 0, false
		}
	}
	if dots != 3 {
		return 0, false
	}
	return v<<8 | part, true
}

// assetTable shows rows of assets. It keeps the filtered rows as indexes
// into the full set and renders only the rows that fit, so moving the
// cursor and drawing cost the same for ten rows or a hundred thousand.
type assetTable struct {
	c    *common
	rows []assetRow
	// common is the rows' sets of shared search values (commonValues).
	common []string
	// sorted caches each column's ascending order of all rows.
	sorted   map[int][]int32
	sortCol  int
	sortDesc bool
	view     []int32
	cursor   int
	offset   int
	selected idSet
	width    int
	height   int
	now      time.Time
	// content is the widest value of each display field of the rows.
	content rowWidths
	// widths of the columns as last laid out; 0 hides a column.
	widths []int
}

func newAssetTable(c *common) assetTable {
	return assetTable{c: c, sorted: map[int][]int32{}}
}

// setRows replaces the data with the rows of s; selected assets that are
// gone are dropped from the selection. Call apply afterwards.
func (t *assetTable) setRows(s *snapshot) {
	t.rows, t.common = s.rows, s.common.sets
	t.sorted = map[int][]int32{}
	if t.selected.len() > 0 {
		var gone []int64
		t.selected.each(func(id int64) {
			if s.row(id) == nil {
				gone = append(gone, id)
			}
		})
		for _, id := range gone {
			t.selected.remove(id)
		}
	}
	if t.content != s.widths {
		t.content = s.widths
		t.widths = layoutColumns(t.width-2, t.content)
	}
}

// toggle selects the asset, or unselects it when it is selected.
func (t *assetTable) toggle(id int64) {
	if t.selected.has(id) {
		t.selected.remove(id)
	} else {
		t.selected.add(id, idSetLimit(len(t.rows)))
	}
}

// order returns all rows in the current sort order.
func (t *assetTable) order() []int32 {
	o, ok := t.sorted[t.sortCol]
	if ok {
		return o
	}
	key := assetColumns[t.sortCol].key
	// Rows arrive in tag order: a page more of them need not be sorted
	// again for the default column.
	if inOrder(t.rows, key) {
		o = make([]int32, len(t.rows))
		for i := range o {
			o[i] = int32(i)
		}
	} else {
		keys := make([]sortKey, len(t.rows))
		for i := range t.rows {
			keys[i] = key(&t.rows[i])
		}
		o = orderOf(keys)
	}
	t.sorted[t.sortCol] = o
	return o
}

// inOrder reports whether rows are in the order of key already.
func inOrder(rows []assetRow, key func(*assetRow) sortKey) bool {
	for i := 1; i < len(rows); i++ {
		if key(&rows[i-1]).compare(key(&rows[i])) > 0 {
			return false
		}
	}
	return true
}

// apply filters the rows with q (and the stage tab) into the view.
func (t *assetTable) apply(q *query, keep func(*assetRow) bool) {
	var current int64 = -1
	if r := t.current(); r != nil {
		current = r.id
	}
	o := t.order()
	q.prepare(t.common)
	view := t.view[:0]
	now := t.now.Unix()
	n := len(o)
	for k := 0; k < n; k++ {
		i := o[k]
		if t.sortDesc {
			i = o[n-1-k]
		}
		r := &t.rows[i]
		if keep(r) && q.matches(r, now) {
			view = append(view, i)
		}
	}
	t.view = view
	t.cursor = 0
	if current >= 0 {
		for k, i := range t.view {
			if t.rows[i].id == current {
				t.cursor = k
				break
			}
		}
	}
	t.clamp()
}

func (t *assetTable) current() *assetRow {
	if t.cursor < 0 || t.cursor >= len(t.view) {
		return nil
	}
	return &t.rows[t.view[t.cursor]]
}

func (t *assetTable) bodyHeight() int { return max(t.height-1, 1) }

func (t *assetTable) move(delta int) {
	t.cursor += delta
	t.clamp()
}

func (t *assetTable) moveTo(i int) {
	t.cursor = i
	t.clamp()
}

func (t *assetTable) clamp() {
	t.cursor = max(min(t.cursor, len(t.view)-1), 0)
	h := t.bodyHeight()
	if t.cursor < t.offset {
		t.offset = t.cursor
	}
	if t.cursor >= t.offset+h {
		t.offset = t.cursor - h + 1
	}
	t.offset = max(min(t.offset, len(t.view)-h), 0)
}

func (t *assetTable) setSize(w, h int) {
	t.width, t.height = w, h
	t.widths = layoutColumns(w-2, t.content) // 2 for the selection mark
	t.clamp()
}

// layoutColumns fits the columns into width, each as wide as its content
// asks: the least useful ones are dropped first when they do not fit,
// then the flexible ones and the tag shrink down to their titles; room
// left over goes to the flexible ones. One space separates columns.
func layoutColumns(width int, content rowWidths) []int {
	widths := make([]int, len(assetColumns))
	for i, c := range assetColumns {
		widths[i] = c.want(content)
	}
	need := func() int {
		n := -1
		for _, w := range widths {
			if w > 0 {
				n += w + 1
			}
		}
		return n
	}
	for drop := 5; need() > width && drop >= 1; drop-- {
		for i, c := range assetColumns {
			if c.drop == drop {
				widths[i] = 0
			}
		}
	}
	// Still too wide: the flexible columns, then the tag, give way.
	for _, i := range []int{4, 1, 0} {
		if over := need() - width; over > 0 && widths[i] > 0 {
			widths[i] = max(widths[i]-over, assetColumns[i].minWidth())
		}
	}
	if over := need() - width; over > 0 { // even the titles do not fit: the hostname goes narrower still
		widths[1] = max(widths[1]-over, 1)
	}
	spare := width - need()
	flex := 0
	for i, c := range assetColumns {
		if widths[i] > 0 && c.flex {
			flex++
		}
	}
	for i, c := range assetColumns {
		if widths[i] > 0 && c.flex && spare > 0 {
			extra := spare / flex
			widths[i] += extra
			spare -= extra
			flex--
		}
	}
	return widths
}

// columnAt returns the column under x (relative to the table), or -1.
func (t *assetTable) columnAt(x int) int {
	pos := 2
	for i, w := range t.widths {
		if w == 0 {
			continue
		}
		if x >= pos && x < pos+w {
			return i
		}
		pos += w + 1
	}
	return -1
}

func (t *assetTable) View() string {
	st := t.c.styles
	var b strings.Builder
	b.Grow((t.width + 16) * (t.height + 1))
	b.WriteString("  ")
	first := true
	for i, w := range t.widths {
		if w == 0 {
			continue
		}
		if !first {
			b.WriteByte(' ')
		}
		first = false
		title := fit(assetColumns[i].title, w)
		style := st.TableHeader
		if i == t.sortCol {
			// The arrow always shows: it takes the title's last cell when
			// the column is narrower than both.
			style = st.TableHeaderSort
			arrow := "▲"
			if t.sortDesc {
				arrow = "▼"
			}
			title = fit(ansi.Truncate(assetColumns[i].title, w-1, "")+arrow, w)
		}
		b.WriteString(style.Render(title))
	}
	h := t.bodyHeight()
	for line := 0; line < h; line++ {
		b.WriteByte('\n')
		k := t.offset + line
		if k >= len(t.view) {
			continue
		}
		b.WriteString(t.renderRow(&t.rows[t.view[k]], k == t.cursor))
	}
	return b.String()
}

func (t *assetTable) renderRow(r *assetRow, isCursor bool) string {
	st := t.c.styles
	selected := t.selected.has(r.id)
	plain := isCursor || selected
	var b strings.Builder
	// The marks tell the cursor and the selection apart without colour.
	if isCursor {
		b.WriteString("›")
	} else {
		b.WriteString(" ")
	}
	if selected {
		b.WriteString("●")
	} else {
		b.WriteString(" ")
	}
	first := true
	for i, w := range t.widths {
		if w == 0 {
			continue
		}
		if !first {
			b.WriteByte(' ')
		}
		first = false
		cell := fit(assetColumns[i].cell(t, r), w)
		switch {
		case plain:
		case i == colStage:
			cell = st.stageStyle(r.stageName()).Render(cell)
		case i == colFindings && r.worst > 0:
			cell = st.severityStyle(severities[r.worst-1]).Render(cell)
		}
		b.WriteString(cell)
	}
	line := b.String()
	switch {
	case isCursor:
		return st.TableCursor.Render(fit(line, max(t.width, 1)))
	case selected:
		return st.TableSelected.Render(line)
	}
	return line
}

// fit pads or truncates plain text s to exactly w cells.
func fit(s string, w int) string {
	if w <= 0 {
		return ""
	}
	sw := ansi.StringWidth(s)
	if sw > w {
		s = ansi.Truncate(s, w, "…")
		sw = ansi.StringWidth(s)
	}
	if sw < w {
		s += strings.Repeat(" ", w-sw)
	}
	return s
}
