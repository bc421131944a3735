package tui

import (
	"strings"
	"testing"
	"time"

	"github.com/sunset-tui/sunset/inventory"
)

func row(tag, host string, kind inventory.Kind, stage inventory.Stage, owner, ip string, seen time.Time) assetRow {
	a := inventory.AssetSummary{ID: 1, Tag: tag, Hostname: host, Kind: kind, Stage: stage, Owner: owner, LastSeen: seen,
		PrimaryIP: ip, Search: "Rack 7\n" + ip + "\n02:00:00:00:00:01"}
	return newRowPage([]inventory.AssetSummary{a}).rows[0]
}

// noCommon is the sets of shared search values of rows made one a page:
// none.
var noCommon = []string{""}

func TestFilterTermsNarrowAndWordsMatchAnywhere(t *testing.T) {
	now := testNow
	cam := row("A-1", "cam-lobby", inventory.KindCamera, inventory.StageActive, "Facilities", "192.0.2.20", now.Add(-2*24*time.Hour))
	old := row("A-2", "srv-old", inventory.KindServer, inventory.StageRetired, "infra", "192.0.2.30", now.Add(-45*24*time.Hour))
	never := row("A-3", "sw-new", inventory.KindSwitch, inventory.StagePlanned, "net", "192.0.2.40", time.Time{})
	cam.lastCheck, old.lastCheck = checkAnswered, checkDark
	old.findings, old.worst = 2, severityRank("critical")
	rows := []*assetRow{&cam, &old, &never}
	cases := []struct {
		q    string
		want string // tags that match, in order
	}{
		{"", "A-1 A-2 A-3"},
		{"lobby", "A-1"},
		{"LOBBY", "A-1"},
		{"192.0.2.3", "A-2"},
		{"02:00:00:00:00:01", "A-1 A-2 A-3"}, // a MAC is a word, not a field
		{"stage:retired", "A-2"},
		{"stage:ret", "A-2"},
		{"-stage:retired", "A-1 A-3"},
		{"owner:facil", "A-1"},
		{"kind:camera", "A-1"},
		{"kind:cam owner:infra", ""},
		{"seen:>30d", "A-2 A-3"},
		{"seen:<7d", "A-1"},
		{"seen:never", "A-3"},
		{"check:answered", "A-1"},
		{"check:dark", "A-2"},
		{"check:none", "A-3"},
		{"findings:high", "A-2"},
		{"findings:no", "A-1 A-3"},
		{"host:srv ip:192.0.2.30", "A-2"},
		{"stage:", "A-1 A-2 A-3"}, // a term still being typed does not filter
	}
	for _, c := range cases {
		q := parseQuery(c.q)
		q.prepare(noCommon)
		if q.problem != "" {
			t.Errorf("%q: unexpected problem %q", c.q, q.problem)
		}
		var got []string
		for _, r := range rows {
			if q.matches(r, now.Unix()) {
				got = append(got, r.tag())
			}
		}
		if strings.Join(got, " ") != c.want {
			t.Errorf("%q matched %q, want %q", c.q, strings.Join(got, " "), c.want)
		}
	}
}

func TestFilterBadTermIsReportedAndIgnored(t *testing.T) {
	q := parseQuery("seen:>soon lobby")
	q.prepare(noCommon)
	if !strings.Contains(q.problem, "seen") {
		t.Fatalf("problem = %q, want it to name seen", q.problem)
	}
	cam := row("A-1", "cam-lobby", inventory.KindCamera, inventory.StageActive, "", "192.0.2.20", testNow)
	srv := row("A-2", "srv", inventory.KindServer, inventory.StageActive, "", "192.0.2.21", testNow)
	if !q.matches(&cam, testNow.Unix()) || q.matches(&srv, testNow.Unix()) {
		t.Fatal("the valid word must still filter")
	}
	for _, bad := range []string{"stage:nosuch", "check:maybe", "findings:lots"} {
		if parseQuery(bad).problem == "" {
			t.Errorf("%q: no problem reported", bad)
		}
	}
}

func TestContainsFoldIgnoresASCIICase(t *testing.T) {
	if !containsFold("Infra-Team", "infra-t") || containsFold("Infra", "fx") || !containsFold("x", "") {
		t.Fatal("containsFold")
	}
}
