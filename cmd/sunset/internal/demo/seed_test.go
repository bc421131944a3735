package demo

import (
	"context"
	"net/netip"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/sunset-tui/sunset/inventory"
	"github.com/sunset-tui/sunset/inventory/sqlite"
	"github.com/sunset-tui/sunset/lifecycle"
	"github.com/sunset-tui/sunset/lifecycle/service"
)

// seeded opens a real SQLite file and seeds it as a namespace lab would,
// without starting one.
func seeded(t *testing.T, now time.Time) (*service.Service, refs) {
	t.Helper()
	clk := &seedClock{real: func() time.Time { return now }}
	st, err := sqlite.Open(filepath.Join(t.TempDir(), "demo.db"), sqlite.Options{Actor: Actor, Now: clk.Now})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	svc := service.New(st, service.Options{Actor: Actor, Now: clk.Now})
	r, err := seed(context.Background(), svc, clk, namespaceNetwork())
	if err != nil {
		t.Fatal(err)
	}
	return svc, r
}

var seedNow = time.Date(2031, time.March, 4, 9, 30, 0, 0, time.FixedZone("UTC+1", 3600))

func TestSeedHasABelievableInventoryInEveryStage(t *testing.T) {
	svc, _ := seeded(t, seedNow)
	w := loadWorld(t, svc)
	if len(w.assets) < 30 || len(w.assets) > 40 {
		t.Errorf("%d assets, want 30-40", len(w.assets))
	}
	stages := map[inventory.Stage]int{}
	for _, a := range w.assets {
		stages[a.Stage]++
		if a.Owner == "" || a.Department == "" || a.Location == "" || a.Vendor == "" || a.Model == "" {
			t.Errorf("%s lacks owner, department, location, vendor or model: %+v", a.Tag, a)
		}
		if a.Stage != inventory.StagePlanned && a.Serial == "" {
			t.Errorf("%s has no serial", a.Tag)
		}
		if slices.Contains([]inventory.Stage{inventory.StageActive, inventory.StageDecommissioning,
			inventory.StageRetired, inventory.StageDisposed}, a.Stage) && a.PrimaryIP() == "" {
			t.Errorf("%s is %s but has no address for a check", a.Tag, a.Stage)
		}
		if a.Stage == inventory.StageActive && (a.LastManagedOn.IsZero() || a.WarrantyEnds.IsZero() || a.DeployedOn.IsZero()) {
			t.Errorf("%s is active without last-managed, warranty or deployed dates", a.Tag)
		}
	}
	for _, s := range inventory.Stages {
		if stages[s] == 0 {
			t.Errorf("no asset is %s (stages: %v)", s, stages)
		}
	}
	for _, a := range w.assets {
		if ip := a.PrimaryIP(); ip != "" && !strings.HasPrefix(ip, "192.0.2.") {
			t.Errorf("%s has address %s outside the lab range", a.Tag, ip)
		}
	}
}

func TestSeedHistoryIsDatedInThePastWithReasons(t *testing.T) {
	svc, r := seeded(t, seedNow)
	st := svc.Store()
	ctx := context.Background()
	w := loadWorld(t, svc)
	var oldest time.Time
	var forced, edits, stageChanges int
	for _, a := range w.assets {
		h, err := st.History(ctx, a.ID)
		if err != nil {
			t.Fatal(err)
		}
		if len(h) == 0 || h[0].Action != inventory.ActionCreated {
			t.Errorf("%s: history does not start with its creation: %+v", a.Tag, h)
			continue
		}
		for _, e := range h {
			if !e.At.Before(seedNow) {
				t.Errorf("%s: event %s at %s is not in the past", a.Tag, e.Action, e.At)
			}
			if oldest.IsZero() || e.At.Before(oldest) {
				oldest = e.At
			}
			switch e.Action {
			case inventory.ActionStage:
				stageChanges++
				if e.Reason == "" {
					t.Errorf("%s: stage change at %s has no reason", a.Tag, e.At)
				}
				if e.Forced {
					forced++
					if a.Tag != TagForgottenServer || !strings.Contains(e.Reason, "Forced") {
						t.Errorf("unexpected forced stage change of %s: %q", a.Tag, e.Reason)
					}
				}
			case inventory.ActionUpdated:
				edits++
			}
		}
		if last := h[len(h)-1].At; a.Stage != inventory.StagePlanned && seedNow.Sub(last) < 24*time.Hour {
			t.Errorf("%s: last event at %s, want the history to end days ago", a.Tag, last)
		}
	}
	if seedNow.Sub(oldest) < 5*365*24*time.Hour {
		t.Errorf("the oldest event is %s; want history going back years", oldest)
	}
	if forced != 1 || edits < 20 || stageChanges < 40 {
		t.Errorf("forced %d (want 1), edits %d, stage changes %d", forced, edits, stageChanges)
	}
	zombie := w.asset(t, TagForgottenServer)
	if !zombie.StageSince.Equal(r.forgottenRetired) || seedNow.Sub(zombie.StageSince) < 90*24*time.Hour {
		t.Errorf("%s retired at %s (refs %s), want months ago", TagForgottenServer, zombie.StageSince, r.forgottenRetired)
	}

	// After seeding the store writes at real time again.
	if _, _, err := svc.UpdateAsset(ctx, zombie.Tag, func(a *inventory.Asset) error { a.Notes += " Checked."; return nil }, "now"); err != nil {
		t.Fatal(err)
	}
	h, _ := st.History(ctx, zombie.ID)
	if at := h[len(h)-1].At; !at.Equal(seedNow) {
		t.Errorf("a write after seeding is dated %s, want now (%s)", at, seedNow)
	}
}

