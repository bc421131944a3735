package main

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func writeFile(t *testing.T, dir, name, content string) string {
	t.Helper()
	p := filepath.Join(dir, name)
	if err := os.WriteFile(p, []byte(content), 0o600); err != nil {
		t.Fatal(err)
	}
	return p
}

func TestImportDryRunThenRealThenAgain(t *testing.T) {
	e := newEnv(t)
	csv := writeFile(t, e.dir, "hosts.csv", "Asset Tag;Computer Name;IP Address;Status;Owner\n"+
		"T-1;srv-a;192.0.2.10;in use;infra\nT-2;srv-b;192.0.2.11;decommissioning;infra\n")
	e.ok("policy", "set", "check.fresh", "24h") // creates the database
	before, _ := os.ReadFile(e.db)
	out := e.ok("import", csv, "--dry-run").stdout
	if !strings.Contains(out, "create") || !strings.Contains(out, "Dry run") {
		t.Errorf("dry run report:\n%s", out)
	}
	after, _ := os.ReadFile(e.db)
	if !bytes.Equal(before, after) {
		t.Error("a dry run changed the database file")
	}
	doc := jsonDoc(t, e.ok("import", csv, "--json").stdout)
	counts := doc["import"].(map[string]any)["counts"].(map[string]any)
	if counts["created"] != float64(2) {
		t.Errorf("counts: %v", counts)
	}
	// Imported straight into decommissioning: the checklist exists.
	items := jsonDoc(t, e.ok("checklist", "T-2", "--json").stdout)["items"].([]any)
	if len(items) == 0 {
		t.Error("an asset imported in decommissioning has no checklist")
	}
	hist := jsonDoc(t, e.ok("asset", "show", "T-1", "--json").stdout)["history"].([]any)
	if r := hist[0].(map[string]any)["reason"]; !strings.Contains(r.(string), "hosts.csv:2") {
		t.Errorf("history reason %v does not name file and line", r)
	}
	if out := e.ok("import", csv).stdout; !strings.Contains(out, "2 unchanged") {
		t.Errorf("re-import:\n%s", out)
	}
	// An update that calls for another item brings the checklist up to
	// date: holding credentials adds the item to revoke them.
	creds := writeFile(t, e.dir, "creds.csv", "Asset Tag;Holds Credentials\nT-2;yes\n")
	if out := e.ok("import", creds).stdout; !strings.Contains(out, "1 updated") {
		t.Errorf("import of the update:\n%s", out)
	}
	updated := jsonDoc(t, e.ok("checklist", "T-2", "--json").stdout)["items"].([]any)
	if len(updated) != len(items)+1 || !strings.Contains(fmt.Sprint(updated), "revoke") {
		t.Errorf("checklist after the update: %v, want the %d items before and one to revoke credentials", updated, len(items))
	}
}

func TestImportWithRejectedRowsWritesNothingAndExitsOne(t *testing.T) {
	e := newEnv(t)
	e.ok("asset", "add", "--tag", "T-1", "--hostname", "srv-a")
	csv := writeFile(t, e.dir, "bad.csv", "tag,hostname,ip,warranty-ends\nT-5,ok-host,192.0.2.5,\nT-6,bad-ip,192.0.2.999,\nT-7,bad-date,,2025-13-45\n")
	e.ok("asset", "list")
	before, _ := os.ReadFile(e.db)
	r := e.run("import", csv)
	if r.code != 1 || !strings.Contains(r.stderr, "2 row(s) rejected") {
		t.Fatalf("exit %d stderr %q", r.code, r.stderr)
	}
	for _, line := range []string{"line 3", "line 4"} {
		if !strings.Contains(r.stdout, line) {
			t.Errorf("report does not list %s:\n%s", line, r.stdout)
		}
	}
	after, _ := os.ReadFile(e.db)
	if !bytes.Equal(before, after) {
		t.Error("a rejected import changed the database file")
	}
	e.fails(2, []string{"missing.csv"}, "import", filepath.Join(e.dir, "missing.csv"))
	e.fails(2, []string{"format"}, "import", csv, "--format", "excel")
}

func TestImportNmapXMLBecomesACheck(t *testing.T) {
	corpus := corpusDir(t)
	e := newEnv(t)
	out := e.ok("import", filepath.Join(corpus, "nmap", "ayrx_issue_1_mac.xml")).stdout
	if !strings.Contains(out, "imported as check #1") {
		t.Errorf("nmap import: %s", out)
	}
	cut := writeFile(t, e.dir, "cut.xml", readPrefix(t, filepath.Join(corpus, "nmap", "libnmap_full_sudo6.xml"), 40000))
	doc := jsonDoc(t, e.ok("import", cut, "--json").stdout)
	c := doc["nmap"].([]any)[0].(map[string]any)["check"].(map[string]any)
	if c["partial"] != true || c["hosts_dark"] != float64(0) {
		t.Errorf("a cut nmap file must import as a partial check proving nothing dark: %v", c)
	}
}

func corpusDir(t *testing.T) string {
	t.Helper()
	dir := os.Getenv("SUNSET_CORPUS")
	if dir == "" {
		dir = filepath.Join("..", "..", "..", "shared", "corpus")
	}
	if _, err := os.Stat(filepath.Join(dir, "SOURCES.md")); err != nil {
		t.Skipf("SKIPPING: test corpus not found at %s (set SUNSET_CORPUS)", dir)
	}
	return dir
}

func readPrefix(t *testing.T, path string, n int) string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return string(b[:n])
}
