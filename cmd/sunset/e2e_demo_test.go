package main

import (
	"os"
	"os/exec"
	"strconv"
	"strings"
	"testing"
	"time"
)

// needLab skips loudly where network namespaces cannot be built, and fails
// when CI requires the lab.
func needLab(t *testing.T) {
	t.Helper()
	why := ""
	if os.Geteuid() != 0 {
		why = "not root"
	} else if _, err := exec.LookPath("ip"); err != nil {
		why = "the ip tool (iproute2) is missing"
	}
	if why == "" {
		return
	}
	if os.Getenv("SUNSET_REQUIRE_LAB") == "1" {
		t.Fatalf("the namespace lab is required (SUNSET_REQUIRE_LAB=1) but cannot run: %s", why)
	}
	t.Skipf("SKIPPING namespace-lab test: %s", why)
}

func TestDemoTellsTheWholeStoryAndLeavesNothingBehind(t *testing.T) {
	needNmap(t)
	needLab(t)
	tmp := t.TempDir()
	before := demoNamespaces(t)
	s := startTmux(t, []string{"TMPDIR=" + tmp, "SUNSET_ACTOR=tester", "XDG_STATE_HOME=" + tmp + "/state"}, "demo", "--lab", "namespaces")
	s.waitFor(20*time.Second, "Start here", "Assets by stage", "Namespace lab")

	s.keys("C")
	s.waitFor(60*time.Second, "done:")
	s.keys("3")
	scr := s.waitFor(10*time.Second, "critical", "zombie", "exposed-mapping", "idle")
	for _, want := range []string{"SRV-LEGACY-01", "NVR-01", "SRV-BMS-01"} {
		if !strings.Contains(scr, want) {
			t.Errorf("findings screen lacks %s:\n%s", want, scr)
		}
	}
	if n := strings.Count(scr, "critical"); n < 2 {
		t.Errorf("want the forgotten server and the expired mapping as critical, got %d critical:\n%s", n, scr)
	}

	// Retire the device the check proved dark.
	s.keys("2", "/")
	s.typeText("SRV-HR-02")
	s.waitFor(5*time.Second, "1 shown")
	s.keys("Enter", "Enter")
	s.waitFor(10*time.Second, "decommissioning since")
	s.keys("t")
	s.waitFor(10*time.Second, "Change stage")
	s.keys("Enter")
	s.waitFor(10*time.Second, "moved SRV-HR-02 to retired")
	s.keys("q")
	s.waitFor(20*time.Second, "SUNSET-EXITED-0")

	for ns := range demoNamespaces(t) {
		// A lab of another process that still runs (the demo package's
		// own tests, run alongside by go test ./...) is not ours.
		if !before[ns] && !creatorRuns(ns) {
			t.Errorf("the demo left namespace %s behind", ns)
		}
	}
	left, _ := os.ReadDir(tmp)
	for _, e := range left {
		if e.Name() != "state" {
			t.Errorf("the demo left %s in the temp dir", e.Name())
		}
	}
}

// creatorRuns reports whether the process that made a demo namespace
// ("sunsetdemo-dev-PID-..." or "sunsetdemo-scan-PID-...") still runs.
func creatorRuns(ns string) bool {
	parts := strings.Split(ns, "-")
	if len(parts) < 3 {
		return false
	}
	pid, err := strconv.Atoi(parts[2])
	if err != nil || pid <= 0 {
		return false
	}
	_, err = os.Stat("/proc/" + strconv.Itoa(pid))
	return err == nil
}

// demoNamespaces lists the demo's network namespaces that exist now.
func demoNamespaces(t *testing.T) map[string]bool {
	t.Helper()
	out, err := exec.Command("ip", "netns", "list").CombinedOutput()
	if err != nil {
		t.Fatalf("ip netns list: %v %s", err, out)
	}
	names := map[string]bool{}
	for _, f := range strings.Fields(string(out)) {
		if strings.HasPrefix(f, "sunsetdemo") {
			names[f] = true
		}
	}
	return names
}
