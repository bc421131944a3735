package storetest

import (
	"time"

	"github.com/sunset-tui/sunset/inventory"
)

var acknowledgementCases = []suiteCase{
	{"Acknowledge/StoresReplacesAndRecordsInHistory", func(e *env) {
		a := e.create(inventory.Asset{Tag: "CAM-1"})
		now := e.clock.Advance(time.Minute)
		until := now.Add(90 * 24 * time.Hour)
		ack := inventory.Acknowledgement{Finding: "idle:#1", AssetID: a.ID, Substance: "medium|tcp/80",
			Reason: " vendor patch due in March\n", Until: until}
		e.update(func(w inventory.Writer) error { return w.Acknowledge(ctx, &ack) })
		unknown := inventory.Acknowledgement{Finding: "unknown:192.0.2.7", Substance: "low|tcp/22", Reason: "lab box", Until: until, By: "frank"}
		e.update(func(w inventory.Writer) error { return w.Acknowledge(ctx, &unknown) })
		got, err := e.s.Acknowledgements(ctx)
		if err != nil {
			e.t.Fatal(err)
		}
		for i := range got {
			got[i].At, got[i].Until = utc(got[i].At), utc(got[i].Until)
		}
		e.same("acknowledgements", got, []inventory.Acknowledgement{
			{Finding: "idle:#1", AssetID: a.ID, Substance: "medium|tcp/80", Reason: "vendor patch due in March",
				Until: utc(until), By: Actor, At: utc(now)},
			{Finding: "unknown:192.0.2.7", Substance: "low|tcp/22", Reason: "lab box", Until: utc(until), By: "frank", At: utc(now)},
		})
		ev := e.lastEvent(a.ID)
		if ev.Action != inventory.ActionAcknowledged || ev.Reason != "vendor patch due in March" ||
			len(ev.Changes) != 2 || ev.Changes[0].To != "idle:#1" {
			e.t.Fatalf("history after acknowledging: %+v", ev)
		}
		again := inventory.Acknowledgement{Finding: "idle:#1", AssetID: a.ID, Substance: "high|tcp/80", Reason: "still waiting", Until: until}
		e.update(func(w inventory.Writer) error { return w.Acknowledge(ctx, &again) })
		if got, _ = e.s.Acknowledgements(ctx); len(got) != 2 || got[0].Substance != "high|tcp/80" || got[0].Reason != "still waiting" {
			e.t.Fatalf("after acknowledging the same finding again: %+v", got)
		}
		// History shows the expiry replaced, to the second, as it writes times.
		e.same("changes of acknowledging again", e.lastEvent(a.ID).Changes, []inventory.Change{{Field: "finding", To: "idle:#1"},
			{Field: "until", From: utc(until).Truncate(time.Second).Format(time.RFC3339), To: utc(until).Truncate(time.Second).Format(time.RFC3339)}})
	}},
	{"Acknowledge/RefusesWithoutReasonOrExpiryAndKeepsNothing", func(e *env) {
		a := e.create(inventory.Asset{Tag: "CAM-1"})
		until := e.clock.Now().Add(time.Hour)
		err := e.s.Update(ctx, func(w inventory.Writer) error {
			return w.Acknowledge(ctx, &inventory.Acknowledgement{Finding: "idle:#1", AssetID: a.ID, Reason: "  ", Until: until})
		})
		e.wantErr(err, inventory.ErrInvalid, "reason")
		err = e.s.Update(ctx, func(w inventory.Writer) error {
			return w.Acknowledge(ctx, &inventory.Acknowledgement{Finding: "idle:#1", AssetID: a.ID, Reason: "ok"})
		})
		e.wantErr(err, inventory.ErrInvalid, "until")
		err = e.s.Update(ctx, func(w inventory.Writer) error {
			return w.Acknowledge(ctx, &inventory.Acknowledgement{Finding: "idle:#99", AssetID: 99, Reason: "ok", Until: until})
		})
		e.wantErr(err, inventory.ErrNotFound, "")
		if got, err := e.s.Acknowledgements(ctx); err != nil || len(got) != 0 {
			e.t.Fatalf("Acknowledgements = %+v, %v; want none", got, err)
		}
		if h := e.history(a.ID); len(h) != 1 {
			e.t.Fatalf("history has %d events, want only created", len(h))
		}
	}},
	{"Unacknowledge/WithdrawsWithReasonInHistory", func(e *env) {
		a := e.create(inventory.Asset{Tag: "CAM-1"})
		ack := inventory.Acknowledgement{Finding: "idle:#1", AssetID: a.ID, Reason: "ok", Until: e.clock.Now().Add(time.Hour)}
		e.update(func(w inventory.Writer) error { return w.Acknowledge(ctx, &ack) })
		rev := e.revision()
		e.update(func(w inventory.Writer) error { return w.Unacknowledge(ctx, "idle:#1", "the patch did not come") })
		if got, _ := e.s.Acknowledgements(ctx); len(got) != 0 {
			e.t.Fatalf("after withdrawing: %+v", got)
		}
		if e.revision() <= rev {
			e.t.Fatal("withdrawing an acknowledgement did not move the revision")
		}
		ev := e.lastEvent(a.ID)
		if ev.Action != inventory.ActionUnacknowledged || ev.Reason != "the patch did not come" {
			e.t.Fatalf("history after withdrawing: %+v", ev)
		}
		err := e.s.Update(ctx, func(w inventory.Writer) error { return w.Unacknowledge(ctx, "idle:#1", "again") })
		e.wantErr(err, inventory.ErrNotFound, "", "idle:#1")
	}},
}
