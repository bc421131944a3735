package tui

import (
	"cmp"
	"context"
	"slices"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/sunset-tui/sunset/inventory"
	"github.com/sunset-tui/sunset/lifecycle"
	"github.com/sunset-tui/sunset/lifecycle/service"
	"github.com/sunset-tui/sunset/tui/safe"
)

// deriveInput is what the derive step starts from.
type deriveInput struct {
	policy inventory.Policy
	// named is the snapshot whose rows name the assets of the findings and
	// reminders, once every row is in. Its rows' texts and its index no
	// longer change, so the derive step may read them from its goroutine.
	// Without it the step reads the rows itself from the assets it judges,
	// about total of them: one read of the inventory gives the list and
	// what lifecycle says of it.
	named *snapshot
	total int
}

// derivedMsg delivers the derive step of the load with the same task.
type derivedMsg struct {
	task taskID
	d    derived
	err  error
}

// deriveCmd runs the derive step until it is done or ctx ends.
func deriveCmd(ctx context.Context, c *common, task taskID, in deriveInput) tea.Cmd {
	log := c.log
	return func() tea.Msg {
		start := time.Now()
		d, err := derive(ctx, c, in)
		switch {
		case ctx.Err() != nil:
			log.Debug("derive stopped: a newer load made it stale")
		case err != nil:
			log.Error("derive findings", "err", err)
		default:
			log.Debug("findings derived", "findings", len(d.findings), "reminders", len(d.reminders), "took", time.Since(start))
		}
		return derivedMsg{task: task, d: d, err: err}
	}
}

// derived is what lifecycle says of the whole inventory, as the screens
// show it: findings worst first, then by when they began; reminders by
// date; unknown devices worst first.
type derived struct {
	findings  []findingView
	reminders []reminderView
	unknowns  []unknownView
	// phrases holds the texts of the findings and reminders.
	phrases phrases
	// acknowledged counts the findings acknowledgements hide.
	acknowledged int
	// rows holds every row, in the list's order, and latest the check
	// recorded last, when the step read the rows itself.
	rows   *snapshot
	latest latestCheck
}

// derive asks the service for the findings, reminders and unknown devices
// of the whole inventory: the same judgement the command line prints. The
// service hands them over a chunk of assets at a time, and each is kept
// compactly as it comes. It runs inside a tea.Cmd.
func derive(ctx context.Context, c *common, in deriveInput) (derived, error) {
	d := deriving{c: c, snap: in.named, phrases: newPhrases()}
	if d.snap == nil {
		d.rows = &snapshot{rows: make([]assetRow, 0, in.total), common: newCommonValues(), index: newRowIndex(in.total)}
		d.snap = d.rows
	}
	err := c.svc.Each(ctx, service.Judging{Findings: true, Reminders: true, Within: reminderWindow(in.policy)}, d.add)
	if err != nil {
		return derived{}, err
	}
	out := d.done()
	if d.rows != nil {
		d.rows.sortRows()
		out.rows = d.rows
		l := &out.latest
		l.check, l.seen, l.ok, err = c.svc.LatestCheck(ctx)
	}
	return out, err
}

// deriving gathers what the service says, one part at a time.
type deriving struct {
	c *common
	// snap names the assets; it is rows when the step reads the rows.
	snap         *snapshot
	rows         *snapshot
	phrases      phrases
	findings     [][]findingView
	reminders    [][]reminderView
	unknowns     []unknownView
	acknowledged int
}

