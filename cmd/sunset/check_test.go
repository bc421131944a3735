package main

import (
	"os"
	"os/exec"
	"strconv"
	"strings"
	"testing"
)

// needNmap skips loudly without nmap, and fails when CI requires it.
func needNmap(t *testing.T) {
	t.Helper()
	if _, err := exec.LookPath("nmap"); err != nil {
		if os.Getenv("SUNSET_REQUIRE_NMAP") == "1" {
			t.Fatal("nmap is required (SUNSET_REQUIRE_NMAP=1) but not installed")
		}
		t.Skip("SKIPPING live check test: nmap is not installed (apt-get install -y nmap)")
	}
}

func TestCheckFindsARetiredServerAnsweringOnLoopback(t *testing.T) {
	needNmap(t)
	port := strconv.Itoa(listen(t, "127.0.0.2:0"))

	e := newEnv(t)
	e.ok("asset", "add", "--tag", "SRV-OLD", "--hostname", "srv-legacy-01", "--ip", "127.0.0.2", "--kind", "server",
		"--owner", "infra", "--stage", "retired")
	e.ok("asset", "add", "--tag", "APP-1", "--hostname", "app-1", "--ip", "127.0.0.3", "--kind", "server", "--owner", "apps",
		"--last-managed-on", "2099-01-01")

	e.fails(2, []string{"scan.scope"}, "check")
	e.ok("policy", "set", "scan.scope", "127.0.0.0/24")
	e.ok("policy", "set", "scan.ports", port)
	e.fails(2, []string{"192.0.2.9", "scope"}, "check", "192.0.2.9")
	e.fails(2, []string{"nmap is not installed", "apt-get install -y nmap"}, "check", "--nmap", "/nonexistent/nmap")

	r := e.run("check", "--json")
	if r.code != 1 {
		t.Fatalf("check exit %d, want 1 (a critical zombie)\nstderr: %s", r.code, r.stderr)
	}
	doc := jsonDoc(t, r.stdout)
	check := doc["check"].(map[string]any)
	if check["partial"] != false || check["hosts_answered"].(float64) < 2 {
		t.Errorf("check: %v", check)
	}
	var zombie map[string]any
	for _, f := range doc["findings"].([]any) {
		f := f.(map[string]any)
		if f["kind"] == "zombie" {
			zombie = f
		}
	}
	if zombie == nil || zombie["severity"] != "critical" || zombie["asset"] != "SRV-OLD" || zombie["address"] != "127.0.0.2" {
		t.Fatalf("no critical zombie for SRV-OLD: %v", doc["findings"])
	}
	if !strings.Contains(zombie["summary"].(string), port) {
		t.Errorf("zombie summary does not name the open port %s: %s", port, zombie["summary"])
	}
	e.ok("check", "--fail-on", "critical", "APP-1")
	list := jsonDoc(t, e.ok("asset", "list", "--json").stdout)["assets"].([]any)
	for _, a := range list {
		a := a.(map[string]any)
		if _, seen := a["last_seen"]; !seen {
			t.Errorf("%s: last_seen not updated by the check", a["tag"])
		}
	}
}
