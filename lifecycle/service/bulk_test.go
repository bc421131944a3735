package service_test

import (
	"errors"
	"fmt"
	"slices"
	"testing"

	"github.com/sunset-tui/sunset/inventory"
	"github.com/sunset-tui/sunset/lifecycle"
	"github.com/sunset-tui/sunset/lifecycle/service"
	"github.com/sunset-tui/sunset/scan"
)

// The facts of many assets read a chunk at a time decide every move as
// the facts of each read on its own do, across more assets than a chunk
// holds, in the order asked for.
func TestFactsReadByTheChunkDecideAsFactsReadOneByOne(t *testing.T) {
	f := newFixture(t)
	f.must(f.svc.SetPolicy(ctx, "scan.scope", "192.0.2.0/24,198.51.100.0/24"))
	const n = 2100 // more than one chunk
	assets := make([]*inventory.Asset, n)
	for i := range assets {
		assets[i] = &inventory.Asset{Tag: fmt.Sprintf("A-%04d", i), Kind: inventory.KindServer, Stage: inventory.StageActive,
			Owner: "infra", Addresses: []inventory.Address{{Kind: inventory.AddrIP, Value: fmt.Sprintf("198.51.100.%d", 1+i%200), Primary: true}}}
	}
	f.must(f.store.Update(ctx, func(w inventory.Writer) error { return w.CreateAssets(ctx, assets, make([]string, n)) }))
	gone := f.add("GONE-1", inventory.StageDecommissioning, "192.0.2.40", func(a *inventory.Asset) { a.StoresData = true })
	busy := f.add("BUSY-1", inventory.StageDecommissioning, "192.0.2.41", nil)
	m := inventory.PortMapping{ExternalAddr: "192.0.2.200", ExternalPort: 3389, Protocol: "tcp", Purpose: "vendor"}
	f.must(f.svc.AddMapping(ctx, "BUSY-1", &m, "test"))
	f.must(f.svc.Tick(ctx, "GONE-1", lifecycle.ItemRemoveAccess, "done"))
	f.must(f.svc.Tick(ctx, "GONE-1", lifecycle.ItemRemoveServices, ""))
	f.check(map[string]inventory.Liveness{"192.0.2.40": inventory.Dark, "192.0.2.41": inventory.Answered,
		"192.0.2.200": inventory.Answered})

	ids := []int64{busy.ID, assets[n-1].ID, gone.ID}
	for i := 0; i < n; i += 97 {
		ids = append(ids, assets[i].ID)
	}
	refs := make([]string, len(ids))
	for i, id := range ids {
		refs[i] = service.IDRef(id)
	}
	var progress []int
	many, err := f.svc.StageFactsOf(ctx, ids, func(done int) { progress = append(progress, done) })
	f.must(err)
	one, err := f.svc.StageFacts(ctx, refs)
	f.must(err)
	if many.Len() != len(ids) || !slices.Equal(progress, []int{len(ids)}) {
		t.Fatalf("read %d facts with progress %v, want %d", many.Len(), progress, len(ids))
	}
	for _, to := range inventory.Stages {
		for _, force := range []bool{false, true} {
			req := lifecycle.Request{To: to, Force: force, Reason: "test"}
			want, got := one.Decide(req), many.Decide(req)
			for i := range want {
				if fmt.Sprint(got[i]) != fmt.Sprint(want[i]) {
					t.Errorf("%s to %s (force %v): read by the chunk %+v, one by one %+v", refs[i], to, force, got[i], want[i])
				}
			}
		}
	}
	if many.Asset(2).ID != gone.ID {
		t.Errorf("the third asset is #%d, want GONE-1", many.Asset(2).ID)
	}
	if _, err := f.svc.StageFactsOf(ctx, []int64{gone.ID, 99999}, nil); !inventory.IsKind(err, inventory.ErrNotFound) {
		t.Errorf("facts of an asset that is not there: %v", err)
	}
}

// A stage change of many assets by id is all or nothing, and the assets
// it moves to decommissioning get their checklists.
func TestChangeStagesMovesAllOrNoneAndKeepsChecklists(t *testing.T) {
	f := newFixture(t)
	a1 := f.add("A-1", inventory.StageActive, "192.0.2.10", func(a *inventory.Asset) { a.StoresData = true })
	a2 := f.add("A-2", inventory.StageActive, "192.0.2.11", nil)
	r1 := f.add("R-1", inventory.StageRetired, "192.0.2.12", nil)
	_, err := f.svc.ChangeStages(ctx, []int64{a1.ID, r1.ID, a2.ID}, lifecycle.Request{To: inventory.StageDecommissioning}, nil)
	var refused *service.Refused
	if !errors.As(err, &refused) || refused.Decisions[1].Allowed || !refused.Decisions[0].Allowed {
		t.Fatalf("moving a retired asset with active ones: %v", err)
	}
	for _, ref := range []string{"A-1", "A-2"} {
		if a, _ := f.store.FindAsset(ctx, ref); a.Stage != inventory.StageActive {
			t.Errorf("%s moved to %s although the batch was refused", ref, a.Stage)
		}
	}
	var progress []int
	ds, err := f.svc.ChangeStages(ctx, []int64{a1.ID, a2.ID}, lifecycle.Request{To: inventory.StageDecommissioning, Reason: " replaced "},
		func(done int) { progress = append(progress, done) })
	f.must(err)
	if len(ds) != 2 || !slices.Equal(progress, []int{2, 2}) {
		t.Errorf("decisions %d, progress %v", len(ds), progress)
	}
	items := f.items("A-1")
	if _, ok := items[lifecycle.ItemSanitizeMedia]; !ok || len(f.items("A-2")) == 0 {
		t.Errorf("checklists after the move: A-1 %d items (sanitize: %v), A-2 %d", len(items), ok, len(f.items("A-2")))
	}
	h, err := f.store.History(ctx, a2.ID)
	f.must(err)
	if last := h[len(h)-1]; last.Action != inventory.ActionStage || last.Reason != "replaced" {
		t.Errorf("last event of A-2: %+v", last)
	}
}

