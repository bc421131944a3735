package lifecycle

import (
	"encoding/json"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/sunset-tui/sunset/inventory"
)

func TestFindingKindsAndSeverities(t *testing.T) {
	c20 := newCheck(20, at(10, 44))
	rdp := openPort(3389, "ms-wbt-server")
	type tc struct {
		name    string
		assets  []inventory.Asset
		maps    []inventory.PortMapping
		items   map[int64][]inventory.ChecklistItem
		checks  []inventory.Check
		obs     []inventory.Observation
		dismiss []inventory.Dismissal
		want    []string // kind/severity/asset
		summary string   // a part the first finding's summary must hold
	}
	withStage := func(stage inventory.Stage, change func(*inventory.Asset)) []inventory.Asset {
		a := newAsset(1, "dev-01", stage, "192.0.2.20")
		a.LastManagedOn = mustDate("2024-03-01")
		if change != nil {
			change(&a)
		}
		return []inventory.Asset{a}
	}
	powerDownDone := func(doneAt time.Time) map[int64][]inventory.ChecklistItem {
		items := Checklist(newAsset(1, "dev-01", decommissioning, "192.0.2.20"), nil, nil)
		i := findItem(items, ItemPowerDown)
		items[i].Done, items[i].DoneAt, items[i].Evidence = true, doneAt, "check #9 found no answer"
		return map[int64][]inventory.ChecklistItem{1: items}
	}
	answered := []inventory.Observation{answerObs(20, 1, "192.0.2.20", at(10, 42), rdp)}
	cases := []tc{
		{name: "disposed device answering is critical", assets: withStage(disposed, nil), obs: answered,
			want: []string{"zombie/critical/dev-01"}, summary: "was disposed on 2024-02-04 but answered on 192.0.2.20 (3389/rdp) at 10:42 — find it, power it down and disconnect it, and correct its disposal record, then [check dev-01]"},
		{name: "retired device answering at an unrecorded address (matched by MAC)", assets: withStage(retired, nil),
			obs:  []inventory.Observation{darkObs(20, 1, "192.0.2.20", at(10, 44)), answerObs(20, 1, "192.0.2.88", at(10, 42))},
			want: []string{"zombie/critical/dev-01"}, summary: "answered on 192.0.2.88 (syn-ack)"},
		{name: "retired device that answered only before retirement", assets: withStage(retired, nil),
			checks: []inventory.Check{newCheck(18, now.Add(-40*24*time.Hour))},
			obs:    []inventory.Observation{answerObs(18, 1, "192.0.2.20", now.Add(-40*24*time.Hour))}},
		{name: "retired device dark now after answering earlier", assets: withStage(retired, nil),
			checks: []inventory.Check{newCheck(19, at(9, 0))},
			obs:    []inventory.Observation{answerObs(19, 1, "192.0.2.20", at(8, 58)), darkObs(20, 1, "192.0.2.20", at(10, 44))}},
		{name: "retired device dark in a partial check still counts as answering", assets: withStage(retired, nil),
			checks: []inventory.Check{newCheck(19, at(9, 0)), partialCheck(21, at(11, 0))},
			obs:    []inventory.Observation{answerObs(19, 1, "192.0.2.20", at(8, 58)), darkObs(21, 1, "192.0.2.20", at(10, 59))},
			want:   []string{"zombie/critical/dev-01"}, summary: "at 08:58"},
		{name: "decommissioning device answering after a check found it dark", assets: withStage(decommissioning, nil),
			items: powerDownDone(at(8, 0)), obs: answered,
			want: []string{"zombie/high/dev-01"}, summary: "dev-01 was found powered down on 2024-03-05 but answered on 192.0.2.20 (3389/rdp) at 10:42 — find out who switched it back on"},
		{name: "decommissioning device still answering before power-down", assets: withStage(decommissioning, nil), obs: answered},
		{name: "idle device without credentials is medium", assets: withStage(active, func(a *inventory.Asset) {
			a.LastManagedOn = mustDate("2023-10-01")
		}), obs: answered, want: []string{"idle/medium/dev-01"}, summary: "nobody has managed it since 2023-10-01 (156 days; idle.after is 90d) — log in and update it, then [set dev-01 last-managed-on] or [stage dev-01 decommissioning]"},
		{name: "idle device past end of life is high", assets: withStage(active, func(a *inventory.Asset) {
			a.LastManagedOn, a.EOLOn = mustDate("2023-10-01"), mustDate("2024-01-31")
		}), obs: answered, want: []string{"idle/high/dev-01"}, summary: "it passed its end of life on 2024-01-31"},
		{name: "never managed, deployed long ago", assets: withStage(active, func(a *inventory.Asset) {
			a.LastManagedOn, a.DeployedOn = inventory.Date{}, mustDate("2022-01-10")
		}), obs: answered, want: []string{"idle/medium/dev-01"}, summary: "nobody has recorded managing it since it was deployed on 2022-01-10"},
		{name: "never managed, no dates: nothing to judge", assets: withStage(active, func(a *inventory.Asset) {
			a.LastManagedOn = inventory.Date{}
		}), obs: answered},
		{name: "unmanaged but not answering is missing, not idle", assets: withStage(active, func(a *inventory.Asset) {
			a.LastManagedOn = mustDate("2023-01-01")
		}), obs: []inventory.Observation{darkObs(20, 1, "192.0.2.20", at(10, 44))},
			want: []string{"missing/medium/dev-01"}, summary: "dev-01 is active but gave no answer on 192.0.2.20 in live check #20 at 10:44 — find out why it is down or [stage dev-01 decommissioning]"},
		{name: "dark only in a partial check is not missing", assets: withStage(active, nil),
			checks: []inventory.Check{partialCheck(21, at(11, 0))},
			obs:    []inventory.Observation{darkObs(21, 1, "192.0.2.20", at(10, 59))}},
		{name: "unknown result is not missing", assets: withStage(active, nil),
			obs: []inventory.Observation{unknownObs(20, 1, "192.0.2.20", at(10, 44))}},
		{name: "active device without owner is low", assets: withStage(active, func(a *inventory.Asset) { a.Owner = " " }),
			want: []string{"no-owner/low/dev-01"}, summary: "dev-01 is active but has no owner — [set dev-01 owner]"},
		{name: "decommissioning device without owner is low", assets: withStage(decommissioning, func(a *inventory.Asset) { a.Owner = "" }),
			want: []string{"no-owner/low/dev-01"}},
		{name: "retired device without owner is fine", assets: withStage(retired, func(a *inventory.Asset) { a.Owner = "" })},
		{name: "unknown device in scope is medium",
			obs:  []inventory.Observation{answerObs(20, 0, "192.0.2.99", at(10, 43), openPort(80, "http"))},
			want: []string{"unknown/medium/"}, summary: "An unknown device answered on 192.0.2.99 with 80/http open at 10:43 — [adopt 192.0.2.99] or [dismiss 192.0.2.99]"},
		{name: "unknown device with telnet is high",
			obs:  []inventory.Observation{answerObs(20, 0, "192.0.2.99", at(10, 43), openPort(23, "telnet"))},
			want: []string{"unknown/high/"}},
		{name: "unknown device outside the scope is not reported",
			obs: []inventory.Observation{answerObs(20, 0, "127.0.0.9", at(10, 43), openPort(80, "http"))}},
		{name: "unknown device gone dark is not reported",
			checks: []inventory.Check{newCheck(19, at(9, 0))},
			obs:    []inventory.Observation{answerObs(19, 0, "192.0.2.99", at(8, 58)), darkObs(20, 0, "192.0.2.99", at(10, 44))}},
		{name: "dismissed unknown device with the same answer stays quiet",
			obs:     []inventory.Observation{answerObs(20, 0, "192.0.2.99", at(10, 43), openPort(80, "http"))},
			dismiss: []inventory.Dismissal{{Address: "192.0.2.99", Signature: "tcp/80", Reason: "guest printer"}}},
		{name: "dismissed unknown device answering differently comes back",
			obs:     []inventory.Observation{answerObs(20, 0, "192.0.2.99", at(10, 43), openPort(80, "http"), openPort(23, "telnet"))},
			dismiss: []inventory.Dismissal{{Address: "192.0.2.99", Signature: "tcp/80", Reason: "guest printer"}},
			want:    []string{"unknown/high/"}},
		{name: "mapping recorded closed but answering is critical", assets: withStage(active, nil),
			maps: []inventory.PortMapping{func() inventory.PortMapping {
				m := mapping(7, 1, "192.0.2.50", 8080, "192.0.2.20", 80)
				m.ClosedAt = now.Add(-72 * time.Hour)
				return m
			}()},
			obs:  []inventory.Observation{answerObs(20, 0, "192.0.2.50", at(10, 43), openPort(8080, "http-proxy"))},
			want: []string{"exposed-mapping/critical/dev-01"}, summary: "was recorded closed on 2024-03-02 but still answers (8080/http at 10:43)"},
		{name: "expired mapping nobody probed is high", assets: withStage(active, nil),
			maps: []inventory.PortMapping{func() inventory.PortMapping {
				m := mapping(7, 1, "192.0.2.50", 8080, "192.0.2.20", 80)
				m.ExpiresOn = mustDate("2024-03-01")
				return m
			}()},
			want: []string{"exposed-mapping/high/dev-01"}, summary: "expired on 2024-03-01 and is still recorded open; no check has probed it"},
		{name: "expired mapping found closed but recorded open is medium", assets: withStage(active, nil),
			maps: []inventory.PortMapping{func() inventory.PortMapping {
				m := mapping(7, 1, "192.0.2.50", 8080, "192.0.2.20", 80)
				m.ExpiresOn = mustDate("2024-03-01")
				return m
			}()},
			obs:  []inventory.Observation{answerObs(20, 0, "192.0.2.50", at(10, 43), closedPort(8080))},
			want: []string{"exposed-mapping/medium/dev-01"}, summary: "check #20 found it closed at 10:43 but it is still recorded open"},
		{name: "mapping exposing VNC with no expiry is high", assets: withStage(active, nil),
			maps: []inventory.PortMapping{mapping(7, 1, "192.0.2.50", 5901, "192.0.2.20", 5901)},
			want: []string{"exposed-mapping/high/dev-01"}, summary: "exposes VNC with no expiry — close it on the firewall, then [close mapping 7] or agree an expiry with its owner"},
		{name: "mapping exposing RDP on an odd port, answering, no expiry is critical", assets: withStage(active, nil),
			maps: []inventory.PortMapping{mapping(7, 1, "192.0.2.50", 13389, "192.0.2.20", 13389)},
			obs: []inventory.Observation{answerObs(20, 0, "192.0.2.50", at(10, 43),
				inventory.Port{Number: 13389, Protocol: "tcp", State: "open", Service: "ms-wbt-server"})},
			want: []string{"exposed-mapping/critical/dev-01"}, summary: "exposes RDP with no expiry and answers (13389/rdp at 10:43)"},
		{name: "mapping exposing SMB with a future expiry is accepted", assets: withStage(active, nil),
			maps: []inventory.PortMapping{func() inventory.PortMapping {
				m := mapping(7, 1, "192.0.2.50", 445, "192.0.2.20", 445)
				m.ExpiresOn = mustDate("2024-03-10")
				return m
			}()},
			obs: []inventory.Observation{answerObs(20, 0, "192.0.2.50", at(10, 43), openPort(445, "microsoft-ds"))}},
		{name: "mapping exposing HTTPS with no expiry is accepted", assets: withStage(active, nil),
			maps: []inventory.PortMapping{mapping(7, 1, "192.0.2.50", 443, "192.0.2.20", 443)},
			obs:  []inventory.Observation{answerObs(20, 0, "192.0.2.50", at(10, 43), openPort(443, "https"))}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			for i := range c.assets {
				c.assets[i].StageSince = time.Date(2024, 2, 4, 15, 0, 0, 0, time.UTC)
			}
			in := FindingInput{Assets: c.assets, Mappings: c.maps, Checklists: c.items, Dismissals: c.dismiss,
				Evidence: Evidence{Checks: append([]inventory.Check{c20}, c.checks...), Observations: c.obs}}
			got := Findings(in, testPolicy(), now)
			if !slices.Equal(kinds(got), c.want) {
				t.Fatalf("findings = %v, want %v\n%+v", kinds(got), c.want, got)
			}
			if c.summary == "" {
				return
			}
			if said := Advise(got[0].Summary, got[0].Steps, testWords); !strings.Contains(said, c.summary) {
				t.Errorf("summary with its steps %q\nlacks %q", said, c.summary)
			}
		})
	}
}

