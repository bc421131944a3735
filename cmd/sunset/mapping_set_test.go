package main

import (
	"strings"
	"testing"
)

func TestMappingSetChangesRecordsAndResyncsTheChecklist(t *testing.T) {
	e := retiringServer(t) // SRV-9, decommissioning, mapping 1 192.0.2.1:13389
	closeTitle := func() string {
		t.Helper()
		for _, it := range jsonDoc(t, e.ok("checklist", "SRV-9", "--json").stdout)["items"].([]any) {
			if it := it.(map[string]any); it["id"] == "close-mapping-1" {
				return it["title"].(string)
			}
		}
		t.Fatal("no close-mapping-1 item")
		return ""
	}
	if title := closeTitle(); !strings.Contains(title, "192.0.2.1:13389") {
		t.Fatalf("checklist item before the change: %q", title)
	}

	out := e.ok("mapping", "set", "1", "--external", "192.0.2.1:23389", "--expires", "2030-06-30",
		"--owner", "vendor desk", "--reason", "moved port").stdout
	if strings.TrimSpace(out) != "updated mapping 1" {
		t.Errorf("stdout %q, want \"updated mapping 1\"", out)
	}
	ms := jsonDoc(t, e.ok("mapping", "list", "SRV-9", "--json").stdout)["mappings"].([]any)
	m := ms[0].(map[string]any)
	if m["external_port"] != float64(23389) || m["expires_on"] != "2030-06-30" || m["owner"] != "vendor desk" ||
		m["internal_addr"] != "192.0.2.20" || m["purpose"] != "vendor maintenance" {
		t.Errorf("mapping after set: %v", m)
	}
	if title := closeTitle(); !strings.Contains(title, "192.0.2.1:23389") {
		t.Errorf("the checklist was not regenerated: item reads %q", title)
	}
	hist := jsonDoc(t, e.ok("asset", "show", "SRV-9", "--json").stdout)["history"].([]any)
	last := hist[len(hist)-1].(map[string]any)
	changes := map[string][2]any{}
	for _, c := range last["changes"].([]any) {
		c := c.(map[string]any)
		changes[c["field"].(string)] = [2]any{c["from"], c["to"]}
	}
	if last["action"] != "mapping-updated" || last["reason"] != "moved port" || len(changes) != 3 ||
		changes["mapping #1 external"] != [2]any{"192.0.2.1:13389", "192.0.2.1:23389"} ||
		changes["mapping #1 expires"] != [2]any{"2030-01-01", "2030-06-30"} {
		t.Errorf("last event: %v", last)
	}

	out = e.ok("mapping", "set", "1", "--owner", "vendor desk").stdout
	if strings.TrimSpace(out) != "mapping 1 unchanged" {
		t.Errorf("setting the same value: stdout %q", out)
	}
	if n := len(jsonDoc(t, e.ok("asset", "show", "SRV-9", "--json").stdout)["history"].([]any)); n != len(hist) {
		t.Errorf("an unchanged set wrote %d events", n-len(hist))
	}
}

func TestMappingSetRefusesBadInputNamingTheField(t *testing.T) {
	e := retiringServer(t)
	e.fails(2, []string{"external", "70000"}, "mapping", "set", "1", "--external", "192.0.2.1:70000")
	e.fails(2, []string{"internal", "ADDR:PORT"}, "mapping", "set", "1", "--internal", "192.0.2.20")
	e.fails(2, []string{"proto", "sctp"}, "mapping", "set", "1", "--proto", "sctp")
	e.fails(2, []string{"expires", "not a date"}, "mapping", "set", "1", "--expires", "2030-13-01")
	e.fails(2, []string{"expires", "before"}, "mapping", "set", "1", "--opened", "2030-02-01")
	e.fails(2, []string{"nothing to set"}, "mapping", "set", "1", "--reason", "no fields")
	e.fails(2, []string{"not a number"}, "mapping", "set", "one", "--owner", "x")
	e.fails(2, []string{"#9"}, "mapping", "set", "9", "--owner", "x")
	e.ok("mapping", "close", "1", "--evidence", "rule removed")
	e.fails(2, []string{"owner", "closed"}, "mapping", "set", "1", "--owner", "x")

	m := jsonDoc(t, e.ok("mapping", "list", "--json").stdout)["mappings"].([]any)[0].(map[string]any)
	if m["external_port"] != float64(13389) || m["expires_on"] != "2030-01-01" || m["protocol"] != "tcp" || m["owner"] != "" {
		t.Errorf("refused sets changed the mapping: %v", m)
	}
}
