package tui

import (
	"context"
	"slices"
	"time"

	"github.com/sunset-tui/sunset/inventory"
)

// snapshot is everything the list screens and the dashboard show. It is
// read from the store in two tea.Cmds: the assets and the last check
// first, so the screens fill as soon as possible, then what lifecycle
// derives from them (findings, reminders, unknown devices), which is added
// once in Update when it arrives.
type snapshot struct {
	rev  int64
	rows []assetRow
	byID map[int64]int32
	// stageCounts is indexed like inventory.Stages.
	stageCounts []int
	lastCheck   *checkSummary
	findings    []findingView
	reminders   []reminderView
	unknowns    []unknownView
	policy      inventory.Policy
	loadedAt    time.Time
	// derived is true once findings, reminders and unknowns are in.
	derived bool
	// input keeps what the derive step needs until it ran.
	input *deriveInput
}

// checkSummary describes the most recent check for the dashboard.
type checkSummary struct {
	check inventory.Check
	// activeTotal counts active assets; activeCovered those the check
	// covered; activeAnswered those that answered.
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

// loadSnapshot reads the assets and the latest check. It runs inside a
// tea.Cmd, never in Update. Assets are read one stage at a time and only
// their rows are kept, so a large inventory is never held whole.
func loadSnapshot(ctx context.Context, store inventory.Reader, now time.Time) (*snapshot, error) {
	rev, err := store.Revision(ctx)
	if err != nil {
		return nil, err
	}
	checks, err := store.Checks(ctx, 1)
	if err != nil {
		return nil, err
	}
	policy, err := store.Policy(ctx)
	if err != nil {
		return nil, err
	}
	var latest []inventory.Observation
	if len(checks) > 0 {
		latest, err = store.Observations(ctx, inventory.ObservationFilter{CheckID: checks[0].ID})
		if err != nil {
			return nil, err
		}
	}
	s := &snapshot{
		rev:         rev,
		byID:        map[int64]int32{},
		stageCounts: make([]int, len(inventory.Stages)),
		policy:      policy,
		loadedAt:    now,
		input:       &deriveInput{policy: policy, now: now},
	}
	err = eachStage(ctx, store, func(stage int, assets []inventory.Asset) error {
		s.stageCounts[stage] = len(assets)
		for i := range assets {
			s.byID[assets[i].ID] = int32(len(s.rows))
			s.rows = append(s.rows, newAssetRow(&assets[i]))
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	s.input.ids = make([]int64, len(s.rows))
	for i := range s.rows {
		s.input.ids[i] = s.rows[i].id
	}
	s.applyCheck(checks, latest)
	return s, nil
}

// eachStage reads the assets stage by stage.
func eachStage(ctx context.Context, store inventory.Reader, fn func(stage int, assets []inventory.Asset) error) error {
	for i, st := range inventory.Stages {
		assets, err := store.Assets(ctx, inventory.AssetFilter{Stages: []inventory.Stage{st}})
		if err != nil {
			return err
		}
		if err := fn(i, assets); err != nil {
			return err
		}
	}
	return nil
}

// setDerived adds what lifecycle derived: the findings badge of each row,
// findings by severity and reminders by date.
func (s *snapshot) setDerived(d derived) {
	s.findings, s.reminders, s.unknowns = d.findings, d.reminders, d.unknowns
	s.derived, s.input = true, nil
	s.applyFindings()
}

// applyCheck records per row what the latest check saw, and summarises it.
func (s *snapshot) applyCheck(checks []inventory.Check, obs []inventory.Observation) {
	if len(checks) == 0 {
		return
	}
	for _, o := range obs {
		i, ok := s.byID[o.AssetID]
		if !ok {
			continue
		}
		r := &s.rows[i]
		switch {
		case o.State == inventory.Answered:
			r.lastCheck = checkAnswered
		case o.State == inventory.Dark && r.lastCheck != checkAnswered && r.lastCheck != checkUnknown:
			r.lastCheck = checkDark
		case o.State == inventory.Unknown && r.lastCheck != checkAnswered:
			r.lastCheck = checkUnknown
		}
	}
	sum := &checkSummary{check: checks[0]}
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
	s.lastCheck = sum
}

// applyFindings counts each asset's findings for the badge, and orders
// findings by severity and reminders by date.
func (s *snapshot) applyFindings() {
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
	for i := range s.rows {
		if r := prev.row(s.rows[i].id); r != nil {
			s.rows[i].findings, s.rows[i].worst = r.findings, r.worst
		}
	}
}
