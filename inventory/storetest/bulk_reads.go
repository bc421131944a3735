package storetest

import (
	"fmt"
	"slices"
	"time"

	"github.com/sunset-tui/sunset/inventory"
)

// bulkReadCases check Histories, Checklists and Sanitizations against
// History, Checklist and Sanitization asset by asset.
var bulkReadCases = []suiteCase{
	{"BulkReads/SayWhatEachAssetSays", func(e *env) {
		var all []inventory.Asset
		for i, st := range []inventory.Stage{inventory.StageActive, inventory.StageDecommissioning, inventory.StageRetired,
			inventory.StageDecommissioning, inventory.StageSpare} {
			a := e.create(inventory.Asset{Tag: "B-" + itoa(int64(i)), Stage: st})
			e.clock.Advance(time.Minute)
			all = append(all, a)
		}
		retiring := all[1]
		e.update(func(w inventory.Writer) error {
			if err := w.AddEvent(ctx, &inventory.Event{AssetID: retiring.ID, Action: "note", Reason: "boxed",
				At: start.Add(-time.Hour)}); err != nil {
				return err
			}
			if err := w.SetStage(ctx, all[0].ID, inventory.StageSpare, "spare now", false); err != nil {
				return err
			}
			if err := w.AddEvent(ctx, &inventory.Event{AssetID: all[0].ID, Action: "note", Reason: "shelved"}); err != nil {
				return err
			}
			if err := w.PutChecklists(ctx, map[int64][]inventory.ChecklistItem{
				retiring.ID: {{ID: "wipe", Title: "Wipe"}, {ID: "power-down", Title: "Power down", Verify: inventory.VerifyScanDark}},
				all[3].ID:   {{ID: "dispose", Title: "Dispose"}},
				all[2].ID:   {{ID: "dispose", Title: "Dispose"}},
			}); err != nil {
				return err
			}
			rec := certificate(all[2].ID)
			return w.RecordSanitization(ctx, &rec)
		})
		decommissioning := inventory.AssetFilter{Stages: []inventory.Stage{inventory.StageDecommissioning}}
		// Ids alone, as a walk of the inventory gives a chunk of them: all;
		// at least half of a span (read as the span, less the ones left
		// out), once with an id given twice; one; and two far apart.
		every := inventory.AssetFilter{IDs: []int64{all[0].ID, all[1].ID, all[2].ID, all[3].ID, all[4].ID}}
		withAGap := inventory.AssetFilter{IDs: []int64{all[3].ID, all[0].ID, all[2].ID}}
		twice := inventory.AssetFilter{IDs: []int64{all[3].ID, all[3].ID, all[1].ID}}
		one := inventory.AssetFilter{IDs: []int64{all[1].ID}}
		apart := inventory.AssetFilter{IDs: []int64{all[0].ID, all[4].ID}}
		for _, f := range []inventory.AssetFilter{{}, decommissioning, every, withAGap, twice, one, apart} {
			keeps := map[int64]bool{}
			for _, a := range all {
				keeps[a.ID] = (len(f.Stages) == 0 || a.Stage == inventory.StageDecommissioning) &&
					(len(f.IDs) == 0 || slices.Contains(f.IDs, a.ID))
			}
			histories, err := e.s.Histories(ctx, f)
			if err != nil {
				e.t.Fatal(err)
			}
			checklists, err := e.s.Checklists(ctx, f)
			if err != nil {
				e.t.Fatal(err)
			}
			recs, err := e.s.Sanitizations(ctx, f)
			if err != nil {
				e.t.Fatal(err)
			}
			for _, a := range all {
				what := fmt.Sprintf("%s with %s, ids %v", a.Ref(), stagesOf(f), f.IDs)
				if !keeps[a.ID] {
					_, h := histories[a.ID]
					_, c := checklists[a.ID]
					_, r := recs[a.ID]
					if h || c || r {
						e.t.Fatalf("%s: records of an asset the filter leaves out (history %v, checklist %v, sanitization %v)", what, h, c, r)
					}
					continue
				}
				e.same("history of "+what, mapSlice(histories[a.ID], normEvent), mapSlice(e.history(a.ID), normEvent))
				one, err := e.s.Checklist(ctx, a.ID)
				if err != nil {
					e.t.Fatal(err)
				}
				e.same("checklist of "+what, mapSlice(checklists[a.ID], normItem), mapSlice(one, normItem))
				rec, ok, err := e.s.Sanitization(ctx, a.ID)
				if err != nil {
					e.t.Fatal(err)
				}
				if got, has := recs[a.ID]; has != ok || has && (got.Serial != rec.Serial || !got.RecordedAt.Equal(rec.RecordedAt)) {
					e.t.Fatalf("sanitization of %s: %+v (%v), want %+v (%v)", what, got, has, rec, ok)
				}
			}
		}
		if h := e.history(retiring.ID); len(h) != 2 || h[0].Action != "note" || h[1].Action != inventory.ActionCreated {
			e.t.Fatalf("history of %s: %+v, want the note dated before its creation first", retiring.Ref(), h)
		}
	}},
}
