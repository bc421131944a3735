package demo

import (
	"context"
	"errors"
	"fmt"
	"net"
	"os"
	"os/exec"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/sunset-tui/sunset/inventory"
	"github.com/sunset-tui/sunset/lifecycle"
)

// wantIncidents is what one check of the demo lab must find: the three
// incidents as critical and high findings, the stranger, and nothing else.
func wantIncidents(d *Demo, w world) []finding {
	vm := w.vendorMapping()
	return []finding{
		{lifecycle.FindingExposedMapping, lifecycle.SeverityCritical, TagMaintainedServer, vm.External()},
		{lifecycle.FindingZombie, lifecycle.SeverityCritical, TagForgottenServer, w.ipOf(TagForgottenServer)},
		{lifecycle.FindingIdle, lifecycle.SeverityHigh, TagCameraPlatform, w.ipOf(TagCameraPlatform)},
		{lifecycle.FindingUnknown, lifecycle.SeverityMedium, "", d.Stranger},
	}
}

func (w world) vendorMapping() inventory.PortMapping {
	for _, m := range w.mappings {
		if m.Open() && !m.ExpiresOn.IsZero() && m.ExpiresOn.Before(inventory.DateOf(time.Now())) {
			return m
		}
	}
	return inventory.PortMapping{}
}

func (w world) ipOf(tag string) string {
	for _, a := range w.assets {
		if a.Tag == tag {
			return a.PrimaryIP()
		}
	}
	return ""
}

func sameFindings(got, want []finding) bool {
	cmp := func(a, b finding) int { return strings.Compare(fmt.Sprint(a), fmt.Sprint(b)) }
	got, want = slices.Clone(got), slices.Clone(want)
	slices.SortFunc(got, cmp)
	slices.SortFunc(want, cmp)
	return slices.Equal(got, want)
}

func TestNamespaceLabCheckFindsExactlyTheThreeIncidentsAndTheStranger(t *testing.T) {
	requireLab(t)
	ctx := context.Background()
	started := time.Now()
	d, err := Start(ctx, Options{Lab: Namespaces})
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("Start (lab of %d namespaces, seed of the inventory) took %s", len(d.lab.DeviceNS)+1, time.Since(started).Round(time.Millisecond))
	closed := false
	t.Cleanup(func() {
		if !closed {
			d.Close()
		}
	})
	if d.Mode != Namespaces || d.lab == nil || len(d.ScanOptions.Prefix) == 0 {
		t.Fatalf("mode %s, prefix %q: want a namespace lab with nmap run inside it", d.Mode, d.ScanOptions.Prefix)
	}
	for _, n := range d.Notes {
		t.Logf("note: %s", n)
	}

	start := time.Now()
	res, ticked := runCheck(t, d)
	if took := time.Since(start); took > 30*time.Second {
		t.Errorf("a demo check took %s; it should take seconds", took)
	}
	if len(res.Check.NotChecked) != 0 {
		t.Errorf("the namespace lab should cover every asset, but left out %+v", res.Check.NotChecked)
	}
	if len(res.Conflicts) != 0 {
		t.Errorf("conflicts: %+v", res.Conflicts)
	}
	w := loadWorld(t, d.Service)
	findings := w.findings(t)
	logFindings(t, findings)
	if got, want := summarize(findings), wantIncidents(d, w); !sameFindings(got, want) {
		t.Errorf("findings:\n got %+v\nwant %+v", got, want)
	}
	for _, f := range findings {
		if f.Kind == lifecycle.FindingZombie && !slices.ContainsFunc(f.Ports, func(p inventory.Port) bool { return p.Number == 3389 }) {
			t.Errorf("the forgotten server's zombie finding does not show remote desktop open: %+v", f.Ports)
		}
		if f.Kind == lifecycle.FindingIdle && !strings.Contains(f.Summary, "vault://facilities/cctv/camera-admin") {
			t.Errorf("the camera platform's finding does not say where its credentials are: %s", f.Summary)
		}
	}

	// The device decommissioned by the book: the check proved it dark and
	// its mapping closed, and now it may be retired.
	wantTicked := []string{lifecycle.CloseMappingItem(w.closedMappingOf(t, TagReadyToRetire).ID), lifecycle.ItemPowerDown}
	got := slices.Sorted(slices.Values(ticked[TagReadyToRetire]))
	slices.Sort(wantTicked)
	if !slices.Equal(got, wantTicked) {
		t.Errorf("the check ticked %v on %s, want %v (all ticked: %v)", got, TagReadyToRetire, wantTicked, ticked)
	}
	if len(ticked) != 1 {
		t.Errorf("only %s should have items ticked by the check: %v", TagReadyToRetire, ticked)
	}
	still := w.decide(t, TagStillRunning, lifecycle.Request{To: inventory.StageRetired})
	if still.Allowed || !slices.Contains(still.Codes(), lifecycle.CodeAnswered) {
		t.Errorf("%s still answers and must not be retired: %+v", TagStillRunning, still.Codes())
	}
	ds, err := d.Service.ChangeStage(ctx, []string{TagReadyToRetire}, lifecycle.Request{To: inventory.StageRetired, Reason: "dark and closed"})
	if err != nil || ds[0].Forced || ds[0].Proof == nil {
		t.Fatalf("%s may not be retired after the check: %v (%+v)", TagReadyToRetire, err, ds)
	}
	if after := summarize(loadWorld(t, d.Service).findings(t)); !sameFindings(after, wantIncidents(d, w)) {
		t.Errorf("retiring the dark device changed the findings: %+v", after)
	}

	// Close removes the lab, its listeners and the demo's files.
	nsNames := append([]string{d.lab.ScanNS}, d.lab.DeviceNS...)
	if err := d.Close(); err != nil {
		t.Fatal(err)
	}
	closed = true
	out, err := exec.Command("ip", "netns", "list").Output()
	if err != nil {
		t.Fatal(err)
	}
	mine := fmt.Sprintf("%s-scan-%d-", labPrefix, os.Getpid())
	for _, line := range strings.Split(string(out), "\n") {
		if strings.HasPrefix(line, mine) || strings.HasPrefix(line, fmt.Sprintf("%s-dev-%d-", labPrefix, os.Getpid())) {
			t.Errorf("namespace left after Close: %s", line)
		}
	}
	for _, ns := range nsNames {
		if _, err := os.Stat("/run/netns/" + ns); !errors.Is(err, os.ErrNotExist) {
			t.Errorf("namespace %s still exists (%v)", ns, err)
		}
	}
	if _, err := os.Stat(d.Dir); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("the demo directory %s is still there (%v)", d.Dir, err)
	}
	if err := d.Close(); err != nil {
		t.Errorf("closing twice: %v", err)
	}
}

