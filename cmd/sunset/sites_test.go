package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// A device that one site finds dark but another site saw answer is alive:
// a real nmap check from site "branch" sees the loopback devices answer,
// then a later file scanned from site "hq" finds them dark. The zombie
// stays, the retire guard refuses, and the report and `asset show` say
// which site saw what. A later file naming no site speaks for every site,
// as checks did before sites, and its dark result then holds.
func TestADeviceDarkFromOneSiteButAnsweringFromAnotherIsAlive(t *testing.T) {
	needNmap(t)
	e := newEnv(t)
	e.ok("policy", "set", "scan.scope", "127.77.10.0/24")
	e.ok("asset", "add", "--tag", "RET-1", "--hostname", "ret-1", "--ip", "127.77.10.20", "--owner", "infra", "--stage", "retired")
	e.ok("asset", "add", "--tag", "DEC-1", "--hostname", "dec-1", "--ip", "127.77.10.21", "--owner", "infra", "--stage", "decommissioning")
	if r := e.run("check", "--site", "branch", "--json"); r.code != 1 {
		t.Fatalf("the check from branch should find the critical zombie: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	} else if c := jsonDoc(t, r.stdout)["check"].(map[string]any); c["site"] != "branch" {
		t.Errorf("the check JSON says site %v, want branch", c["site"])
	}

	dir := t.TempDir()
	writeDark := func(name string, end time.Time) string {
		t.Helper()
		path := filepath.Join(dir, name)
		if err := os.WriteFile(path, []byte(darkXML(end, "127.77.10.20", "127.77.10.21")), 0o600); err != nil {
			t.Fatal(err)
		}
		return path
	}
	// A second ahead, so that the file ranks after the live check (nmap
	// writes whole seconds); the store takes it as seen when recorded.
	if r := e.ok("import", "--site", "hq", writeDark("hq.xml", time.Now().Add(2*time.Second))); !strings.Contains(r.stdout, "imported as check #2") {
		t.Fatalf("import --site hq: %s", r.stdout)
	}

	zombie := func() map[string]any {
		t.Helper()
		for _, f := range jsonDoc(t, e.run("findings", "--json").stdout)["findings"].([]any) {
			if f := f.(map[string]any); f["kind"] == "zombie" && f["asset"] == "RET-1" {
				return f
			}
		}
		return nil
	}
	z := zombie()
	if z == nil {
		t.Fatal("the zombie RET-1 is gone although branch saw it answer and only hq found it dark")
	}
	if s, _ := z["summary"].(string); !strings.Contains(s, "from site branch") {
		t.Errorf("the zombie does not say which site saw it: %q", s)
	}
	if r := e.run("stage", "DEC-1", "retired", "--json"); r.code != 2 || !strings.Contains(r.stdout, `"code": "answered"`) ||
		!strings.Contains(r.stdout, "from site branch") {
		t.Errorf("the retire guard does not see DEC-1 answer from branch: exit %d\n%s", r.code, r.stdout)
	}

	sites := jsonDoc(t, e.ok("asset", "show", "RET-1", "--json").stdout)["sites"].([]any)
	saw := map[any]any{}
	for _, s := range sites {
		s := s.(map[string]any)
		saw[s["site"]] = s["state"]
	}
	if len(saw) != 2 || saw["branch"] != "answered" || saw["hq"] != "dark" {
		t.Errorf("asset show RET-1 --json sites = %v, want branch answered and hq dark", sites)
	}
	if out := e.ok("asset", "show", "RET-1").stdout; !strings.Contains(out, "Seen from each site") ||
		!strings.Contains(out, "live check #1 from site branch") || !strings.Contains(out, "imported as check #2 from site hq") {
		t.Errorf("asset show RET-1 does not say which site saw what:\n%s", out)
	}
	report := e.ok("report", "--format", "md").stdout
	for _, want := range []string{"Seen from each site", "| branch | live check #1 from site branch", "| answered |", "| dark |", "from site branch"} {
		if !strings.Contains(report, want) {
			t.Errorf("the report lacks %q", want)
		}
	}

	// A file naming no site speaks for every site: dark now everywhere.
	if r := e.ok("import", writeDark("any.xml", time.Now().Add(4*time.Second))); !strings.Contains(r.stdout, "imported as check #3") {
		t.Fatalf("import: %s", r.stdout)
	}
	if z := zombie(); z != nil {
		t.Errorf("a later dark file naming no site should outrank branch's answer: %v", z)
	}
	// And a live check from hq that sees it answer brings it back.
	if r := e.run("check", "--site", "hq"); r.code != 1 || !strings.Contains(r.stdout, "check #4 from site hq complete") {
		t.Errorf("check --site hq: exit %d, want 1 and the site named:\n%s%s", r.code, r.stdout, r.stderr)
	}
	if z := zombie(); z == nil {
		t.Error("the zombie hq saw answer is not found")
	}
}

// --site takes a name, not anything: a bad one is one line and exit 2,
// before nmap runs or a file is read; and it is for nmap XML alone.
func TestABadSiteIsRefused(t *testing.T) {
	e := newEnv(t)
	e.ok("policy", "set", "scan.scope", "127.77.11.0/24")
	e.ok("asset", "add", "--tag", "SRV-1", "--ip", "127.77.11.2", "--owner", "infra")
	for _, args := range [][]string{
		{"check", "--site", "two words"},
		{"check", "--site", "-x"},
		{"import", "--site", "a/b", "missing.xml"},
	} {
		r := e.run(args...)
		if r.code != 2 || !strings.Contains(r.stderr, "site") || strings.Count(strings.TrimSpace(r.stderr), "\n") != 0 {
			t.Errorf("%v: exit %d, stderr %q; want exit 2 and one line about the site", args, r.code, r.stderr)
		}
	}
	csv := filepath.Join(t.TempDir(), "a.csv")
	if err := os.WriteFile(csv, []byte("tag,hostname\nA-1,a-1\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	if r := e.run("import", "--site", "hq", csv); r.code != 2 || !strings.Contains(r.stderr, "nmap XML") {
		t.Errorf("import --site of a CSV file: exit %d, stderr %q; want exit 2 saying --site is for nmap XML", r.code, r.stderr)
	}
	if checks := e.ok("asset", "list").stdout; strings.Contains(checks, "A-1") {
		t.Errorf("the refused import stored its rows:\n%s", checks)
	}
}
