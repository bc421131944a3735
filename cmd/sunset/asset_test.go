package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestAssetAddShowListRoundTrip(t *testing.T) {
	e := newEnv(t)
	e.ok("asset", "add", "--tag", "SRV-001", "--hostname", "srv-legacy-01", "--ip", "192.0.2.20", "--ip", "192.0.2.21",
		"--mac", "02:00:00:00:00:20", "--kind", "server", "--owner", "infra", "--warranty-ends", "2025-06-30",
		"--holds-credentials", "yes", "--credentials-ref", "vault:kv/infra/srv-legacy-01", "--stage", "retired")
	e.ok("asset", "add", "--tag", "CAM-007", "--hostname", "cam-lobby", "--kind", "camera", "--owner", "facilities")

	doc := jsonDoc(t, e.ok("asset", "show", "SRV-001", "--json").stdout)
	a := doc["asset"].(map[string]any)
	if a["tag"] != "SRV-001" || a["stage"] != "retired" || a["owner"] != "infra" || a["holds_credentials"] != true || a["warranty_ends"] != "2025-06-30" {
		t.Errorf("asset show JSON: %v", a)
	}
	if n := len(a["addresses"].([]any)); n != 3 {
		t.Errorf("addresses: %d, want 3", n)
	}
	hist := doc["history"].([]any)
	if len(hist) != 1 || hist[0].(map[string]any)["action"] != "created" || hist[0].(map[string]any)["actor"] != "tester" {
		t.Errorf("history: %v", hist)
	}

	// by hostname, and filters
	e.ok("asset", "show", "cam-lobby")
	list := jsonDoc(t, e.ok("asset", "list", "--kind", "camera", "--json").stdout)["assets"].([]any)
	if len(list) != 1 || list[0].(map[string]any)["tag"] != "CAM-007" {
		t.Errorf("list --kind camera: %v", list)
	}
	list = jsonDoc(t, e.ok("asset", "list", "--stage", "retired", "--owner", "infra", "--json").stdout)["assets"].([]any)
	if len(list) != 1 || list[0].(map[string]any)["tag"] != "SRV-001" {
		t.Errorf("list --stage retired --owner infra: %v", list)
	}
	text := e.ok("asset", "list").stdout
	if !strings.Contains(text, "SRV-001") || !strings.Contains(text, "192.0.2.20") || !strings.Contains(text, "CAM-007") {
		t.Errorf("asset list text:\n%s", text)
	}
}

func TestAssetSetRecordsHistoryAndRefusesStage(t *testing.T) {
	e := newEnv(t)
	e.ok("asset", "add", "--tag", "NVR-1", "--hostname", "nvr-1", "--owner", "facilities")
	e.ok("asset", "set", "NVR-1", "--owner", "security", "--eol-on", "2027-01-31", "--reason", "handover")
	if out := e.ok("asset", "set", "NVR-1", "--owner", "security").stdout; !strings.Contains(out, "unchanged") {
		t.Errorf("setting the same value should say unchanged, got %q", out)
	}
	doc := jsonDoc(t, e.ok("asset", "show", "NVR-1", "--json").stdout)
	hist := doc["history"].([]any)
	if len(hist) != 2 {
		t.Fatalf("history has %d events, want 2: %v", len(hist), hist)
	}
	upd := hist[1].(map[string]any)
	if upd["action"] != "updated" || upd["reason"] != "handover" {
		t.Errorf("update event: %v", upd)
	}
	changes := map[string][2]string{}
	for _, c := range upd["changes"].([]any) {
		c := c.(map[string]any)
		changes[c["field"].(string)] = [2]string{c["from"].(string), c["to"].(string)}
	}
	if changes["owner"] != [2]string{"facilities", "security"} || changes["eol-on"][1] != "2027-01-31" {
		t.Errorf("changes: %v", changes)
	}
	e.fails(2, []string{"stage", "sunset stage"}, "asset", "set", "NVR-1", "--stage", "retired")
}

