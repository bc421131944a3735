package scan

import (
	"context"
	"fmt"
	"net/netip"
	"slices"
	"strings"
	"testing"

	"github.com/sunset-tui/sunset/inventory"
)

// TestAPortSeenOnOneHostIsProbedOnThatHost: CAM-01 was seen serving 8080;
// the sweep it lies in, and the other assets, are probed on the policy's
// ports alone, and CAM-01 on those and 8080, cut out of the sweep.
func TestAPortSeenOnOneHostIsProbedOnThatHost(t *testing.T) {
	plan, err := NewPlan(context.Background(), PlanInput{
		Policy: testPolicy("127.0.0.0/16", "127.0.0.0/28"),
		Assets: []inventory.Asset{
			asset(1, "CAM-01", inventory.StageActive, "127.0.0.2"),
			asset(2, "SRV-01", inventory.StageActive, "127.0.0.3"),
			asset(3, "OLD-01", inventory.StageRetired, "127.0.1.5"),
		},
		SeenPorts: map[int64][]int{1: {8080, 443}, 2: {22}},
		Now:       planNow,
	})
	if err != nil {
		t.Fatal(err)
	}
	batches := plan.Batches()
	if len(batches) != 2 {
		t.Fatalf("%d batches, want 2: %+v", len(batches), batches)
	}
	base, cam := batches[0], batches[1]
	if want := []string{"127.0.0.0/31", "127.0.0.3", "127.0.0.4/30", "127.0.0.8/29", "127.0.1.5"}; !slices.Equal(base.Targets, want) {
		t.Errorf("base targets %v, want %v", base.Targets, want)
	}
	if !slices.Equal(base.Ports, []int{22, 443}) || len(base.Extra) != 0 {
		t.Errorf("base ports %v (extra %v), want the policy's alone", base.Ports, base.Extra)
	}
	if !slices.Equal(cam.Targets, []string{"127.0.0.2"}) || !slices.Equal(cam.Ports, []int{22, 443, 8080}) ||
		!slices.Equal(cam.Extra, []int{8080}) {
		t.Errorf("CAM-01's batch = %+v", cam)
	}
	if got := countAddresses(base.Targets) + countAddresses(cam.Targets); got != plan.Addresses() || got != 17 {
		t.Errorf("the batches probe %d addresses, the plan %d, want 17", got, plan.Addresses())
	}
	// The check still names what it covers as the plan does.
	if got := plan.AllTargets(); !slices.Equal(got, []string{"127.0.0.0/28", "127.0.1.5"}) {
		t.Errorf("AllTargets = %v", got)
	}
}

func TestOnlyTheMostRecentlySeenPortsAreProbed(t *testing.T) {
	seen := make([]int, 30000)
	for i := range seen {
		seen[i] = 65535 - i // most recent first
	}
	plan, err := NewPlan(context.Background(), PlanInput{
		Policy:    testPolicy("127.0.0.0/16", ""),
		Assets:    []inventory.Asset{asset(1, "TARPIT", inventory.StageActive, "127.0.0.9")},
		SeenPorts: map[int64][]int{1: seen}, Now: planNow,
	})
	if err != nil {
		t.Fatal(err)
	}
	got := plan.ExtraPorts[netip.MustParseAddr("127.0.0.9")]
	if len(got) != MaxSeenPorts || got[0] != 65535-MaxSeenPorts+1 || got[len(got)-1] != 65535 {
		t.Errorf("%d seen ports probed (%v...), want the %d most recent", len(got), got[:min(3, len(got))], MaxSeenPorts)
	}
}

