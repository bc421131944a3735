package demo

import (
	"context"
	"os"
	"testing"
	"time"

	"github.com/sunset-tui/sunset/inventory"
	"github.com/sunset-tui/sunset/lifecycle"
	"github.com/sunset-tui/sunset/lifecycle/service"
	"github.com/sunset-tui/sunset/scan"
	"github.com/sunset-tui/sunset/scan/lab"
)

// requireNmap skips loudly when nmap is missing, and fails instead when
// SUNSET_REQUIRE_NMAP=1.
func requireNmap(t *testing.T) {
	t.Helper()
	if _, err := scan.LookPath(""); err != nil {
		if os.Getenv("SUNSET_REQUIRE_NMAP") == "1" {
			t.Fatalf("SUNSET_REQUIRE_NMAP=1 but %v", err)
		}
		t.Skipf("SKIPPED: live demo checks need nmap (%v); set SUNSET_REQUIRE_NMAP=1 to make this a failure", err)
	}
}

// requireLab skips loudly unless a namespace lab and nmap can run here,
// and fails instead when SUNSET_REQUIRE_LAB=1.
func requireLab(t *testing.T) {
	t.Helper()
	err := lab.Available()
	if err == nil {
		_, err = scan.LookPath("")
	}
	if err != nil {
		if os.Getenv("SUNSET_REQUIRE_LAB") == "1" {
			t.Fatalf("SUNSET_REQUIRE_LAB=1 but %v", err)
		}
		t.Skipf("SKIPPED: the namespace demo lab needs root, ip and nmap (%v); set SUNSET_REQUIRE_LAB=1 to make this a failure", err)
	}
}

// startDemo starts a demo that the test closes at its end.
func startDemo(t *testing.T, opts Options) *Demo {
	t.Helper()
	d, err := Start(context.Background(), opts)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if err := d.Close(); err != nil {
			t.Errorf("closing the demo: %v", err)
		}
	})
	return d
}

// runCheck runs a real nmap check of the demo as `sunset check` does,
// through the service: the check is stored with the checklist items it
// proves.
func runCheck(t *testing.T, d *Demo) (scan.Result, map[string][]string) {
	t.Helper()
	runner, err := scan.NewNmap(d.ScanOptions)
	if err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	out, err := d.Service.Check(context.Background(), runner, scan.CheckRequest{})
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("check #%d of the %s lab took %s: %d answered, %d dark, %d unknown; args %q",
		out.Check.ID, d.Mode, time.Since(start).Round(time.Millisecond), out.Check.HostsAnswered,
		out.Check.HostsDark, out.Check.HostsUnknown, out.Check.Args)
	if out.Check.Partial {
		t.Fatalf("the check was partial: %s", out.Check.PartialReason)
	}
	return out.Result, out.Ticked
}

// world is the demo inventory as a test reads it, and the service that
// judges it.
type world struct {
	svc      *service.Service
	policy   inventory.Policy
	assets   []inventory.Asset
	mappings []inventory.PortMapping
	lists    map[int64][]inventory.ChecklistItem
}

func loadWorld(t *testing.T, svc *service.Service) world {
	t.Helper()
	ctx := context.Background()
	r := svc.Store()
	w := world{svc: svc}
	var err error
	if w.policy, err = r.Policy(ctx); err != nil {
		t.Fatal(err)
	}
	if w.assets, err = r.Assets(ctx, inventory.AssetFilter{}); err != nil {
		t.Fatal(err)
	}
	if w.mappings, err = r.Mappings(ctx, inventory.MappingFilter{}); err != nil {
		t.Fatal(err)
	}
	if w.lists, err = r.Checklists(ctx, inventory.AssetFilter{}); err != nil {
		t.Fatal(err)
	}
	return w
}

// findings are the service's findings, as the command line and the TUI
// show them.
func (w world) findings(t *testing.T) []lifecycle.Finding {
	t.Helper()
	fs, err := w.svc.Findings(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return fs
}

func (w world) asset(t *testing.T, tag string) inventory.Asset {
	t.Helper()
	for _, a := range w.assets {
		if a.Tag == tag {
			return a
		}
	}
	t.Fatalf("no asset %s in the demo", tag)
	return inventory.Asset{}
}

// decide is the service's decision on moving the asset tag names.
func (w world) decide(t *testing.T, tag string, req lifecycle.Request) lifecycle.Decision {
	t.Helper()
	ds, err := w.svc.Decide(context.Background(), []string{tag}, req)
	if err != nil {
		t.Fatal(err)
	}
	return ds[0]
}

// finding is the part of a finding the tests compare.
type finding struct {
	kind     lifecycle.FindingKind
	severity lifecycle.Severity
	asset    string
	address  string
}

func summarize(fs []lifecycle.Finding) []finding {
	out := make([]finding, len(fs))
	for i, f := range fs {
		out[i] = finding{f.Kind, f.Severity, f.Asset, f.Address}
	}
	return out
}

func logFindings(t *testing.T, fs []lifecycle.Finding) {
	t.Helper()
	for _, f := range fs {
		t.Logf("%-8s %-15s %-14s %-20s %s", f.Severity, f.Kind, f.Asset, f.Address, f.Summary)
	}
}