func TestFindingsAreSortedWorstFirstThenByAsset(t *testing.T) {
	fs := []Finding{
		{Kind: FindingNoOwner, Severity: SeverityLow, Asset: "a"},
		{Kind: FindingIdle, Severity: SeverityMedium, Asset: "b"},
		{Kind: FindingZombie, Severity: SeverityCritical, Asset: "z"},
		{Kind: FindingIdle, Severity: SeverityHigh, Asset: "c"},
		{Kind: FindingExposedMapping, Severity: SeverityCritical, Asset: "a"},
	}
	SortFindings(fs)
	want := []string{"exposed-mapping/critical/a", "zombie/critical/z", "idle/high/c", "idle/medium/b", "no-owner/low/a"}
	if !slices.Equal(kinds(fs), want) {
		t.Errorf("order = %v, want %v", kinds(fs), want)
	}
}

func TestFindingJSONCarriesTheContractKeys(t *testing.T) {
	unknown := Finding{Kind: FindingUnknown, Severity: SeverityMedium, Address: "192.0.2.99", Summary: "An unknown device answered"}
	b, err := json.Marshal(unknown)
	if err != nil {
		t.Fatal(err)
	}
	var m map[string]any
	if err := json.Unmarshal(b, &m); err != nil {
		t.Fatal(err)
	}
	for _, key := range []string{"kind", "severity", "asset", "address", "summary", "since"} {
		if _, ok := m[key]; !ok {
			t.Errorf("JSON %s lacks %q", b, key)
		}
	}
	if m["asset"] != nil || m["since"] != nil {
		t.Errorf("unknown device: asset and since must be null: %s", b)
	}

	zombie := Finding{Kind: FindingZombie, Severity: SeverityCritical, AssetID: 1, Asset: "srv-legacy-01", Since: at(10, 42)}
	b, _ = json.Marshal(zombie)
	if !strings.Contains(string(b), `"asset":"srv-legacy-01"`) || !strings.Contains(string(b), `"since":"2024-03-05T10:42:00Z"`) {
		t.Errorf("zombie JSON %s", b)
	}
	var back Finding
	if err := json.Unmarshal(b, &back); err != nil || back.Asset != "srv-legacy-01" || !back.Since.Equal(at(10, 42)) {
		t.Errorf("round trip: %+v, %v", back, err)
	}
}