func TestAssetBadInputExitsTwoWithOneLine(t *testing.T) {
	e := newEnv(t)
	e.ok("asset", "add", "--tag", "A1", "--hostname", "a1")
	e.fails(2, []string{"NOPE"}, "asset", "show", "NOPE")
	e.fails(2, []string{"warranty-ends", "31/12/2025"}, "asset", "add", "--tag", "A2", "--warranty-ends", "31/12/2025")
	e.fails(2, []string{"ip", "192.0.2.999"}, "asset", "add", "--tag", "A3", "--ip", "192.0.2.999")
	e.fails(2, []string{"kind", "toaster"}, "asset", "add", "--tag", "A4", "--kind", "toaster")
	e.fails(2, []string{"tag", "A1"}, "asset", "add", "--tag", "A1")
	e.fails(2, []string{"unknown flag"}, "asset", "add", "--colour", "red")
	e.fails(2, []string{"ASSET"}, "asset", "show")
	// nothing half-written
	list := jsonDoc(t, e.ok("asset", "list", "--json").stdout)["assets"].([]any)
	if len(list) != 1 {
		t.Errorf("after refused adds there are %d assets, want 1", len(list))
	}
}

func TestUnwritableDatabasePathExitsTwo(t *testing.T) {
	e := newEnv(t)
	ro := filepath.Join(e.dir, "ro")
	if err := os.Mkdir(ro, 0o500); err != nil {
		t.Fatal(err)
	}
	if os.Geteuid() == 0 {
		// root ignores directory modes; a path under a regular file cannot
		// be created by anyone.
		blocker := filepath.Join(e.dir, "file")
		os.WriteFile(blocker, nil, 0o600)
		ro = blocker
	}
	e.db = filepath.Join(ro, "sub", "sunset.db")
	e.fails(2, []string{ro}, "asset", "list")
}

func TestPolicyShowAndSet(t *testing.T) {
	e := newEnv(t)
	e.fails(2, []string{"no inventory at " + e.db}, "policy", "show")
	e.ok("policy", "set", "check.fresh", "24h") // creates the database
	out := e.ok("policy", "show").stdout
	if !strings.Contains(out, e.db) || !strings.Contains(out, "scan.scope") || !strings.Contains(out, "90d") {
		t.Errorf("policy show:\n%s", out)
	}
	e.ok("policy", "set", "scan.scope", "192.0.2.0/24,127.0.0.0/8")
	e.ok("policy", "set", "idle.after", "180d")
	doc := jsonDoc(t, e.ok("policy", "show", "--json").stdout)
	pol := doc["policy"].(map[string]any)
	if pol["scan.scope"] != "192.0.2.0/24,127.0.0.0/8" || pol["idle.after"] != "180d" || doc["database"] != e.db {
		t.Errorf("policy JSON: %v", doc)
	}
	e.fails(2, []string{"scan.scope", "192.0.2.0/33"}, "policy", "set", "scan.scope", "192.0.2.0/33")
	e.fails(2, []string{"idle.after", "soon"}, "policy", "set", "idle.after", "soon")
	e.fails(2, []string{"bogus.key"}, "policy", "set", "bogus.key", "1")
	e.fails(2, []string{"scan.discover", "scope"}, "policy", "set", "scan.discover", "198.51.100.0/24")
}

func TestHelpShowsDatabasePathAndVersion(t *testing.T) {
	e := newEnv(t)
	out := e.ok("--help").stdout
	if !strings.Contains(out, e.db) {
		t.Errorf("--help does not show the database path %s:\n%s", e.db, out)
	}
	if out := e.ok("--version").stdout; !strings.HasPrefix(out, "sunset version ") {
		t.Errorf("--version: %q", out)
	}
	if out := e.ok("completion", "bash").stdout; !strings.Contains(out, "__start_sunset") {
		t.Errorf("bash completion script missing")
	}
}

