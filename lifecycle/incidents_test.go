package lifecycle

import (
	"reflect"
	"slices"
	"testing"
	"time"

	"github.com/sunset-tui/sunset/inventory"
)

// The three incidents sunset exists for, rebuilt as inventories, next to
// healthy assets that must raise nothing. Check #20 ran today at 10:40-10:44;
// check #5 ran when srv-legacy-01 was retired and found it dark then.

// incidentForgottenServer: a retired server still powered on in the server
// room, answering with remote desktop.
func incidentForgottenServer() (inventory.Asset, []inventory.Observation) {
	a := newAsset(1, "srv-legacy-01", retired, "192.0.2.20")
	a.StoresData = true
	a.StageSince = time.Date(2024, 2, 1, 9, 30, 0, 0, time.UTC)
	return a, []inventory.Observation{
		darkObs(5, 1, "192.0.2.20", time.Date(2024, 2, 1, 8, 0, 0, 0, time.UTC)),
		answerObs(20, 1, "192.0.2.20", at(10, 42), openPort(22, "ssh"), openPort(3389, "ms-wbt-server"), closedPort(445)),
	}
}

// incidentIdleCameraPlatform: a camera-management server, powered on and
// answering, nobody managed it for a year, outdated software, and a
// database with every camera's password.
func incidentIdleCameraPlatform() (inventory.Asset, []inventory.Observation) {
	a := newAsset(2, "cam-mgmt-01", active, "192.0.2.30")
	a.HoldsCredentials, a.CredentialsRef, a.StoresData = true, "vault:cameras/all", true
	a.LastManagedOn = mustDate("2023-02-20")
	a.DeployedOn = mustDate("2017-05-01")
	a.OS, a.OSVersion = "Windows Server", "2008 R2"
	web := openPort(80, "http")
	web.Product, web.Version = "Microsoft IIS httpd", "7.5"
	return a, []inventory.Observation{answerObs(20, 2, "192.0.2.30", at(10, 41), web, openPort(554, "rtsp"))}
}

// incidentMaintenanceMapping: remote desktop mapped to the outside for a
// contractor, meant to close in June 2021, still answering.
func incidentMaintenanceMapping() (inventory.Asset, []inventory.PortMapping, []inventory.Observation) {
	a := newAsset(3, "erp-01", active, "192.0.2.60")
	a.LastManagedOn = mustDate("2024-02-20")
	m := mapping(7, 3, "192.0.2.50", 3389, "192.0.2.60", 3389)
	m.Purpose, m.Owner = "vendor maintenance", "Contoso support"
	m.OpenedOn, m.ExpiresOn = mustDate("2021-06-01"), mustDate("2021-06-30")
	web := mapping(8, 3, "192.0.2.50", 443, "192.0.2.60", 443)
	web.Purpose, web.ExpiresOn = "customer portal", mustDate("2024-12-31")
	return a, []inventory.PortMapping{m, web}, []inventory.Observation{
		answerObs(20, 3, "192.0.2.60", at(10, 42), openPort(443, "https"), openPort(3389, "ms-wbt-server")),
		answerObs(20, 0, "192.0.2.50", at(10, 43), openPort(3389, "ms-wbt-server"), openPort(443, "https")),
	}
}

// healthy assets: a managed active server, a retired switch found dark,
// a decommissioning printer with its owner, a spare laptop with no
// address, an unknown device someone dismissed, and a closed and
// verified mapping.
func healthy() ([]inventory.Asset, []inventory.PortMapping, []inventory.Observation, []inventory.Dismissal) {
	web := newAsset(10, "web-01", active, "192.0.2.70")
	web.LastManagedOn, web.HoldsCredentials = mustDate("2024-02-28"), true
	sw := newAsset(11, "sw-old-01", retired, "192.0.2.71")
	sw.Kind = inventory.KindSwitch
	prn := newAsset(12, "prn-02", decommissioning, "192.0.2.72")
	laptop := newAsset(13, "lt-07", spare)
	laptop.Owner = ""
	ssh := mapping(9, 10, "192.0.2.51", 2222, "192.0.2.70", 22)
	ssh.ClosedAt = now.Add(-72 * time.Hour)
	nas := answerObs(20, 0, "192.0.2.99", at(10, 43), openPort(445, "microsoft-ds"))
	nas.MAC = "02:00:00:00:00:99"
	return []inventory.Asset{web, sw, prn, laptop},
		[]inventory.PortMapping{ssh},
		[]inventory.Observation{
			answerObs(20, 10, "192.0.2.70", at(10, 41), openPort(443, "https")),
			darkObs(20, 11, "192.0.2.71", at(10, 44)),
			answerObs(20, 12, "192.0.2.72", at(10, 41), openPort(9100, "jetdirect")),
			answerObs(20, 0, "192.0.2.51", at(10, 43), closedPort(2222)),
			nas,
		},
		[]inventory.Dismissal{{Address: "192.0.2.99", MAC: "02:00:00:00:00:99", Signature: "tcp/445",
			Reason: "lab NAS, on loan", By: "alice", At: now.Add(-24 * time.Hour)}}
}

