package tui

import (
	"cmp"
	"strings"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/ansi"
)

// findingsPage lists open findings, worst first; a filter narrows them,
// a column orders them, and the selected ones are acted on at once:
// their assets moved to another stage or checked, the unknown devices
// among them dismissed with one reason. Landing here from the dashboard
// narrows the list to one severity.
type findingsPage struct {
	c        *common
	snap     *snapshot
	severity string
	// items are the findings as the page last took them from its
	// snapshot: the snapshot gets its own when they are derived, and the
	// selection is carried over from these by id.
	items []findingView
	pick  pickList
	// whoWidth is the width of the asset column, sized to the names.
	whoWidth int
	width    int
	height   int
}

func newFindingsPage(c *common) *findingsPage {
	p := &findingsPage{c: c, whoWidth: 14}
	p.pick = newPickList(c, p, "filter: words, severity:high kind:zombie asset:SRV ip:192.0.2.")
	return p
}

func (p *findingsPage) capturesKeys() bool { return p.pick.filter.Focused() }

func (p *findingsPage) SetSize(w, h int) {
	p.width, p.height = w, h
	p.pick.setSize(w, h-1-previewLines)
}

func (p *findingsPage) setSnapshot(s *snapshot) {
	ids := p.pick.selectedIDs()
	p.snap, p.items = s, s.findings
	p.whoWidth = 14
	for i := range s.findings {
		p.whoWidth = max(p.whoWidth, min(ansi.StringWidth(s.findings[i].who())+1, 25))
	}
	p.pick.reselect(ids)
	p.pick.refresh()
}

func (p *findingsPage) setSeverity(sev string) {
	p.severity = sev
	p.pick.list.cursor = 0
	p.pick.refresh()
}

// The pickSource of the findings.

func (p *findingsPage) count() int {
	return len(p.items)
}

func (p *findingsPage) finding(i int) *findingView { return &p.items[i] }

func (p *findingsPage) columns() []pickColumn {
	fs := p.items
	return []pickColumn{
		// Snapshot order: worst first, then by when they began.
		{title: "SEVERITY", width: 10},
		{title: "KIND", width: 16, order: func(a, b int) int { return cmp.Compare(fs[a].kind, fs[b].kind) }},
		{title: "ASSET", width: p.whoWidth, order: func(a, b int) int { return compareNames(fs[a].who(), fs[b].who()) }},
		{title: "SINCE", width: 11, order: func(a, b int) int { return fs[a].since.Compare(fs[b].since) }},
		{title: "SUMMARY"},
	}
}

func (p *findingsPage) cell(i, col int) string {
	f := p.finding(i)
	switch col {
	case 0:
		return f.severityName()
	case 1:
		return f.kind
	case 2:
		return f.who()
	case 3:
		if f.since.IsZero() {
			return ""
		}
		return f.since.In(p.c.now.Location()).Format("2006-01-02")
	}
	return p.snap.summaryOf(f)
}

func (p *findingsPage) style(i, col int, cell string) string {
	if col == 0 {
		return p.c.styles.severityStyle(p.finding(i).severityName()).Render(cell)
	}
	return cell
}

func (p *findingsPage) id(i int) string {
	f := p.finding(i)
	return f.kind + "\x00" + itoa(int(f.assetID)) + "\x00" + f.address
}

// findingFields are the filter keys of the findings.
var findingFields = []string{"severity", "kind", "asset", "ip"}

func (p *findingsPage) filter(text string) (func(i int) bool, string) {
	words, problem := splitFilter(text, findingFields)
	if p.snap == nil {
		return nil, problem
	}
	s := p.snap
	// A plain word matches the text of a finding: its pattern (the same
	// for many findings) is looked at once, then its names and address.
	inPattern := make([][]bool, len(words))
	for k, w := range words {
		if w.field == "" {
			inPattern[k] = make([]bool, len(s.phrases.patterns))
			for n, pat := range s.phrases.patterns {
				inPattern[k][n] = strings.Contains(strings.ToLower(pat), w.value)
			}
		}
	}
	return func(i int) bool {
		f := &p.items[i]
		if p.severity != "" && f.severityName() != p.severity {
			return false
		}
		for k, w := range words {
			var ok bool
			switch w.field {
			case "severity":
				ok = strings.HasPrefix(f.severityName(), w.value)
			case "kind":
				ok = strings.HasPrefix(f.kind, w.value)
			case "asset":
				ok = containsFold(f.who(), w.value)
			case "ip":
				ok = strings.Contains(f.address, w.value)
			default:
				ok = inPattern[k][f.summary] || containsFold(string(f.names), w.value) ||
					strings.Contains(f.address, w.value) || strings.Contains(f.kind, w.value)
			}
			if ok == w.neg {
				return false
			}
		}
		return true
	}, problem
}