func TestMisleadingInputIsRefusedNotIgnored(t *testing.T) {
	e := newEnv(t)
	e.ok("asset", "add", "--tag", "100234", "--hostname", "ups-1", "--stage", "decommissioning")
	e.ok("asset", "add", "--tag", "B-1", "--hostname", "b-1")
	// A numeric tag is found as a tag; "#N" is an id.
	if a := jsonDoc(t, e.ok("asset", "show", "100234", "--json").stdout)["asset"].(map[string]any); a["hostname"] != "ups-1" {
		t.Errorf("numeric tag lookup found %v", a["hostname"])
	}
	if a := jsonDoc(t, e.ok("asset", "show", "#2", "--json").stdout)["asset"].(map[string]any); a["tag"] != "B-1" {
		t.Errorf("#2 found %v", a["tag"])
	}
	r := e.fails(2, []string{"ip: ", "999.1.1.1"}, "asset", "set", "B-1", "--ip", "999.1.1.1")
	if strings.Contains(r.stderr, "ip: ip:") {
		t.Errorf("field named twice: %q", r.stderr)
	}
	e.fails(2, []string{"--evidence goes with --done"}, "checklist", "100234", "--evidence", "done it")
	e.fails(2, []string{"--method", "--sanitized"}, "checklist", "100234", "--method", "purge")
	e.fails(2, []string{"verification", "operator", "destination"}, "checklist", "100234", "--sanitized",
		"--media-type", "HDD", "--method", "purge", "--technique", "overwrite")
	r = e.fails(2, []string{"SQLite database file or a postgres:// URL", "mysql://u@db.example/sunset"}, "--db", "mysql://u:hunter2@db.example/sunset", "asset", "list")
	if strings.Contains(r.stderr, "hunter2") {
		t.Errorf("the refusal of a URL repeats its password: %q", r.stderr)
	}
}

// "What is 192.0.2.20?" and "whose is this MAC?" have answers: show
// resolves an IP, a MAC in any spelling and a DNS name, list filters by an
// address or a search, and a MAC or a serial belongs to one asset.
func TestAssetsAreFoundByTheirAddresses(t *testing.T) {
	e := newEnv(t)
	e.ok("asset", "add", "--tag", "SRV-001", "--hostname", "srv-01", "--ip", "192.0.2.20", "--mac", "02:00:00:00:00:20",
		"--dns", "files.lab.example", "--serial", "SN-77", "--owner", "infra")
	e.ok("asset", "add", "--tag", "CAM-007", "--hostname", "cam-lobby", "--ip", "192.0.2.30", "--owner", "facilities", "--model", "P3245-V")

	for _, ref := range []string{"192.0.2.20", "02-00-00-00-00-20", "0200.0000.0020", "02:00:00:00:00:20", "FILES.lab.example."} {
		a := jsonDoc(t, e.ok("asset", "show", ref, "--json").stdout)["asset"].(map[string]any)
		if a["tag"] != "SRV-001" {
			t.Errorf("asset show %s: %v, want SRV-001", ref, a["tag"])
		}
	}
	e.fails(2, []string{"192.0.2.99"}, "asset", "show", "192.0.2.99")

	tags := func(args ...string) []string {
		var out []string
		for _, a := range jsonDoc(t, e.ok(append([]string{"asset", "list", "--json"}, args...)...).stdout)["assets"].([]any) {
			out = append(out, a.(map[string]any)["tag"].(string))
		}
		return out
	}
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"--address", "192.0.2.30"}, "CAM-007"},
		{[]string{"--address", "02:00:00:00:00:20"}, "SRV-001"},
		{[]string{"--address", "192.0.2.99"}, ""},
		{[]string{"--search", "p3245"}, "CAM-007"},
		{[]string{"--search", "INFRA"}, "SRV-001"},
		{[]string{"--search", "192.0.2."}, "CAM-007 SRV-001"},
	} {
		if got := strings.Join(tags(c.args...), " "); got != c.want {
			t.Errorf("asset list %v: %q, want %q", c.args, got, c.want)
		}
	}
	e.fails(2, []string{"address", "not an IP"}, "asset", "list", "--address", "not an address!")

	e.fails(2, []string{"mac", "02:00:00:00:00:20", "SRV-001"}, "asset", "add", "--tag", "SRV-002", "--mac", "02-00-00-00-00-20")
	e.fails(2, []string{"serial", "SRV-001"}, "asset", "add", "--tag", "SRV-003", "--serial", "sn-77 ")
	e.fails(2, []string{"mac", "SRV-001"}, "asset", "set", "CAM-007", "--mac", "02:00:00:00:00:20")
	e.ok("asset", "add", "--tag", "SRV-004", "--serial", "N/A")
	e.ok("asset", "add", "--tag", "SRV-005", "--serial", "N/A")
}
