package tui

import (
	"strings"
	"time"

	"github.com/charmbracelet/bubbles/cursor"
	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/bubbles/textinput"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/ansi"
	"github.com/sunset-tui/sunset/inventory"
)

// assetsPage is the asset list: stage tabs, a filter box that filters as
// you type, and the table.
type assetsPage struct {
	c      *common
	snap   *snapshot
	table  assetTable
	filter textinput.Model
	query  query
	// stageTab is 0 for all stages, else 1 + index in inventory.Stages.
	stageTab int
	width    int
	height   int
}

// Lines above the table: stage tabs and the filter line, then what is
// wrong with the filter, in full.
func (p *assetsPage) chrome() int { return 2 + len(p.problemLines()) }

func (p *assetsPage) problemLines() []string {
	if p.query.problem == "" {
		return nil
	}
	return wrap(p.query.problem, max(p.width-2, 10))
}

func newAssetsPage(c *common) *assetsPage {
	ti := textinput.New()
	ti.Prompt = "/ "
	ti.Placeholder = "filter: words, stage:retired owner:infra kind:camera seen:>30d"
	ti.PromptStyle = c.styles.FilterPrompt
	ti.TextStyle = c.styles.FilterText
	ti.PlaceholderStyle = c.styles.Muted
	ti.Cursor.SetMode(cursor.CursorStatic)
	ti.CharLimit = 256
	return &assetsPage{c: c, table: newAssetTable(c), filter: ti}
}

func (p *assetsPage) setNow(t time.Time) { p.table.now = t }

func (p *assetsPage) setSnapshot(s *snapshot) {
	p.snap = s
	p.table.setRows(s)
	p.refilter()
}

// show is used when another screen lands here: it sets the stage tab and
// the filter.
func (p *assetsPage) show(filter string, stage inventory.Stage) {
	p.stageTab = 0
	if stage != "" {
		p.stageTab = stageRank(stage) + 1
	}
	p.filter.SetValue(filter)
	p.filter.Blur()
	p.refilter()
	p.table.moveTo(0)
}

func (p *assetsPage) refilter() {
	before := p.chrome()
	p.query = parseQuery(p.filter.Value())
	if p.chrome() != before {
		p.table.setSize(p.width, max(p.height-p.chrome(), 2))
	}
	p.table.apply(&p.query, p.stageKeep())
}

func (p *assetsPage) stageKeep() func(*assetRow) bool {
	if p.stageTab == 0 {
		return func(*assetRow) bool { return true }
	}
	want := uint8(p.stageTab - 1)
	return func(r *assetRow) bool { return r.stage == want }
}

func (p *assetsPage) SetSize(w, h int) {
	p.width, p.height = w, h
	p.filter.Width = max(w-len(p.filter.Prompt)-30, 8)
	p.table.setSize(w, max(h-p.chrome(), 2))
}

func (p *assetsPage) capturesKeys() bool { return p.filter.Focused() }

// selection returns the selected assets that are shown, or the one under
// the cursor when none of them is. A selected asset the filter hides is
// never acted on: what an action touches is always on screen.
func (p *assetsPage) selection() []int64 {
	t := &p.table
	if t.selected.len() > 0 {
		ids := make([]int64, 0, t.selected.len())
		for _, i := range t.view {
			if id := t.rows[i].id; t.selected.has(id) {
				ids = append(ids, id)
			}
		}
		if len(ids) > 0 {
			return ids
		}
	}
	if r := t.current(); r != nil {
		return []int64{r.id}
	}
	return nil
}

func (p *assetsPage) Update(msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case tea.KeyMsg:
		if p.filter.Focused() {
			return p.updateFilter(msg)
		}
		return p.updateKeys(msg)
	case tea.MouseMsg:
		return p.updateMouse(msg)
	}
	if p.filter.Focused() {
		var cmd tea.Cmd
		p.filter, cmd = p.filter.Update(msg)
		return cmd
	}
	return nil
}

func (p *assetsPage) updateFilter(msg tea.KeyMsg) tea.Cmd {
	k := p.c.keys
	switch {
	case msg.Type == tea.KeyEsc:
		p.filter.SetValue("")
		p.filter.Blur()
		p.refilter()
		return nil
	case msg.Type == tea.KeyEnter, msg.Type == tea.KeyDown, msg.Type == tea.KeyUp:
		p.filter.Blur()
		if msg.Type != tea.KeyEnter {
			return p.updateKeys(msg)
		}
		return nil
	case key.Matches(msg, k.CancelCheck):
		return nil
	}
	before := p.filter.Value()
	var cmd tea.Cmd
	p.filter, cmd = p.filter.Update(cleanKey(msg))
	if p.filter.Value() != before {
		p.refilter()
	}
	return cmd
}

