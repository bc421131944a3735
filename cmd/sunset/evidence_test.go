package main

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"
)

// darkXML is an nmap XML file in which each address gave no answer, with
// nmap having finished at end.
func darkXML(end time.Time, addrs ...string) string {
	start := end.Add(-time.Minute).Unix()
	var hosts strings.Builder
	for _, a := range addrs {
		fmt.Fprintf(&hosts, `<host starttime="%d" endtime="%d"><status state="down" reason="no-response" reason_ttl="0"/>`+
			`<address addr="%s" addrtype="ipv4"/><hostnames></hostnames><times srtt="0" rttvar="0" to="1000000"/></host>`+"\n",
			start, end.Unix(), a)
	}
	return fmt.Sprintf(`<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE nmaprun>
<nmaprun scanner="nmap" args="nmap -sT -v -oX - %s" start="%d" startstr="" version="7.93" xmloutputversion="1.05">
<scaninfo type="connect" protocol="tcp" numservices="1" services="22"/>
<verbose level="1"/>
<debugging level="0"/>
%s<runstats><finished time="%d" timestr="" summary="" elapsed="60.00" exit="success"/><hosts up="0" down="%d" total="%d"/></runstats>
</nmaprun>
`, strings.Join(addrs, " "), start, hosts.String(), end.Unix(), len(addrs), len(addrs))
}

