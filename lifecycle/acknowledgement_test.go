package lifecycle

import (
	"testing"
	"time"

	"github.com/sunset-tui/sunset/inventory"
)

// A finding's key names what it is about, the same in every judgement.
func TestFindingKeysNameWhatTheFindingIsAbout(t *testing.T) {
	for _, c := range []struct {
		f    Finding
		want string
	}{
		{Finding{Kind: FindingIdle, AssetID: 12, Address: "192.0.2.5"}, "idle:#12"},
		{Finding{Kind: FindingExposedMapping, AssetID: 12, MappingID: 7}, "exposed-mapping:m7"},
		{Finding{Kind: FindingUnknown, Address: "2001:db8::1"}, "unknown:2001:db8::1"},
	} {
		if got := c.f.Key(); got != c.want {
			t.Errorf("%+v has key %q, want %q", c.f, got, c.want)
		}
	}
}

// The substance of a finding ignores its wording and the order of its
// ports, and changes with its severity, its MAC or what answers.
func TestSubstanceChangesWithTheRiskNotTheWording(t *testing.T) {
	http := inventory.Port{Number: 80, Protocol: "tcp", Service: "http", Product: "nginx", Version: "1.18"}
	ssh := inventory.Port{Number: 22, Protocol: "tcp", Service: "ssh"}
	base := Finding{Kind: FindingIdle, Severity: SeverityMedium, Summary: "idle for 120 days", Ports: []inventory.Port{http, ssh}}
	same := base
	same.Summary, same.Ports = "idle for 121 days", []inventory.Port{ssh, http}
	if Substance(base) != Substance(same) {
		t.Errorf("rewording or reordering changed the substance: %q vs %q", Substance(base), Substance(same))
	}
	newer := http
	newer.Version = "1.25"
	for name, f := range map[string]Finding{
		"severity": {Kind: FindingIdle, Severity: SeverityHigh, Ports: base.Ports},
		"version":  {Kind: FindingIdle, Severity: SeverityMedium, Ports: []inventory.Port{newer, ssh}},
		"port":     {Kind: FindingIdle, Severity: SeverityMedium, Ports: []inventory.Port{http}},
		"mac":      {Kind: FindingIdle, Severity: SeverityMedium, Ports: base.Ports, MAC: "02:00:00:00:00:01"},
	} {
		if Substance(f) == Substance(base) {
			t.Errorf("a change of %s left the substance as it was: %q", name, Substance(f))
		}
	}
}

// An acknowledgement holds until its expiry and while its finding says
// what it said; it needs a reason and an expiry in the future.
func TestAnAcknowledgementHoldsUntilItExpiresOrItsFindingChanges(t *testing.T) {
	now := time.Date(2026, 3, 5, 12, 0, 0, 0, time.UTC)
	f := Finding{Kind: FindingNoOwner, Severity: SeverityLow, AssetID: 3}
	if _, err := Acknowledge(f, " ", now.Add(time.Hour), now); !inventory.IsKind(err, inventory.ErrInvalid) {
		t.Errorf("no reason: %v", err)
	}
	if _, err := Acknowledge(f, "ok", now, now); !inventory.IsKind(err, inventory.ErrInvalid) {
		t.Errorf("an expiry of now: %v", err)
	}
	a, err := Acknowledge(f, " owner named Monday ", now.Add(time.Hour), now)
	if err != nil || a.Finding != "no-owner:#3" || a.Reason != "owner named Monday" || a.AssetID != 3 {
		t.Fatalf("Acknowledge = %+v, %v", a, err)
	}
	acks := NewAcks([]inventory.Acknowledgement{a})
	worse := f
	worse.Severity = SeverityMedium
	for _, c := range []struct {
		f     Finding
		ok    bool
		at    time.Time
		state AckState
	}{
		{f, true, now.Add(59 * time.Minute), AckHolds},
		{f, true, now.Add(time.Hour), AckExpired},
		{worse, true, now, AckChanged},
		{f, false, now, AckResolved},
	} {
		if got := AckStateOf(a, c.f, c.ok, c.at); got != c.state {
			t.Errorf("at %s: %s, want %s", c.at, got, c.state)
		}
		if c.ok && acks.Hides(c.f, c.at) != (c.state == AckHolds) {
			t.Errorf("at %s Hides is %v for state %s", c.at, acks.Hides(c.f, c.at), c.state)
		}
	}
	shown, hidden := acks.Split([]Finding{f, {Kind: FindingIdle, AssetID: 3}}, now)
	if len(shown) != 1 || shown[0].Kind != FindingIdle || len(hidden) != 1 {
		t.Errorf("Split: shown %v hidden %v", shown, hidden)
	}
}
