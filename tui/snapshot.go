package tui

import (
	"cmp"
	"context"
	"slices"
	"strings"
	"time"

	"github.com/sunset-tui/sunset/inventory"
	"github.com/sunset-tui/sunset/lifecycle/service"
)

// snapshot is everything the list screens and the dashboard show. It is
// read from the store in steps, each a tea.Cmd whose result Update adds:
// first the stage counts, the last check and the first page of assets,
// enough for the first screen; then the rest of the assets a large page
// at a time; then what lifecycle derives from them (findings, reminders,
// unknown devices).
type snapshot struct {
	rev   int64
	rows  []assetRow
	index rowIndex
	// common numbers the search values rows share.
	common commonValues
	// widths is the widest value of each display field of the rows.
	widths rowWidths
	// shown is the complete snapshot on show while this one loads: the
	// rows that did not change share their texts with it (shareTexts).
	shown *snapshot
	// stageCounts is indexed like inventory.Stages: the store's counts
	// until every row is in, then the rows' own.
	stageCounts []int
	// complete is set once every row is in; until then rows holds the
	// first pages of the list only.
	complete bool
	// failed is set when reading the rest of the rows failed.
	failed    bool
	lastCheck *checkSummary
	findings  []findingView
	reminders []reminderView
	unknowns  []unknownView
	// phrases holds the texts of the findings and reminders.
	phrases phrases
	// bySeverity counts findings per severity, indexed like severities.
	bySeverity []int
	// acknowledged counts the findings acknowledgements hide.
	acknowledged int
	policy       inventory.Policy
	// policyValues is the policy's text, key by key, defaults included.
	policyValues map[string]string
	// guide is the guided path as it stands at this load.
	guide    []string
	loadedAt time.Time
	// derived is true once findings, reminders and unknowns are in;
	// carried when those of the snapshot before are shown meanwhile.
	derived, carried bool
}

// checkSummary describes the most recent check for the dashboard.
type checkSummary struct {
	check inventory.Check
	// counted is set once every row is in and the numbers below are
	// known. activeTotal counts active assets; activeCovered those the
	// check covered; activeAnswered those that answered.
	counted                                    bool
	activeTotal, activeCovered, activeAnswered int
}

// row returns the row of an asset, or nil.
func (s *snapshot) row(id int64) *assetRow {
	if s == nil {
		return nil
	}
	if i, ok := s.index.get(id); ok {
		return &s.rows[i]
	}
	return nil
}

// total is the number of assets: the store's count until every row is in.
func (s *snapshot) total() int {
	n := 0
	for _, c := range s.stageCounts {
		n += c
	}
	return max(n, len(s.rows))
}

// judged reports whether findings, reminders and unknown devices are
// known, derived for this snapshot or carried over from the one before.
func (s *snapshot) judged() bool { return s.derived || s.carried }

// loadHead reads what the first screen needs: the revision, the policy,
// the latest check, the stage counts and the first page of assets. It
// runs inside a tea.Cmd, never in Update.
func loadHead(ctx context.Context, svc *service.Service, now time.Time, limit int) (*snapshot, rowsMsg, error) {
	var first rowsMsg
	store := svc.Store()
	rev, err := store.Revision(ctx)
	if err != nil {
		return nil, first, err
	}
	policy, err := store.Policy(ctx)
	if err != nil {
		return nil, first, err
	}
	values, err := store.PolicyValues(ctx)
	if err != nil {
		return nil, first, err
	}
	checks, err := store.Checks(ctx, 1)
	if err != nil {
		return nil, first, err
	}
	counts, err := store.StageCounts(ctx, inventory.AssetFilter{})
	if err != nil {
		return nil, first, err
	}
	s := &snapshot{rev: rev, common: newCommonValues(), stageCounts: make([]int, len(inventory.Stages)),
		policy: policy, policyValues: values, loadedAt: now}
	for i, st := range inventory.Stages {
		s.stageCounts[i] = counts[st]
	}
	s.index = newRowIndex(s.total())
	if len(checks) > 0 {
		s.lastCheck = &checkSummary{check: checks[0]}
	}
	first, err = loadRows(ctx, svc, inventory.Page{Limit: limit})
	return s, first, err
}

// latestCheck is the check recorded last and what it saw of each asset
// (lifecycle.SeenIn): the rows' check column and the dashboard.
type latestCheck struct {
	check inventory.Check
	seen  map[int64]inventory.Liveness
	ok    bool
}

// loadRows reads one page of assets as rows. After the last page it
// also reads the latest check.
func loadRows(ctx context.Context, svc *service.Service, page inventory.Page) (rowsMsg, error) {
	var msg rowsMsg
	ss, err := svc.Store().AssetSummaries(ctx, inventory.AssetFilter{}, page)
	if err != nil {
		return msg, err
	}
	msg.page = newRowPage(ss)
	if len(ss) == page.Limit {
		last := ss[len(ss)-1]
		msg.next = inventory.Page{AfterTag: last.Tag, AfterID: last.ID, Limit: page.Limit}
		return msg, nil
	}
	msg.done = true
	l := &msg.latest
	l.check, l.seen, l.ok, err = svc.LatestCheck(ctx)
	return msg, err
}

