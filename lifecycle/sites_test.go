package lifecycle

import (
	"slices"
	"strings"
	"testing"

	"github.com/sunset-tui/sunset/inventory"
)

func siteCheck(id int64, site string, hh, mm int) inventory.Check {
	c := newCheck(id, at(hh, mm))
	c.Site = site
	return c
}

// branchAnswersHQDark: the branch's check saw the device answer at 10:00,
// the head office's found it dark at 11:00, each from its own segment.
func branchAnswersHQDark(branch, hq string) Evidence {
	return Evidence{
		Checks: []inventory.Check{siteCheck(1, branch, 10, 0), siteCheck(2, hq, 11, 0)},
		Observations: []inventory.Observation{
			answerObs(1, 1, "192.0.2.20", at(10, 0), openPort(3389, "ms-wbt-server")),
			darkObs(2, 1, "192.0.2.20", at(11, 0)),
		},
	}
}

// A device dark from one site but answering from another is alive: the
// retire guard refuses, a retired one is a zombie, an active one is not
// missing, and each says which site saw it answer. From one site alone,
// the later dark check wins, as it always did.
func TestADeviceDarkFromOneSiteButAnsweringFromAnotherIsAlive(t *testing.T) {
	p := testPolicy()
	ev := branchAnswersHQDark("branch", "hq")

	dec := newAsset(1, "srv-1", inventory.StageDecommissioning, "192.0.2.20")
	proof, refusals := ProveDark(dec, ev, p, now)
	if proof != nil || len(refusals) != 1 || refusals[0].Code != CodeAnswered {
		t.Fatalf("dark from hq, answering from branch: proof %v, refusals %+v; want one %q refusal", proof, refusals, CodeAnswered)
	}
	if !strings.Contains(refusals[0].Message, "from site branch") {
		t.Errorf("the refusal does not say which site saw it answer: %q", refusals[0].Message)
	}

	ret := newAsset(1, "srv-1", inventory.StageRetired, "192.0.2.20")
	ret.StageSince = at(9, 0)
	fs := Findings(FindingInput{Assets: []inventory.Asset{ret}, Evidence: ev}, p, now)
	if got := kinds(fs); !slices.Contains(got, "zombie/critical/srv-1") {
		t.Fatalf("findings %v lack the zombie seen from branch", got)
	} else if z := fs[slices.Index(got, "zombie/critical/srv-1")]; !strings.Contains(z.Summary, "from site branch") || !z.Since.Equal(at(10, 0)) {
		t.Errorf("zombie summary %q since %v: want the site named and since 10:00", z.Summary, z.Since)
	}

	act := newAsset(1, "srv-1", inventory.StageActive, "192.0.2.20")
	if got := kinds(Findings(FindingInput{Assets: []inventory.Asset{act}, Evidence: ev}, p, now)); slices.Contains(got, "missing/medium/srv-1") {
		t.Errorf("an active device answering from branch is reported missing: %v", got)
	}

	// The same two checks from one site: the newer dark check proves it.
	if proof, refusals := ProveDark(dec, branchAnswersHQDark("hq", "hq"), p, now); proof == nil || len(refusals) != 0 {
		t.Errorf("from one site the later dark check should prove it dark: %v %+v", proof, refusals)
	}
	if fs := Findings(FindingInput{Assets: []inventory.Asset{ret}, Evidence: branchAnswersHQDark("hq", "hq")}, p, now); len(fs) != 0 {
		t.Errorf("from one site, a later dark check leaves no zombie: %v", kinds(fs))
	}
}

// Once the site that saw the device answer checks again and finds it
// dark, every site's newest word is dark: the proof holds and lists what
// each site saw.
func TestDarkFromEverySiteProvesDarkAndSaysWhichSiteSawWhat(t *testing.T) {
	ev := branchAnswersHQDark("branch", "hq")
	ev.Checks = append(ev.Checks, siteCheck(3, "branch", 11, 30))
	ev.Observations = append(ev.Observations, darkObs(3, 1, "192.0.2.20", at(11, 30)))
	dec := newAsset(1, "srv-1", inventory.StageDecommissioning, "192.0.2.20")
	proof, refusals := ProveDark(dec, ev, testPolicy(), now)
	if proof == nil || len(refusals) != 0 {
		t.Fatalf("dark from both sites: proof %v, refusals %+v", proof, refusals)
	}
	if proof.CheckID != 3 || proof.Origin != "live check #3 from site branch" {
		t.Errorf("proof from check #%d, %q: want the newest, live check #3 from site branch", proof.CheckID, proof.Origin)
	}
	want := []SiteSight{
		{Site: "branch", CheckID: 3, Origin: "live check #3 from site branch", State: inventory.Dark, At: at(11, 30)},
		{Site: "hq", CheckID: 2, Origin: "live check #2 from site hq", State: inventory.Dark, At: at(11, 0)},
	}
	if !slices.Equal(proof.Sites, want) {
		t.Errorf("proof.Sites = %+v, want %+v", proof.Sites, want)
	}
	if got := SitesOf(dec, branchAnswersHQDark("branch", "hq")); len(got) != 2 ||
		got[0].Site != "branch" || got[0].State != inventory.Answered || got[1].Site != "hq" || got[1].State != inventory.Dark {
		t.Errorf("SitesOf = %+v: want branch answered, hq dark", got)
	}
}