func TestSeverity(t *testing.T) {
	for _, s := range []string{"critical", "HIGH", " medium ", "low"} {
		if _, err := ParseSeverity(s); err != nil {
			t.Errorf("ParseSeverity(%q): %v", s, err)
		}
	}
	if _, err := ParseSeverity("urgent"); err == nil {
		t.Error("ParseSeverity accepted urgent")
	}
	if !SeverityCritical.AtLeast(SeverityHigh) || SeverityMedium.AtLeast(SeverityHigh) || !SeverityHigh.AtLeast(SeverityHigh) {
		t.Error("AtLeast ordering is wrong")
	}
	if Worst(nil) != "" {
		t.Error("Worst of nothing should be empty")
	}
}

func TestSignatureIgnoresOrderAndClosedPorts(t *testing.T) {
	a := inventory.Observation{Ports: []inventory.Port{openPort(80, "http"), openPort(22, "ssh"), closedPort(443)}}
	b := inventory.Observation{Ports: []inventory.Port{openPort(22, ""), openPort(80, "")}}
	if Signature(a) != "tcp/22,tcp/80" || Signature(a) != Signature(b) {
		t.Errorf("signatures %q and %q", Signature(a), Signature(b))
	}
	if Signature(inventory.Observation{}) != "" {
		t.Error("no open port should give an empty signature")
	}
}

