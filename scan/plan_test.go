package scan

import (
	"context"
	"maps"
	"net/netip"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/sunset-tui/sunset/inventory"
)

var planNow = time.Date(2026, 11, 27, 9, 0, 0, 0, time.UTC)

func asset(id int64, tag string, stage inventory.Stage, addrs ...string) inventory.Asset {
	a := inventory.Asset{ID: id, Tag: tag, Hostname: strings.ToLower(tag), Stage: stage}
	for _, v := range addrs {
		kind := inventory.AddrIP
		switch {
		case strings.Count(v, ":") == 5 && !strings.Contains(v, "::"):
			kind = inventory.AddrMAC
		case strings.ContainsAny(v, "abcdefghijklmnopqrstuvwxyz") && !strings.Contains(v, ":"):
			kind = inventory.AddrDNS
		}
		a.Addresses = append(a.Addresses, inventory.Address{Kind: kind, Value: v})
	}
	return a
}

func testPolicy(scope, discover string) inventory.Policy {
	p := inventory.DefaultPolicy()
	p.Scope, _ = inventory.ParsePrefixes(scope, inventory.ScopeLimit)
	p.Discover, _ = inventory.ParsePrefixes(discover, inventory.SweepLimit)
	p.Ports = []int{22, 443}
	return p
}

func testInventory() ([]inventory.Asset, []inventory.PortMapping) {
	assets := []inventory.Asset{
		asset(1, "SRV-01", inventory.StageActive, "127.0.0.2", "02:00:5e:00:00:02"),
		asset(2, "CAM-01", inventory.StageDecommissioning, "127.0.0.3"),
		asset(3, "OLD-01", inventory.StageRetired, "127.0.0.4", "127.1.0.4"),
		asset(4, "GONE-01", inventory.StageDisposed, "127.0.0.5"),
		asset(5, "NEW-01", inventory.StagePlanned, "127.0.0.6"),
		asset(6, "BOX-01", inventory.StageSpare, "127.0.0.7"),
		asset(7, "NOIP-01", inventory.StageActive, "noip.lab.test"),
		asset(8, "FAR-01", inventory.StageActive, "127.2.0.8"),
	}
	mappings := []inventory.PortMapping{
		{ID: 1, AssetID: 1, ExternalAddr: "192.0.2.100", ExternalPort: 13389, InternalAddr: "127.0.0.2", InternalPort: 3389, Protocol: "tcp"},
		{ID: 2, AssetID: 2, ExternalAddr: "192.0.2.101", ExternalPort: 8554, Protocol: "tcp",
			ClosedAt: planNow.Add(-10 * 24 * time.Hour)},
		{ID: 3, AssetID: 2, ExternalAddr: "192.0.2.102", ExternalPort: 8080, Protocol: "tcp",
			ClosedAt: planNow.Add(-400 * 24 * time.Hour)},
		{ID: 4, AssetID: 3, ExternalAddr: "127.3.0.1", ExternalPort: 2222, Protocol: "tcp"},
		{ID: 5, AssetID: 1, ExternalAddr: "192.0.2.103", ExternalPort: 500, Protocol: "udp"},
	}
	return assets, mappings
}

func addrs(ss ...string) []netip.Addr {
	out := make([]netip.Addr, len(ss))
	for i, s := range ss {
		out[i] = netip.MustParseAddr(s)
	}
	return out
}

