package tui

import (
	"context"
	"slices"
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
	rev  int64
	rows []assetRow
	byID map[int64]int32
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
	policy    inventory.Policy
	loadedAt  time.Time
	// derived is true once findings, reminders and unknowns are in;
	// carried when those of the snapshot before are shown meanwhile.
	derived, carried bool
	// input keeps what the derive step needs until it ran.
	input *deriveInput
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
	if i, ok := s.byID[id]; ok {
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
	checks, err := store.Checks(ctx, 1)
	if err != nil {
		return nil, first, err
	}
	counts, err := store.StageCounts(ctx, inventory.AssetFilter{})
	if err != nil {
		return nil, first, err
	}
	s := &snapshot{rev: rev, byID: map[int64]int32{}, stageCounts: make([]int, len(inventory.Stages)),
		policy: policy, loadedAt: now}
	for i, st := range inventory.Stages {
		s.stageCounts[i] = counts[st]
	}
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
	msg.rows = make([]assetRow, len(ss))
	for i := range ss {
		msg.rows[i] = newAssetRow(&ss[i])
	}
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
func (s *snapshot) addRows(rows []assetRow) {
	if s.rows == nil {
		s.rows = make([]assetRow, 0, max(s.total(), len(rows)))
	}
	for i := range rows {
		s.byID[rows[i].id] = int32(len(s.rows) + i)
	}
	s.rows = append(s.rows, rows...)
}

// finish marks every row in: the stage counts become the rows' own, the
// latest check's observations are applied, and the derive step gets the
// list of assets to judge.
func (s *snapshot) finish(latest latestCheck) {
	s.complete = true
	clear(s.stageCounts)
	for i := range s.rows {
		if k := stageRank(s.rows[i].stage); k < len(s.stageCounts) {
			s.stageCounts[k]++
		}
	}
	s.input = &deriveInput{policy: s.policy}
	s.applyCheck(latest)
}

// setDerived adds what lifecycle derived: the findings badge of each row,
// findings by severity and reminders by date.
func (s *snapshot) setDerived(d derived) {
	s.findings, s.reminders, s.unknowns = d.findings, d.reminders, d.unknowns
	s.derived, s.input = true, nil
	s.applyFindings()
}

// applyCheck records per row what the latest check saw, and summarises it.
func (s *snapshot) applyCheck(latest latestCheck) {
	if !latest.ok {
		return
	}
	s.lastCheck = &checkSummary{check: latest.check}
	for id, state := range latest.seen {
		i, ok := s.byID[id]
		if !ok {
			continue
		}
		s.rows[i].lastCheck = map[inventory.Liveness]checkState{inventory.Answered: checkAnswered,
			inventory.Dark: checkDark, inventory.Unknown: checkUnknown}[state]
	}
	sum := s.lastCheck
	sum.counted = true
	for i := range s.rows {
		r := &s.rows[i]
		if r.stage != inventory.StageActive {
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

// applyFindings counts each asset's findings for the badge, and orders
// findings by severity and reminders by date.
func (s *snapshot) applyFindings() {
	// Counts carried over from the previous snapshot are replaced, not
	// added to.
	for i := range s.rows {
		s.rows[i].findings, s.rows[i].worst = 0, 0
	}
	for _, f := range s.findings {
		if r := s.row(f.assetID); r != nil {
			r.findings++
			if rank := severityRank(f.severity); rank > r.worst {
				r.worst = rank
			}
		}
	}
	slices.SortStableFunc(s.findings, func(a, b findingView) int {
		if d := int(severityRank(b.severity)) - int(severityRank(a.severity)); d != 0 {
			return d
		}
		return a.since.Compare(b.since)
	})
	slices.SortStableFunc(s.reminders, func(a, b reminderView) int { return a.due.Time().Compare(b.due.Time()) })
}

// findingsBySeverity counts findings per severity, indexed like severities.
func (s *snapshot) findingsBySeverity() []int {
	out := make([]int, len(severities))
	for _, f := range s.findings {
		if r := severityRank(f.severity); r > 0 {
			out[r-1]++
		}
	}
	return out
}

// carryDerived shows prev's findings, reminders and unknowns until this
// snapshot's own are derived; badges carry over by asset id.
func (s *snapshot) carryDerived(prev *snapshot) {
	s.findings, s.reminders, s.unknowns = prev.findings, prev.reminders, prev.unknowns
	s.carried = true
	for i := range s.rows {
		if r := prev.row(s.rows[i].id); r != nil {
			s.rows[i].findings, s.rows[i].worst = r.findings, r.worst
		}
	}
}
