package storetest

import (
	"fmt"
	"time"

	"github.com/sunset-tui/sunset/inventory"
)

// createAll stores as with CreateAssets, reason i for as[i], and returns
// them as it left them.
func (e *env) createAll(as []inventory.Asset, reasons []string) []inventory.Asset {
	e.t.Helper()
	e.update(func(w inventory.Writer) error { return w.CreateAssets(ctx, pointers(as), reasons) })
	return as
}

func pointers(as []inventory.Asset) []*inventory.Asset {
	out := make([]*inventory.Asset, len(as))
	for i := range as {
		out[i] = &as[i]
	}
	return out
}

var bulkCases = []suiteCase{
	{"CreateAssets/EachAsCreateAssetWithItsOwnEvent", func(e *env) {
		before := e.create(inventory.Asset{Tag: "OLD-1"})
		now := e.clock.Now()
		full := fullAsset()
		as := e.createAll([]inventory.Asset{
			full,
			{Hostname: "bare"},
			{Tag: "SP-1", Stage: inventory.StageSpare, Addresses: []inventory.Address{mac("00:00:5E:00:53:01")}},
		}, []string{"import a.csv:2", "import a.csv:3", "import a.csv:4"})
		seen := map[int64]bool{before.ID: true}
		for i, a := range as {
			if a.ID <= 0 || seen[a.ID] {
				e.t.Fatalf("asset %d: ID %d, want a new one", i, a.ID)
			}
			seen[a.ID] = true
			e.sameTime("CreatedAt", a.CreatedAt, now)
			e.sameTime("StageSince", a.StageSince, now)
			e.same("Asset", normAsset(e.asset(a.ID)), normAsset(a))
			h := e.history(a.ID)
			want := fmt.Sprintf("import a.csv:%d", i+2)
			if len(h) != 1 || h[0].Action != inventory.ActionCreated || h[0].Reason != want || h[0].Actor != Actor ||
				h[0].AssetID != a.ID {
				e.t.Fatalf("asset %d: history %+v, want one created event by %s for %q", i, h, Actor, want)
			}
			e.same("changes", h[0].Changes, []inventory.Change{{Field: "stage", To: string(a.Stage)}})
			e.sameTime("event time", h[0].At, now)
		}
		if as[1].Stage != inventory.StageActive || as[1].Kind != inventory.KindOther || as[2].Stage != inventory.StageSpare {
			e.t.Fatalf("defaults: %+v %+v", as[1], as[2])
		}
		after := e.create(inventory.Asset{Tag: "NEW-1", Addresses: []inventory.Address{ip("192.0.2.99")}})
		if seen[after.ID] {
			e.t.Fatalf("CreateAsset after CreateAssets reused ID %d", after.ID)
		}
		e.same("Addresses", e.asset(after.ID).Addresses, after.Addresses)
	}},
	{"CreateAssets/ManyWithMixedFields", func(e *env) {
		as := make([]inventory.Asset, 300)
		reasons := make([]string, len(as))
		for i := range as {
			a := inventory.Asset{Tag: fmt.Sprintf("M-%03d", i)}
			switch i % 4 {
			case 1:
				a.Hostname, a.Owner = fmt.Sprintf("m%d", i), "carol"
			case 2:
				a.Serial, a.DeployedOn, a.StoresData = fmt.Sprintf("S%d", i), date("2024-02-03"), true
			case 3:
				a.Addresses = []inventory.Address{ip(fmt.Sprintf("192.0.2.%d", i%250)), mac(fmt.Sprintf("02:00:00:00:%02x:%02x", i>>8, i&255))}
			}
			as[i], reasons[i] = a, fmt.Sprintf("line %d", i+2)
		}
		as = e.createAll(as, reasons)
		all, err := e.s.Assets(ctx, inventory.AssetFilter{})
		if err != nil {
			e.t.Fatal(err)
		}
		e.same("Assets", mapSlice(all, normAsset), mapSlice(as, normAsset))
		if h := e.history(as[299].ID); len(h) != 1 || h[0].Reason != "line 301" {
			e.t.Fatalf("last asset's history = %+v", h)
		}
	}},
	{"CreateAssets/OneInvalidKeepsNothingAndIsNamed", func(e *env) {
		err := e.s.Update(ctx, func(w inventory.Writer) error {
			return w.CreateAssets(ctx, pointers([]inventory.Asset{{Tag: "A-1"}, {Tag: "A-2", Addresses: []inventory.Address{ip("192.0.2.300")}}}),
				[]string{"", ""})
		})
		e.wantErr(err, inventory.ErrInvalid, "ip", "asset 2 of 2", "A-2", "192.0.2.300")
		if all, err := e.s.Assets(ctx, inventory.AssetFilter{}); err != nil || len(all) != 0 {
			e.t.Fatalf("Assets = %d assets, %v; want none", len(all), err)
		}
		// Many assets, invalid ones late and later still: the first is named.
		many := make([]inventory.Asset, 400)
		reasons := make([]string, len(many))
		for i := range many {
			many[i] = inventory.Asset{Tag: "M-" + itoa(int64(i))}
		}
		many[250].Stage, many[399].Kind = "lost", "toaster"
		err = e.s.Update(ctx, func(w inventory.Writer) error { return w.CreateAssets(ctx, pointers(many), reasons) })
		e.wantErr(err, inventory.ErrInvalid, "stage", "asset 251 of 400", "M-250")
		many[250].Stage = ""
		err = e.s.Update(ctx, func(w inventory.Writer) error { return w.CreateAssets(ctx, pointers(many), reasons) })
		e.wantErr(err, inventory.ErrInvalid, "kind", "asset 400 of 400", "M-399")
		many[10].Stage = "lost"
		err = e.s.Update(ctx, func(w inventory.Writer) error { return w.CreateAssets(ctx, pointers(many), reasons) })
		e.wantErr(err, inventory.ErrInvalid, "stage", "asset 11 of 400", "M-10")
		if all, err := e.s.Assets(ctx, inventory.AssetFilter{}); err != nil || len(all) != 0 {
			e.t.Fatalf("Assets = %d assets, %v; want none", len(all), err)
		}
	}},
	{"CreateAssets/TakenTagIsConflict", func(e *env) {
		first := e.create(inventory.Asset{Tag: "CAM-7"})
		err := e.s.Update(ctx, func(w inventory.Writer) error {
			return w.CreateAssets(ctx, pointers([]inventory.Asset{{Tag: "CAM-8"}, {Tag: "CAM-7", Hostname: "other"}}), []string{"", ""})
		})
		e.wantErr(err, inventory.ErrConflict, "tag", "CAM-7 is already used by asset #"+itoa(first.ID))
		err = e.s.Update(ctx, func(w inventory.Writer) error {
			return w.CreateAssets(ctx, pointers([]inventory.Asset{{Tag: "CAM-9"}, {Tag: "CAM-9"}}), []string{"", ""})
		})
		e.wantErr(err, inventory.ErrConflict, "tag", "CAM-9")
		if all, err := e.s.Assets(ctx, inventory.AssetFilter{}); err != nil || len(all) != 1 {
			e.t.Fatalf("Assets = %d assets, %v; want the first alone", len(all), err)
		}
	}},
	{"CreateAssets/ReasonsMustMatch", func(e *env) {
		err := e.s.Update(ctx, func(w inventory.Writer) error {
			return w.CreateAssets(ctx, pointers([]inventory.Asset{{Tag: "A-1"}}), nil)
		})
		if err == nil {
			e.t.Fatal("CreateAssets with no reason for its asset succeeded")
		}
	}},
	{"SaveCheck/ManyObservationsOfManyAssets", func(e *env) {
		const n = 300
		as := make([]inventory.Asset, n)
		for i := range as {
			as[i] = inventory.Asset{Tag: fmt.Sprintf("O-%03d", i)}
		}
		as = e.createAll(as, make([]string, n))
		t0 := e.clock.Now()
		obs := make([]inventory.Observation, 0, n+50)
		for i := range n {
			o := inventory.Observation{AssetID: as[i].ID, Address: fmt.Sprintf("2001:db8::%x", i+1), State: inventory.Answered,
				Reason: "syn-ack", SeenAt: t0.Add(time.Duration(i) * time.Second),
				Ports: []inventory.Port{{Number: 22, Protocol: "tcp", State: "open", Service: "ssh"}, {Number: i + 1000, Protocol: "udp", State: "closed"}}}
			if i%3 == 0 {
				o.State = inventory.Dark
			}
			obs = append(obs, o)
		}
		for i := range 50 {
			obs = append(obs, inventory.Observation{Address: fmt.Sprintf("192.0.2.%d", i+1), State: inventory.Unknown,
				Hostnames: []string{fmt.Sprintf("u%d.example.test", i)}, MAC: "02:00:00:00:00:01", Conflict: "who?"})
		}
		c, saved := e.saveCheck(t0, obs...)
		seenIDs := map[int64]bool{}
		for i, o := range saved {
			if o.ID == 0 || seenIDs[o.ID] || o.CheckID != c.ID {
				e.t.Fatalf("observation %d: ID %d CheckID %d, want a new ID and %d", i, o.ID, o.CheckID, c.ID)
			}
			seenIDs[o.ID] = true
		}
		got, err := e.s.Observations(ctx, inventory.ObservationFilter{CheckID: c.ID})
		if err != nil {
			e.t.Fatal(err)
		}
		byID := map[int64]inventory.Observation{}
		for _, o := range got {
			byID[o.ID] = o
		}
		for i, o := range saved {
			e.same(fmt.Sprintf("observation %d", i), normObservation(byID[o.ID]), normObservation(o))
		}
		for i, a := range as {
			seen := e.asset(a.ID).LastSeen
			if i%3 == 0 {
				if !seen.IsZero() {
					e.t.Fatalf("asset %d seen at %v after only a dark observation", i, seen)
				}
				continue
			}
			e.sameTime(fmt.Sprintf("asset %d LastSeen", i), seen, t0.Add(time.Duration(i)*time.Second))
		}
	}},
	{"SaveCheck/UnknownAssetAmongManyIsNamed", func(e *env) {
		a := e.create(inventory.Asset{Tag: "A"})
		obs := make([]inventory.Observation, 200)
		for i := range obs {
			obs[i] = inventory.Observation{AssetID: a.ID, Address: fmt.Sprintf("2001:db8::%x", i+1), State: inventory.Answered}
		}
		obs[150].AssetID = 4040
		c := inventory.Check{Source: "live"}
		err := e.s.Update(ctx, func(w inventory.Writer) error { return w.SaveCheck(ctx, &c, obs) })
		e.wantErr(err, inventory.ErrNotFound, "", "4040", "2001:db8::97")
		if cs, err := e.s.Checks(ctx, 0); err != nil || len(cs) != 0 {
			e.t.Fatalf("Checks = %d, %v; a refused check was kept", len(cs), err)
		}
	}},
}