func TestSeedRecordsTheThreeIncidentsAndTheMappings(t *testing.T) {
	svc, r := seeded(t, seedNow)
	st := svc.Store()
	w := loadWorld(t, svc)
	today := inventory.DateOf(seedNow)

	nvr := w.asset(t, TagCameraPlatform)
	if nvr.Kind != inventory.KindNVR || nvr.Stage != inventory.StageActive || !nvr.HoldsCredentials ||
		!strings.HasPrefix(nvr.CredentialsRef, "vault://") || nvr.LastManagedOn.DaysUntil(today) <= 365 {
		t.Errorf("camera platform: %+v", nvr)
	}
	cameras := 0
	for _, a := range w.assets {
		if a.Kind == inventory.KindCamera && a.Stage == inventory.StageActive && strings.Contains(a.Notes, TagCameraPlatform) {
			cameras++
		}
	}
	if cameras < 3 {
		t.Errorf("%d active cameras managed through %s, want the cameras listed as assets", cameras, TagCameraPlatform)
	}

	vm := r.vendorMapping
	if owner := w.asset(t, TagMaintainedServer); vm.AssetID != owner.ID || !vm.Open() || vm.ExternalPort != 3389 ||
		vm.ExpiresOn.DaysUntil(today) < 700 {
		t.Errorf("vendor mapping: %+v", vm)
	}
	var open, closed, due int
	for _, m := range w.mappings {
		switch {
		case !m.Open():
			closed++
			if m.ClosedEvidence == "" {
				t.Errorf("mapping #%d closed without evidence", m.ID)
			}
		case !m.ExpiresOn.IsZero() && m.ExpiresOn.After(today):
			due++
		default:
			open++
		}
	}
	if closed == 0 || due == 0 || open < 2 {
		t.Errorf("mappings: %d closed, %d due to expire, %d open: %+v", closed, due, open, w.mappings)
	}

	old := w.asset(t, "SRV-OLD-03")
	rec, ok, err := st.Sanitization(context.Background(), old.ID)
	if err != nil || !ok || rec.Validate() != nil || old.Stage != inventory.StageDisposed {
		t.Errorf("disposed server's sanitization record: %+v ok=%v err=%v", rec, ok, err)
	}
}

func TestSeedChecklistsAreWhatTheCommandLineWouldKeep(t *testing.T) {
	svc, r := seeded(t, seedNow)
	w := loadWorld(t, svc)
	for _, a := range w.assets {
		items := w.lists[a.ID]
		switch a.Stage {
		case inventory.StageDecommissioning:
			if ms := w.mappingsOf(a.ID); lifecycle.ChecklistChanged(items, lifecycle.Checklist(a, ms, items)) {
				t.Errorf("%s: stored checklist differs from what lifecycle.Checklist makes of it", a.Tag)
			}
		case inventory.StageActive, inventory.StagePlanned, inventory.StageSpare:
			if len(items) != 0 {
				t.Errorf("%s is %s but has a checklist", a.Tag, a.Stage)
			}
		}
	}

	ready := w.asset(t, TagReadyToRetire)
	closeItem := lifecycle.CloseMappingItem(r.closedMapping.ID)
	for _, it := range w.lists[ready.ID] {
		byCheck := it.Verify == inventory.VerifyScanDark || it.Verify == inventory.VerifyMappingClosed
		if it.Required && it.Done == byCheck {
			t.Errorf("%s item %s (%s): done=%v, want only the items a check ticks left open", ready.Tag, it.ID, it.Verify, it.Done)
		}
		if it.Done && it.Verify == inventory.VerifyEvidence && it.Evidence == "" {
			t.Errorf("%s item %s done without evidence", ready.Tag, it.ID)
		}
	}
	if !slices.ContainsFunc(w.lists[ready.ID], func(it inventory.ChecklistItem) bool { return it.ID == closeItem }) {
		t.Errorf("%s has no item %s for its mapping", ready.Tag, closeItem)
	}
	// Before any check the guard refuses, for want of a check alone.
	dec := w.decide(t, TagReadyToRetire, lifecycle.Request{To: inventory.StageRetired})
	codes := slices.Compact(slices.Sorted(slices.Values(dec.Codes())))
	want := []string{lifecycle.CodeChecklistOpen, lifecycle.CodeMappingUnverified, lifecycle.CodeNoCheck}
	if dec.Allowed || !slices.Equal(codes, want) {
		t.Errorf("retiring %s before a check: allowed=%v codes %v, want %v", TagReadyToRetire, dec.Allowed, codes, want)
	}
}

