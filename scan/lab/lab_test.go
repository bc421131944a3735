package lab

import (
	"context"
	"fmt"
	"net"
	"net/netip"
	"os"
	"os/exec"
	"strings"
	"testing"
	"time"
)

func requireLab(t *testing.T) {
	t.Helper()
	if err := Available(); err != nil {
		if os.Getenv("SUNSET_REQUIRE_LAB") == "1" {
			t.Fatalf("SUNSET_REQUIRE_LAB=1 but %v", err)
		}
		t.Skipf("SKIPPED: %v; set SUNSET_REQUIRE_LAB=1 to make this a failure", err)
	}
}

func startLab(t *testing.T, spec Spec) *Lab {
	t.Helper()
	l, err := Start(context.Background(), spec)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if err := l.Close(); err != nil {
			t.Errorf("close: %v", err)
		}
	})
	return l
}

// dialIn connects to address from inside namespace ns.
func dialIn(ns, address string) error {
	return inNamespace(ns, func() error {
		c, err := net.DialTimeout("tcp4", address, 2*time.Second)
		if err != nil {
			return err
		}
		return c.Close()
	})
}

func TestLabDevicesAnswerOnlyInsideTheLab(t *testing.T) {
	requireLab(t)
	l := startLab(t, DefaultSpec())
	for _, d := range l.Devices {
		for _, p := range d.Ports {
			if err := dialIn(l.ScanNS, fmt.Sprintf("%s:%d", d.Addr, p)); err != nil {
				t.Errorf("%s port %d not reachable from the scanner: %v", d.Name, p, err)
			}
		}
	}
	if err := dialIn(l.ScanNS, fmt.Sprintf("%s:22", ServerAddr)); err == nil {
		t.Error("server port 22 accepted a connection; nothing listens there")
	}
	// The lab cannot reach anything else: no route but its own network.
	out, err := exec.Command("ip", "-n", l.ScanNS, "route", "show", "table", "all").CombinedOutput()
	if err != nil {
		t.Fatal(err)
	}
	for _, line := range strings.Split(strings.TrimSpace(string(out)), "\n") {
		if strings.HasPrefix(line, "default") || (!strings.Contains(line, "192.0.2.") && !strings.Contains(line, "127.0.0.") && !strings.Contains(line, "dev lo") && !strings.HasPrefix(line, "multicast") && !strings.Contains(line, "fe80::") && !strings.Contains(line, "ff00::")) {
			t.Errorf("unexpected route in the scanner namespace: %q", line)
		}
	}
	// The devices live in the lab, not here. This is checked by looking at
	// this namespace's own addresses, never by sending a packet: outside
	// the lab, 192.0.2.0/24 may be a real network.
	addrs, err := net.InterfaceAddrs()
	if err != nil {
		t.Fatal(err)
	}
	for _, a := range addrs {
		for _, d := range l.Devices {
			if strings.HasPrefix(a.String(), d.Addr.String()+"/") {
				t.Errorf("lab device %s is an address of the test's own namespace", d.Addr)
			}
		}
	}
}

func TestCloseRemovesEveryNamespace(t *testing.T) {
	requireLab(t)
	l, err := Start(context.Background(), DefaultSpec())
	if err != nil {
		t.Fatal(err)
	}
	names := append([]string{l.ScanNS}, l.DeviceNS...)
	for _, ns := range names {
		if !exists(ns) {
			t.Fatalf("%s was not created", ns)
		}
	}
	if err := l.Close(); err != nil {
		t.Fatal(err)
	}
	for _, ns := range names {
		if exists(ns) {
			t.Errorf("%s left behind", ns)
		}
	}
	if err := l.Close(); err != nil {
		t.Errorf("second Close: %v", err)
	}
}

func TestStartCleansLeftoversOfDeadRunsOnly(t *testing.T) {
	requireLab(t)
	dead := exec.Command("true")
	if err := dead.Run(); err != nil {
		t.Fatal(err)
	}
	stale := fmt.Sprintf("sunsettest-scan-%d-dead00", dead.Process.Pid)
	staleDev := fmt.Sprintf("sunsettest-dev-%d-dead00-0", dead.Process.Pid)
	live := fmt.Sprintf("sunsettest-scan-%d-live00", os.Getpid())
	for _, ns := range []string{stale, staleDev, live} {
		if err := ip(context.Background(), "netns", "add", ns); err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() {
			if exists(ns) {
				_ = ip(context.Background(), "netns", "del", ns)
			}
		})
	}
	spec := DefaultSpec()
	spec.Prefix = "sunsettest"
	startLab(t, spec)
	if exists(stale) || exists(staleDev) {
		t.Error("a dead run's namespaces were not cleaned up")
	}
	if !exists(live) {
		t.Error("a live run's namespace was removed")
	}
}

func TestSpecStaysInsideTheDocumentationRange(t *testing.T) {
	for _, bad := range []netip.Addr{netip.MustParseAddr("127.0.0.5"), netip.MustParseAddr("192.0.2.0"),
		netip.MustParseAddr("192.0.2.255"), netip.MustParseAddr("::1"), {}} {
		spec := Spec{Devices: []Device{{Name: "x", Addr: bad}}}
		if _, err := spec.withDefaults(); err == nil {
			t.Errorf("a device at %s was accepted", bad)
		}
	}
	spec := Spec{Devices: []Device{{Name: "a", Addr: ServerAddr}, {Name: "b", Addr: ServerAddr}}}
	if _, err := spec.withDefaults(); err == nil {
		t.Error("two devices on one address were accepted")
	}
	if _, err := (Spec{Prefix: "-rf"}).withDefaults(); err == nil {
		t.Error("a prefix with a dash was accepted")
	}
	got, err := DefaultSpec().withDefaults()
	if err != nil {
		t.Fatal(err)
	}
	if d := got.Devices[0]; d.MAC != "02:00:c0:00:02:14" {
		t.Errorf("server MAC = %s", d.MAC)
	}
}