// A check that names no site (recorded before sites, a file imported
// without --site) speaks for every site: a later dark check from a named
// site outranks its answer, and its later dark result outranks a named
// site's answer.
func TestACheckWithoutASiteSpeaksForEverySite(t *testing.T) {
	dec := newAsset(1, "srv-1", inventory.StageDecommissioning, "192.0.2.20")
	p := testPolicy()
	before := branchAnswersHQDark("", "hq")
	before.Checks = append(before.Checks, siteCheck(3, "branch", 11, 10))
	before.Observations = append(before.Observations, darkObs(3, 1, "192.0.2.20", at(11, 10)))
	if proof, refusals := ProveDark(dec, before, p, now); proof == nil || len(refusals) != 0 {
		t.Errorf("an old unsited answer, then dark from hq and branch: want proven dark, got %v %+v", proof, refusals)
	}
	after := branchAnswersHQDark("branch", "")
	if proof, refusals := ProveDark(dec, after, p, now); proof == nil || len(refusals) != 0 {
		t.Errorf("an answer from branch, then an unsited dark check: want proven dark, got %v %+v", proof, refusals)
	}
	// But an unsited answer is not outranked by one site's older dark.
	mixed := Evidence{
		Checks: []inventory.Check{siteCheck(1, "hq", 10, 0), siteCheck(2, "branch", 10, 30), siteCheck(3, "", 11, 0), siteCheck(4, "hq", 11, 30)},
		Observations: []inventory.Observation{darkObs(1, 1, "192.0.2.20", at(10, 0)), darkObs(2, 1, "192.0.2.20", at(10, 30)),
			answerObs(3, 1, "192.0.2.20", at(11, 0)), darkObs(4, 1, "192.0.2.20", at(11, 30))},
	}
	if proof, refusals := ProveDark(dec, mixed, p, now); proof != nil || len(refusals) != 1 || refusals[0].Code != CodeAnswered {
		t.Errorf("an unsited answer after branch's last check: want it alive for branch, got %v %+v", proof, refusals)
	}
}

// An unknown device and an exposed mapping seen from one site stay found
// when another site, later, sees nothing there.
func TestUnknownDevicesAndMappingsAnsweringFromOneSiteStayFound(t *testing.T) {
	p := testPolicy()
	ev := Evidence{
		Checks: []inventory.Check{siteCheck(1, "dmz", 10, 0), siteCheck(2, "lan", 11, 0)},
		Observations: []inventory.Observation{
			answerObs(1, 0, "192.0.2.99", at(10, 0), openPort(23, "telnet")),
			darkObs(2, 0, "192.0.2.99", at(11, 0)),
			answerObs(1, 0, "192.0.2.50", at(10, 0), openPort(3389, "ms-wbt-server")),
			{CheckID: 2, Address: "192.0.2.50", State: inventory.Answered, Reason: "syn-ack", SeenAt: at(11, 0),
				Ports: []inventory.Port{closedPort(3389)}},
		},
	}
	fs := UnknownFindings(UnknownInput{Evidence: ev, Known: func(a string) bool { return a == "192.0.2.50" }}, p, now)
	if len(fs) != 1 || fs[0].Address != "192.0.2.99" {
		t.Errorf("unknown findings %v: want the device dmz saw at 192.0.2.99", kinds(fs))
	}
	m := mapping(7, 1, "192.0.2.50", 3389, "192.0.2.60", 3389)
	m.ClosedAt = at(9, 0)
	m.ClosedEvidence = "removed the forward"
	x := newIndex(ev)
	if v, e := x.verdict(m); v != answersOpen || e.s.CheckID != 1 {
		t.Errorf("mapping closed at 9:00, open from dmz at 10:00, closed from lan at 11:00: verdict %v (check #%d), want still answering (check #1)", v, e.s.CheckID)
	}
}

// What lifecycle says of an asset does not depend on the other assets
// judged with it: another asset seen from two sites does not change how
// one seen from a single site is judged.
func TestAnAssetIsJudgedOnItsOwnSitesAlone(t *testing.T) {
	a := newAsset(1, "srv-1", inventory.StageDecommissioning, "192.0.2.20", "192.0.2.21")
	b := newAsset(2, "srv-2", inventory.StageDecommissioning, "192.0.2.30")
	ev := Evidence{
		Checks: []inventory.Check{siteCheck(1, "hq", 9, 0), siteCheck(2, "hq", 10, 0), siteCheck(3, "branch", 10, 30)},
		Observations: []inventory.Observation{
			darkObs(1, 1, "192.0.2.20", at(9, 0)), darkObs(1, 1, "192.0.2.21", at(9, 0)),
			darkObs(2, 1, "192.0.2.20", at(10, 0)), // check #2 left 192.0.2.21 out
			darkObs(2, 2, "192.0.2.30", at(10, 0)), answerObs(3, 2, "192.0.2.30", at(10, 30)),
		},
	}
	p := testPolicy()
	whole, wholeRefusals := ProveDark(a, ev, p, now)
	part, partRefusals := ProveDark(a, ev.ByAsset([]inventory.Asset{a, b}, nil)[a.ID], p, now)
	if (whole == nil) != (part == nil) || len(wholeRefusals) != len(partRefusals) {
		t.Fatalf("judged with srv-2: %v %+v; alone: %v %+v", whole, wholeRefusals, part, partRefusals)
	}
	if len(wholeRefusals) != 1 || wholeRefusals[0].Code != CodeNotCovered {
		t.Errorf("refusals %+v: want check #2 not covering 192.0.2.21", wholeRefusals)
	}
}
