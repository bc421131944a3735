package main

import (
	"strconv"
	"strings"
	"testing"
)

// An acknowledged finding stops failing `findings --fail-on` (and stops
// showing) until it is withdrawn; the asset's history keeps both, and
// `findings acks` says the acknowledgement holds.
func TestFindingsAckHidesARiskUntilWithdrawn(t *testing.T) {
	e := newEnv(t)
	e.ok("asset", "add", "--tag", "FW-1", "--hostname", "fw-1", "--ip", "192.0.2.1", "--kind", "firewall", "--owner", "net")
	e.ok("mapping", "add", "FW-1", "--external", "192.0.2.1:3389", "--internal", "192.0.2.30:3389", "--purpose", "contractor rdp")
	doc := jsonDoc(t, e.ok("findings", "--json").stdout)
	var id string
	for _, f := range doc["findings"].([]any) {
		if f := f.(map[string]any); f["kind"] == "exposed-mapping" {
			id, _ = f["id"].(string)
		}
	}
	if id != "exposed-mapping:m1" {
		t.Fatalf("the mapping's finding has id %q, want exposed-mapping:m1: %v", id, doc)
	}
	if out := e.ok("findings").stdout; !strings.Contains(out, id) {
		t.Errorf("the findings table does not show the id %s:\n%s", id, out)
	}
	e.fails(1, []string{"at or above high"}, "findings", "--fail-on", "high")

	e.fails(2, []string{"--reason"}, "findings", "ack", id, "--until", "30d")
	e.fails(2, []string{"until"}, "findings", "ack", id, "--reason", "contract runs to June")
	e.fails(2, []string{"until", "passed"}, "findings", "ack", id, "--reason", "x", "--until", "2001-01-01")
	e.fails(2, []string{"no open finding", "idle:#1"}, "findings", "ack", id, "idle:#1", "--reason", "x", "--until", "30d")
	e.fails(2, []string{"needs ID"}, "findings", "ack", "--reason", "x", "--until", "30d")
	if out := e.ok("findings", "acks").stdout; !strings.Contains(out, "no acknowledged findings") {
		t.Errorf("a refused ack kept something:\n%s", out)
	}

	r := e.ok("findings", "ack", id, "--reason", "contract runs to June", "--until", "30d")
	if !strings.Contains(r.stdout, "acknowledged "+id+" until ") {
		t.Errorf("ack said %q", r.stdout)
	}
	r = e.ok("findings", "--fail-on", "high")
	if strings.Contains(r.stdout, id) || !strings.Contains(r.stderr, "1 acknowledged finding not shown") {
		t.Errorf("after ack: stdout %q stderr %q", r.stdout, r.stderr)
	}
	acks := jsonDoc(t, e.ok("findings", "acks", "--json").stdout)["acknowledgements"].([]any)
	if len(acks) != 1 {
		t.Fatalf("acks: %v", acks)
	}
	ack := acks[0].(map[string]any)
	if ack["finding"] != id || ack["state"] != "holds" || ack["reason"] != "contract runs to June" || ack["by"] != "tester" {
		t.Errorf("acks --json: %v", ack)
	}
	if h := e.ok("asset", "show", "FW-1").stdout; !strings.Contains(h, "acknowledged") || !strings.Contains(h, "contract runs to June") {
		t.Errorf("history lacks the acknowledgement:\n%s", h)
	}

	e.fails(2, []string{"--reason"}, "findings", "unack", id)
	e.ok("findings", "unack", id, "--reason", "contract ended early")
	e.fails(1, []string{"at or above high"}, "findings", "--fail-on", "high")
	e.fails(2, []string{"not acknowledged"}, "findings", "unack", id, "--reason", "again")
	if h := e.ok("asset", "show", "FW-1").stdout; !strings.Contains(h, "unacknowledged") || !strings.Contains(h, "contract ended early") {
		t.Errorf("history lacks the withdrawal:\n%s", h)
	}
}

