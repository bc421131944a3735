package storetest

import (
	"time"

	"github.com/sunset-tui/sunset/inventory"
)

var dismissalCases = []suiteCase{
	{"Dismiss/StoresNormalisedAndReplaces", func(e *env) {
		now := e.clock.Advance(time.Minute)
		d := inventory.Dismissal{Address: "127.0.0.5", MAC: "AA-BB-CC-DD-EE-01", Signature: "tcp/80", Reason: "the lab printer"}
		e.update(func(w inventory.Writer) error { return w.Dismiss(ctx, &d) })
		other := inventory.Dismissal{Address: "127.0.0.4", Signature: "tcp/22", Reason: "jump host", By: "frank"}
		e.update(func(w inventory.Writer) error { return w.Dismiss(ctx, &other) })
		got, err := e.s.Dismissals(ctx)
		if err != nil {
			e.t.Fatal(err)
		}
		for i := range got {
			got[i].At = utc(got[i].At)
		}
		e.same("dismissals", got, []inventory.Dismissal{
			{Address: "127.0.0.4", Signature: "tcp/22", Reason: "jump host", By: "frank", At: utc(now)},
			{Address: "127.0.0.5", MAC: "aa:bb:cc:dd:ee:01", Signature: "tcp/80", Reason: "the lab printer", By: Actor, At: utc(now)},
		})
		again := inventory.Dismissal{Address: "127.0.0.5", MAC: "aa:bb:cc:dd:ee:01", Signature: "tcp/80,tcp/443", Reason: "still the printer"}
		e.update(func(w inventory.Writer) error { return w.Dismiss(ctx, &again) })
		got, err = e.s.Dismissals(ctx)
		if err != nil {
			e.t.Fatal(err)
		}
		if len(got) != 2 || got[1].Signature != "tcp/80,tcp/443" || got[1].Reason != "still the printer" {
			e.t.Fatalf("after a second dismissal of the same device: %+v", got)
		}
		err = e.s.Update(ctx, func(w inventory.Writer) error { return w.Dismiss(ctx, &inventory.Dismissal{Address: "box"}) })
		e.wantErr(err, inventory.ErrInvalid, "address")
	}},
}