func TestFullPlanCoversStagesMappingsAndDiscover(t *testing.T) {
	assets, mappings := testInventory()
	plan, err := NewPlan(context.Background(), PlanInput{
		Assets: assets, Mappings: mappings, Policy: testPolicy("127.0.0.0/16,192.0.2.0/24", "127.0.0.0/28"),
		SeenPorts: map[int64][]int{2: {554, 80}, 5: {9999}}, Now: planNow,
	})
	if err != nil {
		t.Fatal(err)
	}
	// Active, decommissioning, retired and disposed assets; not planned or
	// spare ones. Mapping 1 (open) and 2 (closed 10 days ago) with their
	// internal end; not mapping 3, closed long ago.
	want := addrs("127.0.0.2", "127.0.0.3", "127.0.0.4", "127.0.0.5", "192.0.2.100", "192.0.2.101")
	if !slices.Equal(plan.Expect, want) {
		t.Errorf("Expect = %v, want %v", plan.Expect, want)
	}
	if len(plan.Sweeps) != 1 || plan.Sweeps[0].String() != "127.0.0.0/28" {
		t.Errorf("Sweeps = %v, want the discover range", plan.Sweeps)
	}
	// Policy ports on every target; CAM-01's seen ports on CAM-01, each
	// mapping's port on its own end; not the planned asset's seen port.
	if want := []int{22, 443}; !slices.Equal(plan.Ports, want) {
		t.Errorf("Ports = %v, want %v", plan.Ports, want)
	}
	wantExtra := map[netip.Addr][]int{
		netip.MustParseAddr("127.0.0.2"):   {3389},
		netip.MustParseAddr("127.0.0.3"):   {80, 554},
		netip.MustParseAddr("192.0.2.100"): {13389},
		netip.MustParseAddr("192.0.2.101"): {8554},
	}
	if !maps.EqualFunc(plan.ExtraPorts, wantExtra, slices.Equal) {
		t.Errorf("ExtraPorts = %v, want %v", plan.ExtraPorts, wantExtra)
	}
	if want := []int{22, 80, 443, 554, 3389, 8554, 13389}; !slices.Equal(plan.AllPorts(), want) {
		t.Errorf("AllPorts = %v, want %v", plan.AllPorts(), want)
	}
	// Targets: the sweep, then single addresses it does not cover.
	if got, want := plan.Targets(false), []string{"127.0.0.0/28", "192.0.2.100", "192.0.2.101"}; !slices.Equal(got, want) {
		t.Errorf("Targets = %v, want %v", got, want)
	}
	wantNot := map[string]string{
		"OLD-01":  "127.1.0.4 lies outside scan.scope",
		"NOIP-01": "no IP address recorded",
		"FAR-01":  "127.2.0.8 lies outside scan.scope",
	}
	for ref, reason := range wantNot {
		if !hasNotChecked(plan.NotChecked, ref, reason) {
			t.Errorf("NotChecked lacks %s: %s; got %v", ref, reason, plan.NotChecked)
		}
	}
	if !hasNotChecked(plan.NotChecked, "OLD-01", "mapping #4 127.3.0.1:2222: 127.3.0.1 lies outside scan.scope") {
		t.Errorf("the out-of-scope mapping endpoint is not listed: %v", plan.NotChecked)
	}
	if !hasNotChecked(plan.NotChecked, "SRV-01", "udp") {
		t.Errorf("the UDP mapping is not listed as not checked: %v", plan.NotChecked)
	}
	if hasNotChecked(plan.NotChecked, "NEW-01", "") || hasNotChecked(plan.NotChecked, "BOX-01", "") {
		t.Errorf("planned and spare assets are not due for a check: %v", plan.NotChecked)
	}
}

func hasNotChecked(list []inventory.NotChecked, ref, reason string) bool {
	for _, n := range list {
		if n.Asset == ref && strings.Contains(n.Reason, reason) {
			return true
		}
	}
	return false
}

func TestPlanRefusesEmptyScope(t *testing.T) {
	assets, mappings := testInventory()
	_, err := NewPlan(context.Background(), PlanInput{Assets: assets, Mappings: mappings, Policy: testPolicy("", ""), Now: planNow})
	if !inventory.IsKind(err, inventory.ErrRefused) || !strings.Contains(err.Error(), "sunset policy set scan.scope") {
		t.Fatalf("want a refusal saying how to set a scope, got %v", err)
	}
}