func (w world) mappingsOf(id int64) []inventory.PortMapping {
	var out []inventory.PortMapping
	for _, m := range w.mappings {
		if m.AssetID == id {
			out = append(out, m)
		}
	}
	return out
}

func TestSeedFindsNoZombieBeforeTheDemosFirstCheckOnlyTheExpiredMapping(t *testing.T) {
	svc, r := seeded(t, seedNow)
	w := loadWorld(t, svc)
	// The only checks are those that proved the devices retired by the
	// book dark, on the day each was retired.
	checks, err := svc.Store().Checks(context.Background(), 0)
	if err != nil {
		t.Fatal(err)
	}
	if len(checks) != 3 {
		t.Errorf("the seed stored %d checks, want the 3 that proved retirements", len(checks))
	}
	for _, c := range checks {
		if c.Partial || c.HostsDark != 1 || c.HostsAnswered != 0 || seedNow.Sub(c.RecordedAt) < 200*24*time.Hour {
			t.Errorf("check #%d: %+v, want a complete check months ago that found one device dark", c.ID, c)
		}
	}
	findings := w.findings(t)
	logFindings(t, findings)
	if len(findings) != 1 || findings[0].Kind != lifecycle.FindingExposedMapping ||
		findings[0].Severity != lifecycle.SeverityHigh || findings[0].MappingID != r.vendorMapping.ID {
		t.Errorf("before a check, want only the expired vendor mapping (high, not yet probed): %+v", summarize(findings))
	}
}

func TestSeedPolicyScansTheLabOnly(t *testing.T) {
	for name, nw := range map[string]network{"namespaces": namespaceNetwork(), "loopback": loopbackNetwork(false),
		"loopback-high": loopbackNetwork(true), "none": noNetwork()} {
		t.Run(name, func(t *testing.T) {
			clk := &seedClock{real: func() time.Time { return seedNow }}
			st, err := sqlite.Open(filepath.Join(t.TempDir(), "demo.db"), sqlite.Options{Actor: Actor, Now: clk.Now})
			if err != nil {
				t.Fatal(err)
			}
			defer st.Close()
			if _, err := seed(context.Background(), service.New(st, service.Options{Actor: Actor, Now: clk.Now}), clk, nw); err != nil {
				t.Fatal(err)
			}
			pol, err := st.Policy(context.Background())
			if err != nil {
				t.Fatal(err)
			}
			if nw.mode == None {
				if len(pol.Scope) != 0 {
					t.Errorf("without a lab the scope must be empty, so no check scans anything: %v", pol.Scope)
				}
				return
			}
			if len(pol.Scope) != 1 || pol.Scope[0].Bits() != 24 {
				t.Fatalf("scope %v, want the lab's /24", pol.Scope)
			}
			lab := pol.Scope[0]
			if !(lab.Addr().IsLoopback() || lab.String() == "192.0.2.0/24") {
				t.Errorf("scope %s is neither loopback nor the documentation lab range", lab)
			}
			if len(pol.Discover) != 1 || !inventory.PrefixWithin(pol.Discover[0], pol.Scope) {
				t.Errorf("discover %v, want one range inside the scope", pol.Discover)
			}
			if len(pol.Ports) > 12 || !slices.Contains(pol.Ports, 3389) || pol.CheckFresh != inventory.Duration(24*time.Hour) {
				t.Errorf("ports %v, check.fresh %s", pol.Ports, pol.CheckFresh)
			}
			if nw.highPorts && slices.ContainsFunc(pol.Ports, func(p int) bool { return p < 1024 }) {
				t.Errorf("a high-port lab probes low ports: %v", pol.Ports)
			}
			assets, _ := st.Assets(context.Background(), inventory.AssetFilter{})
			for _, a := range assets {
				for _, ip := range a.IPs() {
					ad, _ := netip.ParseAddr(ip)
					if !ad.IsLoopback() && !strings.HasPrefix(ip, "192.0.2.") {
						t.Errorf("%s has address %s, outside loopback and the lab range", a.Tag, ip)
					}
				}
			}
		})
	}
}
