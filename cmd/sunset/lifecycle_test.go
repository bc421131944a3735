package main

import (
	"strings"
	"testing"
)

// retiringServer sets up a decommissioning server with a port mapping.
func retiringServer(t *testing.T) *env {
	e := newEnv(t)
	e.ok("asset", "add", "--tag", "SRV-9", "--hostname", "srv-9", "--ip", "192.0.2.20", "--kind", "server",
		"--owner", "infra", "--stores-data", "yes", "--holds-credentials", "yes", "--stage", "active")
	e.ok("mapping", "add", "SRV-9", "--external", "192.0.2.1:13389", "--internal", "192.0.2.20:3389",
		"--purpose", "vendor maintenance", "--expires", "2030-01-01")
	e.ok("stage", "SRV-9", "decommissioning", "--reason", "replaced by srv-10")
	return e
}

func TestStageRefusalListsEveryReasonAndExitsTwo(t *testing.T) {
	e := retiringServer(t)
	r := e.run("stage", "SRV-9", "retired")
	if r.code != 2 {
		t.Fatalf("exit %d, want 2; stderr %s", r.code, r.stderr)
	}
	lines := strings.Split(strings.TrimSpace(r.stderr), "\n")
	if !strings.HasPrefix(lines[0], "sunset: SRV-9 may not move from decommissioning to retired") {
		t.Errorf("first line: %q", lines[0])
	}
	for _, want := range []string{"backup-data", "revoke-credentials", "power-down", "no complete check", "port mapping #1"} {
		if !strings.Contains(r.stderr, want) {
			t.Errorf("refusal lacks %q:\n%s", want, r.stderr)
		}
	}
	doc := jsonDoc(t, e.run("stage", "SRV-9", "retired", "--json").stdout)
	d := doc["decision"].(map[string]any)
	if d["allowed"] != false || len(d["refusals"].([]any)) < 5 {
		t.Errorf("decision JSON: %v", d)
	}
	// still decommissioning
	a := jsonDoc(t, e.ok("asset", "show", "SRV-9", "--json").stdout)["asset"].(map[string]any)
	if a["stage"] != "decommissioning" {
		t.Errorf("stage after refusal: %v", a["stage"])
	}
}

func TestStageForceNeedsReasonAndShowsInHistoryAndReport(t *testing.T) {
	e := retiringServer(t)
	e.fails(2, []string{"reason"}, "stage", "SRV-9", "retired", "--force")
	out := e.ok("stage", "SRV-9", "retired", "--force", "--reason", "hardware stolen; police report 77").stdout
	if !strings.Contains(out, "FORCED") {
		t.Errorf("forced move output: %q", out)
	}
	hist := jsonDoc(t, e.ok("asset", "show", "SRV-9", "--json").stdout)["history"].([]any)
	last := hist[len(hist)-1].(map[string]any)
	if last["action"] != "stage" || last["forced"] != true || last["reason"] != "hardware stolen; police report 77" {
		t.Errorf("last event: %v", last)
	}
	rep := e.ok("report", "--format", "md").stdout
	if !strings.Contains(rep, "police report 77") {
		t.Errorf("report does not list the override:\n%s", rep)
	}
	j := jsonDoc(t, e.ok("report", "--format", "json").stdout)
	if ov := j["summary"].(map[string]any)["overrides"].([]any); len(ov) != 1 {
		t.Errorf("report JSON overrides: %v", ov)
	}
	html := e.ok("report", "--format", "html").stdout
	if !strings.Contains(html, "<svg") || !strings.Contains(html, "police report 77") {
		t.Errorf("html report lacks chart or override")
	}
}

func TestStageBackwardNeedsReason(t *testing.T) {
	e := retiringServer(t)
	if r := e.run("stage", "SRV-9", "active"); r.code != 2 || !strings.Contains(r.stderr, "needs a reason") {
		t.Errorf("backward move without reason: exit %d, stderr %q", r.code, r.stderr)
	}
	e.ok("stage", "SRV-9", "active", "--reason", "replacement failed")
	e.fails(2, []string{"stage", "gone"}, "stage", "SRV-9", "gone")
}