func (p *assetsPage) updateKeys(msg tea.KeyMsg) tea.Cmd {
	k := p.c.keys
	t := &p.table
	switch {
	case key.Matches(msg, k.Filter):
		return p.filter.Focus()
	case key.Matches(msg, k.ClearFilter) && p.filter.Value() != "":
		p.filter.SetValue("")
		p.refilter()
	case key.Matches(msg, k.Up):
		t.move(-1)
	case key.Matches(msg, k.Down):
		t.move(1)
	case key.Matches(msg, k.PageUp):
		t.move(-t.bodyHeight())
	case key.Matches(msg, k.PageDown):
		t.move(t.bodyHeight())
	case key.Matches(msg, k.Top):
		t.moveTo(0)
	case key.Matches(msg, k.Bottom):
		t.moveTo(len(t.view) - 1)
	case key.Matches(msg, k.Sort):
		p.sortBy((t.sortCol + 1) % len(assetColumns))
	case key.Matches(msg, k.SortReverse):
		p.sortBy(t.sortCol)
	case key.Matches(msg, k.NextStage):
		p.stageTab = (p.stageTab + 1) % (len(inventory.Stages) + 1)
		p.refilter()
	case key.Matches(msg, k.PrevStage):
		p.stageTab = (p.stageTab + len(inventory.Stages)) % (len(inventory.Stages) + 1)
		p.refilter()
	case key.Matches(msg, k.Select):
		if r := t.current(); r != nil {
			t.toggle(r.id)
			t.move(1)
		}
	case key.Matches(msg, k.SelectAll):
		p.toggleAll()
	case key.Matches(msg, k.Open):
		if r := t.current(); r != nil {
			return send(openAssetMsg{id: r.id})
		}
	case key.Matches(msg, k.NewAsset):
		return send(openDialogMsg{d: newAssetForm(p.c, nil, nil)})
	case key.Matches(msg, k.Import):
		return send(openDialogMsg{d: newImportDialog(p.c)})
	case key.Matches(msg, k.Stage):
		if ids := p.selection(); len(ids) > 0 {
			return send(openDialogMsg{d: newStageDialog(p.c, ids)})
		}
	case key.Matches(msg, k.Check) && p.c.opts.Check != nil:
		if ids := p.selection(); len(ids) > 0 {
			return send(startCheckMsg{ids: ids})
		}
	}
	return nil
}

// toggleAll selects every shown row, or clears the selection when every
// shown row is selected already.
func (p *assetsPage) toggleAll() {
	t := &p.table
	all := len(t.view) > 0
	for _, i := range t.view {
		if !t.selected.has(t.rows[i].id) {
			all = false
			break
		}
	}
	if all {
		t.selected.clear()
		return
	}
	limit := idSetLimit(len(t.rows))
	for _, i := range t.view {
		t.selected.add(t.rows[i].id, limit)
	}
}

// sortBy sorts by column col in the order it sorts first, or the other
// way when it is the column sorted by already.
func (p *assetsPage) sortBy(col int) {
	t := &p.table
	if col == t.sortCol {
		t.sortDesc = !t.sortDesc
	} else {
		t.sortCol, t.sortDesc = col, assetColumns[col].desc
	}
	p.refilter()
}

func (p *assetsPage) updateMouse(msg tea.MouseMsg) tea.Cmd {
	t := &p.table
	if msg.Action != tea.MouseActionPress {
		return nil
	}
	switch msg.Button {
	case tea.MouseButtonWheelUp:
		t.move(-3)
	case tea.MouseButtonWheelDown:
		t.move(3)
	case tea.MouseButtonLeft:
		switch y := msg.Y - p.chrome(); {
		case msg.Y == 0:
			if tab, ok := p.stageTabAt(msg.X); ok {
				p.stageTab = tab
				p.refilter()
			}
		case msg.Y == 1:
			return p.filter.Focus()
		case y == 0:
			if col := t.columnAt(msg.X); col >= 0 {
				p.sortBy(col)
			}
		case y > 0:
			k := t.offset + y - 1
			if k < len(t.view) {
				if k == t.cursor {
					return send(openAssetMsg{id: t.rows[t.view[k]].id})
				}
				t.moveTo(k)
			}
		}
	}
	return nil
}

