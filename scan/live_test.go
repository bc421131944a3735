package scan

import (
	"bytes"
	"context"
	"errors"
	"net"
	"net/netip"
	"os"
	"os/exec"
	"path/filepath"
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
	filesBefore, _ := filepath.Glob(filepath.Join(os.TempDir(), "sunset-targets-*"))
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
	if out, _ := exec.Command("pgrep", "-f", "sunset-targets-").Output(); len(out) > 0 {
		t.Errorf("nmap still running: pids %s", out)
	}
	if left, _ := filepath.Glob(filepath.Join(os.TempDir(), "sunset-targets-*")); len(left) > len(filesBefore) {
		t.Errorf("target files left behind: %v (before: %v)", left, filesBefore)
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
		if ppid, _ := strconv.Atoi(fields[1]); comm == "nmap" && ppid == os.Getpid() {
			pid, _ := strconv.Atoi(filepath.Base(filepath.Dir(f)))
			found = append(found, pid)
		}
	}
	if len(found) != 1 {
		t.Fatalf("want one nmap child, found %v", found)
	}
	return found[0]
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
