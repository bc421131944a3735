package storetest

import (
	"time"

	"github.com/sunset-tui/sunset/inventory"
)

var stageCases = []suiteCase{
	{"SetStage/RecordsFromToReasonForcedAndSince", func(e *env) {
		a := e.create(inventory.Asset{Tag: "SRV-9"})
		now := e.clock.Advance(48 * time.Hour)
		e.update(func(w inventory.Writer) error {
			return w.SetStage(ctx, a.ID, inventory.StageDecommissioning, "replaced by SRV-10", false)
		})
		got := e.asset(a.ID)
		if got.Stage != inventory.StageDecommissioning {
			e.t.Fatalf("stage = %s, want decommissioning", got.Stage)
		}
		e.sameTime("StageSince", got.StageSince, now)
		ev := e.lastEvent(a.ID)
		e.same("stage event", normEvent(ev), inventory.Event{ID: ev.ID, AssetID: a.ID, At: utc(now), Actor: Actor,
			Action: inventory.ActionStage, Reason: "replaced by SRV-10",
			Changes: []inventory.Change{{Field: "stage", From: "active", To: "decommissioning"}}})

		now = e.clock.Advance(time.Hour)
		e.update(func(w inventory.Writer) error {
			return w.SetStage(ctx, a.ID, inventory.StageRetired, "guard overridden: no check yet", true)
		})
		ev = e.lastEvent(a.ID)
		if !ev.Forced || ev.Reason != "guard overridden: no check yet" || ev.Changes[0].From != "decommissioning" || ev.Changes[0].To != "retired" {
			e.t.Fatalf("forced stage event = %+v", ev)
		}
		e.sameTime("StageSince", e.asset(a.ID).StageSince, now)
	}},
	{"SetStage/RefusesBadStageSameStageAndUnknownAsset", func(e *env) {
		a := e.create(inventory.Asset{Tag: "A-1"})
		err := e.s.Update(ctx, func(w inventory.Writer) error { return w.SetStage(ctx, a.ID, "gone", "", false) })
		e.wantErr(err, inventory.ErrInvalid, "stage", "gone")
		err = e.s.Update(ctx, func(w inventory.Writer) error { return w.SetStage(ctx, a.ID, inventory.StageActive, "", false) })
		e.wantErr(err, inventory.ErrInvalid, "stage", "already")
		err = e.s.Update(ctx, func(w inventory.Writer) error { return w.SetStage(ctx, 777, inventory.StageRetired, "", false) })
		e.wantErr(err, inventory.ErrNotFound, "", "777")
		if n := len(e.history(a.ID)); n != 1 {
			e.t.Fatalf("history has %d events, want only the creation", n)
		}
	}},
}