func (w world) closedMappingOf(t *testing.T, tag string) inventory.PortMapping {
	t.Helper()
	a := w.asset(t, tag)
	for _, m := range w.mappings {
		if m.AssetID == a.ID && !m.Open() {
			return m
		}
	}
	t.Fatalf("%s has no closed mapping", tag)
	return inventory.PortMapping{}
}

func TestLoopbackLabCheckShowsTheForgottenServerAsACriticalZombie(t *testing.T) {
	requireNmap(t)
	variants := map[string]bool{"high-ports": false}
	if lowPortsAllowed() {
		variants["low-ports"] = true
	} else {
		t.Log("this process may not open ports below 1024: only the high-port loopback lab is tested")
	}
	for name, lowPorts := range variants {
		t.Run(name, func(t *testing.T) {
			saved := lowPortsAllowed
			lowPortsAllowed = func() bool { return lowPorts }
			t.Cleanup(func() { lowPortsAllowed = saved })

			d, err := Start(context.Background(), Options{Lab: Loopback})
			if err != nil {
				t.Fatal(err)
			}
			closed := false
			t.Cleanup(func() {
				if !closed {
					d.Close()
				}
			})
			if d.Mode != Loopback || d.loopback == nil {
				t.Fatalf("mode %s: want a loopback lab", d.Mode)
			}
			if !slices.ContainsFunc(d.Notes, func(n string) bool { return strings.Contains(n, "nothing can look dark here") }) {
				t.Errorf("the notes do not say that nothing can look dark in a loopback lab: %q", d.Notes)
			}
			runCheck(t, d)
			w := loadWorld(t, d.Service)
			findings := w.findings(t)
			logFindings(t, findings)
			zombie := slices.IndexFunc(findings, func(f lifecycle.Finding) bool {
				return f.Kind == lifecycle.FindingZombie && f.Asset == TagForgottenServer
			})
			if zombie < 0 || findings[zombie].Severity != lifecycle.SeverityCritical {
				t.Fatalf("no critical zombie finding for %s", TagForgottenServer)
			}
			if !slices.ContainsFunc(findings[zombie].Ports, func(p inventory.Port) bool { return p.Number == 3389 }) {
				t.Errorf("the zombie does not show remote desktop open: %+v", findings[zombie].Ports)
			}
			if got, want := summarize(findings), wantIncidents(d, w); !sameFindings(got, want) {
				t.Errorf("findings:\n got %+v\nwant %+v", got, want)
			}
			rdp := net.JoinHostPort(w.ipOf(TagForgottenServer), "3389")
			if err := d.Close(); err != nil {
				t.Fatal(err)
			}
			closed = true
			if c, err := net.DialTimeout("tcp", rdp, time.Second); err == nil {
				c.Close()
				t.Errorf("%s still answers after Close", rdp)
			}
			if _, err := os.Stat(d.Dir); !errors.Is(err, os.ErrNotExist) {
				t.Errorf("the demo directory %s is still there (%v)", d.Dir, err)
			}
		})
	}
}