// Many unknown devices are dismissed with one reason at once, or none is
// when one of the addresses is no unknown device.
func TestDismissAllIsAllOrNone(t *testing.T) {
	f := newFixture(t)
	f.add("A-1", inventory.StageActive, "192.0.2.10", nil)
	seen := map[string]inventory.Liveness{"192.0.2.10": inventory.Answered}
	var addrs []string
	for i := 100; i < 130; i++ {
		addr := fmt.Sprintf("192.0.2.%d", i)
		seen[addr] = inventory.Answered
		addrs = append(addrs, addr)
	}
	f.check(seen)
	if _, err := f.svc.DismissAll(ctx, append(slices.Clone(addrs), "192.0.2.10"), "guest Wi-Fi"); !inventory.IsKind(err, inventory.ErrNotFound) {
		t.Fatalf("dismissing an asset's address with unknown devices: %v", err)
	}
	if _, err := f.svc.DismissAll(ctx, addrs, " "); !inventory.IsKind(err, inventory.ErrInvalid) {
		t.Fatalf("dismissing without a reason: %v", err)
	}
	if ds, _ := f.store.Dismissals(ctx); len(ds) != 0 {
		t.Fatalf("a refused batch dismissed %d devices", len(ds))
	}
	out, err := f.svc.DismissAll(ctx, addrs, "guest Wi-Fi")
	f.must(err)
	ds, err := f.store.Dismissals(ctx)
	f.must(err)
	if len(out) != len(addrs) || len(ds) != len(addrs) || ds[0].Reason != "guest Wi-Fi" || ds[0].By != "tester" {
		t.Errorf("dismissed %d, stored %d: %+v", len(out), len(ds), ds[0])
	}
	if us, _ := f.svc.Unknowns(ctx); len(us) != 0 {
		t.Errorf("%d unknown devices left", len(us))
	}
}

// Adopting many unknown devices makes an asset of each, filled in by the
// caller, with its adoption in history; the vendor and OS the check saw
// are kept.
func TestAdoptAllKeepsWhatTheCheckSaw(t *testing.T) {
	f := newFixture(t)
	now := f.clock.now()
	res := scan.Result{Check: inventory.Check{StartedAt: now, EndedAt: now, Source: "live"}}
	for i := 1; i <= 3; i++ {
		res.Observations = append(res.Observations, inventory.Observation{Address: fmt.Sprintf("192.0.2.%d", 50+i),
			State: inventory.Answered, Reason: "syn-ack", SeenAt: now, MAC: fmt.Sprintf("02:00:00:00:00:%02d", i),
			MACVendor: "Axis Communications", OSGuess: "Linux 4.15 - 5.6",
			Ports: []inventory.Port{{Number: 554, Protocol: "tcp", State: "open", Service: "rtsp"}}})
	}
	_, err := f.svc.RecordCheck(ctx, res)
	f.must(err)
	adopted, err := f.svc.AdoptAll(ctx, []string{"192.0.2.51", "192.0.2.52", "192.0.2.53"}, func(a *inventory.Asset, u service.Unknown) error {
		a.Tag, a.Owner, a.Kind = "CAM-"+u.Observation.Address, "facilities", inventory.KindCamera
		return nil
	})
	f.must(err)
	if len(adopted) != 3 {
		t.Fatalf("adopted %d", len(adopted))
	}
	a, err := f.store.FindAsset(ctx, "CAM-192.0.2.52")
	f.must(err)
	if a.Owner != "facilities" || a.Vendor != "Axis Communications" || a.OS != "Linux 4.15 - 5.6" || a.Kind != inventory.KindCamera {
		t.Errorf("adopted asset %+v", a)
	}
	if !slices.Contains(f.actions("CAM-192.0.2.53"), inventory.ActionAdopted) {
		t.Errorf("history of CAM-192.0.2.53: %v", f.actions("CAM-192.0.2.53"))
	}
	if _, err := f.svc.AdoptAll(ctx, []string{"192.0.2.51"}, func(*inventory.Asset, service.Unknown) error { return nil }); !inventory.IsKind(err, inventory.ErrNotFound) {
		t.Errorf("adopting an adopted address again: %v", err)
	}
}