func TestNamedCheckCoversJustThoseAssets(t *testing.T) {
	assets, mappings := testInventory()
	plan, err := NewPlan(context.Background(), PlanInput{
		Assets: assets, Mappings: mappings, Policy: testPolicy("127.0.0.0/16,192.0.2.0/24", "127.0.0.0/28"),
		SeenPorts: map[int64][]int{2: {554}, 5: {9999}}, Only: []string{"cam-01", "NEW-01"}, Now: planNow,
	})
	if err != nil {
		t.Fatal(err)
	}
	// CAM-01 by hostname with its recently closed mapping; NEW-01 (planned)
	// because it was named. No discover sweep.
	if want := addrs("127.0.0.3", "127.0.0.6", "192.0.2.101"); !slices.Equal(plan.Expect, want) {
		t.Errorf("Expect = %v, want %v", plan.Expect, want)
	}
	if len(plan.Sweeps) != 0 {
		t.Errorf("a named check swept %v", plan.Sweeps)
	}
	wantExtra := map[netip.Addr][]int{
		netip.MustParseAddr("127.0.0.3"):   {554},
		netip.MustParseAddr("127.0.0.6"):   {9999},
		netip.MustParseAddr("192.0.2.101"): {8554},
	}
	if !slices.Equal(plan.Ports, []int{22, 443}) || !maps.EqualFunc(plan.ExtraPorts, wantExtra, slices.Equal) {
		t.Errorf("Ports = %v, ExtraPorts = %v; want [22 443] and %v", plan.Ports, plan.ExtraPorts, wantExtra)
	}
}

func TestNamedCheckAcceptsIDsAddressesRangesAndNames(t *testing.T) {
	assets, mappings := testInventory()
	plan, err := NewPlan(context.Background(), PlanInput{
		Assets: assets, Mappings: mappings, Policy: testPolicy("127.0.0.0/16", ""),
		Only: []string{"#4", "127.0.0.50", "127.0.1.0/29", "printer.lab.test"}, Now: planNow, Resolver: testResolver,
	})
	if err != nil {
		t.Fatal(err)
	}
	if want := addrs("127.0.0.5", "127.0.0.9", "127.0.0.50"); !slices.Equal(plan.Expect, want) {
		t.Errorf("Expect = %v, want %v", plan.Expect, want)
	}
	if len(plan.Sweeps) != 1 || plan.Sweeps[0].String() != "127.0.1.0/29" {
		t.Errorf("Sweeps = %v", plan.Sweeps)
	}
}

func TestNamedTargetOutsideScopeIsRefusedByName(t *testing.T) {
	assets, mappings := testInventory()
	for only, named := range map[string]string{
		"127.9.0.1":      "127.9.0.1",
		"192.0.2.0/28":   "192.0.2.0/28",
		"FAR-01":         "FAR-01",
		"OLD-01":         "127.1.0.4",
		"split.lab.test": "127.1.0.9",
	} {
		_, err := NewPlan(context.Background(), PlanInput{
			Assets: assets, Mappings: mappings, Policy: testPolicy("127.0.0.0/16", ""),
			Only: []string{"SRV-01", only}, Now: planNow, Resolver: testResolver,
		})
		if !inventory.IsKind(err, inventory.ErrRefused) {
			t.Errorf("%s: want refused, got %v", only, err)
			continue
		}
		if !strings.Contains(err.Error(), named) {
			t.Errorf("%s: error does not name %s: %v", only, named, err)
		}
	}
}

func TestNamedCheckRejectsBadTargets(t *testing.T) {
	assets, mappings := testInventory()
	for _, only := range []string{"-sS", "--script=x", "127.0.0.0/8", "224.0.0.1", "010.0.0.1", "NOIP-01", "nobody.lab.test"} {
		_, err := NewPlan(context.Background(), PlanInput{
			Assets: assets, Mappings: mappings, Policy: testPolicy("127.0.0.0/16", ""),
			Only: []string{only}, Now: planNow, Resolver: testResolver,
		})
		if !inventory.IsKind(err, inventory.ErrInvalid) {
			t.Errorf("%q: want invalid, got %v", only, err)
		}
	}
}

func TestAmbiguousHostnameIsAConflict(t *testing.T) {
	assets := []inventory.Asset{asset(1, "A", inventory.StageActive, "127.0.0.2"), asset(2, "B", inventory.StageActive, "127.0.0.3")}
	assets[0].Hostname, assets[1].Hostname = "web", "web"
	_, err := NewPlan(context.Background(), PlanInput{Assets: assets, Policy: testPolicy("127.0.0.0/16", ""), Only: []string{"web"}})
	if !inventory.IsKind(err, inventory.ErrConflict) || !strings.Contains(err.Error(), "A, B") {
		t.Fatalf("want a conflict naming A and B, got %v", err)
	}
}