func incidentEvidence(obs ...[]inventory.Observation) Evidence {
	ev := Evidence{Checks: []inventory.Check{
		newCheck(5, time.Date(2024, 2, 1, 8, 2, 0, 0, time.UTC)),
		newCheck(20, at(10, 44)),
	}}
	for _, o := range obs {
		ev.Observations = append(ev.Observations, o...)
	}
	return ev
}

func healthyInput() FindingInput {
	assets, maps, obs, dis := healthy()
	return FindingInput{Assets: assets, Mappings: maps, Dismissals: dis, Evidence: incidentEvidence(obs)}
}

func TestHealthyAssetsRaiseNoFinding(t *testing.T) {
	if got := Findings(healthyInput(), testPolicy(), now); len(got) != 0 {
		t.Errorf("findings on a healthy inventory: %+v", got)
	}
}

func TestIncidentForgottenServer(t *testing.T) {
	in := healthyInput()
	a, obs := incidentForgottenServer()
	in.Assets = append(in.Assets, a)
	in.Evidence.Observations = append(in.Evidence.Observations, obs...)
	got := Findings(in, testPolicy(), now)
	want := []Finding{{
		Kind: FindingZombie, Severity: SeverityCritical, AssetID: 1, Asset: "srv-legacy-01", Address: "192.0.2.20",
		Since: at(10, 42), CheckID: 20, Ports: []inventory.Port{openPort(22, "ssh"), openPort(3389, "ms-wbt-server")},
		Summary: "srv-legacy-01 was retired on 2024-02-01 but answered on 192.0.2.20 (3389/rdp, 22/ssh) at 10:42 — " +
			"power it down and disconnect it, then [check srv-legacy-01]",
	}}
	assertFindings(t, got, want)
}

func TestIncidentIdleCameraPlatform(t *testing.T) {
	in := healthyInput()
	a, obs := incidentIdleCameraPlatform()
	in.Assets = append(in.Assets, a)
	in.Evidence.Observations = append(in.Evidence.Observations, obs...)
	got := Findings(in, testPolicy(), now)
	want := []Finding{{
		Kind: FindingIdle, Severity: SeverityHigh, AssetID: 2, Asset: "cam-mgmt-01", Address: "192.0.2.30",
		Since: mustDate("2023-05-21").Time(), CheckID: 20, Ports: obs[0].Ports,
		Summary: "cam-mgmt-01 answers on 192.0.2.30 (80/http, 554/rtsp) but nobody has managed it since 2023-02-20 " +
			"(379 days; idle.after is 90d); it holds other systems' credentials (vault:cameras/all); " +
			"it runs Windows Server 2008 R2; it serves Microsoft IIS httpd 7.5 — log in, update it and rotate the credentials it stores, " +
			"then [set cam-mgmt-01 last-managed-on] or [stage cam-mgmt-01 decommissioning]",
	}}
	assertFindings(t, got, want)
}

