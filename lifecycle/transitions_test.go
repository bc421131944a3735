package lifecycle

import (
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/sunset-tui/sunset/inventory"
)

const (
	planned         = inventory.StagePlanned
	spare           = inventory.StageSpare
	active          = inventory.StageActive
	decommissioning = inventory.StageDecommissioning
	retired         = inventory.StageRetired
	disposed        = inventory.StageDisposed
)

// retirable is a decommissioning server that meets every condition of the
// retire guard: its checklist is done; check #10, an hour ago, found both
// its addresses dark; its one port mapping was recorded closed two days
// ago and check #11 found the external port closed.
func retirable() Facts {
	a := newAsset(1, "srv-old-01", decommissioning, "192.0.2.20", "192.0.2.21")
	a.StoresData, a.HoldsCredentials = true, true
	m := mapping(7, 1, "192.0.2.50", 3389, "192.0.2.20", 3389)
	m.ClosedAt = now.Add(-48 * time.Hour)
	items := Checklist(a, []inventory.PortMapping{m}, nil)
	for i := range items {
		items[i].Done, items[i].DoneBy, items[i].DoneAt, items[i].Evidence = true, "tester", now.Add(-2*time.Hour), "done"
	}
	return Facts{
		Asset: a, Checklist: items, Mappings: []inventory.PortMapping{m},
		Evidence: Evidence{
			Checks: []inventory.Check{newCheck(10, at(11, 0)), newCheck(11, at(11, 5))},
			Observations: []inventory.Observation{
				darkObs(10, 1, "192.0.2.20", at(10, 58)),
				darkObs(10, 1, "192.0.2.21", at(10, 58)),
				answerObs(11, 0, "192.0.2.50", at(11, 3), closedPort(3389)),
			},
		},
	}
}

// disposable is a retired server that stores data, with a complete
// sanitization record.
func disposable() Facts {
	a := newAsset(2, "srv-old-02", retired, "192.0.2.22")
	a.StoresData = true
	return Facts{Asset: a, Sanitization: &inventory.Sanitization{
		AssetID: 2, MediaType: "SSD", Manufacturer: "Acme", Model: "X1", Serial: "S-1", Method: "purge",
		Technique: "crypto-erase", Tool: "nvme-cli 2.8", Verification: "sampled read-back", Operator: "j.doe",
		Date: mustDate("2024-03-01"), Destination: "recycle",
	}}
}

// factsFor returns facts that satisfy the guard of from → to.
func factsFor(from, to inventory.Stage) Facts {
	switch {
	case from == decommissioning && to == retired:
		return retirable()
	case from == retired && to == disposed:
		return disposable()
	}
	return Facts{Asset: newAsset(3, "dev-03", from, "192.0.2.23")}
}

func TestTableListsExactlyTheseMoves(t *testing.T) {
	want := []string{
		"planned→active", "planned→spare", "spare→active", "spare→decommissioning",
		"active→decommissioning", "decommissioning→retired", "retired→disposed",
		"spare→planned (back)", "active→spare (back)", "decommissioning→active (back)",
		"decommissioning→spare (back)", "retired→decommissioning (back)", "disposed→retired (back)",
	}
	var got []string
	for _, tr := range Transitions() {
		s := string(tr.From) + "→" + string(tr.To)
		if tr.Backward {
			s += " (back)"
		}
		got = append(got, s)
		if (tr.Guard != nil) != (tr.Needs != "") {
			t.Errorf("%s: a guard and its description go together", s)
		}
	}
	if !slices.Equal(got, want) {
		t.Errorf("transition table:\n got %q\nwant %q", got, want)
	}
}

func TestEveryTransitionIsAllowedWhenItsGuardHolds(t *testing.T) {
	p := testPolicy()
	for _, tr := range Transitions() {
		t.Run(string(tr.From)+"-to-"+string(tr.To), func(t *testing.T) {
			f := factsFor(tr.From, tr.To)
			d := Decide(f, Request{To: tr.To, Reason: "planned work"}, p, now)
			if !d.Allowed || d.Forced || len(d.Refusals) > 0 {
				t.Fatalf("with a reason: allowed=%v forced=%v refusals=%+v", d.Allowed, d.Forced, d.Refusals)
			}
			if d.Backward != tr.Backward || d.From != tr.From || d.To != tr.To {
				t.Errorf("decision %+v does not describe the move", d)
			}
			if d.Err() != nil {
				t.Errorf("Err() = %v for an allowed move", d.Err())
			}

			d = Decide(f, Request{To: tr.To}, p, now)
			if tr.Backward {
				if d.Allowed || !slices.Equal(d.Codes(), []string{CodeReasonNeeded}) {
					t.Errorf("backward without a reason: allowed=%v codes=%v", d.Allowed, d.Codes())
				}
				if !inventory.IsKind(d.Err(), inventory.ErrRefused) {
					t.Errorf("Err() = %v, want a refusal", d.Err())
				}
			} else if !d.Allowed {
				t.Errorf("forward move without a reason refused: %v", d.Codes())
			}
		})
	}
}