// addRows appends a page of rows.
func (s *snapshot) addRows(page rowPage) {
	rows := page.rows
	if s.rows == nil {
		s.rows = make([]assetRow, 0, max(s.total(), len(rows)))
	}
	for i := range rows {
		rows[i].common = s.common.number(page.common[rows[i].common])
		s.index.put(rows[i].id, int32(len(s.rows)+i))
	}
	s.shareTexts(rows)
	s.rows = append(s.rows, rows...)
	s.widths.grow(page.widths)
}

// shareTexts points each row whose text did not change since the snapshot
// on show at that snapshot's text, so that a reload holds the texts of the
// inventory once, not twice. The texts that did change are then copied
// out of their page's string, which is no longer held.
func (s *snapshot) shareTexts(rows []assetRow) {
	if s.shown == nil {
		return
	}
	var changed []int
	for i := range rows {
		if old := s.shown.row(rows[i].id); old != nil && old.text == rows[i].text {
			rows[i].text = old.text
		} else {
			changed = append(changed, i)
		}
	}
	if len(changed) == len(rows) {
		return // nothing shared: the page's string holds only these texts
	}
	for _, i := range changed {
		rows[i].text = strings.Clone(rows[i].text)
	}
}

// finish marks every row in: the stage counts become the rows' own and
// the latest check's observations are applied.
func (s *snapshot) finish(latest latestCheck) {
	s.complete, s.shown = true, nil
	clear(s.stageCounts)
	for i := range s.rows {
		if k := int(s.rows[i].stage); k < len(s.stageCounts) {
			s.stageCounts[k]++
		}
	}
	s.applyCheck(latest)
}

// takeRows replaces the rows read so far with all of them, as the derive
// step read them.
func (s *snapshot) takeRows(all *snapshot) {
	s.rows, s.index, s.common, s.widths = all.rows, all.index, all.common, all.widths
}

// sortRows puts the rows in the list's order, by tag, then id, as the
// store lists them (and the TAG column sorts them), and moves each in the
// index to its new place.
func (s *snapshot) sortRows() {
	slices.SortFunc(s.rows, func(a, b assetRow) int {
		if c := strings.Compare(a.tag(), b.tag()); c != 0 {
			return c
		}
		return cmp.Compare(a.id, b.id)
	})
	for i := range s.rows {
		s.index.put(s.rows[i].id, int32(i))
	}
}

// setDerived adds what lifecycle derived: the findings badge of each row,
// findings by severity and reminders by date.
func (s *snapshot) setDerived(d derived) {
	s.findings, s.reminders, s.unknowns, s.phrases = d.findings, d.reminders, d.unknowns, d.phrases
	s.acknowledged = d.acknowledged
	s.derived = true
	s.applyFindings()
}

// applyCheck records per row what the latest check saw, and summarises it.
func (s *snapshot) applyCheck(latest latestCheck) {
	if !latest.ok {
		return
	}
	s.lastCheck = &checkSummary{check: latest.check}
	for id, state := range latest.seen {
		if r := s.row(id); r != nil {
			r.lastCheck = checkStateOf(state)
		}
	}
	sum := s.lastCheck
	sum.counted = true
	for i := range s.rows {
		r := &s.rows[i]
		if r.stageName() != inventory.StageActive {
			continue
		}
		sum.activeTotal++
		if r.lastCheck != checkNone {
			sum.activeCovered++
		}
		if r.lastCheck == checkAnswered {
			sum.activeAnswered++
		}
	}
}

// applyFindings counts each asset's findings for the badge, and the
// findings per severity.
func (s *snapshot) applyFindings() {
	// Counts carried over from the previous snapshot are replaced, not
	// added to.
	for i := range s.rows {
		s.rows[i].findings, s.rows[i].worst = 0, 0
	}
	s.bySeverity = make([]int, len(severities))
	for i := range s.findings {
		f := &s.findings[i]
		if f.severity > 0 {
			s.bySeverity[f.severity-1]++
		}
		if r := s.row(f.assetID); r != nil {
			r.findings++
			r.worst = max(r.worst, f.severity)
		}
	}
}

// summaryOf is what finding f says and advises.
func (s *snapshot) summaryOf(f *findingView) string {
	return s.phrases.text(f.summary, f.names, f.address)
}

// whatOf is what falls due with reminder r and what to do about it.
func (s *snapshot) whatOf(r *reminderView) string { return s.phrases.text(r.what, r.names, "") }

// findingsBySeverity counts findings per severity, indexed like
// severities.
func (s *snapshot) findingsBySeverity() []int {
	if s.bySeverity == nil {
		return make([]int, len(severities))
	}
	return s.bySeverity
}

// carryDerived shows prev's findings, reminders and unknowns until this
// snapshot's own are derived; badges carry over by asset id.
func (s *snapshot) carryDerived(prev *snapshot) {
	s.findings, s.reminders, s.unknowns, s.phrases = prev.findings, prev.reminders, prev.unknowns, prev.phrases
	s.bySeverity, s.acknowledged, s.carried = prev.bySeverity, prev.acknowledged, true
	for i := range s.rows {
		if r := prev.row(s.rows[i].id); r != nil {
			s.rows[i].findings, s.rows[i].worst = r.findings, r.worst
		}
	}
}