// A wrong tick is reopened from the command line with a reason, which the
// asset's history keeps; a reason is required and only a done item reopens.
func TestChecklistReopenUndoesATickWithAReason(t *testing.T) {
	e := retiringServer(t)
	e.ok("checklist", "SRV-9", "--done", "backup-data", "--evidence", "restic snapshot")
	e.fails(2, []string{"reason"}, "checklist", "SRV-9", "--reopen", "backup-data")
	e.fails(2, []string{"--reason goes with --reopen"}, "checklist", "SRV-9", "--reason", "x")
	e.fails(2, []string{"one of"}, "checklist", "SRV-9", "--reopen", "backup-data", "--reason", "x", "--done", "backup-data")
	e.ok("checklist", "SRV-9", "--reopen", "backup-data", "--reason", "restore test failed")
	doc := jsonDoc(t, e.ok("checklist", "SRV-9", "--json").stdout)
	for _, it := range doc["items"].([]any) {
		if it := it.(map[string]any); it["id"] == "backup-data" && (it["done"] != false || it["evidence"] != nil && it["evidence"] != "") {
			t.Errorf("reopened item: %v", it)
		}
	}
	if h := e.ok("asset", "show", "SRV-9").stdout; !strings.Contains(h, "restore test failed") {
		t.Errorf("history lacks why the item was reopened:\n%s", h)
	}
	e.fails(2, []string{"backup-data"}, "checklist", "SRV-9", "--reopen", "backup-data", "--reason", "again")
}

// `sunset check` says, as `findings` does, how many findings
// acknowledgements hide, counting only those about what it checked.
func TestCheckSaysHowManyAcknowledgedFindingsItHides(t *testing.T) {
	needNmap(t)
	port := strconv.Itoa(listen(t, "127.0.0.2:0"))
	e := newEnv(t)
	e.ok("asset", "add", "--tag", "SRV-OLD", "--hostname", "srv-legacy-01", "--ip", "127.0.0.2", "--kind", "server",
		"--owner", "infra", "--stage", "retired")
	e.ok("policy", "set", "scan.scope", "127.0.0.0/24")
	e.ok("policy", "set", "scan.ports", port)
	e.run("check")
	e.ok("findings", "ack", "zombie:#1", "--reason", "being wiped today", "--until", "1d")
	for _, args := range [][]string{{"check"}, {"check", "--json"}, {"check", "SRV-OLD"}} {
		r := e.run(args...)
		if r.code != 0 || !strings.Contains(r.stderr, "1 acknowledged finding not shown") || strings.Contains(r.stdout, "zombie:#1") {
			t.Errorf("sunset %s: exit %d, stdout %q, stderr %q", strings.Join(args, " "), r.code, r.stdout, r.stderr)
		}
	}
}

// unack reports each acknowledgement it withdrew, once however often it
// is named, and withdraws none when one id is not acknowledged; acks
// --json is indented like every document and words the risk accepted
// instead of printing a fingerprint; an acknowledgement lasts a year at
// most.
func TestUnackReportsWhatItWithdrewAndAcksReadWell(t *testing.T) {
	e := newEnv(t)
	e.ok("asset", "add", "--tag", "FW-1", "--hostname", "fw-1", "--ip", "192.0.2.1", "--kind", "firewall", "--owner", "net")
	e.ok("mapping", "add", "FW-1", "--external", "192.0.2.1:3389", "--internal", "192.0.2.30:3389", "--purpose", "contractor rdp")
	id := "exposed-mapping:m1"
	r := e.fails(2, []string{"--until", "more than a year away"}, "findings", "ack", id, "--reason", "x", "--until", "100000d")
	if strings.Contains(r.stderr, "until: ") {
		t.Errorf("doubled prefix: %s", r.stderr)
	}
	e.fails(2, []string{"--until", "neither a span"}, "findings", "ack", id, "--reason", "x", "--until", "soon")
	e.ok("findings", "ack", id, "--reason", "contract runs to June", "--until", "30d")

	out := e.ok("findings", "acks", "--json").stdout
	if strings.Contains(out, "substance") || strings.Contains(out, "high|") || !strings.Contains(out, "\n      \"finding\": ") {
		t.Errorf("acks --json:\n%s", out)
	}
	ack := jsonDoc(t, out)["acknowledgements"].([]any)[0].(map[string]any)
	if ack["accepted"] != "high" || ack["until"] == nil || strings.Contains(ack["until"].(string), ".") {
		t.Errorf("acks --json element: %v", ack)
	}

	e.fails(2, []string{"idle:#1", "not acknowledged", "none of the 2"}, "findings", "unack", id, "idle:#1", "--reason", "x")
	r = e.ok("findings", "unack", id, id, "--reason", "contract ended early")
	if r.stdout != "withdrew the acknowledgement of "+id+"\n" {
		t.Errorf("unack said %q", r.stdout)
	}
}