func TestIncidentMaintenanceMapping(t *testing.T) {
	in := healthyInput()
	a, maps, obs := incidentMaintenanceMapping()
	in.Assets = append(in.Assets, a)
	in.Mappings = append(in.Mappings, maps...)
	in.Evidence.Observations = append(in.Evidence.Observations, obs...)
	got := Findings(in, testPolicy(), now)
	want := []Finding{{
		Kind: FindingExposedMapping, Severity: SeverityCritical, AssetID: 3, Asset: "erp-01", Address: "192.0.2.50:3389",
		Since: mustDate("2021-07-01").Time(), MappingID: 7, CheckID: 20, Ports: []inventory.Port{openPort(3389, "ms-wbt-server")},
		Summary: "Port mapping #7 (192.0.2.50:3389 → 192.0.2.60:3389, vendor maintenance) of erp-01 expired on 2021-06-30 " +
			"and still answers (3389/rdp at 10:43) — close it on the firewall, then [close mapping 7]",
	}}
	assertFindings(t, got, want)
}

func TestAllThreeIncidentsTogether(t *testing.T) {
	in := healthyInput()
	a1, o1 := incidentForgottenServer()
	a2, o2 := incidentIdleCameraPlatform()
	a3, maps, o3 := incidentMaintenanceMapping()
	in.Assets = append(in.Assets, a3, a2, a1)
	in.Mappings = append(in.Mappings, maps...)
	in.Evidence = incidentEvidence(in.Evidence.Observations, o1, o2, o3)
	got := Findings(in, testPolicy(), now)
	want := []string{"exposed-mapping/critical/erp-01", "zombie/critical/srv-legacy-01", "idle/high/cam-mgmt-01"}
	if !slices.Equal(kinds(got), want) {
		t.Errorf("findings = %v, want %v", kinds(got), want)
	}
	if w := Worst(got); w != SeverityCritical {
		t.Errorf("Worst = %s", w)
	}
	if n := CountAtLeast(got, SeverityHigh); n != 3 {
		t.Errorf("CountAtLeast(high) = %d", n)
	}
}

func TestIncidentReminders(t *testing.T) {
	assets, maps, _, _ := healthy()
	a1, _ := incidentForgottenServer()
	a2, _ := incidentIdleCameraPlatform()
	a3, m3, _ := incidentMaintenanceMapping()
	in := ReminderInput{Assets: append(assets, a1, a2, a3), Mappings: append(maps, m3...)}
	got := Reminders(in, testPolicy(), now, 30*inventory.Day)
	want := []Reminder{
		{Kind: ReminderMappingExpiry, AssetID: 3, Asset: "erp-01", Date: mustDate("2021-06-30"), DaysLeft: -979, Overdue: true, MappingID: 7,
			Action: "Port mapping #7 (192.0.2.50:3389 → 192.0.2.60:3389, vendor maintenance) of erp-01 expired on 2021-06-30 " +
				"(979 days ago) and is still open — close it on the firewall, then [close mapping 7]"},
		{Kind: ReminderReview, AssetID: 2, Asset: "cam-mgmt-01", Date: mustDate("2023-05-21"), DaysLeft: -289, Overdue: true,
			Action: "cam-mgmt-01 was last managed on 2023-02-20; its review is due 2023-05-21 (289 days ago) — " +
				"log in, update it and rotate the credentials it stores, then [set cam-mgmt-01 last-managed-on] or [stage cam-mgmt-01 decommissioning]"},
	}
	for i := range got {
		got[i].Action, got[i].Steps = Advise(got[i].Action, got[i].Steps, testWords), nil
	}
	if !slices.EqualFunc(got, want, func(a, b Reminder) bool { return reflect.DeepEqual(a, b) }) {
		t.Errorf("reminders:\n got %+v\nwant %+v", got, want)
	}
}

func assertFindings(t *testing.T, got, want []Finding) {
	t.Helper()
	if len(got) != len(want) {
		t.Fatalf("got %d findings, want %d:\n%+v", len(got), len(want), got)
	}
	for i := range want {
		g, w := got[i], want[i]
		if said := Advise(g.Summary, g.Steps, testWords); said != w.Summary {
			t.Errorf("summary with its steps:\n got %q\nwant %q", said, w.Summary)
		}
		if g.Kind != w.Kind || g.Severity != w.Severity || g.AssetID != w.AssetID || g.Asset != w.Asset ||
			g.Address != w.Address || !g.Since.Equal(w.Since) || g.MappingID != w.MappingID || g.CheckID != w.CheckID ||
			!slices.Equal(g.Ports, w.Ports) {
			t.Errorf("finding:\n got %+v\nwant %+v", g, w)
		}
	}
}
