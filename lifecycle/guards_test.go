package lifecycle

import (
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/sunset-tui/sunset/inventory"
)

func setItem(f *Facts, id string, done bool) {
	i := findItem(f.Checklist, id)
	if i < 0 {
		panic("no item " + id)
	}
	f.Checklist[i].Done = done
}

func TestRetireGuardNamesEveryUnmetCondition(t *testing.T) {
	cases := []struct {
		name   string
		change func(f *Facts)
		want   []string
	}{
		{"everything met", func(*Facts) {}, nil},
		{"items not required for retirement may stay open", func(f *Facts) {
			setItem(f, ItemSanitizeMedia, false)
			setItem(f, ItemDispose, false)
		}, nil},
		{"a required item open", func(f *Facts) { setItem(f, ItemRevokeCredentials, false) },
			[]string{CodeChecklistOpen}},
		{"an empty stored checklist is regenerated, all open", func(f *Facts) { f.Checklist = nil },
			slices.Repeat([]string{CodeChecklistOpen}, 6)},
		{"a mapping added later gets an open item", func(f *Facts) {
			f.Mappings = append(f.Mappings, mapping(8, 1, "192.0.2.50", 8443, "192.0.2.20", 443))
		}, []string{CodeChecklistOpen, CodeMappingOpen}},
		{"no IP address to check", func(f *Facts) { f.Asset.Addresses = nil }, []string{CodeNoAddress}},
		{"only a partial check covered it", func(f *Facts) {
			f.Evidence.Checks[0] = partialCheck(10, at(11, 0))
		}, []string{CodeNoCheck}},
		{"it answered in the newest complete check", func(f *Facts) {
			f.Evidence.Observations[0] = answerObs(10, 1, "192.0.2.20", at(10, 58), openPort(3389, "ms-wbt-server"))
		}, []string{CodeAnswered}},
		{"it answered in a later partial check", func(f *Facts) {
			f.Evidence.Checks = append(f.Evidence.Checks, partialCheck(12, at(11, 30)))
			f.Evidence.Observations = append(f.Evidence.Observations, answerObs(12, 1, "192.0.2.21", at(11, 29)))
		}, []string{CodeAnswered}},
		{"it answered at an address not recorded (matched by MAC)", func(f *Facts) {
			f.Evidence.Observations = append(f.Evidence.Observations, answerObs(10, 1, "192.0.2.99", at(10, 59)))
		}, []string{CodeAnswered}},
		{"unknown is not dark", func(f *Facts) {
			f.Evidence.Observations[1] = unknownObs(10, 1, "192.0.2.21", at(10, 58))
		}, []string{CodeUnclear}},
		{"an address the check did not cover", func(f *Facts) {
			f.Evidence.Observations = slices.Delete(f.Evidence.Observations, 1, 2)
		}, []string{CodeNotCovered}},
		{"the dark check is older than check.fresh", func(f *Facts) {
			old := now.Add(-30 * time.Hour)
			f.Evidence.Checks[0] = newCheck(10, old)
			f.Evidence.Observations[0].SeenAt, f.Evidence.Observations[1].SeenAt = old, old
		}, []string{CodeStaleCheck}},
		{"a mapping still open", func(f *Facts) { f.Mappings[0].ClosedAt = time.Time{} },
			[]string{CodeMappingOpen}},
		{"a mapping closed after the last check", func(f *Facts) { f.Mappings[0].ClosedAt = at(11, 30) },
			[]string{CodeMappingUnverified}},
		{"a mapping closed only on paper", func(f *Facts) {
			f.Evidence.Observations[2] = answerObs(11, 0, "192.0.2.50", at(11, 3), openPort(3389, "ms-wbt-server"))
		}, []string{CodeMappingAnswers}},
		{"a closed port seen only by a partial check", func(f *Facts) {
			f.Evidence.Checks[1] = partialCheck(11, at(11, 5))
		}, []string{CodeMappingUnverified}},
		{"everything wrong at once", func(f *Facts) {
			setItem(f, ItemRemoveAccess, false)
			f.Evidence.Observations[0] = answerObs(10, 1, "192.0.2.20", at(10, 58))
			f.Evidence.Observations[1] = unknownObs(10, 1, "192.0.2.21", at(10, 58))
			f.Mappings[0].ClosedAt = time.Time{}
		}, []string{CodeChecklistOpen, CodeAnswered, CodeUnclear, CodeMappingOpen}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			f := retirable()
			c.change(&f)
			d := Decide(f, Request{To: retired}, testPolicy(), now)
			if !slices.Equal(d.Codes(), c.want) {
				t.Fatalf("codes = %v, want %v\n%+v", d.Codes(), c.want, d.Refusals)
			}
			if d.Allowed != (len(c.want) == 0) {
				t.Errorf("allowed = %v", d.Allowed)
			}
			for _, r := range d.Refusals {
				if r.Message == "" || len(r.Steps) == 0 {
					t.Errorf("refusal %s lacks a message or steps: %+v", r.Code, r)
				}
			}
		})
	}
}

