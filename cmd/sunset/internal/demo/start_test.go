package demo

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/sunset-tui/sunset/inventory"
	"github.com/sunset-tui/sunset/scan"
	"github.com/sunset-tui/sunset/scan/lab"
)

func TestStartWithoutALabOpensTheInventoryWithChecksSwitchedOff(t *testing.T) {
	d := startDemo(t, Options{Lab: None})
	if d.Mode != None || d.lab != nil || d.loopback != nil || d.Stranger != "" {
		t.Fatalf("mode %s, lab %v, loopback %v: want no lab", d.Mode, d.lab, d.loopback)
	}
	if filepath.Dir(d.DBPath) != d.Dir || !strings.HasPrefix(filepath.Base(d.Dir), "sunset-demo-") {
		t.Errorf("database %s in %s, want it in a sunset-demo-* directory", d.DBPath, d.Dir)
	}
	if fi, err := os.Stat(d.DBPath); err != nil || fi.Mode().Perm() != 0o600 {
		t.Errorf("demo database: %v (mode %v)", err, fi.Mode())
	}
	assets, err := d.Store.Assets(context.Background(), inventory.AssetFilter{})
	if err != nil || len(assets) < 30 {
		t.Fatalf("%d assets (%v)", len(assets), err)
	}
	if _, err := scan.PlanFromStore(context.Background(), d.Store, scan.CheckRequest{}); !errors.Is(err, scan.ErrNoScope) {
		t.Errorf("a check without a lab must be refused for an empty scope, got %v", err)
	}
	guide := d.Guide(context.Background())
	if len(d.Notes) == 0 || len(guide) < 3 {
		t.Errorf("notes %q, guide %q", d.Notes, guide)
	}
	if !slices.ContainsFunc(guide, func(g string) bool { return strings.Contains(g, "apt-get install -y nmap") }) {
		t.Errorf("the guide does not say how to see live checks: %q", guide)
	}
}

func TestStartWithoutNmapSaysHowToInstallIt(t *testing.T) {
	t.Setenv("PATH", t.TempDir()) // no nmap, no ip
	d := startDemo(t, Options{})
	if d.Mode != None || d.NmapAvailable {
		t.Fatalf("mode %s, nmap available %v: want no lab", d.Mode, d.NmapAvailable)
	}
	if !slices.ContainsFunc(d.Notes, func(n string) bool { return strings.Contains(n, "apt-get install -y nmap") }) {
		t.Errorf("the notes do not say how to install nmap: %q", d.Notes)
	}
}

func TestGuideNamesTheKeysAndTheIncidents(t *testing.T) {
	requireNmap(t)
	d := startDemo(t, Options{Lab: Loopback})
	text := strings.Join(d.Guide(context.Background()), "\n")
	for _, want := range []string{"Press C", "press t", TagForgottenServer, TagCameraPlatform, TagReadyToRetire, d.Stranger} {
		if !strings.Contains(strings.ToLower(text), strings.ToLower(want)) {
			t.Errorf("the guide does not mention %q:\n%s", want, text)
		}
	}
}

func TestCloseIsIdempotentAndKeepsAGivenDirectory(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "mine")
	d, err := Start(context.Background(), Options{Dir: dir, Lab: None})
	if err != nil {
		t.Fatal(err)
	}
	if d.DBPath != filepath.Join(dir, dbName) {
		t.Errorf("database at %s, want it in %s", d.DBPath, dir)
	}
	if err := d.Close(); err != nil {
		t.Fatal(err)
	}
	if err := d.Close(); err != nil {
		t.Errorf("closing again: %v", err)
	}
	if _, err := os.Stat(dir); err != nil {
		t.Errorf("the given directory was removed: %v", err)
	}
	left, _ := os.ReadDir(dir)
	if len(left) != 0 {
		t.Errorf("files left in the given directory: %v", left)
	}
	if _, err := d.Store.Assets(context.Background(), inventory.AssetFilter{}); err == nil {
		t.Error("the store still answers after Close")
	}
}