func TestDismissAndAdopt(t *testing.T) {
	obs := answerObs(20, 0, "192.0.2.99", at(10, 43), openPort(80, "http"))
	obs.MAC, obs.MACVendor, obs.Hostnames = "02:00:00:00:00:99", "Acme", []string{"printer-3.example.org."}
	in := FindingInput{Evidence: Evidence{Checks: []inventory.Check{newCheck(20, at(10, 44))}, Observations: []inventory.Observation{obs}}}
	fs := Findings(in, testPolicy(), now)
	if len(fs) != 1 {
		t.Fatalf("findings = %+v", fs)
	}
	if !strings.Contains(fs[0].Summary, "(printer-3.example.org., MAC 02:00:00:00:00:99, Acme)") {
		t.Errorf("summary %q should identify the device", fs[0].Summary)
	}
	if _, err := Dismiss(fs[0], " ", "alice", now); !inventory.IsKind(err, inventory.ErrInvalid) {
		t.Errorf("dismiss without a reason: %v", err)
	}
	d, err := Dismiss(fs[0], "visitor's printer, leaves Friday", "alice", now)
	if err != nil {
		t.Fatal(err)
	}
	in.Dismissals = []inventory.Dismissal{d}
	if fs := Findings(in, testPolicy(), now); len(fs) != 0 {
		t.Errorf("dismissed device still reported: %+v", fs)
	}
	in.Evidence.Observations[0].MAC = "02:00:00:00:00:aa"
	if fs := Findings(in, testPolicy(), now); len(fs) != 1 {
		t.Errorf("another device (new MAC) at the dismissed address must be reported: %+v", fs)
	}
	if _, err := Dismiss(Finding{Kind: FindingZombie, Address: "192.0.2.20"}, "no", "alice", now); !inventory.IsKind(err, inventory.ErrRefused) {
		t.Errorf("dismissing a zombie: %v", err)
	}

	a, err := Adopt(obs, "prn-03")
	if err != nil {
		t.Fatal(err)
	}
	if a.Tag != "prn-03" || a.Hostname != "printer-3.example.org" || a.PrimaryIP() != "192.0.2.99" ||
		!slices.Equal(a.MACs(), []string{"02:00:00:00:00:99"}) || a.Stage != active || a.Source != "adopted" ||
		!strings.Contains(a.Notes, "check #20") {
		t.Errorf("adopted asset = %+v", a)
	}

	// A device that gave no name can still be drafted, for a form to
	// complete: its address and MAC are kept.
	nameless := obs
	nameless.Hostnames = nil
	draft, err := Adopt(nameless, "")
	if err != nil {
		t.Fatalf("drafting a nameless device: %v", err)
	}
	if draft.Tag != "" || draft.Hostname != "" || !slices.Equal(draft.MACs(), []string{"02:00:00:00:00:99"}) || draft.PrimaryIP() != "192.0.2.99" {
		t.Errorf("nameless draft = %+v", draft)
	}
}

