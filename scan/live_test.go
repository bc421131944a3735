package scan

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"net"
	"net/netip"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"golang.org/x/sys/unix"

	"github.com/sunset-tui/sunset/inventory"
)

// requireNmap skips loudly when nmap is missing, and fails instead when
// SUNSET_REQUIRE_NMAP=1.
func requireNmap(t testing.TB) {
	t.Helper()
	if _, err := LookPath(""); err != nil {
		if os.Getenv("SUNSET_REQUIRE_NMAP") == "1" {
			t.Fatalf("SUNSET_REQUIRE_NMAP=1 but %v", err)
		}
		t.Skipf("SKIPPED: live nmap tests need nmap (%v); set SUNSET_REQUIRE_NMAP=1 to make this a failure", err)
	}
}

// listen opens a TCP listener on addr (loopback only) and returns its port.
func listen(t testing.TB, addr string) int {
	t.Helper()
	if !netip.MustParseAddr(addr).IsLoopback() {
		t.Fatalf("live tests listen on loopback only, not %s", addr)
	}
	l, err := net.Listen("tcp", net.JoinHostPort(addr, "0"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { l.Close() })
	go func() {
		for {
			c, err := l.Accept()
			if err != nil {
				return
			}
			c.Close()
		}
	}()
	return l.Addr().(*net.TCPAddr).Port
}

// freePort returns a port nothing listens on at addr.
func freePort(t testing.TB, addr string) int {
	t.Helper()
	l, err := net.Listen("tcp", net.JoinHostPort(addr, "0"))
	if err != nil {
		t.Fatal(err)
	}
	port := l.Addr().(*net.TCPAddr).Port
	l.Close()
	return port
}

func privileges(t *testing.T) []Privilege {
	if os.Geteuid() == 0 {
		return []Privilege{PrivilegeNone, PrivilegeRoot}
	}
	t.Log("not root: only the TCP connect scan is tested live")
	return []Privilege{PrivilegeNone}
}

func TestLiveLoopbackListenerIsOpenAndSilentAddressStillAnswers(t *testing.T) {
	requireNmap(t)
	open := listen(t, "127.0.0.2")
	closed := freePort(t, "127.0.0.3")
	for _, priv := range privileges(t) {
		t.Run(map[Privilege]string{PrivilegeNone: "connect", PrivilegeRoot: "syn"}[priv], func(t *testing.T) {
			n, err := NewNmap(Options{Privilege: priv, HostTimeout: 30 * time.Second})
			if err != nil {
				t.Fatal(err)
			}
			pol := testPolicy("127.0.0.0/16", "")
			pol.Ports = []int{open, closed}
			plan, err := NewPlan(context.Background(), PlanInput{Policy: pol, Now: time.Now(), Assets: []inventory.Asset{
				asset(1, "LIVE-A", inventory.StageRetired, "127.0.0.2"),
				asset(2, "LIVE-B", inventory.StageRetired, "127.0.0.3"),
			}})
			if err != nil {
				t.Fatal(err)
			}
			res, err := n.Run(context.Background(), plan, nil)
			if err != nil {
				t.Fatal(err)
			}
			if res.Check.Partial {
				t.Fatalf("partial: %s", res.Check.PartialReason)
			}
			got := byAddress(res.Observations)
			a, b := got["127.0.0.2"], got["127.0.0.3"]
			if a.State != inventory.Answered || b.State != inventory.Answered {
				t.Fatalf("states %s (%s) / %s (%s), want both answered", a.State, a.Reason, b.State, b.Reason)
			}
			if ports := a.OpenPorts(); len(ports) != 1 || ports[0].Number != open {
				t.Errorf("127.0.0.2 open ports = %+v, want just %d", ports, open)
			}
			// Nothing listens on 127.0.0.3: the RST still proves it is
			// there (a closed port is an answer).
			if len(b.OpenPorts()) != 0 {
				t.Errorf("127.0.0.3 open ports = %+v", b.OpenPorts())
			}
			if !hasPort(b, closed, "closed") {
				t.Errorf("127.0.0.3 port %d not reported closed: %+v", closed, b.Ports)
			}
		})
	}
}

func hasPort(o inventory.Observation, n int, state string) bool {
	for _, p := range o.Ports {
		if p.Number == n && p.State == state {
			return true
		}
	}
	return false
}

func TestLiveCheckStoresWhatNmapSaw(t *testing.T) {
	requireNmap(t)
	open := listen(t, "127.0.0.2")
	st, ids := newStore(t, "127.0.0.0/16")
	ctx := context.Background()
	if err := st.Update(ctx, func(w inventory.Writer) error {
		return w.SetPolicyValue(ctx, "scan.ports", strconv.Itoa(open))
	}); err != nil {
		t.Fatal(err)
	}
	n, err := NewNmap(Options{Privilege: PrivilegeNone, HostTimeout: 30 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	var progress int
	res, err := Check(ctx, st, n, CheckRequest{Only: []string{"SRV-01", "OLD-01"}, OnProgress: func(Progress) { progress++ }})
	if err != nil {
		t.Fatal(err)
	}
	obs, err := st.Observations(ctx, inventory.ObservationFilter{CheckID: res.Check.ID})
	if err != nil {
		t.Fatal(err)
	}
	got := byAddress(obs)
	if o := got["127.0.0.2"]; o.AssetID != ids["SRV-01"] || o.State != inventory.Answered || !hasPort(o, open, "open") {
		t.Errorf("SRV-01 = %+v", o)
	}
	if o := got["127.0.0.4"]; o.AssetID != ids["OLD-01"] || o.State != inventory.Answered {
		t.Errorf("OLD-01 = %+v (loopback always answers)", o)
	}
	t.Logf("live check: %d progress reports, args %q", progress, res.Check.Args)
}

func TestLiveCancelStopsRealNmapAndKeepsPartialResult(t *testing.T) {
	requireNmap(t)
	n, err := NewNmap(Options{Privilege: PrivilegeNone, Grace: 2 * time.Second, Timing: 2})
	if err != nil {
		t.Fatal(err)
	}
	pol := testPolicy("127.0.0.0/16", "127.0.0.0/20")
	pol.Ports = []int{1, 2, 3, 4, 5, 6, 7, 8, 9, 10}
	plan, err := NewPlan(context.Background(), PlanInput{Policy: pol, Now: time.Now(),
		Assets: []inventory.Asset{asset(1, "FAR-END", inventory.StageRetired, "127.0.15.250")}})
	if err != nil {
		t.Fatal(err)
	}
	tmp := t.TempDir()
	t.Setenv("TMPDIR", tmp)
	ctx, cancel := context.WithTimeout(context.Background(), 1500*time.Millisecond)
	defer cancel()
	start := time.Now()
	res, err := n.Run(ctx, plan, nil)
	if err != nil {
		t.Fatal(err)
	}
	if took := time.Since(start); took > 5*time.Second {
		t.Errorf("stopping nmap took %s", took)
	}
	if !res.Check.Partial {
		t.Fatalf("a polite /20 sweep finished in 1.5s? %+v", res.Check)
	}
	if res.Check.HostsDark != 0 {
		t.Errorf("partial check reports %d dark", res.Check.HostsDark)
	}
	if o := byAddress(res.Observations)["127.0.15.250"]; o.State == inventory.Dark {
		t.Errorf("unfinished address reported dark: %+v", o)
	}
	if pids := nmapChildren(); len(pids) > 0 {
		t.Errorf("nmap still running: pids %v", pids)
	}
	if left, _ := os.ReadDir(tmp); len(left) > 0 {
		t.Errorf("files left behind in $TMPDIR: %v", left)
	}
}

// TestLiveCrashedNmapFailsTheCheckAndKeepsWhatItReported crashes a real
// nmap (SIGSEGV) once it has reported hosts of a loopback sweep.
func TestLiveCrashedNmapFailsTheCheckAndKeepsWhatItReported(t *testing.T) {
	requireNmap(t)
	n, err := NewNmap(Options{Privilege: PrivilegeNone, Timing: 3})
	if err != nil {
		t.Fatal(err)
	}
	pol := testPolicy("127.0.0.0/16", "127.0.0.0/22")
	for p := 1; p <= 200; p++ {
		pol.Ports = append(pol.Ports, p)
	}
	plan, err := NewPlan(context.Background(), PlanInput{Policy: pol, Now: time.Now(),
		Assets: []inventory.Asset{asset(1, "FAR-END", inventory.StageRetired, "127.0.15.250")}})
	if err != nil {
		t.Fatal(err)
	}
	crashed := false
	res, err := n.Run(context.Background(), plan, func(p Progress) {
		if p.Hosts > 0 && !crashed {
			crashed = true
			crash(t, nmapChild(t))
		}
	})
	var failed *CheckFailed
	if !errors.As(err, &failed) || !strings.Contains(failed.Reason, "killed by signal SIGSEGV") {
		t.Fatalf("want the crash as a *CheckFailed, got %v (crashed: %v)", err, crashed)
	}
	c := res.Check
	if !c.Partial || c.PartialReason != failed.Reason || c.HostsAnswered == 0 || c.HostsDark != 0 {
		t.Errorf("check = %+v", c)
	}
	if o := byAddress(res.Observations)["127.0.15.250"]; o.State != inventory.Unknown {
		t.Errorf("an address nmap never reached: %+v", o)
	}
	t.Logf("nmap crashed after reporting %d hosts", c.HostsAnswered)
}

// nmapChild returns the pid of the one nmap this test process runs.
func nmapChild(t *testing.T) int {
	t.Helper()
	found := nmapChildren()
	if len(found) != 1 {
		t.Fatalf("want one nmap child, found %v", found)
	}
	return found[0]
}

// nmapChildren lists the nmap processes this test process runs that have
// not exited.
func nmapChildren() []int {
	stats, _ := filepath.Glob("/proc/[0-9]*/stat")
	var found []int
	for _, f := range stats {
		b, err := os.ReadFile(f)
		if err != nil {
			continue
		}
		// pid (comm) state ppid ...
		comm := string(b[bytes.IndexByte(b, '(')+1 : bytes.LastIndexByte(b, ')')])
		fields := strings.Fields(string(b[bytes.LastIndexByte(b, ')')+1:]))
		if ppid, _ := strconv.Atoi(fields[1]); comm == "nmap" && ppid == os.Getpid() && fields[0] != "Z" {
			pid, _ := strconv.Atoi(filepath.Base(filepath.Dir(f)))
			found = append(found, pid)
		}
	}
	return found
}

// crash sends SIGSEGV to pid, with core dumps off so that none is left
// in the test's directory.
func crash(t *testing.T, pid int) {
	t.Helper()
	if err := unix.Prlimit(pid, unix.RLIMIT_CORE, &unix.Rlimit{}, nil); err != nil {
		t.Fatal(err)
	}
	if err := unix.Kill(pid, unix.SIGSEGV); err != nil {
		t.Fatal(err)
	}
}

// TestLivePortsSeenOnOneHostAreProbedThereAlone runs real nmap on a plan
// whose policy ports are a range and where one host was seen serving a
// port of its own: that port is probed, and found open, on that host
// alone.
func TestLivePortsSeenOnOneHostAreProbedThereAlone(t *testing.T) {
	requireNmap(t)
	own := listen(t, "127.0.0.2")
	closed := freePort(t, "127.0.0.3")
	n, err := NewNmap(Options{Privilege: PrivilegeNone, HostTimeout: 30 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	pol := testPolicy("127.0.0.0/16", "")
	pol.Ports = []int{closed, closed + 1, closed + 2}
	plan, err := NewPlan(context.Background(), PlanInput{Policy: pol, Now: time.Now(),
		Assets: []inventory.Asset{
			asset(1, "OWN-01", inventory.StageActive, "127.0.0.2"),
			asset(2, "OTHER-01", inventory.StageActive, "127.0.0.3"),
		},
		SeenPorts: map[int64][]int{1: {own}},
	})
	if err != nil {
		t.Fatal(err)
	}
	var batches []int
	res, err := n.Run(context.Background(), plan, func(p Progress) {
		if len(batches) == 0 || batches[len(batches)-1] != p.Batch {
			batches = append(batches, p.Batch)
		}
		if p.Batches != 2 {
			t.Errorf("progress says %d runs, want 2", p.Batches)
		}
	})
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(batches, []int{1, 2}) {
		t.Errorf("progress reported runs %v, want 1 then 2", batches)
	}
	got := byAddress(res.Observations)
	if !hasPort(got["127.0.0.2"], own, "open") {
		t.Errorf("127.0.0.2's own port %d was not found open: %+v", own, got["127.0.0.2"].Ports)
	}
	for _, p := range got["127.0.0.3"].Ports {
		if p.Number == own {
			t.Errorf("127.0.0.2's port %d was probed on 127.0.0.3 too", own)
		}
	}
	if !hasPort(got["127.0.0.3"], closed, "closed") {
		t.Errorf("127.0.0.3: %+v", got["127.0.0.3"].Ports)
	}
	if want := fmt.Sprintf("%d-%d", closed, closed+2); !slices.Contains(res.Check.Args, want) {
		t.Errorf("the policy's ports are not given as a range %s: %q", want, res.Check.Args)
	}
}

// TestLiveCheckWithoutPortsIsHostDiscovery: with scan.ports empty and no
// port of its own, a host is checked by host discovery alone (-sn), which
// nmap runs; `-p ""` it refuses.
func TestLiveCheckWithoutPortsIsHostDiscovery(t *testing.T) {
	requireNmap(t)
	for _, priv := range privileges(t) {
		n, err := NewNmap(Options{Privilege: priv, HostTimeout: 30 * time.Second})
		if err != nil {
			t.Fatal(err)
		}
		pol := testPolicy("127.0.0.0/16", "")
		pol.Ports = nil
		plan, err := NewPlan(context.Background(), PlanInput{Policy: pol, Now: time.Now(),
			Assets: []inventory.Asset{asset(1, "PING-01", inventory.StageRetired, "127.0.0.2")}})
		if err != nil {
			t.Fatal(err)
		}
		res, err := n.Run(context.Background(), plan, nil)
		if err != nil {
			t.Fatal(err)
		}
		if o := byAddress(res.Observations)["127.0.0.2"]; o.State != inventory.Answered || len(o.Ports) != 0 {
			t.Errorf("privilege %d: %+v", priv, o)
		}
	}
}
