package scan

import (
	"bytes"
	"context"
	"errors"
	"net/netip"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/sunset-tui/sunset/inventory"
	"github.com/sunset-tui/sunset/scan/nmapxml"
)

// fakeNmap installs testdata/fake-nmap.sh as "nmap" in a temp dir and
// returns a runner using it, and the dir where it records its calls.
func fakeNmap(t *testing.T, mode, xmlFile string, cut int, priv Privilege) (*Nmap, string) {
	t.Helper()
	dir := t.TempDir()
	script, err := os.ReadFile(filepath.Join("testdata", "fake-nmap.sh"))
	if err != nil {
		t.Fatal(err)
	}
	bin := filepath.Join(dir, "nmap")
	if err := os.WriteFile(bin, script, 0o755); err != nil {
		t.Fatal(err)
	}
	xmlPath, err := filepath.Abs(filepath.Join("testdata", xmlFile))
	if err != nil {
		t.Fatal(err)
	}
	t.Setenv("FAKE_NMAP_DIR", dir)
	t.Setenv("FAKE_NMAP_XML", xmlPath)
	t.Setenv("FAKE_NMAP_MODE", mode)
	t.Setenv("FAKE_NMAP_CUT", strconv.Itoa(cut))
	n, err := NewNmap(Options{Binary: bin, Privilege: priv, Grace: time.Second})
	if err != nil {
		t.Fatal(err)
	}
	return n, dir
}

// lanPlan expects the addresses of testdata/lan.xml plus one it lacks.
func lanPlan(t *testing.T) Plan {
	t.Helper()
	plan, err := NewPlan(context.Background(), PlanInput{
		Policy: testPolicy("127.0.0.0/16", "127.0.0.0/28"),
		Assets: []inventory.Asset{
			asset(1, "SRV-01", inventory.StageActive, "127.0.0.2"),
			asset(2, "CAM-01", inventory.StageRetired, "127.0.0.3"),
			asset(3, "OLD-01", inventory.StageRetired, "127.0.0.4"),
			asset(4, "SLOW-01", inventory.StageActive, "127.0.0.5"),
			asset(5, "GONE-01", inventory.StageDisposed, "127.0.1.6"),
		},
		Now: planNow,
	})
	if err != nil {
		t.Fatal(err)
	}
	return plan
}

// cutAfter returns the offset just past the n-th occurrence of marker in
// the testdata file, plus extra bytes.
func cutAfter(t *testing.T, file, marker string, n, extra int) int {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", file))
	if err != nil {
		t.Fatal(err)
	}
	off := 0
	for i := 0; i < n; i++ {
		j := bytes.Index(b[off:], []byte(marker))
		if j < 0 {
			t.Fatalf("%s has fewer than %d %q", file, n, marker)
		}
		off += j + len(marker)
	}
	return off + extra
}

func recorded(t *testing.T, dir, name string) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(dir, name))
	if err != nil {
		t.Fatalf("the fake nmap did not record %s: %v", name, err)
	}
	return string(b)
}

func byAddress(obs []inventory.Observation) map[string]inventory.Observation {
	m := map[string]inventory.Observation{}
	for _, o := range obs {
		m[o.Address] = o
	}
	return m
}

func argAfter(args []string, flag string) (string, bool) {
	i := slices.Index(args, flag)
	if i < 0 || i+1 >= len(args) {
		return "", false
	}
	return args[i+1], true
}

// fakeRun is one run of the fake nmap: its arguments, and the targets it
// read on its standard input.
type fakeRun struct{ argv, targets []string }

// recordedRuns lists every run of the fake nmap, in order.
func recordedRuns(t *testing.T, dir string) []fakeRun {
	t.Helper()
	argvs := recordedBlocks(t, dir, "argv.all")
	stdins := recordedBlocks(t, dir, "stdin.all")
	if len(argvs) != len(stdins) {
		t.Fatalf("the fake nmap ran %d times but read targets on its standard input %d times", len(argvs), len(stdins))
	}
	runs := make([]fakeRun, len(argvs))
	for i := range runs {
		runs[i] = fakeRun{argv: argvs[i], targets: stdins[i]}
	}
	return runs
}

// recordedBlocks reads a file of lines in blocks each ended by "---".
func recordedBlocks(t *testing.T, dir, name string) [][]string {
	t.Helper()
	var blocks [][]string
	block := []string{}
	for _, line := range strings.Split(strings.TrimSuffix(recorded(t, dir, name), "\n"), "\n") {
		if line == "---" {
			blocks, block = append(blocks, block), []string{}
			continue
		}
		block = append(block, line)
	}
	return blocks
}