func (d *deriving) add(p service.Part) error {
	if d.rows != nil && len(p.Assets) > 0 {
		summaries := make([]inventory.AssetSummary, len(p.Assets))
		for i := range p.Assets {
			summaries[i] = inventory.SummaryOf(&p.Assets[i])
		}
		d.rows.addRows(newRowPage(summaries))
	}
	d.acknowledged += len(p.Acknowledged)
	findings := make([]findingView, len(p.Findings))
	for i := range p.Findings {
		f := &p.Findings[i]
		names, address := d.names(f.AssetID, f.Asset), safe.Text(f.Address)
		findings[i] = findingView{assetID: f.AssetID, mappingID: f.MappingID, since: f.Since, names: names, address: address,
			kind: string(f.Kind), severity: severityRank(string(f.Severity)),
			summary: d.phrases.add(d.c.advise(f.Summary, f.Steps), names, address)}
	}
	reminders := make([]reminderView, len(p.Reminders))
	for i := range p.Reminders {
		rm := &p.Reminders[i]
		names := d.names(rm.AssetID, rm.Asset)
		reminders[i] = reminderView{assetID: rm.AssetID, names: names, kind: string(rm.Kind), due: packDate(rm.Date),
			what: d.phrases.add(d.c.advise(rm.Action, rm.Steps), names, "")}
	}
	d.findings = append(d.findings, findings)
	d.reminders = append(d.reminders, reminders)
	for _, u := range p.Unknowns {
		d.unknowns = append(d.unknowns, unknownView{device: u})
	}
	return nil
}

// names returns the names of the asset with id and ref, as lifecycle gave
// them: those of its row when the row has that ref, else the ref alone.
func (d *deriving) names(id int64, ref string) assetNames {
	if id == 0 {
		return ""
	}
	ref = safe.Text(ref)
	if r := d.snap.row(id); r != nil && r.ref() == ref {
		return namesOf(r, ref)
	}
	return namesOf(nil, ref)
}

// done joins the parts and orders the views as the screens show them.
// What compares equal stays in the order the service gave it.
func (d *deriving) done() derived {
	out := derived{findings: slices.Concat(d.findings...), reminders: slices.Concat(d.reminders...),
		unknowns: d.unknowns, phrases: d.phrases, acknowledged: d.acknowledged}
	out.phrases.numbers = nil // no more patterns come
	fs := out.findings
	reorder(fs, sortedOrder(len(fs), func(a, b int) int { return compareFindings(&fs[a], &fs[b]) }))
	rs := out.reminders
	reorder(rs, sortedOrder(len(rs), func(a, b int) int { return compareReminders(&rs[a], &rs[b]) }))
	slices.SortStableFunc(out.unknowns, func(a, b unknownView) int {
		return cmp.Compare(b.device.Finding.Severity.Rank(), a.device.Finding.Severity.Rank())
	})
	return out
}

// compareFindings orders findings worst first, then by when they began,
// then as lifecycle does: by asset, kind and address.
func compareFindings(a, b *findingView) int {
	if c := cmp.Compare(b.severity, a.severity); c != 0 {
		return c
	}
	if c := a.since.Compare(b.since); c != 0 {
		return c
	}
	if c := cmp.Compare(a.asset(), b.asset()); c != 0 {
		return c
	}
	if c := cmp.Compare(a.kind, b.kind); c != 0 {
		return c
	}
	return lifecycle.CompareAddress(a.address, b.address)
}

// compareReminders orders reminders by date, then as lifecycle does: by
// asset and kind.
func compareReminders(a, b *reminderView) int {
	if c := cmp.Compare(a.due, b.due); c != 0 {
		return c
	}
	if c := cmp.Compare(a.asset(), b.asset()); c != 0 {
		return c
	}
	return cmp.Compare(a.kind, b.kind)
}

// sortedOrder returns 0..n-1 ordered by compare, ties by number.
func sortedOrder(n int, compare func(a, b int) int) []int32 {
	order := make([]int32, n)
	for i := range order {
		order[i] = int32(i)
	}
	slices.SortFunc(order, func(a, b int32) int {
		if c := compare(int(a), int(b)); c != 0 {
			return c
		}
		return cmp.Compare(a, b)
	})
	return order
}

// reorder moves each vs[order[i]] to vs[i], in place, one cycle of the
// permutation at a time; it uses order up.
func reorder[T any](vs []T, order []int32) {
	for i := range order {
		if order[i] < 0 {
			continue
		}
		first, j := vs[i], i
		for {
			k := int(order[j])
			order[j] = -1
			if k == i {
				vs[j] = first
				break
			}
			vs[j], j = vs[k], k
		}
	}
}

// reminderWindow is how far ahead reminders are listed: the policy's
// longest remind.before.
func reminderWindow(p inventory.Policy) inventory.Duration {
	w := 30 * inventory.Day
	for _, d := range p.RemindBefore {
		w = max(w, d)
	}
	return w
}
