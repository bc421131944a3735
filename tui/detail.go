package tui

import (
	"strings"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/ansi"
	"github.com/sunset-tui/sunset/inventory"
	"github.com/sunset-tui/sunset/lifecycle"
	"github.com/sunset-tui/sunset/tui/safe"
)

// detailTab is a section of the asset detail screen.
type detailTab int

const (
	tabOverview detailTab = iota
	tabAddresses
	tabMappings
	tabChecklist
	tabObservations
	tabHistory
)

var detailTabTitles = []string{"Overview", "Addresses", "Mappings", "Checklist", "Observations", "History"}

// detailPage shows one asset: overview, addresses, port mappings, its
// end-of-life checklist, what checks saw over time, and its history.
type detailPage struct {
	c      *common
	id     int64
	task   taskID
	d      *assetDetail
	err    error
	snap   *snapshot
	tab    detailTab
	cursor int // the selected item on tabs with items
	offset int
	width  int
	height int
}

func newDetailPage(c *common) *detailPage { return &detailPage{c: c} }

func (p *detailPage) SetSize(w, h int)   { p.width, p.height = w, h }
func (p *detailPage) capturesKeys() bool { return false }

func (p *detailPage) setSnapshot(s *snapshot) { p.snap = s }

// open starts loading an asset; results of earlier loads are dropped.
func (p *detailPage) open(id int64) tea.Cmd {
	if id != p.id {
		p.d, p.tab, p.cursor, p.offset = nil, tabOverview, 0, 0
	}
	p.id = id
	return p.reload()
}

func (p *detailPage) reload() tea.Cmd {
	if p.id == 0 {
		return nil
	}
	p.task++
	return loadDetailCmd(p.c, p.task, p.id)
}

func (p *detailPage) Update(msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case detailMsg:
		if msg.task != p.task {
			return nil
		}
		p.err = msg.err
		if msg.err == nil {
			p.d = msg.detail
			p.clamp()
		}
		if msg.err != nil {
			return statusf(true, "could not load the asset: "+errText(msg.err))
		}
	case tea.KeyMsg:
		return p.updateKey(msg)
	case tea.MouseMsg:
		return p.updateMouse(msg)
	}
	return nil
}

func (p *detailPage) updateKey(msg tea.KeyMsg) tea.Cmd {
	if p.d == nil {
		return nil
	}
	k := p.c.keys
	lines := p.lines()
	items := itemCount(lines)
	switch {
	case key.Matches(msg, k.Right):
		p.setTab((p.tab + 1) % detailTab(len(detailTabTitles)))
	case key.Matches(msg, k.Left):
		p.setTab((p.tab + detailTab(len(detailTabTitles)) - 1) % detailTab(len(detailTabTitles)))
	case key.Matches(msg, k.Up):
		p.step(-1, items, len(lines))
	case key.Matches(msg, k.Down):
		p.step(1, items, len(lines))
	case key.Matches(msg, k.PageUp):
		p.step(-p.bodyHeight(), items, len(lines))
	case key.Matches(msg, k.PageDown):
		p.step(p.bodyHeight(), items, len(lines))
	case key.Matches(msg, k.Top):
		p.cursor, p.offset = 0, 0
	case key.Matches(msg, k.Bottom):
		p.step(len(lines), items, len(lines))
	case key.Matches(msg, k.Stage):
		return send(openDialogMsg{d: newStageDialog(p.c, []int64{p.d.asset.ID})})
	case key.Matches(msg, k.EditMapping) && p.currentMapping() != nil:
		return p.editMapping(*p.currentMapping())
	case key.Matches(msg, k.Edit):
		a := p.d.asset
		return send(openDialogMsg{d: newAssetForm(p.c, &a, nil)})
	case key.Matches(msg, k.AddMapping):
		return send(openDialogMsg{d: newMappingForm(p.c, p.d.asset)})
	case key.Matches(msg, k.Sanitize):
		return send(openDialogMsg{d: newSanitizationForm(p.c, p.d.asset, p.d.sanitization, inventory.DateOf(p.c.now))})
	case key.Matches(msg, k.Owner) && p.d.asset.Owner != "":
		return send(openDialogMsg{d: newOwnerDialog(p.c, p.d.asset.Owner)})
	case key.Matches(msg, k.Check) && p.c.opts.Check != nil:
		return send(startCheckMsg{ids: []int64{p.d.asset.ID}})
	case key.Matches(msg, k.Tick) && p.tab == tabChecklist:
		if it := p.currentItem(); it != nil {
			return p.tick(*it)
		}
	case key.Matches(msg, k.Untick) && p.tab == tabChecklist:
		if it := p.currentItem(); it != nil {
			return p.untick(*it)
		}
	case key.Matches(msg, k.CloseMap) && p.tab == tabMappings:
		if m := p.currentMapping(); m != nil && m.Open() {
			return send(openDialogMsg{d: newCloseMappingDialog(p.c, p.d.asset, *m)})
		}
	}
	p.keepVisible(lines)
	return nil
}

