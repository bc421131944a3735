package storetest

import (
	"time"

	"github.com/sunset-tui/sunset/inventory"
)

// fullAsset sets every field an asset has.
func fullAsset() inventory.Asset {
	return inventory.Asset{
		Tag: "SRV-0001", Hostname: "Files01", Kind: inventory.KindServer, Vendor: "Acme", Model: "R740",
		Serial: "SN-123", Owner: "alice", Department: "IT", Location: "room 2, rack 4",
		Stage: inventory.StageActive, DeployedOn: date("2024-01-15"), WarrantyEnds: date("2029-01-14"),
		EOLOn: date("2030-06-30"), LastManagedOn: date("2031-02-01"), HoldsCredentials: true,
		CredentialsRef: "vault:/it/files01", StoresData: true, Classification: "internal", OS: "Debian",
		OSVersion: "12", Approved: true, Notes: "line one\nline two ✓", Source: "csv:assets.csv", ExternalID: "ext-9",
		Addresses: []inventory.Address{
			{Kind: inventory.AddrIP, Value: "192.0.2.10", Primary: true},
			ip("192.0.2.11"), mac("AA-BB-CC-00-11-22"), dns("Files01.Example.TEST."),
		},
	}
}

var assetCases = []suiteCase{
	{"CreateAsset/SetsIDTimesAndRecordsCreated", func(e *env) {
		now := e.clock.Now()
		a := e.create(inventory.Asset{Tag: "A-1", Hostname: "a1", Addresses: []inventory.Address{ip("192.0.2.1")}})
		if a.ID <= 0 {
			e.t.Fatalf("ID = %d, want > 0", a.ID)
		}
		e.sameTime("CreatedAt", a.CreatedAt, now)
		e.sameTime("UpdatedAt", a.UpdatedAt, now)
		e.sameTime("StageSince", a.StageSince, now)
		if a.Stage != inventory.StageActive || a.Kind != inventory.KindOther {
			e.t.Fatalf("defaults: stage %q kind %q, want active and other", a.Stage, a.Kind)
		}
		e.same("Addresses", e.asset(a.ID).Addresses, a.Addresses)
		h := e.history(a.ID)
		if len(h) != 1 {
			e.t.Fatalf("history has %d events, want 1", len(h))
		}
		ev := h[0]
		if ev.Action != inventory.ActionCreated || ev.Actor != Actor || ev.Reason != "test" || ev.AssetID != a.ID {
			e.t.Fatalf("created event = %+v; want action created, actor %q, reason test (did open pass storetest.Actor?)", ev, Actor)
		}
		e.sameTime("event time (did open pass storetest.Now(t)?)", ev.At, now)
	}},
	{"CreateAsset/KeepsGivenStageSince", func(e *env) {
		since := time.Date(2020, 5, 6, 7, 8, 9, 0, time.UTC)
		a := e.create(inventory.Asset{Tag: "A-1", Stage: inventory.StageSpare, StageSince: since})
		e.sameTime("StageSince", e.asset(a.ID).StageSince, since)
	}},
	{"CreateAsset/EveryFieldRoundTrips", func(e *env) {
		a := e.create(fullAsset())
		if got := a.Addresses[2].Value; got != "aa:bb:cc:00:11:22" {
			e.t.Fatalf("MAC stored as %q, want it normalised", got)
		}
		if got := a.Addresses[3].Value; got != "files01.example.test" {
			e.t.Fatalf("DNS name stored as %q, want it normalised", got)
		}
		e.same("Asset", normAsset(e.asset(a.ID)), normAsset(a))
	}},
	{"CreateAsset/RefusesInvalidAndKeepsNothing", func(e *env) {
		err := e.s.Update(ctx, func(w inventory.Writer) error {
			return w.CreateAsset(ctx, &inventory.Asset{Kind: inventory.KindCamera}, "")
		})
		e.wantErr(err, inventory.ErrInvalid, "tag")
		err = e.s.Update(ctx, func(w inventory.Writer) error {
			return w.CreateAsset(ctx, &inventory.Asset{Tag: "A-1", Addresses: []inventory.Address{ip("192.0.2.300")}}, "")
		})
		e.wantErr(err, inventory.ErrInvalid, "ip", "192.0.2.300")
		all, err := e.s.Assets(ctx, inventory.AssetFilter{})
		if err != nil || len(all) != 0 {
			e.t.Fatalf("Assets = %d assets, %v; want none", len(all), err)
		}
	}},
	{"CreateAsset/TakenTagIsConflictNamingItsAsset", func(e *env) {
		first := e.create(inventory.Asset{Tag: "CAM-7"})
		err := e.s.Update(ctx, func(w inventory.Writer) error {
			return w.CreateAsset(ctx, &inventory.Asset{Tag: "CAM-7", Hostname: "other"}, "")
		})
		e.wantErr(err, inventory.ErrConflict, "tag", "tag: CAM-7 is already used by asset #"+itoa(first.ID))
	}},
	{"CreateAsset/AssetsWithoutTagNeverConflict", func(e *env) {
		a := e.create(inventory.Asset{Hostname: "h1"})
		b := e.create(inventory.Asset{Hostname: "h2"})
		if a.ID == b.ID {
			e.t.Fatal("two assets got one ID")
		}
	}},
	{"Asset/UnknownIsNotFound", func(e *env) {
		_, err := e.s.Asset(ctx, 999)
		e.wantErr(err, inventory.ErrNotFound, "", "999")
	}},
	{"UpdateAsset/RecordsOnlyChangedFieldsFromTo", func(e *env) {
		a := e.create(inventory.Asset{Tag: "SW-1", Hostname: "sw1", Owner: "alice", Kind: inventory.KindSwitch,
			Addresses: []inventory.Address{ip("192.0.2.20")}})
		created := a.CreatedAt
		now := e.clock.Advance(time.Hour)
		a.Owner = "bob"
		a.WarrantyEnds = date("2032-12-31")
		a.HoldsCredentials = true
		a.Addresses = append(a.Addresses, ip("192.0.2.21"), mac("00:11:22:33:44:55"))
		var changed bool
		e.update(func(w inventory.Writer) (err error) {
			changed, err = w.UpdateAsset(ctx, &a, "audit")
			return err
		})
		if !changed {
			e.t.Fatal("changed = false, want true")
		}
		ev := e.lastEvent(a.ID)
		if ev.Action != inventory.ActionUpdated || ev.Actor != Actor || ev.Reason != "audit" {
			e.t.Fatalf("event = %+v, want updated by %s for audit", ev, Actor)
		}
		e.sameTime("event time", ev.At, now)
		// Values read as the command line and the export write them.
		e.same("changes", sortedChanges(ev.Changes), sortedChanges([]inventory.Change{
			{Field: "owner", From: "alice", To: "bob"},
			{Field: "warranty-ends", From: "", To: "2032-12-31"},
			{Field: "holds-credentials", From: "no", To: "yes"},
			{Field: "ip", From: "192.0.2.20", To: "192.0.2.20 192.0.2.21"},
			{Field: "mac", From: "", To: "00:11:22:33:44:55"},
		}))
		got := e.asset(a.ID)
		e.sameTime("UpdatedAt", got.UpdatedAt, now)
		e.sameTime("CreatedAt", got.CreatedAt, created)
		if got.Owner != "bob" || !got.HoldsCredentials || got.WarrantyEnds != date("2032-12-31") || len(got.Addresses) != 3 {
			e.t.Fatalf("stored asset = %+v, want the new values", got)
		}
		e.same("Asset", normAsset(got), normAsset(a))

		a.Addresses = a.Addresses[1:] // drop 192.0.2.20
		e.update(func(w inventory.Writer) error { _, err := w.UpdateAsset(ctx, &a, ""); return err })
		e.same("changes", e.lastEvent(a.ID).Changes, []inventory.Change{{Field: "ip", From: "192.0.2.20 192.0.2.21", To: "192.0.2.21"}})
		if got := e.asset(a.ID).IPs(); len(got) != 1 || got[0] != "192.0.2.21" {
			e.t.Fatalf("IPs = %v, want [192.0.2.21]", got)
		}
	}},
	{"UpdateAsset/NoChangeRecordsNothing", func(e *env) {
		a := e.create(fullAsset())
		e.clock.Advance(time.Minute)
		before := len(e.history(a.ID))
		again := e.asset(a.ID)
		again.Addresses[2].Value = "AA:BB:CC:00:11:22" // same MAC, other spelling
		var changed bool
		e.update(func(w inventory.Writer) (err error) {
			changed, err = w.UpdateAsset(ctx, &again, "nothing")
			return err
		})
		if changed {
			e.t.Fatal("changed = true for an identical asset")
		}
		if n := len(e.history(a.ID)); n != before {
			e.t.Fatalf("history grew from %d to %d events", before, n)
		}
		e.sameTime("UpdatedAt", e.asset(a.ID).UpdatedAt, a.UpdatedAt)
	}},
	{"UpdateAsset/RefusesStageChange", func(e *env) {
		a := e.create(inventory.Asset{Tag: "A-1"})
		a.Stage = inventory.StageRetired
		err := e.s.Update(ctx, func(w inventory.Writer) error { _, err := w.UpdateAsset(ctx, &a, ""); return err })
		e.wantErr(err, inventory.ErrInvalid, "stage", "sunset stage")
		if got := e.asset(a.ID).Stage; got != inventory.StageActive {
			e.t.Fatalf("stage = %s, want active", got)
		}
	}},
	{"UpdateAsset/UnknownIsNotFound", func(e *env) {
		a := inventory.Asset{ID: 4242, Tag: "ghost"}
		err := e.s.Update(ctx, func(w inventory.Writer) error { _, err := w.UpdateAsset(ctx, &a, ""); return err })
		e.wantErr(err, inventory.ErrNotFound, "", "4242")
	}},
	{"UpdateAsset/TakenTagIsConflict", func(e *env) {
		first := e.create(inventory.Asset{Tag: "T-1"})
		second := e.create(inventory.Asset{Tag: "T-2"})
		second.Tag = "T-1"
		err := e.s.Update(ctx, func(w inventory.Writer) error { _, err := w.UpdateAsset(ctx, &second, ""); return err })
		e.wantErr(err, inventory.ErrConflict, "tag", "T-1 is already used by asset #"+itoa(first.ID))
	}},
	{"Assets/FiltersAndOrdersByTagThenID", func(e *env) {
		b := e.create(inventory.Asset{Tag: "b", Kind: inventory.KindCamera, Owner: "Alice", Addresses: []inventory.Address{ip("192.0.2.2")}})
		a := e.create(inventory.Asset{Tag: "a", Kind: inventory.KindServer, Owner: "bob", Stage: inventory.StageRetired})
		c := e.create(inventory.Asset{Tag: "c", Kind: inventory.KindCamera, Stage: inventory.StageSpare,
			Addresses: []inventory.Address{ip("192.0.2.3"), mac("00:00:5e:00:53:01")}})
		list := func(f inventory.AssetFilter) []inventory.Asset {
			e.t.Helper()
			out, err := e.s.Assets(ctx, f)
			if err != nil {
				e.t.Fatalf("Assets(%+v): %v", f, err)
			}
			return out
		}
		all := list(inventory.AssetFilter{})
		e.same("order", ids(all), []int64{a.ID, b.ID, c.ID})
		e.same("addresses of b", normAsset(all[1]).Addresses, b.Addresses)
		e.same("addresses of c", normAsset(all[2]).Addresses, c.Addresses)
		if all[0].Addresses != nil {
			e.t.Fatalf("a has addresses %v, want none", all[0].Addresses)
		}
		e.same("kind camera", ids(list(inventory.AssetFilter{Kind: inventory.KindCamera})), []int64{b.ID, c.ID})
		e.same("stages", ids(list(inventory.AssetFilter{Stages: []inventory.Stage{inventory.StageSpare, inventory.StageRetired}})), []int64{a.ID, c.ID})
		e.same("owner alice", ids(list(inventory.AssetFilter{Owner: "alice"})), []int64{b.ID})
		e.same("ids", ids(list(inventory.AssetFilter{IDs: []int64{c.ID, a.ID}})), []int64{a.ID, c.ID})
		e.same("kind camera and stage spare", ids(list(inventory.AssetFilter{Kind: inventory.KindCamera, Stages: []inventory.Stage{inventory.StageSpare}})), []int64{c.ID})
		if got := list(inventory.AssetFilter{Kind: inventory.KindNVR}); len(got) != 0 {
			e.t.Fatalf("kind nvr: %d assets, want none", len(got))
		}
	}},
}