// deadPID returns the pid of a process that has ended.
func deadPID(t *testing.T) int {
	t.Helper()
	cmd := exec.Command("/bin/sh", "-c", "exit 0")
	if err := cmd.Run(); err != nil {
		t.Fatal(err)
	}
	if alive(cmd.Process.Pid) {
		t.Skipf("pid %d was reused at once", cmd.Process.Pid)
	}
	return cmd.Process.Pid
}

func TestStartRemovesWhatACrashedDemoLeftBehind(t *testing.T) {
	dead := deadPID(t)
	crashed := leftoverDir(t, strconv.Itoa(dead))
	running := leftoverDir(t, strconv.Itoa(os.Getpid()))
	starting := leftoverDir(t, "")
	var ns string
	if lab.Available() == nil {
		ns = fmt.Sprintf("%s-scan-%d-dead00", labPrefix, dead)
		if out, err := exec.Command("ip", "netns", "add", ns).CombinedOutput(); err != nil {
			t.Fatalf("ip netns add: %v: %s", err, out)
		}
		t.Cleanup(func() { exec.Command("ip", "netns", "del", ns).Run() })
	} else {
		t.Logf("not root: only leftover directories are tested (%v)", lab.Available())
	}

	startDemo(t, Options{Lab: None})
	if _, err := os.Stat(crashed); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("the directory of a dead demo (pid %d) is still there: %v", dead, err)
	}
	for _, dir := range []string{running, starting} {
		if _, err := os.Stat(filepath.Join(dir, dbName)); err != nil {
			t.Errorf("the directory of a live or starting demo was touched: %v", err)
		}
	}
	if ns != "" {
		if _, err := os.Stat("/run/netns/" + ns); !errors.Is(err, os.ErrNotExist) {
			t.Errorf("the namespace %s of a dead demo is still there: %v", ns, err)
		}
	}
}

// leftoverDir makes a demo directory in the system's temporary directory
// as a demo with this pid would leave it (no pid file when pid is empty).
func leftoverDir(t *testing.T, pid string) string {
	t.Helper()
	dir, err := os.MkdirTemp("", dirPattern)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(dir) })
	if pid != "" {
		if err := os.WriteFile(filepath.Join(dir, pidFile), []byte(pid+"\n"), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.WriteFile(filepath.Join(dir, dbName), []byte("leftover"), 0o600); err != nil {
		t.Fatal(err)
	}
	return dir
}

func TestStartFailsCleanlyWhenTheNamespaceLabIsAskedForButUnavailable(t *testing.T) {
	requireNmap(t)
	// A PATH with nmap and nothing else: no ip tool, so no namespace lab.
	nmap, _ := scan.LookPath("")
	bin := t.TempDir()
	if err := os.Symlink(nmap, filepath.Join(bin, "nmap")); err != nil {
		t.Fatal(err)
	}
	t.Setenv("PATH", bin)
	before, _ := filepath.Glob(filepath.Join(os.TempDir(), dirPattern))
	d, err := Start(context.Background(), Options{Lab: Namespaces})
	if err == nil {
		d.Close()
		t.Fatalf("a namespace lab started without the ip tool (mode %s)", d.Mode)
	}
	t.Logf("refused as it should be: %v", err)
	after, _ := filepath.Glob(filepath.Join(os.TempDir(), dirPattern))
	if len(after) > len(before) {
		t.Errorf("a failed start left directories: before %v, after %v", before, after)
	}

	// Auto falls back to the loopback lab instead.
	d = startDemo(t, Options{})
	if d.Mode != Loopback {
		t.Errorf("auto without a namespace lab ran %s, want loopback", d.Mode)
	}
}

func TestParseLabMode(t *testing.T) {
	for _, m := range []LabMode{Auto, Namespaces, Loopback, None} {
		got, err := ParseLabMode(strings.ToUpper(m.String()))
		if err != nil || got != m {
			t.Errorf("ParseLabMode(%q) = %v, %v", m.String(), got, err)
		}
	}
	if _, err := ParseLabMode("docker"); err == nil || !strings.Contains(err.Error(), "namespaces") {
		t.Errorf("a bad mode gives %v, want an error listing the modes", err)
	}
}