func TestClosedMappingAnsweringCountsFromTheFirstAnswerAfterClosing(t *testing.T) {
	a := newAsset(1, "dev-01", active, "192.0.2.20")
	a.LastManagedOn = mustDate("2024-03-01")
	m := mapping(7, 1, "192.0.2.50", 8080, "192.0.2.20", 80)
	m.ClosedAt = at(6, 0)
	in := FindingInput{Assets: []inventory.Asset{a}, Mappings: []inventory.PortMapping{m}, Evidence: Evidence{
		Checks: []inventory.Check{newCheck(17, at(5, 0)), newCheck(18, at(7, 0)), newCheck(19, at(8, 0)), newCheck(20, at(10, 44))},
		Observations: []inventory.Observation{
			answerObs(17, 0, "192.0.2.50", at(4, 59), openPort(8080, "")), // before the closing
			answerObs(18, 0, "192.0.2.50", at(6, 59), closedPort(8080)),
			answerObs(19, 0, "192.0.2.50", at(7, 59), openPort(8080, "")),
			answerObs(20, 0, "192.0.2.50", at(10, 43), openPort(8080, "")),
		}}}
	fs := Findings(in, testPolicy(), now)
	if len(fs) != 1 || fs[0].Severity != SeverityCritical || !fs[0].Since.Equal(at(7, 59)) {
		t.Errorf("findings = %+v, want one critical since 07:59", fs)
	}
}
