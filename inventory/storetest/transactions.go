package storetest

import (
	"errors"
	"time"

	"github.com/sunset-tui/sunset/inventory"
)

// busyUpdate creates asset NEW-1 and makes a change of every kind to
// existing, inside w.
func busyUpdate(w inventory.Writer, existing inventory.Asset) error {
	fresh := inventory.Asset{Tag: "NEW-1", Hostname: "new1", Addresses: []inventory.Address{ip("192.0.2.77")}}
	if err := w.CreateAsset(ctx, &fresh, ""); err != nil {
		return err
	}
	existing.Owner = "mallory"
	if _, err := w.UpdateAsset(ctx, &existing, ""); err != nil {
		return err
	}
	if err := w.SetStage(ctx, existing.ID, inventory.StageDecommissioning, "", false); err != nil {
		return err
	}
	m := inventory.PortMapping{AssetID: existing.ID, ExternalAddr: "192.0.2.200", ExternalPort: 443}
	if err := w.AddMapping(ctx, &m, ""); err != nil {
		return err
	}
	if err := w.PutChecklist(ctx, existing.ID, []inventory.ChecklistItem{{ID: "x", Title: "x"}}); err != nil {
		return err
	}
	if err := w.SetPolicyValue(ctx, "idle.after", "7d"); err != nil {
		return err
	}
	c := inventory.Check{Source: "live"}
	return w.SaveCheck(ctx, &c, []inventory.Observation{{AssetID: existing.ID, Address: "192.0.2.5", State: inventory.Answered}})
}

// untouched fails unless the store holds exactly what it held before a
// failed Update: the existing asset as it was, and nothing new.
func (e *env) untouched(existing inventory.Asset, rev int64) {
	e.t.Helper()
	if _, err := e.s.FindAsset(ctx, "NEW-1"); !inventory.IsKind(err, inventory.ErrNotFound) {
		e.t.Fatalf("the asset created in the failed Update is there (FindAsset: %v)", err)
	}
	all, err := e.s.Assets(ctx, inventory.AssetFilter{})
	if err != nil || len(all) != 1 {
		e.t.Fatalf("Assets = %d, %v; want only the existing asset", len(all), err)
	}
	e.same("existing asset", normAsset(e.asset(existing.ID)), normAsset(existing))
	if h := e.history(existing.ID); len(h) != 1 || h[0].Action != inventory.ActionCreated {
		e.t.Fatalf("history of the existing asset = %+v; want only its creation", h)
	}
	if ms, _ := e.s.Mappings(ctx, inventory.MappingFilter{}); len(ms) != 0 {
		e.t.Fatalf("%d mappings kept from the failed Update", len(ms))
	}
	if items, _ := e.s.Checklist(ctx, existing.ID); len(items) != 0 {
		e.t.Fatalf("%d checklist items kept from the failed Update", len(items))
	}
	if cs, _ := e.s.Checks(ctx, 0); len(cs) != 0 {
		e.t.Fatalf("%d checks kept from the failed Update", len(cs))
	}
	if v := e.policyValues(); v["idle.after"] != "90d" {
		e.t.Fatalf("idle.after = %q kept from the failed Update", v["idle.after"])
	}
	if got := e.revision(); got != rev {
		e.t.Fatalf("revision moved from %d to %d on a failed Update", rev, got)
	}
}