// TestManyHostsWithPortsOfTheirOwnTakeFewRuns: 300 hosts each seen with
// 64 ports no other has, and 40 that share one port, in both families:
// each family takes at most 9 runs, every host is probed once, on every
// port it needs, and IPv4 runs come first.
func TestManyHostsWithPortsOfTheirOwnTakeFewRuns(t *testing.T) {
	var assets []inventory.Asset
	seen := map[int64][]int{}
	for i := range 340 {
		id := int64(i + 1)
		for _, addr := range []string{fmt.Sprintf("127.0.%d.%d", i/200, i%200+1), fmt.Sprintf("fd00::%x", i+1)} {
			assets = append(assets, asset(id, fmt.Sprintf("H-%d", i), inventory.StageActive, addr))
			id += 1000
		}
		for _, id := range []int64{int64(i + 1), int64(i + 1001)} {
			if i < 300 {
				for p := range 64 {
					seen[id] = append(seen[id], 1024+64*i+p)
				}
			} else {
				seen[id] = []int{8080}
			}
		}
	}
	plan, err := NewPlan(context.Background(), PlanInput{Policy: testPolicy("127.0.0.0/16,fd00::/104", ""),
		Assets: assets, SeenPorts: seen, Now: planNow})
	if err != nil {
		t.Fatal(err)
	}
	batches := plan.Batches()
	probed := map[string]int{}
	runs := map[bool]int{}
	for i, b := range batches {
		runs[b.V6]++
		if i > 0 && !b.V6 && batches[i-1].V6 {
			t.Errorf("an IPv4 batch after an IPv6 one")
		}
		for _, target := range b.Targets {
			probed[target]++
			a := netip.MustParseAddr(target)
			if a.Is6() != b.V6 {
				t.Errorf("%s in a batch of the other family", target)
			}
			for _, p := range plan.ExtraPorts[a] {
				if _, ok := slices.BinarySearch(b.Ports, p); !ok {
					t.Fatalf("%s needs port %d, which its batch does not probe", target, p)
				}
			}
		}
		if len(portArg(b.Ports)) > maxPortArg {
			t.Errorf("batch %d: -p of %d bytes", i+1, len(portArg(b.Ports)))
		}
	}
	if runs[false] > 1+maxExtraBatches || runs[true] > 1+maxExtraBatches {
		t.Errorf("%d IPv4 and %d IPv6 runs, want at most %d each", runs[false], runs[true], 1+maxExtraBatches)
	}
	if len(probed) != 680 {
		t.Errorf("%d addresses probed, want 680", len(probed))
	}
	for target, n := range probed {
		if n != 1 {
			t.Errorf("%s probed in %d batches", target, n)
		}
	}
	t.Logf("%d IPv4 and %d IPv6 runs", runs[false], runs[true])

	// A few hosts that need a port or two more share one run.
	few := plan
	few.ExtraPorts = map[netip.Addr][]int{}
	for _, a := range plan.Expect {
		few.ExtraPorts[a] = []int{8080 + int(a.As16()[15]%3)}
	}
	if n := len(few.Batches()); n != 2 {
		t.Errorf("hosts that need one of 3 ports take %d runs, want 1 a family", n)
	}
}

func TestPortArgumentsAreRangesThatAlwaysFit(t *testing.T) {
	if got := portArg([]int{22, 80, 81, 82, 443, 8000, 8001}); got != "22,80-82,443,8000-8001" {
		t.Errorf("portArg = %q", got)
	}
	all := make([]int, 65535)
	for i := range all {
		all[i] = i + 1
	}
	if got := portArg(all); got != "1-65535" {
		t.Errorf("every port as %d bytes", len(got))
	}
	// Every other port cannot be written in maxPortArg: the narrowest gaps
	// are filled, so nmap probes a few ports more and still starts.
	var odd []int
	for p := 1; p <= 65535; p += 2 {
		odd = append(odd, p)
	}
	got := portArg(odd)
	if len(got) > maxPortArg || !strings.HasPrefix(got, "1-") {
		t.Errorf("every other port as %d bytes: %.30s...", len(got), got)
	}
}

func TestABatchWithoutPortsIsHostDiscoveryAlone(t *testing.T) {
	for _, priv := range []Privilege{PrivilegeNone, PrivilegeRoot} {
		args, err := Options{Binary: "nmap", Privilege: priv}.withDefaults().nmapArgs(Batch{Targets: []string{"127.0.0.2"}})
		if err != nil {
			t.Fatal(err)
		}
		if !slices.Contains(args, "-sn") || slices.Contains(args, "-p") || slices.Contains(args, "-sT") || slices.Contains(args, "-sS") {
			t.Errorf("%q", args)
		}
	}
}

func TestDiscoveryProbesTheBatchsOwnPortsFirst(t *testing.T) {
	base := make([]int, 100)
	for i := range base {
		base[i] = i + 1
	}
	b := Batch{Ports: append(slices.Clone(base), 8080), Extra: []int{8080}}
	args, err := Options{Binary: "nmap", Privilege: PrivilegeNone}.withDefaults().nmapArgs(b)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Contains(args, "-PS1-63,8080") {
		t.Errorf("discovery probes: %q", args)
	}
	if ports, _ := argAfter(args, "-p"); ports != "1-100,8080" {
		t.Errorf("-p %s", ports)
	}
}