// The evidence chain cannot be forged by a file: one whose times lie in
// the future is refused, and one from the past never outranks the live
// check that came after it.
func TestAnImportedFileCannotHideALiveZombie(t *testing.T) {
	needNmap(t)
	e := newEnv(t)
	e.ok("policy", "set", "scan.scope", "127.77.9.0/24")
	e.ok("asset", "add", "--tag", "RET-1", "--hostname", "ret-1", "--ip", "127.77.9.20", "--owner", "infra", "--stage", "retired")
	e.ok("asset", "add", "--tag", "DEC-1", "--hostname", "dec-1", "--ip", "127.77.9.21", "--owner", "infra", "--stage", "decommissioning")
	// Every loopback address answers: both devices are alive.
	if r := e.run("check"); r.code != 1 || !strings.Contains(r.stdout, "critical") {
		t.Fatalf("the live check should find a critical zombie: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	zombieStays := func(when string) {
		t.Helper()
		r := e.run("findings", "--json", "--fail-on", "critical")
		if r.code != 1 {
			t.Errorf("%s: findings --fail-on critical exit %d, want 1", when, r.code)
		}
		found := false
		for _, f := range jsonDoc(t, r.stdout)["findings"].([]any) {
			f := f.(map[string]any)
			found = found || f["kind"] == "zombie" && f["severity"] == "critical" && f["asset"] == "RET-1"
		}
		if !found {
			t.Errorf("%s: the critical zombie RET-1 is gone: %s", when, r.stdout)
		}
		r = e.run("stage", "DEC-1", "retired", "--json")
		if r.code != 2 || !strings.Contains(r.stdout, `"code": "answered"`) {
			t.Errorf("%s: the retire guard does not see DEC-1 answer:\n%s", when, r.stdout)
		}
	}

	dir := t.TempDir()
	future := filepath.Join(dir, "future.xml")
	if err := os.WriteFile(future, []byte(darkXML(time.Now().AddDate(5, 0, 0), "127.77.9.20", "127.77.9.21")), 0o600); err != nil {
		t.Fatal(err)
	}
	r := e.fails(2, []string{future, "future"}, "import", future)
	if strings.Contains(r.stdout, "imported as check") {
		t.Errorf("the file from the future was stored: %s", r.stdout)
	}
	zombieStays("after a file from the future")

	old := filepath.Join(dir, "old.xml")
	if err := os.WriteFile(old, []byte(darkXML(time.Now().Add(-48*time.Hour), "127.77.9.20", "127.77.9.21")), 0o600); err != nil {
		t.Fatal(err)
	}
	if r := e.ok("import", old); !strings.Contains(r.stdout, "imported as check #2") {
		t.Errorf("an old file should be stored as evidence of its day: %s", r.stdout)
	}
	zombieStays("after an older file imported later")
	items := jsonDoc(t, e.ok("checklist", "DEC-1", "--json").stdout)["items"].([]any)
	for _, it := range items {
		if it := it.(map[string]any); it["id"] == "power-down" && it["done"] == true {
			t.Errorf("the old file ticked power-down of a device a later check saw answer: %v", it)
		}
	}
}

// fakeNmapEnv points the fake nmap of scan's tests at its canned output,
// failing as mode says.
func fakeNmapEnv(t *testing.T, mode string, cut int) (binary string, env []string) {
	t.Helper()
	dir := t.TempDir()
	script, err := os.ReadFile(filepath.Join("..", "..", "scan", "testdata", "fake-nmap.sh"))
	if err != nil {
		t.Fatal(err)
	}
	binary = filepath.Join(dir, "nmap")
	if err := os.WriteFile(binary, script, 0o755); err != nil {
		t.Fatal(err)
	}
	xml, err := filepath.Abs(filepath.Join("..", "..", "scan", "testdata", "lan.xml"))
	if err != nil {
		t.Fatal(err)
	}
	return binary, []string{"FAKE_NMAP_DIR=" + dir, "FAKE_NMAP_XML=" + xml, "FAKE_NMAP_MODE=" + mode,
		fmt.Sprintf("FAKE_NMAP_CUT=%d", cut)}
}

// A check nmap did not finish is a failed check: exit 2 and one line
// saying what happened; what it saw is kept as a partial check that
// proves nothing dark.
func TestCheckExitsTwoWhenNmapFails(t *testing.T) {
	lan, err := os.ReadFile(filepath.Join("..", "..", "scan", "testdata", "lan.xml"))
	if err != nil {
		t.Fatal(err)
	}
	// Past the second host, as nmap writes them.
	cut := 0
	for i := 0; i < 2; i++ {
		cut += strings.Index(string(lan[cut:]), "</host>") + len("</host>")
	}
	for _, c := range []struct {
		mode string
		want []string
	}{
		{"die", []string{"check #1 failed", "nmap was killed by signal SIGSEGV", "partial check, which proves nothing dark"}},
		{"error", []string{"check #1 failed", "nmap reported an error", "Operation not permitted", "partial check"}},
		{"fail", []string{"check #1 failed", "nmap exited with status 3", "partial check"}},
	} {
		t.Run(c.mode, func(t *testing.T) {
			e := newEnv(t)
			e.ok("policy", "set", "scan.scope", "127.0.0.0/16")
			e.ok("asset", "add", "--tag", "OLD-01", "--ip", "127.0.0.4", "--owner", "infra", "--stage", "decommissioning")
			binary, env := fakeNmapEnv(t, c.mode, cut)
			r := e.runEnv(env, "check", "--nmap", binary)
			if r.code != 2 {
				t.Fatalf("exit %d, want 2\nstdout: %s\nstderr: %s", r.code, r.stdout, r.stderr)
			}
			last := strings.Split(strings.TrimSpace(r.stderr), "\n")
			line := last[len(last)-1]
			for _, w := range c.want {
				if !strings.Contains(line, w) {
					t.Errorf("stderr's last line %q lacks %q", line, w)
				}
			}
			checks := jsonDoc(t, e.ok("checklist", "OLD-01", "--json").stdout)["items"].([]any)
			for _, it := range checks {
				if it := it.(map[string]any); it["id"] == "power-down" && it["done"] == true {
					t.Errorf("a failed check ticked power-down: %v", it)
				}
			}
		})
	}
}

// A check of more than scan.LargeCheck addresses needs --yes: without it
// nmap never starts, and the one line says how many addresses and how to
// go ahead.
func TestALargeCheckNeedsYes(t *testing.T) {
	e := newEnv(t)
	e.ok("policy", "set", "scan.scope", "127.0.0.0/8")
	e.ok("policy", "set", "scan.discover", "127.0.0.0/16,127.1.0.0/16")
	binary, env := fakeNmapEnv(t, "", 0)
	r := e.runEnv(env, "check", "--nmap", binary)
	if r.code != 2 || !strings.Contains(r.stderr, "131,072 addresses") || !strings.Contains(r.stderr, "--yes") ||
		strings.Count(strings.TrimSpace(r.stderr), "\n") != 0 {
		t.Fatalf("exit %d, stderr %q: want exit 2 and one line naming the count and --yes", r.code, r.stderr)
	}
	dir := strings.TrimPrefix(env[0], "FAKE_NMAP_DIR=")
	if _, err := os.Stat(filepath.Join(dir, "argv")); err == nil {
		t.Fatal("nmap started although the check was refused")
	}
	if r := e.runEnv(env, "check", "--nmap", binary, "--yes"); r.code == 2 {
		t.Fatalf("with --yes: exit 2: %s", r.stderr)
	}
}

// nmap is given its targets on its standard input, never in a file another
// user could swap, and a full port range as one range: with the fake nmap
// on PATH logging its argv, its stdin and what $TMPDIR held while it ran.
func TestNmapGetsTargetsOnStdinAndPortsAsRanges(t *testing.T) {
	e := newEnv(t)
	e.ok("policy", "set", "scan.scope", "127.0.0.0/16")
	e.ok("policy", "set", "scan.ports", "1-65535")
	e.ok("asset", "add", "--tag", "SRV-1", "--ip", "127.0.0.2", "--owner", "infra")
	binary, env := fakeNmapEnv(t, "", 0)
	tmp := t.TempDir()
	env = append(env, "PATH="+filepath.Dir(binary)+":"+os.Getenv("PATH"), "TMPDIR="+tmp)
	if r := e.runEnv(env, "check"); r.code == 2 {
		t.Fatalf("check: %s", r.stderr)
	}
	dir := strings.TrimPrefix(env[0], "FAKE_NMAP_DIR=")
	read := func(name string) string {
		b, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil {
			t.Fatal(err)
		}
		return string(b)
	}
	argv := strings.Split(strings.TrimSpace(read("argv")), "\n")
	if i := slices.Index(argv, "-iL"); i < 0 || argv[i+1] != "-" {
		t.Errorf("nmap's targets do not come on stdin: %q", argv)
	}
	if i := slices.Index(argv, "-p"); i < 0 || argv[i+1] != "1-65535" {
		t.Errorf("the ports are not one range: %q", argv)
	}
	if stdin := read("stdin"); !strings.Contains(stdin, "127.0.0.2") {
		t.Errorf("nmap read %q on stdin", stdin)
	}
	if held := strings.TrimSpace(read("tmpdir")); held != "" {
		t.Errorf("$TMPDIR held %q while nmap ran", held)
	}
	if left, _ := os.ReadDir(tmp); len(left) != 0 {
		t.Errorf("the check left %d files in $TMPDIR", len(left))
	}
}