// allTargets gathers the targets of every run, sorted.
func allTargets(runs []fakeRun) []string {
	var out []string
	for _, r := range runs {
		out = append(out, r.targets...)
	}
	slices.Sort(out)
	return out
}

func TestRunGivesNmapOnlyValidatedTargetsOnItsStandardInput(t *testing.T) {
	n, dir := fakeNmap(t, "", "lan.xml", 0, PrivilegeNone)
	tmp := t.TempDir()
	t.Setenv("TMPDIR", tmp)
	plan := lanPlan(t)
	res, err := n.Run(context.Background(), plan, nil)
	if err != nil {
		t.Fatal(err)
	}
	argv := strings.Split(strings.TrimSpace(recorded(t, dir, "argv")), "\n")
	if !slices.Equal(argv, res.Check.Args) {
		t.Errorf("Check.Args = %q, nmap got %q", res.Check.Args, argv)
	}
	if in, ok := argAfter(argv, "-iL"); !ok || in != "-" {
		t.Fatalf("targets are not read from standard input: %q", argv)
	}
	want := strings.Join(plan.Targets(false), "\n") + "\n"
	if got := recorded(t, dir, "stdin"); got != want {
		t.Errorf("standard input = %q, want %q", got, want)
	}
	// Nothing was written to disk for nmap, not even while it ran.
	if during := recorded(t, dir, "tmpdir"); during != "" {
		t.Errorf("$TMPDIR held %q while nmap ran", during)
	}
	if after, _ := os.ReadDir(tmp); len(after) != 0 {
		t.Errorf("$TMPDIR holds %v after the run", after)
	}
	if out, ok := argAfter(argv, "-oX"); !ok || out != "-" {
		t.Errorf("XML is not streamed to stdout: %q", argv)
	}
	if ports, _ := argAfter(argv, "-p"); ports != plan.PortList() {
		t.Errorf("-p %s, want %s", ports, plan.PortList())
	}
	for _, must := range []string{"-sT", "--unprivileged", "-n", "--host-timeout", "--stats-every"} {
		if !slices.Contains(argv, must) {
			t.Errorf("connect scan lacks %s: %q", must, argv)
		}
	}
	for _, never := range []string{"-Pn", "-sS", "-PR"} {
		if slices.Contains(argv, never) {
			t.Errorf("connect scan has %s: %q", never, argv)
		}
	}
	// No argument is anything but sunset's own text: no path, no target.
	for _, a := range argv {
		if strings.Contains(a, "/") || strings.Contains(a, "127.0.") {
			t.Errorf("unexpected argument %q", a)
		}
	}
}

func TestRunWithRootUsesSYNScanAndARPDiscovery(t *testing.T) {
	n, dir := fakeNmap(t, "", "lan.xml", 0, PrivilegeRoot)
	if _, err := n.Run(context.Background(), lanPlan(t), nil); err != nil {
		t.Fatal(err)
	}
	argv := strings.Split(strings.TrimSpace(recorded(t, dir, "argv")), "\n")
	for _, must := range []string{"-sS", "-PR", "-PE"} {
		if !slices.Contains(argv, must) {
			t.Errorf("privileged scan lacks %s: %q", must, argv)
		}
	}
	if !slices.ContainsFunc(argv, func(a string) bool { return strings.HasPrefix(a, "-PS") && len(a) > 3 }) {
		t.Errorf("no TCP SYN discovery probes: %q", argv)
	}
	for _, never := range []string{"-Pn", "-sT", "--unprivileged"} {
		if slices.Contains(argv, never) {
			t.Errorf("privileged scan has %s: %q", never, argv)
		}
	}
}