var transactionCases = []suiteCase{
	{"Update/DuplicateTagLaterUndoesEverything", func(e *env) {
		existing := e.create(inventory.Asset{Tag: "OLD-1", Owner: "alice"})
		rev := e.revision()
		e.clock.Advance(time.Minute)
		err := e.s.Update(ctx, func(w inventory.Writer) error {
			if err := busyUpdate(w, existing); err != nil {
				return err
			}
			return w.CreateAsset(ctx, &inventory.Asset{Tag: "OLD-1"}, "")
		})
		e.wantErr(err, inventory.ErrConflict, "tag", "OLD-1")
		e.untouched(existing, rev)
	}},
	{"Update/FailedEventWriteUndoesEverything", func(e *env) {
		existing := e.create(inventory.Asset{Tag: "OLD-1", Owner: "alice"})
		rev := e.revision()
		err := e.s.Update(ctx, func(w inventory.Writer) error {
			if err := busyUpdate(w, existing); err != nil {
				return err
			}
			return w.AddEvent(ctx, &inventory.Event{AssetID: 1 << 40, Action: "note"})
		})
		e.wantErr(err, inventory.ErrNotFound, "")
		e.untouched(existing, rev)
	}},
	{"Update/FailedWriteUndoesEverythingEvenWhenFnIgnoresIt", func(e *env) {
		existing := e.create(inventory.Asset{Tag: "OLD-1", Owner: "alice"})
		rev := e.revision()
		var later error
		err := e.s.Update(ctx, func(w inventory.Writer) error {
			if err := busyUpdate(w, existing); err != nil {
				return err
			}
			_ = w.CreateAsset(ctx, &inventory.Asset{Tag: "OLD-1"}, "") // error ignored
			later = w.SetStage(ctx, existing.ID, inventory.StageRetired, "", false)
			return nil
		})
		e.wantErr(err, inventory.ErrConflict, "tag", "OLD-1")
		if later == nil {
			e.t.Fatal("a write after a failed write in the same Update succeeded")
		}
		e.untouched(existing, rev)
	}},
	{"Update/ErrorFromFnUndoesEverything", func(e *env) {
		existing := e.create(inventory.Asset{Tag: "OLD-1", Owner: "alice"})
		rev := e.revision()
		stop := errors.New("operator said stop")
		err := e.s.Update(ctx, func(w inventory.Writer) error {
			if err := busyUpdate(w, existing); err != nil {
				return err
			}
			return stop
		})
		if !errors.Is(err, stop) {
			e.t.Fatalf("Update = %v, want fn's error", err)
		}
		e.untouched(existing, rev)
	}},
	{"Update/SeesItsOwnWritesWhichOthersSeeOnlyAfterCommit", func(e *env) {
		e.update(func(w inventory.Writer) error {
			a := inventory.Asset{Tag: "T-1", Hostname: "Inside"}
			if err := w.CreateAsset(ctx, &a, ""); err != nil {
				return err
			}
			if got, err := w.FindAsset(ctx, "inside"); err != nil || got.ID != a.ID {
				e.t.Errorf("inside the Update, FindAsset = #%d, %v; want #%d", got.ID, err, a.ID)
			}
			if h, err := w.History(ctx, a.ID); err != nil || len(h) != 1 {
				e.t.Errorf("inside the Update, History = %v, %v; want the created event", h, err)
			}
			if _, err := e.s.FindAsset(ctx, "T-1"); !inventory.IsKind(err, inventory.ErrNotFound) {
				e.t.Errorf("outside the Update before commit, FindAsset = %v; want not found", err)
			}
			return nil
		})
		if _, err := e.s.FindAsset(ctx, "T-1"); err != nil {
			e.t.Fatalf("after commit, FindAsset: %v", err)
		}
	}},
	{"Revision/GrowsWithEveryCommittedWrite", func(e *env) {
		r0 := e.revision()
		a := e.create(inventory.Asset{Tag: "A"})
		r1 := e.revision()
		if r1 <= r0 {
			e.t.Fatalf("revision %d after a create, was %d", r1, r0)
		}
		if err := e.setPolicy("idle.after", "10d"); err != nil {
			e.t.Fatal(err)
		}
		r2 := e.revision()
		if r2 <= r1 {
			e.t.Fatalf("revision %d after a policy change, was %d", r2, r1)
		}
		_ = e.s.Update(ctx, func(w inventory.Writer) error {
			if err := w.SetStage(ctx, a.ID, inventory.StageSpare, "", false); err != nil {
				return err
			}
			return errors.New("abandon")
		})
		if r := e.revision(); r != r2 {
			e.t.Fatalf("revision %d after a failed Update, want %d", r, r2)
		}
		same := e.asset(a.ID)
		e.update(func(w inventory.Writer) error { _, err := w.UpdateAsset(ctx, &same, ""); return err })
		if r := e.revision(); r != r2 {
			e.t.Fatalf("revision %d after an Update that changed nothing, want %d", r, r2)
		}
	}},
}
