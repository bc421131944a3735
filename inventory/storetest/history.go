package storetest

import (
	"time"

	"github.com/sunset-tui/sunset/inventory"
)

var historyCases = []suiteCase{
	{"AddEvent/RecordsNoteWithActorAndTime", func(e *env) {
		a := e.create(inventory.Asset{Tag: "A-1"})
		now := e.clock.Advance(time.Minute)
		ev := inventory.Event{AssetID: a.ID, Action: inventory.ActionAdopted, Reason: "seen by check #3",
			Changes: []inventory.Change{{Field: "source", From: "", To: "discovery"}}}
		e.update(func(w inventory.Writer) error { return w.AddEvent(ctx, &ev) })
		if ev.ID == 0 {
			e.t.Fatal("event ID not set")
		}
		e.same("event", normEvent(e.lastEvent(a.ID)), inventory.Event{ID: ev.ID, AssetID: a.ID, At: utc(now), Actor: Actor,
			Action: inventory.ActionAdopted, Reason: "seen by check #3", Changes: ev.Changes})
	}},
	{"AddEvent/RefusesMissingActionAndUnknownAsset", func(e *env) {
		a := e.create(inventory.Asset{Tag: "A-1"})
		err := e.s.Update(ctx, func(w inventory.Writer) error { return w.AddEvent(ctx, &inventory.Event{AssetID: a.ID}) })
		e.wantErr(err, inventory.ErrInvalid, "action")
		err = e.s.Update(ctx, func(w inventory.Writer) error {
			return w.AddEvent(ctx, &inventory.Event{AssetID: a.ID, Action: inventory.ActionCreated})
		})
		e.wantErr(err, inventory.ErrInvalid, "action")
		err = e.s.Update(ctx, func(w inventory.Writer) error {
			return w.AddEvent(ctx, &inventory.Event{AssetID: 555, Action: inventory.ActionAdopted})
		})
		e.wantErr(err, inventory.ErrNotFound, "", "555")
	}},
	{"History/OldestFirst", func(e *env) {
		a := e.create(inventory.Asset{Tag: "A-1"})
		e.clock.Advance(time.Hour)
		e.update(func(w inventory.Writer) error { return w.SetStage(ctx, a.ID, inventory.StageSpare, "", false) })
		// An imported note about something that happened before the asset
		// was recorded belongs at the start of its history.
		past := inventory.Event{AssetID: a.ID, Action: "note", At: start.Add(-24 * time.Hour), Reason: "bought"}
		e.update(func(w inventory.Writer) error { return w.AddEvent(ctx, &past) })
		var actions []string
		h := e.history(a.ID)
		for _, ev := range h {
			actions = append(actions, ev.Action)
		}
		e.same("actions", actions, []string{"note", inventory.ActionCreated, inventory.ActionStage})
		// The created event still names the stage the asset began in.
		e.same("created changes", h[1].Changes, []inventory.Change{{Field: "stage", To: string(inventory.StageActive)}})
		e.same("stage changes", h[2].Changes, []inventory.Change{{Field: "stage", From: string(inventory.StageActive), To: string(inventory.StageSpare)}})
		if h, err := e.s.History(ctx, 31337); err != nil || len(h) != 0 {
			e.t.Fatalf("History of an unknown asset = %v, %v; want empty", h, err)
		}
	}},
}