func TestRetireRefusalsSayWhatToDo(t *testing.T) {
	f := retirable()
	setItem(&f, ItemPowerDown, false)
	setItem(&f, ItemRevokeCredentials, false)
	f.Evidence.Observations[0] = answerObs(10, 1, "192.0.2.20", at(10, 58), openPort(3389, "ms-wbt-server"), openPort(22, "ssh"))
	d := Decide(f, Request{To: retired}, testPolicy(), now).Worded(testWords)
	type said struct{ code, item, address, message, fix string }
	want := []said{
		{CodeChecklistOpen, ItemRevokeCredentials, "",
			"required checklist item revoke-credentials (Revoke the credentials it holds and rotate the passwords it stored) is not done",
			"do it, then [tick srv-old-01 revoke-credentials with evidence]"},
		{CodeChecklistOpen, ItemPowerDown, "",
			"required checklist item power-down (Power it down and disconnect it) is not done; a check that finds the device dark ticks it",
			"power it down and disconnect it, then [check srv-old-01]"},
		{CodeAnswered, "", "192.0.2.20",
			"srv-old-01 answered on 192.0.2.20 (3389/rdp, 22/ssh) at 10:58",
			"power it down and disconnect it, then [check srv-old-01]"},
	}
	var got []said
	for _, r := range d.Refusals {
		if !r.Overridable {
			t.Errorf("guard refusal %s is not overridable", r.Code)
		}
		got = append(got, said{r.Code, r.Item, r.Address, r.Message, r.Fix})
	}
	if !slices.Equal(got, want) {
		t.Errorf("refusals:\n got %+v\nwant %+v", got, want)
	}
}

func TestDisposeGuardWantsASanitizationRecordForDataBearingAssets(t *testing.T) {
	cases := []struct {
		name   string
		change func(f *Facts)
		want   []string
	}{
		{"complete record", func(*Facts) {}, nil},
		{"no record", func(f *Facts) { f.Sanitization = nil }, []string{CodeNoSanitization}},
		{"record without operator", func(f *Facts) { f.Sanitization.Operator = "" }, []string{CodeSanitizationIncomplete}},
		{"record with an unknown method", func(f *Facts) { f.Sanitization.Method = "wipe" }, []string{CodeSanitizationIncomplete}},
		{"an asset that stores no data needs none", func(f *Facts) { f.Asset.StoresData = false; f.Sanitization = nil }, nil},
		{"a record whose sanitize-media item was reopened no longer counts", func(f *Facts) {
			f.Checklist = []inventory.ChecklistItem{{ID: ItemSanitizeMedia, Title: "Sanitize", Verify: inventory.VerifyEvidence}}
		}, []string{CodeSanitizationReopened}},
		{"a record with its sanitize-media item done", func(f *Facts) {
			f.Checklist = []inventory.ChecklistItem{{ID: ItemSanitizeMedia, Title: "Sanitize", Verify: inventory.VerifyEvidence, Done: true}}
		}, nil},
		{"an open sanitize-media item and no record", func(f *Facts) {
			f.Checklist = []inventory.ChecklistItem{{ID: ItemSanitizeMedia, Title: "Sanitize", Verify: inventory.VerifyEvidence}}
			f.Sanitization = nil
		}, []string{CodeNoSanitization}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			f := disposable()
			c.change(&f)
			d := Decide(f, Request{To: disposed}, testPolicy(), now)
			if !slices.Equal(d.Codes(), c.want) || d.Allowed != (len(c.want) == 0) {
				t.Errorf("allowed=%v codes=%v, want %v", d.Allowed, d.Codes(), c.want)
			}
			if len(c.want) > 0 && (d.Refusals[0].Steps[0].Kind != StepSanitization || d.Refusals[0].Steps[0].Asset != f.Asset.Ref()) {
				t.Errorf("steps %+v should ask for the sanitization record", d.Refusals[0].Steps)
			}
		})
	}
	f := disposable()
	f.Sanitization.Operator = ""
	d := Decide(f, Request{To: disposed}, testPolicy(), now)
	if !strings.Contains(d.Refusals[0].Message, "operator") {
		t.Errorf("message %q should name the missing field", d.Refusals[0].Message)
	}
}

func TestDecisionErrListsEveryRefusal(t *testing.T) {
	f := retirable()
	setItem(&f, ItemRemoveAccess, false)
	f.Mappings[0].ClosedAt = time.Time{}
	err := Decide(f, Request{To: retired}, testPolicy(), now).Err()
	if !inventory.IsKind(err, inventory.ErrRefused) {
		t.Fatalf("err = %v, want a refusal", err)
	}
	for _, want := range []string{"srv-old-01 may not move from decommissioning to retired", "remove-access", "port mapping #7"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error %q lacks %q", err, want)
		}
	}
}

func TestProveDarkGivesAStaleProofWithItsRefusal(t *testing.T) {
	a := newAsset(1, "srv-01", decommissioning, "192.0.2.20")
	old := now.Add(-30 * time.Hour)
	ev := Evidence{Checks: []inventory.Check{newCheck(4, old)}, Observations: []inventory.Observation{darkObs(4, 1, "192.0.2.20", old)}}
	proof, refusals := ProveDark(a, ev, testPolicy(), now)
	if proof == nil || proof.CheckID != 4 || !proof.At.Equal(old) || !slices.Equal(proof.Addresses, []string{"192.0.2.20"}) {
		t.Errorf("proof = %+v", proof)
	}
	if len(refusals) != 1 || refusals[0].Code != CodeStaleCheck || !strings.Contains(refusals[0].Message, "older than check.fresh (1d)") {
		t.Errorf("refusals = %+v", refusals)
	}
	p := testPolicy()
	p.CheckFresh = 2 * inventory.Day
	if proof, refusals := ProveDark(a, ev, p, now); proof == nil || len(refusals) != 0 {
		t.Errorf("with check.fresh 2d: proof %+v, refusals %+v", proof, refusals)
	}
}