func (p *assetsPage) stageTabLabels() []string {
	labels := []string{"all"}
	for i, st := range inventory.Stages {
		n := 0
		if p.snap != nil {
			n = p.snap.stageCounts[i]
		}
		labels = append(labels, string(st)+" "+itoa(n))
	}
	if p.snap != nil {
		labels[0] = "all " + itoa(p.snap.total())
	}
	return labels
}

func (p *assetsPage) stageTabAt(x int) (int, bool) {
	pos := 0
	for i, l := range p.stageTabLabels() {
		w := ansi.StringWidth(l) + 2
		if x >= pos && x < pos+w {
			return i, true
		}
		pos += w
	}
	return 0, false
}

func (p *assetsPage) View() string {
	st := p.c.styles
	var tabs strings.Builder
	for i, l := range p.stageTabLabels() {
		if i == p.stageTab {
			tabs.WriteString(st.TabActive.Render(l))
		} else {
			tabs.WriteString(st.Tab.Render(l))
		}
	}
	count := itoa(len(p.table.view)) + " shown"
	if n := p.table.selected.len(); n > 0 {
		count += " · " + itoa(n) + " selected"
	}
	if s := p.snap; s != nil && !s.complete {
		// The filter, the stage tabs and the sort only saw the rows read
		// so far: say so.
		count += " · " + itoa(len(s.rows)) + " of " + itoa(s.total()) + " loaded"
		if !s.failed {
			count += "…"
		}
	}
	filterLine := fitInput(p.filter.View(), max(p.width-ansi.StringWidth(count)-1, 1)) + " " + st.Muted.Render(count)
	lines := []string{
		ansi.Truncate(tabs.String(), p.width, "…"),
		ansi.Truncate(filterLine, p.width, "…"),
	}
	for _, l := range p.problemLines() {
		lines = append(lines, "  "+st.FieldError.Render(l))
	}
	if len(p.table.view) == 0 && p.snap != nil {
		msg := "No assets match."
		switch {
		case !p.snap.complete && p.snap.failed:
			msg = "Nothing matches in the " + itoa(len(p.snap.rows)) + " assets read; the rest could not be read (ctrl+r tries again)."
		case !p.snap.complete:
			msg = "Nothing matches in the " + itoa(len(p.snap.rows)) + " assets read so far; the rest are still loading…"
		case len(p.snap.rows) == 0:
			msg = "No assets yet: n adds one, or i imports a file."
		}
		lines = append(lines, st.Muted.Render(ansi.Truncate(msg, p.width, "…")))
		return strings.Join(lines, "\n")
	}
	lines = append(lines, p.table.View())
	return strings.Join(lines, "\n")
}

// fitInput is fitStyled for a text input's view, which the input pads
// with spaces to its width: cutting only that padding shows no ellipsis.
func fitInput(s string, w int) string {
	over := ansi.StringWidth(s) - w
	if over <= 0 {
		return s + strings.Repeat(" ", -over)
	}
	plain := ansi.Strip(s)
	if len(plain)-len(strings.TrimRight(plain, " ")) >= over {
		return ansi.Truncate(s, w, "")
	}
	return ansi.Truncate(s, w, "…")
}

func (p *assetsPage) ShortHelp() []key.Binding {
	k := p.c.keys
	if p.filter.Focused() {
		return []key.Binding{withHelp(k.Open, "enter", "done"), withHelp(k.Back, "esc", "clear")}
	}
	b := []key.Binding{k.Filter, k.Open, k.Select, k.Stage}
	if p.c.opts.Check != nil {
		b = append(b, k.Check)
	}
	return b
}

func (p *assetsPage) FullHelp() [][]key.Binding {
	k := p.c.keys
	if p.filter.Focused() {
		return [][]key.Binding{{withHelp(k.Open, "enter/↓", "done"), withHelp(k.Back, "esc", "clear filter")}}
	}
	move := []key.Binding{k.Up, k.Down, k.PageUp, k.PageDown, k.Top, k.Bottom}
	list := []key.Binding{k.Filter, k.Sort, k.SortReverse, k.PrevStage, k.NextStage}
	if p.filter.Value() != "" {
		list = append(list, k.ClearFilter)
	}
	act := []key.Binding{k.Open, k.Select, k.SelectAll, k.Stage, k.NewAsset, k.Import}
	if p.c.opts.Check != nil {
		act = append(act, k.Check)
	}
	return [][]key.Binding{move, list, act}
}