func TestRunAppliesTheLivenessRuleAndReportsSilentAddressesDark(t *testing.T) {
	n, _ := fakeNmap(t, "", "lan.xml", 0, PrivilegeNone)
	var progress []Progress
	res, err := n.Run(context.Background(), lanPlan(t), func(p Progress) { progress = append(progress, p) })
	if err != nil {
		t.Fatal(err)
	}
	if res.Check.Partial {
		t.Fatalf("complete run marked partial: %s", res.Check.PartialReason)
	}
	got := byAddress(res.Observations)
	want := map[string]inventory.Liveness{
		"127.0.0.2":  inventory.Answered, // arp-response, 3389 open
		"127.0.0.3":  inventory.Answered, // echo-reply, 80 and 554 open
		"127.0.0.4":  inventory.Dark,     // nmap said down
		"127.0.0.5":  inventory.Unknown,  // host timeout without evidence
		"127.0.0.14": inventory.Answered, // in the sweep, not in the inventory
		"127.0.1.6":  inventory.Dark,     // expected, nmap never mentioned it
	}
	for addr, state := range want {
		if got[addr].State != state {
			t.Errorf("%s: %s (%s), want %s", addr, got[addr].State, got[addr].Reason, state)
		}
	}
	if len(got) != len(want) {
		t.Errorf("observations for %d addresses, want %d: %v", len(got), len(want), got)
	}
	if ports := got["127.0.0.3"].OpenPorts(); len(ports) != 2 || ports[0].Number != 80 || ports[1].Number != 554 {
		t.Errorf("camera ports = %+v", ports)
	}
	if got["127.0.0.2"].MAC != "02:00:5e:00:00:02" {
		t.Errorf("MAC = %q", got["127.0.0.2"].MAC)
	}
	c := res.Check
	if c.HostsAnswered != 3 || c.HostsDark != 2 || c.HostsUnknown != 1 {
		t.Errorf("counts answered/dark/unknown = %d/%d/%d, want 3/2/1", c.HostsAnswered, c.HostsDark, c.HostsUnknown)
	}
	if len(progress) == 0 || progress[0].Task != "Ping Scan" || progress[0].Percent != 42.5 || progress[0].Batches != 1 {
		t.Fatalf("progress = %+v", progress)
	}
	// The last report comes with the last host: 5 hosts reported, 3 of
	// them answered, of the 17 addresses (a /28 sweep and one more).
	if last := progress[len(progress)-1]; last.Hosts != 5 || last.Answered != 3 || last.Addresses != 17 || last.Task != "SYN Stealth Scan" {
		t.Errorf("last progress = %+v", last)
	}
}

func TestCancelledRunKeepsCompleteHostsAndStopsNmap(t *testing.T) {
	for _, mode := range []string{"hang", "stubborn"} {
		t.Run(mode, func(t *testing.T) {
			cut := cutAfter(t, "lan.xml", "</host>", 1, 40)
			n, dir := fakeNmap(t, mode, "lan.xml", cut, PrivilegeNone)
			ctx, cancel := context.WithCancel(context.Background())
			time.AfterFunc(500*time.Millisecond, cancel)
			start := time.Now()
			res, err := n.Run(ctx, lanPlan(t), nil)
			took := time.Since(start)
			if err != nil {
				t.Fatal(err)
			}
			if took > 3*time.Second {
				t.Errorf("stopping took %s (grace is 1s)", took)
			}
			if !res.Check.Partial || !strings.Contains(res.Check.PartialReason, "interrupted") {
				t.Errorf("Partial=%v reason %q", res.Check.Partial, res.Check.PartialReason)
			}
			got := byAddress(res.Observations)
			if got["127.0.0.2"].State != inventory.Answered {
				t.Errorf("the complete host was lost: %+v", got["127.0.0.2"])
			}
			for addr, o := range got {
				if o.State == inventory.Dark {
					t.Errorf("%s reported dark by a partial check", addr)
				}
			}
			if got["127.0.1.6"].State != inventory.Unknown {
				t.Errorf("unreached address: %+v", got["127.0.1.6"])
			}
			assertGroupGone(t, dir)
		})
	}
}

