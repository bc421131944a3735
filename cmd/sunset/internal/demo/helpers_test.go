package demo

import (
	"context"
	"os"
	"testing"
	"time"

	"github.com/sunset-tui/sunset/inventory"
	"github.com/sunset-tui/sunset/lifecycle"
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

// runCheck runs a real nmap check of the demo as `sunset check` does:
// scan.Check, then the checklist items only a check may tick.
func runCheck(t *testing.T, d *Demo) (scan.Result, map[string][]string) {
	t.Helper()
	ctx := context.Background()
	runner, err := scan.NewNmap(d.ScanOptions)
	if err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	res, err := scan.Check(ctx, d.Store, runner, scan.CheckRequest{Actor: Actor})
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("check #%d of the %s lab took %s: %d answered, %d dark, %d unknown; args %q",
		res.Check.ID, d.Mode, time.Since(start).Round(time.Millisecond), res.Check.HostsAnswered,
		res.Check.HostsDark, res.Check.HostsUnknown, res.Check.Args)
	if res.Check.Partial {
		t.Fatalf("the check was partial: %s", res.Check.PartialReason)
	}
	ticked, err := scan.TickVerified(ctx, d.Store, res, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	return res, ticked
}

// world is what the lifecycle engine judges, read from the store.
type world struct {
	policy   inventory.Policy
	assets   []inventory.Asset
	mappings []inventory.PortMapping
	lists    map[int64][]inventory.ChecklistItem
	evidence lifecycle.Evidence
}

func loadWorld(t *testing.T, r inventory.Reader) world {
	t.Helper()
	ctx := context.Background()
	var w world
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
	w.lists = map[int64][]inventory.ChecklistItem{}
	for _, a := range w.assets {
		if w.lists[a.ID], err = r.Checklist(ctx, a.ID); err != nil {
			t.Fatal(err)
		}
	}
	if w.evidence.Checks, err = r.Checks(ctx, 0); err != nil {
		t.Fatal(err)
	}
	if w.evidence.Observations, err = r.Observations(ctx, inventory.ObservationFilter{}); err != nil {
		t.Fatal(err)
	}
	return w
}

func (w world) findings(now time.Time) []lifecycle.Finding {
	return lifecycle.Findings(lifecycle.FindingInput{Assets: w.assets, Mappings: w.mappings, Checklists: w.lists,
		Evidence: w.evidence}, w.policy, now)
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

// facts is what a stage decision about one asset looks at.
func (w world) facts(t *testing.T, r inventory.Reader, tag string) lifecycle.Facts {
	t.Helper()
	a := w.asset(t, tag)
	f := lifecycle.Facts{Asset: a, Checklist: w.lists[a.ID], Evidence: w.evidence}
	for _, m := range w.mappings {
		if m.AssetID == a.ID {
			f.Mappings = append(f.Mappings, m)
		}
	}
	rec, ok, err := r.Sanitization(context.Background(), a.ID)
	if err != nil {
		t.Fatal(err)
	}
	if ok {
		f.Sanitization = &rec
	}
	return f
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