func TestChecklistTickingRules(t *testing.T) {
	e := retiringServer(t)
	doc := jsonDoc(t, e.ok("checklist", "SRV-9", "--json").stdout)
	items := doc["items"].([]any)
	verify := map[string]string{}
	for _, it := range items {
		it := it.(map[string]any)
		for _, k := range []string{"id", "title", "required", "done", "verify"} {
			if _, ok := it[k]; !ok {
				t.Errorf("item lacks key %q: %v", k, it)
			}
		}
		verify[it["id"].(string)] = it["verify"].(string)
	}
	if verify["power-down"] != "scan-dark" || verify["close-mapping-1"] != "scan-mapping-closed" || verify["backup-data"] != "evidence" {
		t.Errorf("verify kinds: %v", verify)
	}
	e.fails(2, []string{"power-down", "check"}, "checklist", "SRV-9", "--done", "power-down", "--evidence", "I pulled the plug")
	e.fails(2, []string{"close-mapping-1"}, "checklist", "SRV-9", "--done", "close-mapping-1", "--evidence", "done")
	e.fails(2, []string{"evidence", "backup-data"}, "checklist", "SRV-9", "--done", "backup-data")
	e.fails(2, []string{"no-such-item"}, "checklist", "SRV-9", "--done", "no-such-item", "--evidence", "x")
	e.ok("checklist", "SRV-9", "--done", "backup-data", "--evidence", "restic snapshot 2026-11-01")
	e.fails(2, []string{"already done"}, "checklist", "SRV-9", "--done", "backup-data", "--evidence", "again")
	e.ok("checklist", "SRV-9", "--done", "remove-dns-dhcp-monitoring")

	doc = jsonDoc(t, e.ok("checklist", "SRV-9", "--json").stdout)
	for _, it := range doc["items"].([]any) {
		it := it.(map[string]any)
		if it["id"] == "backup-data" && (it["done"] != true || it["evidence"] != "restic snapshot 2026-11-01" || it["done_by"] != "tester") {
			t.Errorf("ticked item: %v", it)
		}
	}
	e.fails(2, []string{"method"}, "checklist", "SRV-9", "--sanitized", "--media-type", "SSD", "--method", "wipe",
		"--technique", "crypto-erase", "--verification", "vendor tool report", "--operator", "kim", "--destination", "recycle")
	e.ok("checklist", "SRV-9", "--sanitized", "--media-type", "SSD", "--method", "purge",
		"--technique", "crypto-erase", "--tool", "nvme-cli 2.4", "--verification", "sampled read-back", "--operator", "kim", "--destination", "recycle")
	doc = jsonDoc(t, e.ok("checklist", "SRV-9", "--json").stdout)
	if s, ok := doc["sanitization"].(map[string]any); !ok || s["method"] != "purge" {
		t.Errorf("sanitization record: %v", doc["sanitization"])
	}
}

func TestFindingsAndDueJSONContract(t *testing.T) {
	e := newEnv(t)
	e.ok("asset", "add", "--tag", "FW-1", "--hostname", "fw-1", "--ip", "192.0.2.1", "--kind", "firewall", "--owner", "net")
	e.ok("asset", "add", "--tag", "SRV-2", "--hostname", "srv-2", "--ip", "192.0.2.22", "--kind", "server", "--eol-on", "2000-01-01")
	e.ok("mapping", "add", "FW-1", "--external", "192.0.2.1:3389", "--internal", "192.0.2.30:3389", "--purpose", "contractor rdp")
	doc := jsonDoc(t, e.ok("findings", "--json").stdout)
	fs := doc["findings"].([]any)
	kinds := map[string]string{}
	for _, f := range fs {
		f := f.(map[string]any)
		for _, k := range []string{"kind", "severity", "asset", "address", "summary", "since"} {
			if _, ok := f[k]; !ok {
				t.Errorf("finding lacks %q: %v", k, f)
			}
		}
		kinds[f["kind"].(string)] = f["severity"].(string)
	}
	if kinds["exposed-mapping"] != "high" || kinds["no-owner"] != "low" {
		t.Errorf("findings: %v", kinds)
	}
	e.fails(1, []string{"at or above high"}, "findings", "--fail-on", "high")
	e.ok("findings", "--fail-on", "critical")
	e.fails(2, []string{"fail-on"}, "findings", "--fail-on", "severe")

	due := jsonDoc(t, e.ok("due", "--within", "30d", "--json").stdout)
	rs := due["reminders"].([]any)
	found := false
	for _, r := range rs {
		r := r.(map[string]any)
		if r["asset"] == "SRV-2" && r["kind"] == "end-of-life" && r["overdue"] == true {
			found = true
		}
	}
	if !found {
		t.Errorf("due lacks the overdue end of life of SRV-2: %v", rs)
	}
	e.fails(2, []string{"within"}, "due", "--within", "soon")
}

// A reopened sanitize-media item withdraws its record from disposal: the
// checklist says the record no longer counts, disposal is refused, and a
// new record lets it through.
func TestReopenedSanitizationBlocksDisposalOnTheCommandLine(t *testing.T) {
	e := newEnv(t)
	e.ok("asset", "add", "--tag", "D-1", "--hostname", "d-1", "--stores-data", "yes", "--stage", "decommissioning")
	record := []string{"checklist", "D-1", "--sanitized", "--media-type", "SSD", "--method", "purge", "--technique", "crypto-erase",
		"--tool", "nvme-cli 2.4", "--verification", "sampled read-back", "--operator", "kim", "--destination", "recycle"}
	e.ok(record...)
	e.ok("stage", "D-1", "retired", "--force", "--reason", "test")
	out := e.ok("checklist", "D-1", "--reopen", "sanitize-media", "--reason", "wrong disk").stdout
	if !strings.Contains(out, "[ ]   sanitize-media") || !strings.Contains(out, "no longer counts") {
		t.Errorf("checklist after reopening:\n%s", out)
	}
	doc := jsonDoc(t, e.ok("checklist", "D-1", "--json").stdout)
	if doc["sanitization"] != nil || doc["reopened_sanitization"] == nil {
		t.Errorf("JSON sanitization = %v, reopened = %v", doc["sanitization"], doc["reopened_sanitization"])
	}
	if r := e.run("stage", "D-1", "disposed"); r.code != 2 || !strings.Contains(r.stderr, "sanitize-media item of d-1 was reopened") ||
		!strings.Contains(r.stderr, "--sanitized") {
		t.Errorf("stage disposed after reopening: exit %d, stderr %q", r.code, r.stderr)
	}
	e.fails(2, []string{"sanitize-media", "sanitization record"}, "checklist", "D-1", "--done", "sanitize-media", "--evidence", "trust me")
	e.ok(record...)
	e.ok("stage", "D-1", "disposed")
}