// assertGroupGone checks that the fake nmap and everything it started
// (its sleep) are gone: no live process is left in its process group.
func assertGroupGone(t *testing.T, dir string) {
	t.Helper()
	pgid, err := strconv.Atoi(strings.TrimSpace(recorded(t, dir, "pid")))
	if err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(2 * time.Second)
	for {
		live := liveInGroup(pgid)
		if len(live) == 0 {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("process group %d still has live processes %v", pgid, live)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// liveInGroup lists the pids of processes in group pgid that are not
// zombies (a zombie has ended; only its parent has yet to collect it).
func liveInGroup(pgid int) []int {
	stats, _ := filepath.Glob("/proc/[0-9]*/stat")
	var live []int
	for _, f := range stats {
		b, err := os.ReadFile(f)
		if err != nil {
			continue
		}
		// pid (comm) state ppid pgrp ...; comm may hold spaces.
		rest := string(b[bytes.LastIndexByte(b, ')')+1:])
		fields := strings.Fields(rest)
		if len(fields) < 3 || fields[0] == "Z" || fields[0] == "X" {
			continue
		}
		if g, _ := strconv.Atoi(fields[2]); g == pgid {
			pid, _ := strconv.Atoi(filepath.Base(filepath.Dir(f)))
			live = append(live, pid)
		}
	}
	return live
}

// checkFailed asserts that err is a *CheckFailed whose reason holds want,
// that the result carries the same reason as a partial check, and that
// the command line will count it as a check it could not do.
func checkFailed(t *testing.T, res Result, err error, want string) {
	t.Helper()
	var failed *CheckFailed
	if !errors.As(err, &failed) {
		t.Fatalf("want a *CheckFailed, got %T: %v", err, err)
	}
	if !strings.Contains(failed.Reason, want) {
		t.Errorf("reason %q lacks %q", failed.Reason, want)
	}
	if !res.Check.Partial || res.Check.PartialReason != failed.Reason {
		t.Errorf("Partial=%v reason %q, want the failure's %q", res.Check.Partial, res.Check.PartialReason, failed.Reason)
	}
	if k := inventory.KindOf(err); k != inventory.ErrUnavailable {
		t.Errorf("kind %v, want unavailable", k)
	}
	if res.Check.StartedAt.IsZero() || res.Check.EndedAt.IsZero() {
		t.Errorf("the failed check is not dated: %v to %v", res.Check.StartedAt, res.Check.EndedAt)
	}
}

// assertNobodyDark checks the rule that a partial check proves nothing
// dark: neither nmap's own "down" (127.0.0.4) nor the silence about an
// address the plan expected (127.0.1.6).
func assertNobodyDark(t *testing.T, res Result) {
	t.Helper()
	got := byAddress(res.Observations)
	for _, addr := range []string{"127.0.0.4", "127.0.1.6"} {
		if got[addr].State != inventory.Unknown {
			t.Errorf("%s: %s (%s), want unknown", addr, got[addr].State, got[addr].Reason)
		}
	}
	if res.Check.HostsDark != 0 {
		t.Errorf("partial check counts %d dark", res.Check.HostsDark)
	}
}

func TestTruncatedOutputFailsTheCheckAndProvesNobodyDark(t *testing.T) {
	cut := cutAfter(t, "lan.xml", "</host>", 3, 25) // inside the 4th host
	n, _ := fakeNmap(t, "cut", "lan.xml", cut, PrivilegeNone)
	res, err := n.Run(context.Background(), lanPlan(t), nil)
	checkFailed(t, res, err, "nmap's output ended before the scan finished")
	got := byAddress(res.Observations)
	if got["127.0.0.2"].State != inventory.Answered || got["127.0.0.3"].State != inventory.Answered {
		t.Errorf("complete hosts lost: %+v", got)
	}
	assertNobodyDark(t, res)
}

func TestCrashedNmapFailsTheCheckAndKeepsWhatItReported(t *testing.T) {
	cut := cutAfter(t, "lan.xml", "</host>", 2, 0)
	n, _ := fakeNmap(t, "die", "lan.xml", cut, PrivilegeNone)
	res, err := n.Run(context.Background(), lanPlan(t), nil)
	checkFailed(t, res, err, "nmap was killed by signal SIGSEGV (segmentation fault)")
	got := byAddress(res.Observations)
	if got["127.0.0.2"].State != inventory.Answered || got["127.0.0.3"].State != inventory.Answered {
		t.Errorf("the two reported hosts were lost: %+v", got)
	}
	if res.Check.HostsAnswered != 2 {
		t.Errorf("answered = %d, want the 2 reported hosts", res.Check.HostsAnswered)
	}
	assertNobodyDark(t, res)
}

func TestErrorInNmapsXMLFailsTheCheck(t *testing.T) {
	n, _ := fakeNmap(t, "error", "lan.xml", 0, PrivilegeNone)
	res, err := n.Run(context.Background(), lanPlan(t), nil)
	checkFailed(t, res, err, "nmap reported an error: sendto in send_ip_packet_sd: Operation not permitted")
	if res.Check.HostsAnswered != 3 {
		t.Errorf("answered = %d, want the 3 that answered", res.Check.HostsAnswered)
	}
	assertNobodyDark(t, res)
}

func TestNmapExitingNonZeroFailsTheCheck(t *testing.T) {
	// After two hosts: they are kept.
	cut := cutAfter(t, "lan.xml", "</host>", 2, 0)
	n, _ := fakeNmap(t, "fail", "lan.xml", cut, PrivilegeNone)
	res, err := n.Run(context.Background(), lanPlan(t), nil)
	checkFailed(t, res, err, "nmap exited with status 3: Failed to open device lo0 | QUITTING!")
	if res.Check.HostsAnswered != 2 {
		t.Errorf("answered = %d, want the 2 complete hosts", res.Check.HostsAnswered)
	}
	assertNobodyDark(t, res)

	// Before any host: nothing was observed, but the check says what
	// happened.
	n, _ = fakeNmap(t, "fail", "lan.xml", 0, PrivilegeNone)
	res, err = n.Run(context.Background(), lanPlan(t), nil)
	checkFailed(t, res, err, "nmap exited with status 3: Failed to open device lo0 | QUITTING!")
	if len(res.Observations) != 0 {
		t.Errorf("a check nmap reported nothing for has observations: %+v", res.Observations)
	}
	if !strings.Contains(err.Error(), "QUITTING!") {
		t.Errorf("error %q does not say what nmap said", err)
	}
}

func TestCancelledBeforeNmapStartsIsPartialNotAFailure(t *testing.T) {
	n, dir := fakeNmap(t, "", "lan.xml", 0, PrivilegeNone)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	res, err := n.Run(ctx, lanPlan(t), nil)
	if err != nil {
		t.Fatalf("a cancelled run is no failure: %v", err)
	}
	if !res.Check.Partial || !strings.Contains(res.Check.PartialReason, "interrupted") {
		t.Errorf("Partial=%v reason %q", res.Check.Partial, res.Check.PartialReason)
	}
	if _, err := os.Stat(filepath.Join(dir, "argv")); err == nil {
		t.Error("nmap was started after the cancel")
	}
	assertNobodyDark(t, res)
}

func TestMissingNmapSaysHowToInstallIt(t *testing.T) {
	_, err := NewNmap(Options{Binary: filepath.Join(t.TempDir(), "nmap")})
	if !inventory.IsKind(err, inventory.ErrUnavailable) || !strings.Contains(err.Error(), "apt-get install -y nmap") {
		t.Fatalf("got %v", err)
	}
	t.Setenv("PATH", t.TempDir())
	if _, err := LookPath(""); !errors.Is(err, ErrNmapMissing) {
		t.Errorf("LookPath with no nmap on PATH: %v", err)
	}
}

func TestRunRefusesPlansThatSkippedNewPlan(t *testing.T) {
	n, dir := fakeNmap(t, "", "lan.xml", 0, PrivilegeNone)
	bad := []Plan{
		{Expect: addrs("127.0.0.2")}, // no scope
		{Scope: loopScope, Sweeps: []netip.Prefix{netip.MustParsePrefix("127.0.0.0/8")}},
		{Scope: loopScope, Expect: addrs("127.5.0.1")},
		{Scope: loopScope},
		// The first run's target is fine, the second's is not.
		{Scope: loopScope, Expect: addrs("127.0.0.2", "127.5.0.1"),
			ExtraPorts: map[netip.Addr][]int{netip.MustParseAddr("127.5.0.1"): {8080}}},
	}
	for _, p := range bad {
		if _, err := n.Run(context.Background(), p, nil); err == nil {
			t.Errorf("plan %+v ran", p)
		}
	}
	if _, err := os.Stat(filepath.Join(dir, "argv")); err == nil {
		t.Error("nmap was started for an invalid plan")
	}
}

func TestRunCountsWhatWasCutToFit(t *testing.T) {
	n, _ := fakeNmap(t, "", "lan.xml", 0, PrivilegeNone)
	b, err := os.ReadFile(filepath.Join("testdata", "lan.xml"))
	if err != nil {
		t.Fatal(err)
	}
	long := bytes.Replace(b, []byte(`vendor="`), []byte(`vendor="`+strings.Repeat("v", 1000)), 1)
	path := filepath.Join(t.TempDir(), "long.xml")
	if err := os.WriteFile(path, long, 0o600); err != nil {
		t.Fatal(err)
	}
	t.Setenv("FAKE_NMAP_XML", path)
	res, err := n.Run(context.Background(), lanPlan(t), nil)
	if err != nil {
		t.Fatal(err)
	}
	if res.Cut != 1 {
		t.Errorf("Cut = %d, want the one MAC vendor", res.Cut)
	}
	if v := byAddress(res.Observations)["127.0.0.2"].MACVendor; len(v) > nmapxml.MaxText {
		t.Errorf("a MAC vendor of %d bytes", len(v))
	}
}
