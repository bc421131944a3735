package scan

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/sunset-tui/sunset/inventory"
	"github.com/sunset-tui/sunset/inventory/sqlite"
)

// newStore opens a real SQLite store in a temp dir, with the assets of
// testdata/lan.xml (and one outside the scope), one mapping and a scope.
func newStore(t *testing.T, scope string) (*sqlite.Store, map[string]int64) {
	t.Helper()
	st, err := sqlite.Open(filepath.Join(t.TempDir(), "sunset.db"), sqlite.Options{Actor: "tester"})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	ids := map[string]int64{}
	ctx := context.Background()
	err = st.Update(ctx, func(w inventory.Writer) error {
		for _, a := range []inventory.Asset{
			asset(0, "SRV-01", inventory.StageActive, "127.0.0.2", "02:00:5e:00:00:02"),
			asset(0, "CAM-01", inventory.StageRetired, "127.0.0.3", "02:00:5e:00:00:03"),
			asset(0, "OLD-01", inventory.StageRetired, "127.0.0.4"),
			asset(0, "SLOW-01", inventory.StageActive, "127.0.0.5"),
			asset(0, "FAR-01", inventory.StageRetired, "127.9.0.1"),
		} {
			a.Addresses = slices.Clone(a.Addresses)
			if err := w.CreateAsset(ctx, &a, "test"); err != nil {
				return err
			}
			ids[a.Tag] = a.ID
		}
		m := inventory.PortMapping{AssetID: ids["SRV-01"], ExternalAddr: "127.0.0.100", ExternalPort: 13389,
			InternalAddr: "127.0.0.2", InternalPort: 3389, Protocol: "tcp", Purpose: "contractor RDP"}
		if err := w.AddMapping(ctx, &m, "test"); err != nil {
			return err
		}
		if err := w.SetPolicyValue(ctx, "scan.ports", "22"); err != nil {
			return err
		}
		if scope != "" {
			return w.SetPolicyValue(ctx, "scan.scope", scope)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return st, ids
}

func TestCheckPlansRunsMatchesAndStoresInOneGo(t *testing.T) {
	st, ids := newStore(t, "127.0.0.0/16")
	n, dir := fakeNmap(t, "", "lan.xml", 0, PrivilegeNone)
	ctx := context.Background()
	res, err := Check(ctx, st, n, CheckRequest{Actor: "alice"})
	if err != nil {
		t.Fatal(err)
	}
	if res.Check.ID == 0 {
		t.Fatal("check not stored")
	}
	// nmap read the in-scope addresses and the mapping endpoint.
	want := []string{"127.0.0.100", "127.0.0.2", "127.0.0.3", "127.0.0.4", "127.0.0.5"}
	if got := allTargets(recordedRuns(t, dir)); !slices.Equal(got, want) {
		t.Errorf("targets = %q, want %q", got, want)
	}
	stored, err := st.Checks(ctx, 1)
	if err != nil || len(stored) != 1 {
		t.Fatalf("checks: %v %v", stored, err)
	}
	c := stored[0]
	if c.Source != "live" || c.Actor != "alice" || c.Partial || !slices.Equal(c.Ports, []int{22, 3389, 13389}) {
		t.Errorf("stored check = %+v", c)
	}
	if len(c.NotChecked) != 1 || c.NotChecked[0].Asset != "FAR-01" || !strings.Contains(c.NotChecked[0].Reason, "outside scan.scope") {
		t.Errorf("NotChecked = %+v", c.NotChecked)
	}
	if c.HostsAnswered != 3 || c.HostsDark != 2 || c.HostsUnknown != 1 {
		t.Errorf("answered/dark/unknown = %d/%d/%d, want 3/2/1", c.HostsAnswered, c.HostsDark, c.HostsUnknown)
	}
	obs, err := st.Observations(ctx, inventory.ObservationFilter{CheckID: c.ID})
	if err != nil {
		t.Fatal(err)
	}
	got := byAddress(obs)
	wantAsset := map[string]int64{"127.0.0.2": ids["SRV-01"], "127.0.0.3": ids["CAM-01"], "127.0.0.4": ids["OLD-01"],
		"127.0.0.5": ids["SLOW-01"], "127.0.0.14": 0, "127.0.0.100": 0}
	for addr, id := range wantAsset {
		o, ok := got[addr]
		if !ok {
			t.Errorf("no stored observation for %s", addr)
			continue
		}
		if o.AssetID != id {
			t.Errorf("%s matched asset %d, want %d", addr, o.AssetID, id)
		}
	}
	if got["127.0.0.100"].State != inventory.Dark {
		t.Errorf("mapping endpoint nobody answered on: %+v", got["127.0.0.100"])
	}
	// SaveCheck moved last-seen for the assets that answered, only.
	for tag, wantSeen := range map[string]bool{"SRV-01": true, "CAM-01": true, "OLD-01": false, "SLOW-01": false} {
		a, err := st.Asset(ctx, ids[tag])
		if err != nil {
			t.Fatal(err)
		}
		if a.LastSeen.IsZero() == wantSeen {
			t.Errorf("%s last seen %v", tag, a.LastSeen)
		}
	}

	// The next check probes the ports this one found open (80, 554 on the
	// camera) besides policy and mapping ports, on the hosts that need
	// them; the others only on the policy's.
	if err := os.Remove(filepath.Join(dir, "argv.all")); err != nil {
		t.Fatal(err)
	}
	if err := os.Remove(filepath.Join(dir, "stdin.all")); err != nil {
		t.Fatal(err)
	}
	if _, err := Check(ctx, st, n, CheckRequest{}); err != nil {
		t.Fatal(err)
	}
	runs := recordedRuns(t, dir)
	if len(runs) != 2 {
		t.Fatalf("second check ran nmap %d times, want 2: %+v", len(runs), runs)
	}
	for i, want := range []struct{ ports, targets string }{
		{"22", "127.0.0.4 127.0.0.5"},
		{"22,80,554,3389,13389", "127.0.0.3 127.0.0.2 127.0.0.100"},
	} {
		ports, _ := argAfter(runs[i].argv, "-p")
		if ports != want.ports || strings.Join(runs[i].targets, " ") != want.targets {
			t.Errorf("second check, run %d: -p %s on %v; want -p %s on %s", i+1, ports, runs[i].targets, want.ports, want.targets)
		}
	}
}

func TestCheckReportsAndStoresConflicts(t *testing.T) {
	st, ids := newStore(t, "127.0.0.0/16")
	// CAM-01's address now answers with SRV-01's MAC.
	ctx := context.Background()
	err := st.Update(ctx, func(w inventory.Writer) error {
		a, err := w.Asset(ctx, ids["SRV-01"])
		if err != nil {
			return err
		}
		a.Addresses = []inventory.Address{{Kind: inventory.AddrIP, Value: "127.0.0.2"}, {Kind: inventory.AddrMAC, Value: "02:00:5e:00:00:99"}}
		if _, err := w.UpdateAsset(ctx, &a, "test"); err != nil {
			return err
		}
		b, err := w.Asset(ctx, ids["CAM-01"])
		if err != nil {
			return err
		}
		b.Addresses = append(b.Addresses, inventory.Address{Kind: inventory.AddrIP, Value: "127.0.0.22"})
		b.Addresses[1].Value = "02:00:5e:00:00:02"
		_, err = w.UpdateAsset(ctx, &b, "test")
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	n, _ := fakeNmap(t, "", "lan.xml", 0, PrivilegeNone)
	res, err := Check(ctx, st, n, CheckRequest{})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Conflicts) != 1 || res.Conflicts[0].IPAsset != "SRV-01" || res.Conflicts[0].MACAsset != "CAM-01" {
		t.Fatalf("conflicts = %+v", res.Conflicts)
	}
	obs, err := st.Observations(ctx, inventory.ObservationFilter{CheckID: res.Check.ID, Address: "127.0.0.2"})
	if err != nil || len(obs) != 1 {
		t.Fatalf("observations %v %v", obs, err)
	}
	if obs[0].AssetID != ids["CAM-01"] || !strings.Contains(obs[0].Conflict, "SRV-01") {
		t.Errorf("stored observation = %+v", obs[0])
	}
}

func TestCheckWithEmptyScopeStoresNothingAndRunsNothing(t *testing.T) {
	st, _ := newStore(t, "")
	n, dir := fakeNmap(t, "", "lan.xml", 0, PrivilegeNone)
	_, err := Check(context.Background(), st, n, CheckRequest{})
	if !inventory.IsKind(err, inventory.ErrRefused) || !strings.Contains(err.Error(), "sunset policy set scan.scope") {
		t.Fatalf("got %v", err)
	}
	assertNothingRan(t, st, dir)
}

func TestNamedCheckOutsideScopeIsRefusedBeforeNmapRuns(t *testing.T) {
	st, _ := newStore(t, "127.0.0.0/16")
	n, dir := fakeNmap(t, "", "lan.xml", 0, PrivilegeNone)
	for _, only := range []string{"FAR-01", "127.10.0.1", "-oN/tmp/x"} {
		_, err := Check(context.Background(), st, n, CheckRequest{Only: []string{"SRV-01", only}})
		if err == nil || !strings.Contains(err.Error(), strings.TrimPrefix(only, "FAR-01")) {
			t.Errorf("%s: got %v", only, err)
		}
		if k := inventory.KindOf(err); k != inventory.ErrRefused && k != inventory.ErrInvalid {
			t.Errorf("%s: kind %v, want refused or invalid", only, k)
		}
	}
	assertNothingRan(t, st, dir)
}

func assertNothingRan(t *testing.T, st inventory.Store, dir string) {
	t.Helper()
	if _, err := os.Stat(filepath.Join(dir, "argv")); err == nil {
		t.Error("nmap ran")
	}
	if checks, _ := st.Checks(context.Background(), 0); len(checks) != 0 {
		t.Errorf("stored %d checks", len(checks))
	}
}

func TestNamedCheckCoversOnlyThatAsset(t *testing.T) {
	st, _ := newStore(t, "127.0.0.0/16")
	n, dir := fakeNmap(t, "", "lan.xml", 0, PrivilegeNone)
	res, err := Check(context.Background(), st, n, CheckRequest{Only: []string{"cam-01"}})
	if err != nil {
		t.Fatal(err)
	}
	if got := recorded(t, dir, "stdin"); got != "127.0.0.3\n" {
		t.Errorf("targets = %q", got)
	}
	// The fake printed other hosts too; answering strangers are kept as
	// unknown devices, but no other asset is declared dark.
	for _, o := range res.Observations {
		if o.State == inventory.Dark {
			t.Errorf("%s reported dark by a check that did not target it", o.Address)
		}
	}
}

func TestCancelledCheckIsStoredPartial(t *testing.T) {
	st, ids := newStore(t, "127.0.0.0/16")
	cut := cutAfter(t, "lan.xml", "</host>", 1, 0)
	n, _ := fakeNmap(t, "hang", "lan.xml", cut, PrivilegeNone)
	ctx, cancel := context.WithCancel(context.Background())
	time.AfterFunc(300*time.Millisecond, cancel)
	res, err := Check(ctx, st, n, CheckRequest{})
	if err != nil {
		t.Fatal(err)
	}
	stored, err := st.Checks(context.Background(), 1)
	if err != nil || len(stored) != 1 || stored[0].ID != res.Check.ID {
		t.Fatalf("partial check not stored: %v %v", stored, err)
	}
	if !stored[0].Partial || stored[0].PartialReason == "" || stored[0].HostsDark != 0 {
		t.Errorf("stored = %+v", stored[0])
	}
	a, _ := st.Asset(context.Background(), ids["SRV-01"])
	if a.LastSeen.IsZero() {
		t.Error("the host completed before the interrupt did not count")
	}
}

func TestImportXMLTakesTheSamePathAsALiveCheck(t *testing.T) {
	st, ids := newStore(t, "")
	ctx := context.Background()
	res, err := ImportXML(ctx, st, filepath.Join("testdata", "lan.xml"))
	if err != nil {
		t.Fatal(err)
	}
	c := res.Check
	if !strings.HasPrefix(c.Source, "import:") || c.Partial || c.Actor != "tester" {
		t.Errorf("check = %+v", c)
	}
	if c.StartedAt.Unix() != 1795766374 || c.EndedAt.Unix() != 1795766378 || !slices.Contains(c.Args, "-sS") {
		t.Errorf("times and args not taken from the file: %v %v %q", c.StartedAt, c.EndedAt, c.Args)
	}
	got := byAddress(res.Observations)
	if got["127.0.0.2"].AssetID != ids["SRV-01"] || got["127.0.0.4"].State != inventory.Dark || got["127.0.0.14"].AssetID != 0 {
		t.Errorf("observations = %+v", got)
	}
	if seen := got["127.0.0.2"].SeenAt; seen.Unix() != 1795766378 {
		t.Errorf("seen at %v, want the host's end time in the file", seen)
	}
	stored, _ := st.Observations(ctx, inventory.ObservationFilter{CheckID: c.ID})
	if len(stored) != len(res.Observations) {
		t.Errorf("stored %d observations, result has %d", len(stored), len(res.Observations))
	}
}

func TestImportOfACutFileIsPartial(t *testing.T) {
	st, _ := newStore(t, "")
	b, err := os.ReadFile(filepath.Join("testdata", "lan.xml"))
	if err != nil {
		t.Fatal(err)
	}
	cut := cutAfter(t, "lan.xml", "</host>", 3, 10)
	path := filepath.Join(t.TempDir(), "cut.xml")
	if err := os.WriteFile(path, b[:cut], 0o600); err != nil {
		t.Fatal(err)
	}
	res, err := ImportXML(context.Background(), st, path)
	if err != nil {
		t.Fatal(err)
	}
	if !res.Check.Partial || res.Check.HostsDark != 0 || res.Check.HostsAnswered != 2 {
		t.Errorf("check = %+v", res.Check)
	}
	if o := byAddress(res.Observations)["127.0.0.4"]; o.State != inventory.Unknown {
		t.Errorf("a down host in a cut file proves nothing: %+v", o)
	}
}

func TestImportRefusesWhatIsNotNmapXML(t *testing.T) {
	st, _ := newStore(t, "")
	dir := t.TempDir()
	for name, body := range map[string]string{
		"notes.txt":  "asset,ip\nSRV-01,127.0.0.2\n",
		"other.xml":  "<?xml version=\"1.0\"?><inventory><item/></inventory>",
		"broken.xml": "<nmaprun><host><status state=\"up\"",
	} {
		path := filepath.Join(dir, name)
		if err := os.WriteFile(path, []byte(body), 0o600); err != nil {
			t.Fatal(err)
		}
		_, err := ImportXML(context.Background(), st, path)
		if !inventory.IsKind(err, inventory.ErrInvalid) || !strings.Contains(err.Error(), name) {
			t.Errorf("%s: got %v", name, err)
		}
	}
	if _, err := ImportXML(context.Background(), st, filepath.Join(dir, "missing.xml")); !inventory.IsKind(err, inventory.ErrInvalid) {
		t.Errorf("missing file: %v", err)
	}
	if checks, _ := st.Checks(context.Background(), 0); len(checks) != 0 {
		t.Errorf("stored %d checks from bad files", len(checks))
	}
}

func TestExecuteRunsTheCheckButStoresNothing(t *testing.T) {
	st, _ := newStore(t, "127.0.0.0/16")
	n, dir := fakeNmap(t, "", "lan.xml", 0, PrivilegeNone)
	ctx := context.Background()
	res, err := Execute(ctx, st, n, CheckRequest{Actor: "alice"})
	if err != nil {
		t.Fatal(err)
	}
	if got := allTargets(recordedRuns(t, dir)); !slices.Equal(got, []string{"127.0.0.100", "127.0.0.2", "127.0.0.3", "127.0.0.4", "127.0.0.5"}) {
		t.Errorf("targets = %q", got)
	}
	c := res.Check
	if c.ID != 0 || c.Actor != "alice" || c.HostsAnswered != 3 || len(c.NotChecked) != 1 || c.NotChecked[0].Asset != "FAR-01" {
		t.Errorf("check = %+v", c)
	}

	cut := cutAfter(t, "lan.xml", "</host>", 2, 0)
	n, _ = fakeNmap(t, "fail", "lan.xml", cut, PrivilegeNone)
	res, err = Execute(ctx, st, n, CheckRequest{})
	var failed *CheckFailed
	if !errors.As(err, &failed) || !res.Check.Partial || res.Check.HostsAnswered != 2 {
		t.Errorf("failed run: %v, check %+v", err, res.Check)
	}
	if stored, _ := st.Checks(ctx, 0); len(stored) != 0 {
		t.Errorf("Execute stored %d checks", len(stored))
	}
}

func TestRecordStoresTheCheckInTheCallersTransaction(t *testing.T) {
	st, ids := newStore(t, "127.0.0.0/16")
	n, _ := fakeNmap(t, "", "lan.xml", 0, PrivilegeNone)
	ctx := context.Background()
	res, err := Execute(ctx, st, n, CheckRequest{})
	if err != nil {
		t.Fatal(err)
	}

	// The caller's transaction fails after Record: the check goes with it.
	changedMind := errors.New("the caller changed its mind")
	err = st.Update(ctx, func(w inventory.Writer) error {
		if _, err := Record(ctx, w, res); err != nil {
			return err
		}
		return changedMind
	})
	if !errors.Is(err, changedMind) {
		t.Fatalf("Update: %v", err)
	}
	if stored, _ := st.Checks(ctx, 0); len(stored) != 0 {
		t.Fatalf("a check survived its rolled-back transaction: %+v", stored)
	}
	if a, _ := st.Asset(ctx, ids["SRV-01"]); !a.LastSeen.IsZero() {
		t.Errorf("last seen moved by a rolled-back check: %v", a.LastSeen)
	}

	// Committed with the caller's own write, it is matched and stored.
	var rec Result
	err = st.Update(ctx, func(w inventory.Writer) error {
		if rec, err = Record(ctx, w, res); err != nil {
			return err
		}
		return w.SetPolicyValue(ctx, "scan.ports", "22,3389")
	})
	if err != nil {
		t.Fatal(err)
	}
	obs, err := st.Observations(ctx, inventory.ObservationFilter{CheckID: rec.Check.ID})
	if err != nil || rec.Check.ID == 0 || len(obs) != len(rec.Observations) {
		t.Fatalf("check #%d, %d observations stored of %d: %v", rec.Check.ID, len(obs), len(rec.Observations), err)
	}
	if o := byAddress(obs)["127.0.0.2"]; o.AssetID != ids["SRV-01"] {
		t.Errorf("127.0.0.2 matched asset %d, want SRV-01", o.AssetID)
	}
	if a, _ := st.Asset(ctx, ids["SRV-01"]); a.LastSeen.IsZero() {
		t.Error("the stored check did not move SRV-01's last seen")
	}
}

// TestAFullPortRangeReachesNmapAsOneRange: `policy set scan.ports 1-65535`
// once made every check fail, its ports written one by one too long an
// argument for nmap to start.
func TestAFullPortRangeReachesNmapAsOneRange(t *testing.T) {
	st, _ := newStore(t, "127.0.0.0/16")
	ctx := context.Background()
	if err := st.Update(ctx, func(w inventory.Writer) error { return w.SetPolicyValue(ctx, "scan.ports", "1-65535") }); err != nil {
		t.Fatal(err)
	}
	n, dir := fakeNmap(t, "", "lan.xml", 0, PrivilegeNone)
	var progress []Progress
	res, err := Check(ctx, st, n, CheckRequest{OnProgress: func(p Progress) { progress = append(progress, p) }})
	if err != nil {
		t.Fatal(err)
	}
	runs := recordedRuns(t, dir)
	for _, r := range runs {
		if ports, _ := argAfter(r.argv, "-p"); ports != "1-65535" {
			t.Errorf("-p %.40s..., want 1-65535", ports)
		}
	}
	if len(res.Check.Ports) != 65535 {
		t.Errorf("the check records %d ports probed, want 65535", len(res.Check.Ports))
	}
	// The mapping's ends needed no port besides the policy's: one run.
	if len(runs) != 1 || len(progress) == 0 || progress[len(progress)-1].Batches != 1 {
		t.Errorf("%d runs, last progress %+v", len(runs), progress[len(progress)-1])
	}
}

func TestProgressCountsTheRuns(t *testing.T) {
	st, _ := newStore(t, "127.0.0.0/16")
	n, dir := fakeNmap(t, "", "lan.xml", 0, PrivilegeNone)
	var seen [][3]int // batch, batches, addresses
	_, err := Check(context.Background(), st, n, CheckRequest{OnProgress: func(p Progress) {
		if s := [3]int{p.Batch, p.Batches, p.Addresses}; len(seen) == 0 || seen[len(seen)-1] != s {
			seen = append(seen, s)
		}
	}})
	if err != nil {
		t.Fatal(err)
	}
	// SRV-01 and the mapping's external end need the mapping's ports:
	// they are the second run, the other three the first.
	if want := [][3]int{{1, 2, 3}, {2, 2, 2}}; !slices.Equal(seen, want) {
		t.Errorf("progress (batch, batches, addresses) = %v, want %v", seen, want)
	}
	if runs := recordedRuns(t, dir); len(runs) != 2 {
		t.Errorf("%d runs", len(runs))
	}
}

// TestALargeCheckIsRefusedUntilConfirmed: with all of loopback in scope and
// swept, a check would probe 16,777,216 addresses; it is refused before
// nmap starts, and runs once confirmed.
func TestALargeCheckIsRefusedUntilConfirmed(t *testing.T) {
	st, _ := newStore(t, "127.0.0.0/8")
	ctx := context.Background()
	var sixteens []string
	for i := range 256 {
		sixteens = append(sixteens, fmt.Sprintf("127.%d.0.0/16", i))
	}
	if err := st.Update(ctx, func(w inventory.Writer) error {
		return w.SetPolicyValue(ctx, "scan.discover", strings.Join(sixteens, ","))
	}); err != nil {
		t.Fatal(err)
	}
	n, dir := fakeNmap(t, "", "lan.xml", 0, PrivilegeNone)
	_, err := Check(ctx, st, n, CheckRequest{})
	var large *TooLarge
	if !errors.As(err, &large) || large.Addresses != 1<<24 {
		t.Fatalf("want a *TooLarge of %d addresses, got %v", 1<<24, err)
	}
	if !inventory.IsKind(err, inventory.ErrRefused) {
		t.Errorf("kind %v, want refused", inventory.KindOf(err))
	}
	if want := "this check would probe 16,777,216 addresses (more than 65,536); confirm to go ahead"; err.Error() != want {
		t.Errorf("error %q, want %q", err, want)
	}
	assertNothingRan(t, st, dir)
	plan, err := PlanFromStore(ctx, st, CheckRequest{})
	if !errors.As(err, &large) || plan.Addresses() != 1<<24 {
		t.Errorf("PlanFromStore: %d addresses, %v", plan.Addresses(), err)
	}

	// A single /16 is no large check; confirmed, the large one runs.
	if _, err := Execute(ctx, st, n, CheckRequest{Only: []string{"127.3.0.0/16"}}); err != nil {
		t.Errorf("a /16: %v", err)
	}
	if _, err := Execute(ctx, st, n, CheckRequest{Confirmed: true}); err != nil {
		t.Fatalf("confirmed: %v", err)
	}
	if got := countAddresses(allTargets(recordedRuns(t, dir))); got != 1<<24+1<<16 {
		t.Errorf("nmap was given %d addresses, want the /16 and then all of 127.0.0.0/8", got)
	}
}

func TestThousands(t *testing.T) {
	for n, want := range map[int]string{0: "0", 999: "999", 1000: "1,000", 65536: "65,536", 16777216: "16,777,216", -1234: "-1,234"} {
		if got := thousands(n); got != want {
			t.Errorf("thousands(%d) = %q, want %q", n, got, want)
		}
	}
}