// The report lists an acknowledged finding as an accepted risk, with who
// accepted it, why and until when, in every format, and not among the
// open findings or their counts: an audit sees what was set aside.
func TestReportListsAcceptedRisks(t *testing.T) {
	e := newEnv(t)
	// Being decommissioned, it has an audit pack of its own, whose open
	// findings leave the accepted risk out too.
	e.ok("asset", "add", "--tag", "FW-1", "--hostname", "fw-1", "--ip", "192.0.2.1", "--kind", "firewall", "--owner", "net",
		"--stage", "decommissioning")
	e.ok("mapping", "add", "FW-1", "--external", "192.0.2.1:3389", "--internal", "192.0.2.30:3389", "--purpose", "contractor rdp")
	md := e.ok("report").stdout
	if !strings.Contains(md, "No finding is acknowledged.") || !strings.Contains(md, "| high | exposed-mapping | FW-1 |") {
		t.Fatalf("before the ack, the report:\n%s", md)
	}
	e.ok("findings", "ack", "exposed-mapping:m1", "--reason", "contract runs to June", "--until", "30d")

	md = e.ok("report").stdout
	open, accepted, ok := strings.Cut(md, "## Accepted risks")
	if !ok {
		t.Fatalf("the report has no accepted risks:\n%s", md)
	}
	accepted, _, _ = strings.Cut(accepted, "\n## ")
	if strings.Contains(open, "exposed-mapping | FW-1") || !strings.Contains(open, "No open findings.") {
		t.Errorf("the acknowledged finding is still among the open ones:\n%s", open)
	}
	_, pack, _ := strings.Cut(md, "### FW-1 (decommissioning)")
	if pack == "" || strings.Contains(pack, "Open findings") || strings.Contains(pack, "exposes RDP") {
		t.Errorf("the audit pack lists the accepted risk as open:\n%s", pack)
	}
	if !strings.Contains(accepted, "| high | exposed-mapping | FW-1 | 192.0.2.1:3389 |") ||
		!strings.Contains(accepted, "| tester |") || !strings.Contains(accepted, "| contract runs to June |") {
		t.Errorf("the accepted risk lacks its finding, who or why:\n%s", accepted)
	}
	if html := e.ok("report", "--format", "html").stdout; !strings.Contains(html, "<h2>Accepted risks</h2>") ||
		!strings.Contains(html, "<td>contract runs to June</td>") {
		t.Errorf("the HTML report lacks the accepted risk")
	}
	summary := jsonDoc(t, e.ok("report", "--format", "json").stdout)["summary"].(map[string]any)
	risks, _ := summary["accepted_risks"].([]any)
	if len(risks) != 1 || len(summary["findings"].([]any)) != 0 {
		t.Fatalf("report --json: accepted_risks %v, findings %v", summary["accepted_risks"], summary["findings"])
	}
	risk := risks[0].(map[string]any)
	if f, _ := risk["finding"].(map[string]any); f["id"] != "exposed-mapping:m1" || risk["by"] != "tester" ||
		risk["reason"] != "contract runs to June" || risk["until"] == nil {
		t.Errorf("report --json accepted risk: %v", risk)
	}
	for _, c := range summary["findings_by_severity"].([]any) {
		if c := c.(map[string]any); c["count"] != float64(0) {
			t.Errorf("an accepted risk is counted among the open findings: %v", c)
		}
	}
}
