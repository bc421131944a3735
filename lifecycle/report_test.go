package lifecycle

import (
	"encoding/json"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/sunset-tui/sunset/inventory"
)

func stageEvent(assetID int64, at time.Time, from, to inventory.Stage, reason string, forced bool) inventory.Event {
	return inventory.Event{AssetID: assetID, At: at, Actor: "alice", Action: inventory.ActionStage, Reason: reason, Forced: forced,
		Changes: []inventory.Change{{Field: "stage", From: string(from), To: string(to)}}}
}

// reportInput: the forgotten server (retired properly in February, dark
// then, answering today), a server retired by force, a disposed disk
// array with its sanitization record, an active server, and an asset
// whose tag and evidence carry markup.
func reportInput() ReportInput {
	legacy, legacyObs := incidentForgottenServer()
	items := Checklist(legacy, nil, nil)
	for i := range items {
		items[i].Done, items[i].DoneBy, items[i].Evidence = true, "alice", "done, ticket 42"
		items[i].DoneAt = time.Date(2024, 1, 30, 10, 0, 0, 0, time.UTC)
	}
	forced := newAsset(2, "srv-gone-02", retired)
	array := newAsset(3, "san-03", disposed, "192.0.2.33")
	array.StoresData = true
	web := newAsset(4, "web-04", active, "192.0.2.34")
	web.LastManagedOn = mustDate("2024-03-01")
	odd := newAsset(5, "odd-05", decommissioning, "192.0.2.35")
	odd.Tag = "x|<b>bad</b>" // tags are free text: a report must not trust them
	oddItems := Checklist(odd, nil, nil)
	oddItems, _ = Tick(oddItems, ItemRemoveAccess, "<script>alert(1)</script>", "mallory", at(9, 0))

	m := mapping(7, 1, "192.0.2.50", 3389, "192.0.2.20", 3389)
	m.ClosedAt = time.Date(2024, 1, 31, 9, 0, 0, 0, time.UTC)
	ev := incidentEvidence(legacyObs,
		[]inventory.Observation{answerObs(5, 0, "192.0.2.50", time.Date(2024, 2, 1, 8, 1, 0, 0, time.UTC), closedPort(3389))},
		[]inventory.Observation{answerObs(20, 4, "192.0.2.34", at(10, 41), openPort(443, "https"))},
	)
	return ReportInput{
		Assets:     []inventory.Asset{web, legacy, forced, array, odd},
		Mappings:   []inventory.PortMapping{m},
		Checklists: map[int64][]inventory.ChecklistItem{1: items, 5: oddItems},
		History: map[int64][]inventory.Event{
			1: {
				stageEvent(1, time.Date(2024, 2, 1, 9, 30, 0, 0, time.UTC), decommissioning, retired, "", false),
				stageEvent(1, time.Date(2024, 1, 10, 9, 0, 0, 0, time.UTC), active, decommissioning, "replaced by srv-new-01", false),
				{AssetID: 1, At: time.Date(2024, 1, 11, 9, 0, 0, 0, time.UTC), Action: inventory.ActionUpdated,
					Changes: []inventory.Change{{Field: "owner", From: "a", To: "b"}}},
			},
			2: {stageEvent(2, time.Date(2024, 2, 20, 16, 0, 0, 0, time.UTC), decommissioning, retired, "vendor took it away; no access to check", true)},
		},
		Sanitizations: map[int64]inventory.Sanitization{3: *disposable().Sanitization},
		Evidence:      ev,
	}
}