func TestMovesOutsideTheTableAreRefusedEvenWithForce(t *testing.T) {
	p := testPolicy()
	for _, from := range inventory.Stages {
		for _, to := range inventory.Stages {
			if _, ok := Lookup(from, to); ok || from == to {
				continue
			}
			f := Facts{Asset: newAsset(4, "dev-04", from, "192.0.2.24")}
			d := Decide(f, Request{To: to, Reason: "because", Force: true}, p, now)
			if d.Allowed || !slices.Equal(d.Codes(), []string{CodeNoTransition}) {
				t.Errorf("%s → %s: allowed=%v codes=%v", from, to, d.Allowed, d.Codes())
			}
		}
	}
}

func TestSameStageAndUnknownStageAreRefused(t *testing.T) {
	p := testPolicy()
	f := Facts{Asset: newAsset(4, "dev-04", active, "192.0.2.24")}
	if d := Decide(f, Request{To: active, Force: true, Reason: "x"}, p, now); d.Allowed || !slices.Equal(d.Codes(), []string{CodeSameStage}) {
		t.Errorf("same stage: allowed=%v codes=%v", d.Allowed, d.Codes())
	}
	for _, bad := range []inventory.Stage{"gone", "Retired", ""} {
		if d := Decide(f, Request{To: bad}, p, now); d.Allowed || !slices.Equal(d.Codes(), []string{CodeUnknownStage}) {
			t.Errorf("stage %q: allowed=%v codes=%v", bad, d.Allowed, d.Codes())
		}
	}
}

func TestSkippingStagesNamesThePath(t *testing.T) {
	f := Facts{Asset: newAsset(4, "dev-04", planned)}
	d := Decide(f, Request{To: disposed}, testPolicy(), now)
	if len(d.Refusals) != 1 {
		t.Fatalf("refusals = %+v", d.Refusals)
	}
	want := "planned → active → decommissioning → retired → disposed"
	if fix := WordSteps(d.Refusals[0].Steps, testWords); !strings.Contains(fix, want) {
		t.Errorf("fix %q does not name the path %q", fix, want)
	}
	if got := Path(disposed, active); got != nil {
		t.Errorf("Path(disposed, active) = %v; forward moves cannot get there", got)
	}
}

func TestForceOverridesGuardsOnlyWithAReason(t *testing.T) {
	p := testPolicy()
	f := retirable()
	f.Evidence = Evidence{} // no check at all: the dark proof and the mapping check fail
	guardCodes := []string{CodeNoCheck, CodeMappingUnverified}

	d := Decide(f, Request{To: retired}, p, now)
	if d.Allowed || !slices.Equal(d.Codes(), guardCodes) {
		t.Fatalf("unforced: allowed=%v codes=%v", d.Allowed, d.Codes())
	}
	for _, r := range d.Refusals {
		if !r.Overridable || len(r.Steps) == 0 || r.Message == "" {
			t.Errorf("guard refusal %+v: want overridable, with a message and steps", r)
		}
	}

	d = Decide(f, Request{To: retired, Force: true}, p, now)
	if d.Allowed || !slices.Equal(d.Codes(), append([]string{CodeReasonNeeded}, guardCodes...)) {
		t.Errorf("forced without a reason: allowed=%v codes=%v", d.Allowed, d.Codes())
	}
	if d.Refusals[0].Overridable {
		t.Error("a missing reason must not be overridable")
	}

	d = Decide(f, Request{To: retired, Force: true, Reason: "   "}, p, now)
	if d.Allowed {
		t.Error("a blank reason counts as none")
	}

	d = Decide(f, Request{To: retired, Force: true, Reason: "server removed by the vendor; no network access to check"}, p, now)
	if !d.Allowed || !d.Forced || len(d.Refusals) != 0 {
		t.Fatalf("forced with a reason: allowed=%v forced=%v refusals=%v", d.Allowed, d.Forced, d.Codes())
	}
	var overridden []string
	for _, r := range d.Overridden {
		overridden = append(overridden, r.Code)
	}
	if !slices.Equal(overridden, guardCodes) {
		t.Errorf("overridden = %v, want %v", overridden, guardCodes)
	}

	d = Decide(retirable(), Request{To: retired, Force: true, Reason: "belt and braces"}, p, now)
	if !d.Allowed || d.Forced {
		t.Errorf("force with nothing to override: allowed=%v forced=%v; history must not record an override", d.Allowed, d.Forced)
	}
}

func TestBackwardMoveWithForceNeedsOneReason(t *testing.T) {
	f := Facts{Asset: newAsset(4, "dev-04", decommissioning, "192.0.2.24")}
	d := Decide(f, Request{To: active, Force: true}, testPolicy(), now)
	if !slices.Equal(d.Codes(), []string{CodeReasonNeeded}) {
		t.Errorf("codes = %v, want one reason-required", d.Codes())
	}
	d = Decide(f, Request{To: active, Reason: "vendor delayed the replacement"}, testPolicy(), now)
	if !d.Allowed || !d.Backward || d.Forced {
		t.Errorf("backward with a reason: %+v", d)
	}
}

func TestReasonWithControlCharactersIsRefused(t *testing.T) {
	f := Facts{Asset: newAsset(4, "dev-04", decommissioning, "192.0.2.24")}
	d := Decide(f, Request{To: active, Reason: "ok\x1b[31m"}, testPolicy(), now)
	if d.Allowed || !slices.Contains(d.Codes(), CodeBadReason) {
		t.Errorf("codes = %v, want bad-reason", d.Codes())
	}
}
