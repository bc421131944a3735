package storetest

import (
	"strings"
	"time"

	"github.com/sunset-tui/sunset/inventory"
)

var checklistCases = []suiteCase{
	{"Checklist/PutReplacesInOrder", func(e *env) {
		a := e.create(inventory.Asset{Tag: "A"})
		m := inventory.PortMapping{AssetID: a.ID, ExternalAddr: "192.0.2.200", ExternalPort: 3389}
		e.update(func(w inventory.Writer) error { return w.AddMapping(ctx, &m, "") })
		items := []inventory.ChecklistItem{
			{ID: "backup", Title: "Back up the data", Required: true, Verify: inventory.VerifyEvidence, Due: date("2031-05-01")},
			{ID: "close-mapping-" + itoa(m.ID), Title: "Close the mapping", Required: true, Verify: inventory.VerifyMappingClosed, MappingID: m.ID},
			{ID: "power-down", Title: "Power down", Verify: inventory.VerifyScanDark},
		}
		e.update(func(w inventory.Writer) error { return w.PutChecklist(ctx, a.ID, items) })
		got, err := e.s.Checklist(ctx, a.ID)
		if err != nil {
			e.t.Fatal(err)
		}
		want := make([]inventory.ChecklistItem, len(items))
		for i, it := range items {
			it.AssetID, it.Position = a.ID, i
			want[i] = it
		}
		e.same("checklist", mapSlice(got, normItem), want)

		doneAt := time.Date(2031, 1, 2, 3, 4, 5, 0, time.UTC)
		replaced := []inventory.ChecklistItem{
			{ID: "dns", Title: "Remove DNS entries", Verify: inventory.VerifyNone, Done: true, DoneAt: doneAt, DoneBy: "dave", Evidence: "zone edited"},
			{ID: "backup", Title: "Back up the data", Required: true, Verify: inventory.VerifyEvidence},
		}
		e.update(func(w inventory.Writer) error { return w.PutChecklist(ctx, a.ID, replaced) })
		got, err = e.s.Checklist(ctx, a.ID)
		if err != nil {
			e.t.Fatal(err)
		}
		want = []inventory.ChecklistItem{replaced[0], replaced[1]}
		want[0].AssetID, want[1].AssetID, want[1].Position = a.ID, a.ID, 1
		e.same("replaced checklist", mapSlice(got, normItem), want)
	}},
	{"Checklist/PutRefusesBadItemsAndUnknownAsset", func(e *env) {
		a := e.create(inventory.Asset{Tag: "A"})
		for _, items := range [][]inventory.ChecklistItem{
			{{ID: "", Title: "no id"}},
			{{ID: "x", Title: "one"}, {ID: "x", Title: "twice"}},
			{{ID: "y", Title: "bad verify", Verify: "by-magic"}},
			{{ID: "z"}},
		} {
			err := e.s.Update(ctx, func(w inventory.Writer) error { return w.PutChecklist(ctx, a.ID, items) })
			e.wantErr(err, inventory.ErrInvalid, "")
		}
		err := e.s.Update(ctx, func(w inventory.Writer) error {
			return w.PutChecklist(ctx, 6060, []inventory.ChecklistItem{{ID: "a", Title: "b"}})
		})
		e.wantErr(err, inventory.ErrNotFound, "", "6060")
	}},
	{"Checklist/CompleteItemRecordsWhoWhenEvidence", func(e *env) {
		a := e.create(inventory.Asset{Tag: "A"})
		e.update(func(w inventory.Writer) error {
			return w.PutChecklist(ctx, a.ID, []inventory.ChecklistItem{
				{ID: "backup", Title: "Back up the data", Required: true, Verify: inventory.VerifyEvidence},
				{ID: "labels", Title: "Remove labels"},
			})
		})
		err := e.s.Update(ctx, func(w inventory.Writer) error { return w.CompleteItem(ctx, a.ID, "backup", "") })
		e.wantErr(err, inventory.ErrInvalid, "evidence")
		err = e.s.Update(ctx, func(w inventory.Writer) error { return w.CompleteItem(ctx, a.ID, "nope", "x") })
		e.wantErr(err, inventory.ErrNotFound, "", "nope")

		now := e.clock.Advance(3 * time.Hour)
		e.update(func(w inventory.Writer) error { return w.CompleteItem(ctx, a.ID, "backup", "job 991 verified") })
		items, err := e.s.Checklist(ctx, a.ID)
		if err != nil {
			e.t.Fatal(err)
		}
		it := items[0]
		if !it.Done || it.DoneBy != Actor || it.Evidence != "job 991 verified" {
			e.t.Fatalf("item = %+v, want done by %s with the evidence", it, Actor)
		}
		e.sameTime("DoneAt", it.DoneAt, now)
		if items[1].Done {
			e.t.Fatal("the other item was ticked too")
		}
		ev := e.lastEvent(a.ID)
		e.same("event", normEvent(ev), inventory.Event{ID: ev.ID, AssetID: a.ID, At: utc(now), Actor: Actor,
			Action: inventory.ActionChecklist, Reason: "job 991 verified",
			Changes: []inventory.Change{{Field: "backup", From: "open", To: "done"}}})
	}},
	{"Checklist/PutManyAtOnce", func(e *env) {
		a := e.create(inventory.Asset{Tag: "A"})
		b := e.create(inventory.Asset{Tag: "B"})
		c := e.create(inventory.Asset{Tag: "C"})
		m := inventory.PortMapping{AssetID: b.ID, ExternalAddr: "192.0.2.200", ExternalPort: 8443}
		e.update(func(w inventory.Writer) error { return w.AddMapping(ctx, &m, "") })
		e.update(func(w inventory.Writer) error {
			return w.PutChecklist(ctx, c.ID, []inventory.ChecklistItem{{ID: "old", Title: "Old item"}})
		})
		lists := map[int64][]inventory.ChecklistItem{
			a.ID: {{ID: "wipe", Title: "Wipe \"the\" disks\n", Required: true, Verify: inventory.VerifyEvidence, Due: date("2031-05-01")},
				{ID: "power-down", Title: "Power down", Verify: inventory.VerifyScanDark}},
			b.ID: {{ID: "close-mapping-" + itoa(m.ID), Title: "Close the mapping", MappingID: m.ID, Verify: inventory.VerifyMappingClosed}},
			c.ID: nil, // an empty list removes the checklist
		}
		e.update(func(w inventory.Writer) error { return w.PutChecklists(ctx, lists) })
		for _, id := range []int64{a.ID, b.ID, c.ID} {
			got, err := e.s.Checklist(ctx, id)
			if err != nil {
				e.t.Fatal(err)
			}
			var want []inventory.ChecklistItem
			for i, it := range lists[id] {
				it.AssetID, it.Position = id, i
				want = append(want, it)
			}
			e.same("checklist of #"+itoa(id), mapSlice(got, normItem), want)
		}
		for _, bad := range []struct {
			lists map[int64][]inventory.ChecklistItem
			kind  inventory.ErrorKind
			names string
		}{
			{map[int64][]inventory.ChecklistItem{a.ID: {{ID: "x", Title: "x"}}, 6060: {{ID: "y", Title: "y"}}}, inventory.ErrNotFound, "6060"},
			{map[int64][]inventory.ChecklistItem{a.ID: {{ID: "x", Title: "x", MappingID: 7070}}}, inventory.ErrInvalid, "7070"},
			{map[int64][]inventory.ChecklistItem{a.ID: {{ID: "x", Title: "x"}, {ID: "x", Title: "again"}}}, inventory.ErrInvalid, "twice"},
		} {
			err := e.s.Update(ctx, func(w inventory.Writer) error { return w.PutChecklists(ctx, bad.lists) })
			e.wantErr(err, bad.kind, "", bad.names)
		}
		if got, err := e.s.Checklist(ctx, a.ID); err != nil || len(got) != 2 {
			e.t.Fatalf("after refused writes the checklist is %+v, %v; want it unchanged", got, err)
		}
	}},
	{"Checklist/ReopenItemClearsTheTickAndRecordsWhy", func(e *env) {
		a := e.create(inventory.Asset{Tag: "A"})
		e.update(func(w inventory.Writer) error {
			return w.PutChecklist(ctx, a.ID, []inventory.ChecklistItem{
				{ID: "backup", Title: "Back up the data", Required: true, Verify: inventory.VerifyEvidence},
				{ID: "labels", Title: "Remove labels"},
			})
		})
		e.update(func(w inventory.Writer) error {
			if err := w.CompleteItem(ctx, a.ID, "backup", "job 991 verified"); err != nil {
				return err
			}
			return w.CompleteItem(ctx, a.ID, "labels", "")
		})
		now := e.clock.Advance(time.Hour)
		e.update(func(w inventory.Writer) error { return w.ReopenItem(ctx, a.ID, "backup", "  restore test failed\n") })
		items, err := e.s.Checklist(ctx, a.ID)
		if err != nil {
			e.t.Fatal(err)
		}
		e.same("reopened item", normItem(items[0]), inventory.ChecklistItem{AssetID: a.ID, ID: "backup", Title: "Back up the data",
			Required: true, Verify: inventory.VerifyEvidence})
		if !items[1].Done {
			e.t.Fatal("the other item was reopened too")
		}
		ev := e.lastEvent(a.ID)
		e.same("event", normEvent(ev), inventory.Event{ID: ev.ID, AssetID: a.ID, At: utc(now), Actor: Actor,
			Action: inventory.ActionChecklist, Reason: "restore test failed",
			Changes: []inventory.Change{{Field: "backup", From: "done", To: "open"}}})
	}},
	{"Checklist/ReopenItemRefusesKeepingTheTick", func(e *env) {
		a := e.create(inventory.Asset{Tag: "A"})
		e.update(func(w inventory.Writer) error {
			return w.PutChecklist(ctx, a.ID, []inventory.ChecklistItem{{ID: "wipe", Title: "Wipe"}, {ID: "labels", Title: "Remove labels"}})
		})
		e.update(func(w inventory.Writer) error { return w.CompleteItem(ctx, a.ID, "wipe", "done by hand") })
		events := len(e.history(a.ID))
		reopen := func(assetID int64, itemID, reason string) error {
			return e.s.Update(ctx, func(w inventory.Writer) error { return w.ReopenItem(ctx, assetID, itemID, reason) })
		}
		e.wantErr(reopen(6060, "wipe", "why"), inventory.ErrNotFound, "", "6060")
		e.wantErr(reopen(a.ID, "nope", "why"), inventory.ErrNotFound, "", "nope")
		e.wantErr(reopen(a.ID, "labels", "why"), inventory.ErrRefused, "", "labels")
		e.wantErr(reopen(a.ID, "wipe", " \t\n"), inventory.ErrInvalid, "reason")
		e.wantErr(reopen(a.ID, "wipe", strings.Repeat("x", inventory.MaxNotes+1)), inventory.ErrInvalid, "reason")
		items, err := e.s.Checklist(ctx, a.ID)
		if err != nil {
			e.t.Fatal(err)
		}
		if it := items[0]; !it.Done || it.Evidence != "done by hand" || it.DoneBy != Actor {
			e.t.Fatalf("after refused reopenings the item is %+v; want it still done", it)
		}
		if n := len(e.history(a.ID)); n != events {
			e.t.Fatalf("history has %d events after refused reopenings, want %d", n, events)
		}
	}},
}