func TestBuildReport(t *testing.T) {
	r := BuildReport(reportInput(), testPolicy(), now)
	if r.Schema != 1 {
		t.Errorf("schema = %d", r.Schema)
	}
	s := r.Summary
	wantStages := []StageCount{{planned, 0}, {spare, 0}, {active, 1}, {decommissioning, 1}, {retired, 2}, {disposed, 1}}
	if !slices.Equal(s.Stages, wantStages) || s.Assets != 5 {
		t.Errorf("stages = %v (%d assets)", s.Stages, s.Assets)
	}
	if got := kinds(s.Findings); !slices.Equal(got, []string{"zombie/critical/srv-legacy-01"}) {
		t.Errorf("findings = %v", got)
	}
	if s.Severities[0] != (SeverityCount{SeverityCritical, 1}) || s.Severities[1].Count != 0 {
		t.Errorf("by severity = %v", s.Severities)
	}
	if len(s.Overrides) != 1 || s.Overrides[0].Asset != "srv-gone-02" || !strings.Contains(s.Overrides[0].Reason, "vendor") {
		t.Errorf("overrides = %+v", s.Overrides)
	}

	var refs []string
	for _, p := range r.Audits {
		refs = append(refs, p.Asset.Ref())
	}
	if want := []string{"san-03", "srv-gone-02", "srv-legacy-01", "x|<b>bad</b>"}; !slices.Equal(refs, want) {
		t.Fatalf("audited = %v, want %v", refs, want)
	}
	legacy := r.Audits[2]
	if len(legacy.Stages) != 2 || legacy.Stages[0].To != decommissioning || legacy.Stages[1].To != retired {
		t.Errorf("stage history = %+v", legacy.Stages)
	}
	if legacy.DarkProof == nil || legacy.DarkProof.CheckID != 5 {
		t.Errorf("dark proof = %+v, want check #5, the one before retirement", legacy.DarkProof)
	}
	if len(legacy.Findings) != 1 || legacy.Findings[0].Kind != FindingZombie {
		t.Errorf("pack findings = %+v", legacy.Findings)
	}
	if len(legacy.Mappings) != 1 || legacy.Mappings[0].State != "closed, verified" || legacy.Mappings[0].CheckID != 5 {
		t.Errorf("mappings = %+v", legacy.Mappings)
	}
	if len(legacy.Overrides) != 0 {
		t.Errorf("legacy overrides = %+v", legacy.Overrides)
	}
	gone := r.Audits[1]
	if gone.DarkProof != nil || len(gone.Overrides) != 1 || !gone.Overrides[0].Forced {
		t.Errorf("forced retirement pack: proof %+v, overrides %+v", gone.DarkProof, gone.Overrides)
	}
	if r.Audits[0].Sanitization == nil || r.Audits[0].Sanitization.Method != "purge" {
		t.Errorf("sanitization = %+v", r.Audits[0].Sanitization)
	}

	b, err := json.Marshal(r)
	if err != nil {
		t.Fatal(err)
	}
	var top map[string]any
	if err := json.Unmarshal(b, &top); err != nil || top["schema"] != float64(1) {
		t.Errorf("report JSON lacks schema 1: %v", err)
	}
}

func TestStageHistoryReadsStageChangesOnly(t *testing.T) {
	h := StageHistory(reportInput().History[1])
	if len(h) != 2 || h[0].From != active || h[0].Reason != "replaced by srv-new-01" || h[1].To != retired {
		t.Errorf("history = %+v", h)
	}
}

// Each asset judged on its part of the evidence gets the audit pack and
// the findings it gets judged on the whole: shared addresses, matched
// observations at other addresses, mappings and partial checks included.
func TestEvidenceByAssetJudgesAsTheWhole(t *testing.T) {
	assets := []inventory.Asset{
		newAsset(1, "OLD-1", inventory.StageRetired, "192.0.2.10"),
		newAsset(2, "OLD-2", inventory.StageRetired, "192.0.2.10", "192.0.2.11"),
		newAsset(3, "DEC-3", inventory.StageDecommissioning, "192.0.2.12"),
		newAsset(4, "ACT-4", inventory.StageActive, "192.0.2.13"),
	}
	mappings := []inventory.PortMapping{mapping(7, 3, "192.0.2.1", 13389, "192.0.2.12", 3389)}
	ev := Evidence{
		Checks: []inventory.Check{newCheck(3, at(11, 0)), partialCheck(2, at(10, 0)), newCheck(1, at(9, 0))},
		Observations: []inventory.Observation{
			answerObs(3, 0, "192.0.2.10", at(11, 0)),
			answerObs(3, 4, "192.0.2.99", at(11, 0), openPort(22, "ssh")),
			answerObs(3, 0, "192.0.2.1", at(11, 0), openPort(13389, "rdp")),
			darkObs(2, 2, "192.0.2.11", at(10, 0)),
			darkObs(1, 1, "192.0.2.10", at(9, 0)),
			darkObs(1, 3, "192.0.2.12", at(9, 0)),
			answerObs(1, 4, "192.0.2.13", at(9, 0)),
		},
	}
	whole := AssetFindings(FindingInput{Assets: assets, Mappings: mappings, Evidence: ev}, testPolicy(), now)
	parts := ev.ByAsset(assets, mappings)
	for _, a := range assets {
		part := parts[a.ID]
		if len(part.Observations) == 0 {
			t.Fatalf("%s: no evidence in its part", a.Tag)
		}
		alone := AssetFindings(FindingInput{Assets: []inventory.Asset{a}, Mappings: mappingsOf(a, mappings), Evidence: part}, testPolicy(), now)
		var wanted []Finding
		for _, f := range whole {
			if f.AssetID == a.ID {
				wanted = append(wanted, f)
			}
		}
		if !reflect.DeepEqual(alone, wanted) {
			t.Errorf("%s: findings from its part %v, from the whole %v", a.Tag, kinds(alone), kinds(wanted))
		}
		in := AuditInput{Asset: a, Mappings: mappings, Evidence: ev}
		fromWhole := BuildAuditPack(in)
		in.Evidence = part
		if fromPart := BuildAuditPack(in); !reflect.DeepEqual(fromPart, fromWhole) {
			t.Errorf("%s: audit pack from its part\n%+v\nfrom the whole\n%+v", a.Tag, fromPart, fromWhole)
		}
	}
}