func (p *detailPage) setTab(t detailTab) {
	p.tab, p.cursor, p.offset = t, 0, 0
}

// step moves the cursor over items, or scrolls when the tab has none.
func (p *detailPage) step(delta, items, lines int) {
	if items > 0 {
		p.cursor = max(min(p.cursor+delta, items-1), 0)
		return
	}
	p.offset = max(min(p.offset+delta, lines-p.bodyHeight()), 0)
}

func (p *detailPage) clamp() {
	lines := p.lines()
	if n := itemCount(lines); p.cursor >= n {
		p.cursor = max(n-1, 0)
	}
	p.offset = max(min(p.offset, len(lines)-p.bodyHeight()), 0)
}

// keepVisible scrolls so the selected item is on screen.
func (p *detailPage) keepVisible(lines []detailLine) {
	for i, l := range lines {
		if l.item == p.cursor && l.item >= 0 {
			if i < p.offset {
				p.offset = i
			}
			if i >= p.offset+p.bodyHeight() {
				p.offset = i - p.bodyHeight() + 1
			}
			return
		}
	}
}

func (p *detailPage) updateMouse(msg tea.MouseMsg) tea.Cmd {
	if p.d == nil || msg.Action != tea.MouseActionPress {
		return nil
	}
	lines := p.lines()
	switch msg.Button {
	case tea.MouseButtonWheelUp:
		p.offset = max(p.offset-3, 0)
	case tea.MouseButtonWheelDown:
		p.offset = max(min(p.offset+3, len(lines)-p.bodyHeight()), 0)
	case tea.MouseButtonLeft:
		if msg.Y == 1 {
			if t, ok := p.tabAt(msg.X); ok {
				p.setTab(t)
			}
			return nil
		}
		i := p.offset + msg.Y - detailChrome
		if i >= 0 && i < len(lines) && lines[i].item >= 0 {
			p.cursor = lines[i].item
		}
	}
	return nil
}

// Lines above the tab's content: the title and the tab bar.
const detailChrome = 2

func (p *detailPage) bodyHeight() int { return max(p.height-detailChrome, 1) }

func (p *detailPage) tabAt(x int) (detailTab, bool) {
	pos := 0
	for i, t := range detailTabTitles {
		w := ansi.StringWidth(t) + 2
		if x >= pos && x < pos+w {
			return detailTab(i), true
		}
		pos += w
	}
	return 0, false
}

func (p *detailPage) currentItem() *inventory.ChecklistItem {
	if p.d == nil || p.tab != tabChecklist || p.cursor >= len(p.d.checklist) {
		return nil
	}
	return &p.d.checklist[p.cursor]
}

func (p *detailPage) currentMapping() *inventory.PortMapping {
	if p.d == nil || p.tab != tabMappings || p.cursor >= len(p.d.mappings) {
		return nil
	}
	return &p.d.mappings[p.cursor]
}

func (p *detailPage) View() string {
	st := p.c.styles
	if p.d == nil {
		if p.err != nil {
			return st.StatusError.Render(ansi.Truncate("could not load the asset: "+errText(p.err), p.width, "…"))
		}
		return st.Muted.Render("Loading…")
	}
	a := p.d.asset
	title := st.Title.Render(safe.Text(a.Ref())) + "  " + safe.Text(a.Hostname) + "  " +
		st.stageStyle(a.Stage).Render(string(a.Stage)) + "  " + safe.Text(string(a.Kind))
	var tabs strings.Builder
	for i, t := range detailTabTitles {
		if detailTab(i) == p.tab {
			tabs.WriteString(st.TabActive.Render(t))
		} else {
			tabs.WriteString(st.Tab.Render(t))
		}
	}
	out := []string{ansi.Truncate(title, p.width, "…"), ansi.Truncate(tabs.String(), p.width, "…")}
	lines := p.lines()
	items := itemCount(lines)
	for i := p.offset; i < len(lines) && i < p.offset+p.bodyHeight(); i++ {
		l := lines[i]
		// Tabs with items mark the selected one, also without colour.
		mark := ""
		if items > 0 {
			mark = "  "
			if l.item >= 0 && l.item == p.cursor {
				mark = "› "
			}
		}
		text := ansi.Truncate(mark+l.text, p.width, "…")
		if l.item >= 0 && l.item == p.cursor {
			text = st.TableCursor.Render(fit(ansi.Strip(text), p.width))
		}
		out = append(out, text)
	}
	return strings.Join(out, "\n")
}

