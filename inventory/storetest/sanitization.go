package storetest

import (
	"time"

	"github.com/sunset-tui/sunset/inventory"
)

func certificate(assetID int64) inventory.Sanitization {
	return inventory.Sanitization{AssetID: assetID, MediaType: "SSD", Manufacturer: "Acme", Model: "X1", Serial: "D-77",
		Method: "purge", Technique: "crypto-erase", Tool: "erase-tool 2.1", Verification: "sampled 10%",
		Operator: "erin", Date: date("2031-06-01"), Destination: "recycle"}
}

var sanitizationCases = []suiteCase{
	{"Sanitization/RecordReadReplace", func(e *env) {
		a := e.create(inventory.Asset{Tag: "A"})
		if _, ok, err := e.s.Sanitization(ctx, a.ID); ok || err != nil {
			e.t.Fatalf("Sanitization before any = ok %v, %v; want none", ok, err)
		}
		now := e.clock.Advance(time.Hour)
		rec := certificate(a.ID)
		e.update(func(w inventory.Writer) error { return w.RecordSanitization(ctx, &rec) })
		got, ok, err := e.s.Sanitization(ctx, a.ID)
		if err != nil || !ok {
			e.t.Fatalf("Sanitization = ok %v, %v", ok, err)
		}
		want := certificate(a.ID)
		want.RecordedBy, want.RecordedAt = Actor, utc(now)
		got.RecordedAt = utc(got.RecordedAt)
		e.same("record", got, want)
		ev := e.lastEvent(a.ID)
		if ev.Action != inventory.ActionSanitized || ev.Actor != Actor {
			e.t.Fatalf("event = %+v, want sanitized by %s", ev, Actor)
		}
		e.sameTime("event time", ev.At, now)

		again := certificate(a.ID)
		again.Method, again.Technique, again.Destination = "destroy", "shred", "destroyed"
		e.update(func(w inventory.Writer) error { return w.RecordSanitization(ctx, &again) })
		if got, _, _ := e.s.Sanitization(ctx, a.ID); got.Method != "destroy" || got.Destination != "destroyed" {
			e.t.Fatalf("replaced record = %+v", got)
		}
	}},
	{"Sanitization/RefusesIncompleteRecordAndUnknownAsset", func(e *env) {
		a := e.create(inventory.Asset{Tag: "A"})
		rec := certificate(a.ID)
		rec.Method = "wipe"
		err := e.s.Update(ctx, func(w inventory.Writer) error { return w.RecordSanitization(ctx, &rec) })
		e.wantErr(err, inventory.ErrInvalid, "method")
		rec = certificate(a.ID)
		rec.Operator = ""
		err = e.s.Update(ctx, func(w inventory.Writer) error { return w.RecordSanitization(ctx, &rec) })
		e.wantErr(err, inventory.ErrInvalid, "operator")
		rec = certificate(7070)
		err = e.s.Update(ctx, func(w inventory.Writer) error { return w.RecordSanitization(ctx, &rec) })
		e.wantErr(err, inventory.ErrNotFound, "", "7070")
		if _, ok, _ := e.s.Sanitization(ctx, a.ID); ok {
			e.t.Fatal("a refused record was kept")
		}
	}},
}