func (p *findingsPage) Update(msg tea.Msg) tea.Cmd {
	k := p.c.keys
	if km, ok := msg.(tea.KeyMsg); ok && !p.pick.filter.Focused() {
		switch {
		case key.Matches(km, k.ClearFilter) && p.pick.filter.Value() == "" && p.severity != "":
			p.setSeverity("")
			return nil
		case key.Matches(km, k.Stage):
			if ids := p.chosenAssets(); len(ids) > 0 {
				return send(openDialogMsg{d: newStageDialog(p.c, ids)})
			}
			return statusf(true, "none of these findings is about an asset in the inventory")
		case key.Matches(km, k.Check) && p.c.opts.Check != nil:
			if ids := p.chosenAssets(); len(ids) > 0 {
				return send(startCheckMsg{ids: ids})
			}
		case key.Matches(km, k.Dismiss):
			return p.dismiss()
		case key.Matches(km, k.Acknowledge):
			return p.acknowledge()
		case key.Matches(km, k.ShowAcks):
			return send(openDialogMsg{d: newAcksDialog(p.c)})
		}
	}
	if mm, ok := msg.(tea.MouseMsg); ok {
		mm.Y-- // the heading
		msg = mm
	}
	activated, _, cmd := p.pick.update(msg)
	if activated && p.snap != nil {
		if i := p.pick.current(); i >= 0 {
			if f := p.finding(i); f.assetID != 0 {
				return send(openAssetMsg{id: f.assetID})
			}
			return send(navigateMsg{to: screenUnknown})
		}
	}
	return cmd
}

// chosenAssets are the assets of the chosen findings, each once.
func (p *findingsPage) chosenAssets() []int64 {
	var ids []int64
	seen := map[int64]bool{}
	for _, i := range p.pick.chosen() {
		if id := p.finding(i).assetID; id != 0 && !seen[id] {
			seen[id] = true
			ids = append(ids, id)
		}
	}
	return ids
}

// dismiss asks for the one reason to dismiss the unknown devices among the
// chosen findings.
func (p *findingsPage) dismiss() tea.Cmd {
	var addrs []string
	for _, i := range p.pick.chosen() {
		if f := p.finding(i); f.assetID == 0 && f.kind == "unknown" {
			addrs = append(addrs, f.address)
		}
	}
	if len(addrs) == 0 {
		return statusf(true, "only unknown devices can be dismissed; a finding about an asset goes when what it says is fixed")
	}
	return send(openDialogMsg{d: newBulkDismissDialog(p.c, addrs)})
}

// acknowledge asks for the one reason and expiry with which to
// acknowledge the chosen findings.
func (p *findingsPage) acknowledge() tea.Cmd {
	chosen := p.pick.chosen()
	if len(chosen) == 0 {
		return nil
	}
	keys := make([]string, len(chosen))
	for n, i := range chosen {
		keys[n] = p.finding(i).key()
	}
	return send(openDialogMsg{d: newAckDialog(p.c, keys)})
}

func (p *findingsPage) View() string {
	st := p.c.styles
	head := "Findings, worst first"
	if p.severity != "" {
		head = "Findings: " + p.severity + " only (esc shows all)"
	}
	if p.snap == nil || !p.snap.judged() {
		return st.Heading.Render(head) + "\n" + st.Muted.Render("Working out the findings…")
	}
	if len(p.snap.findings) == 0 {
		return st.Heading.Render(head) + "\n" + st.Muted.Render("No open findings.")
	}
	counts := " · " + p.pick.counts()
	if n := p.snap.acknowledged; n > 0 {
		counts += " · " + thousands(n) + " acknowledged hidden (v)"
	}
	out := ansi.Truncate(st.Heading.Render(head)+st.Muted.Render(counts), p.width, "…") + "\n" +
		fitBlock(p.pick.render(), p.width, max(p.height-1-previewLines, 1))
	if i := p.pick.current(); i >= 0 {
		f := p.finding(i)
		text := p.snap.summaryOf(f)
		if !f.since.IsZero() {
			text += " (since " + f.since.In(p.c.now.Location()).Format("2006-01-02 15:04") + ")"
		}
		out += "\n" + preview(st, text, p.width)
	}
	return out
}

func (p *findingsPage) ShortHelp() []key.Binding {
	k := p.c.keys
	if p.pick.filter.Focused() {
		return p.pick.helpKeys()
	}
	b := []key.Binding{withHelp(k.Open, "enter", "open"), k.Filter, k.Select, withHelp(k.Acknowledge, "a", "acknowledge"),
		withHelp(k.Stage, "t", "stage of assets")}
	if p.severity != "" {
		b = append(b, withHelp(k.ClearFilter, "esc", "all severities"))
	}
	return b
}

func (p *findingsPage) FullHelp() [][]key.Binding {
	k := p.c.keys
	if p.pick.filter.Focused() {
		return [][]key.Binding{p.pick.helpKeys()}
	}
	act := []key.Binding{withHelp(k.Open, "enter", "open the asset"), withHelp(k.Stage, "t", "change the stage of their assets"),
		withHelp(k.Dismiss, "d", "dismiss the unknown devices"), withHelp(k.Acknowledge, "a", "acknowledge: accept the risk until a date"),
		withHelp(k.ShowAcks, "v", "acknowledged findings: see, withdraw")}
	if p.c.opts.Check != nil {
		act = append(act, withHelp(k.Check, "c", "check their assets"))
	}
	if p.severity != "" {
		act = append(act, withHelp(k.ClearFilter, "esc", "all severities"))
	}
	return [][]key.Binding{p.pick.list.navHelp(), p.pick.helpKeys(), act}
}

// compareNames orders names as people read them, ignoring the case of
// ASCII letters.
func compareNames(a, b string) int {
	for i := 0; i < len(a) && i < len(b); i++ {
		ca, cb := a[i], b[i]
		if 'A' <= ca && ca <= 'Z' {
			ca += 'a' - 'A'
		}
		if 'A' <= cb && cb <= 'Z' {
			cb += 'a' - 'A'
		}
		if ca != cb {
			return cmp.Compare(ca, cb)
		}
	}
	return cmp.Compare(len(a), len(b))
}