func TestPlanSplitsFamiliesAndMergesRanges(t *testing.T) {
	pol := testPolicy("127.0.0.0/16,::1", "")
	plan, err := NewPlan(context.Background(), PlanInput{Policy: pol,
		Only: []string{"127.0.0.0/24", "127.0.0.0/28", "127.0.0.7", "127.0.1.1", "::1"}})
	if err != nil {
		t.Fatal(err)
	}
	if got, want := plan.Targets(false), []string{"127.0.0.0/24", "127.0.1.1"}; !slices.Equal(got, want) {
		t.Errorf("IPv4 targets = %v, want %v", got, want)
	}
	if got, want := plan.Targets(true), []string{"::1"}; !slices.Equal(got, want) {
		t.Errorf("IPv6 targets = %v, want %v", got, want)
	}
	// 127.0.0.7 lies in a sweep but was named: it is still reported.
	if !slices.Contains(plan.Expect, netip.MustParseAddr("127.0.0.7")) {
		t.Errorf("named address lost: %v", plan.Expect)
	}
}

// FuzzPlanTargets: whatever an inventory record or a command-line word
// holds, nothing outside the scope or starting with '-' reaches the target
// list, and nmap's arguments never depend on it.
func FuzzPlanTargets(f *testing.F) {
	for _, s := range []string{"127.0.0.1", "-sS", "127.0.0.0/24", "192.0.2.1", "printer.lab.test",
		"127.1.0.1", "::ffff:127.0.0.1", "-iL /etc/shadow", "127.0.0.1\n-oN /tmp/x"} {
		f.Add(s, true)
		f.Add(s, false)
	}
	scope := "127.0.0.0/16"
	f.Fuzz(func(t *testing.T, s string, named bool) {
		in := PlanInput{
			Assets:   []inventory.Asset{{ID: 1, Tag: "FZ-1", Stage: inventory.StageActive, Addresses: []inventory.Address{{Kind: inventory.AddrIP, Value: s}}}},
			Mappings: []inventory.PortMapping{{ID: 1, AssetID: 1, ExternalAddr: s, ExternalPort: 8080, Protocol: "tcp"}},
			Policy:   testPolicy(scope, ""), Now: planNow, Resolver: testResolver,
		}
		if named {
			in.Only = []string{s}
		}
		plan, err := NewPlan(context.Background(), in)
		if err != nil {
			return
		}
		for _, target := range plan.AllTargets() {
			p, err := ParseTarget(target)
			if err != nil {
				t.Fatalf("%q let through target %q: %v", s, target, err)
			}
			assertSafeTarget(t, target, p)
			if err := CheckScope(p, plan.Scope); err != nil {
				t.Fatalf("%q let through out-of-scope target %q", s, target)
			}
		}
		var batched []string
		o := Options{Binary: "nmap"}.withDefaults()
		for _, b := range plan.Batches() {
			written, err := targetList(b.Targets, plan.Scope)
			if err != nil {
				t.Fatalf("%q: the runner's own check refused the plan's targets: %v", s, err)
			}
			if string(written) != strings.Join(b.Targets, "\n")+"\n" {
				t.Fatalf("%q: nmap would read %q, not the batch's targets %q", s, written, b.Targets)
			}
			batched = append(batched, b.Targets...)
			got, err := o.nmapArgs(b)
			if err != nil {
				t.Fatal(err)
			}
			want, _ := o.nmapArgs(Batch{V6: b.V6, Ports: b.Ports, Extra: b.Extra})
			if !slices.Equal(got, want) {
				t.Fatalf("%q changed nmap's arguments: %q vs %q", s, got, want)
			}
		}
		// The batches probe exactly the addresses the plan covers.
		if got, want := countAddresses(batched), plan.Addresses(); got != want {
			t.Fatalf("%q: the batches probe %d addresses, the plan %d", s, got, want)
		}
	})
}