// editMapping opens the form that edits an open mapping, or says why a
// closed one stays as it is.
func (p *detailPage) editMapping(m inventory.PortMapping) tea.Cmd {
	if !m.Open() {
		return statusf(true, "port mapping #"+itoa(int(m.ID))+" is closed and stays as it was; m adds a new one")
	}
	return send(openDialogMsg{d: newEditMappingForm(p.c, p.d.asset, m)})
}

// tick opens the dialog that ticks a checklist item, or says why it
// cannot be ticked by hand.
func (p *detailPage) tick(it inventory.ChecklistItem) tea.Cmd {
	switch {
	case it.Done:
		return statusf(false, safe.Text(it.Title)+" is already done; "+p.c.keys.Untick.Help().Key+" reopens it")
	case it.Verify == inventory.VerifyScanDark:
		return statusf(true, "this item is ticked by a check that finds the device dark, not by hand")
	case it.Verify == inventory.VerifyMappingClosed:
		return statusf(true, "this item is ticked by a check that finds the mapping closed, not by hand")
	case it.ID == lifecycle.ItemSanitizeMedia:
		// The move to disposed asks for the record, not for free text:
		// the record ticks the item.
		return send(openDialogMsg{d: newSanitizationForm(p.c, p.d.asset, p.d.sanitization, inventory.DateOf(p.c.now))})
	}
	return send(openDialogMsg{d: newTickDialog(p.c, p.d.asset, it)})
}

// untick opens the dialog that reopens a done item.
func (p *detailPage) untick(it inventory.ChecklistItem) tea.Cmd {
	if !it.Done {
		return statusf(false, safe.Text(it.Title)+" is not done")
	}
	return send(openDialogMsg{d: newUntickDialog(p.c, p.d.asset, it)})
}

// canTick reports whether the selected checklist item is ticked by hand.
func (p *detailPage) canTick() bool {
	it := p.currentItem()
	return it != nil && !it.Done && (it.Verify == inventory.VerifyNone || it.Verify == inventory.VerifyEvidence)
}

// canUntick reports whether the selected checklist item may be reopened.
func (p *detailPage) canUntick() bool {
	it := p.currentItem()
	return it != nil && it.Done
}

func (p *detailPage) ShortHelp() []key.Binding {
	k := p.c.keys
	b := []key.Binding{withHelp(k.Left, "←/→", "section")}
	switch p.tab {
	case tabChecklist:
		if p.canTick() {
			b = append(b, k.Tick)
		}
		if p.canUntick() {
			b = append(b, k.Untick)
		}
	case tabMappings:
		b = append(b, k.AddMapping)
		if m := p.currentMapping(); m != nil && m.Open() {
			b = append(b, k.EditMapping, k.CloseMap)
		}
	}
	b = append(b, k.Stage)
	return b
}

func (p *detailPage) FullHelp() [][]key.Binding {
	k := p.c.keys
	move := []key.Binding{withHelp(k.Left, "←/h", "previous section"), withHelp(k.Right, "→/l", "next section"),
		k.Up, k.Down, k.PageUp, k.PageDown, k.Top, k.Bottom}
	if p.d == nil {
		return [][]key.Binding{move}
	}
	act := []key.Binding{k.Stage}
	// On a mapping, e edits the mapping rather than the asset.
	if p.currentMapping() == nil {
		act = append(act, k.Edit)
	}
	act = append(act, k.AddMapping, k.Sanitize)
	if p.d.asset.Owner != "" {
		act = append(act, k.Owner)
	}
	switch p.tab {
	case tabChecklist:
		if p.canTick() {
			act = append(act, k.Tick)
		}
		if p.canUntick() {
			act = append(act, k.Untick)
		}
	case tabMappings:
		if m := p.currentMapping(); m != nil && m.Open() {
			act = append(act, k.EditMapping, k.CloseMap)
		}
	}
	if p.c.opts.Check != nil {
		act = append(act, withHelp(k.Check, "c", "check this asset"))
	}
	return [][]key.Binding{move, act}
}
