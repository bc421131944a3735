package lifecycle

import (
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/sunset-tui/sunset/inventory"
)

func TestChecklistFollowsTheAssetsAttributes(t *testing.T) {
	full := newAsset(1, "nvr-01", decommissioning, "192.0.2.20")
	full.StoresData, full.HoldsCredentials, full.CredentialsRef = true, true, "vault:cameras/all"
	maps := []inventory.PortMapping{
		mapping(9, 1, "192.0.2.50", 8443, "192.0.2.20", 443),
		mapping(3, 1, "192.0.2.50", 554, "192.0.2.20", 554),
		mapping(4, 2, "192.0.2.50", 80, "192.0.2.30", 80), // another asset's
	}
	items := Checklist(full, maps, nil)
	want := []string{ItemBackupData, ItemRevokeCredentials, ItemRemoveAccess, "close-mapping-3", "close-mapping-9",
		ItemRemoveServices, ItemPowerDown, ItemSanitizeMedia, ItemDispose}
	if !slices.Equal(ids(items), want) {
		t.Fatalf("items = %v, want %v", ids(items), want)
	}
	verify := map[string]inventory.Verify{
		ItemBackupData: inventory.VerifyEvidence, ItemRevokeCredentials: inventory.VerifyEvidence,
		ItemRemoveAccess: inventory.VerifyEvidence, "close-mapping-3": inventory.VerifyMappingClosed,
		"close-mapping-9": inventory.VerifyMappingClosed, ItemRemoveServices: inventory.VerifyNone,
		ItemPowerDown: inventory.VerifyScanDark, ItemSanitizeMedia: inventory.VerifyEvidence, ItemDispose: inventory.VerifyEvidence,
	}
	for i, it := range items {
		if it.Verify != verify[it.ID] {
			t.Errorf("%s verify = %s, want %s", it.ID, it.Verify, verify[it.ID])
		}
		if required := it.ID != ItemSanitizeMedia && it.ID != ItemDispose; it.Required != required {
			t.Errorf("%s required = %v", it.ID, it.Required)
		}
		if it.Position != i || it.AssetID != 1 || it.Done || it.Title == "" {
			t.Errorf("item %+v: want position %d, asset 1, open, titled", it, i)
		}
	}
	if items[3].MappingID != 3 || !strings.Contains(items[3].Title, "192.0.2.50:554") {
		t.Errorf("mapping item %+v should name its mapping", items[3])
	}
	if !strings.Contains(items[1].Title, "vault:cameras/all") {
		t.Errorf("credentials item %q should say where the credentials are", items[1].Title)
	}

	plain := newAsset(2, "sw-01", decommissioning, "192.0.2.30")
	want = []string{ItemRemoveAccess, ItemRemoveServices, ItemPowerDown, ItemSanitizeMedia, ItemDispose}
	if got := ids(Checklist(plain, nil, nil)); !slices.Equal(got, want) {
		t.Errorf("plain device: %v, want %v", got, want)
	}
}

func TestChecklistMergeKeepsProgress(t *testing.T) {
	a := newAsset(1, "srv-01", decommissioning, "192.0.2.20")
	a.StoresData = true
	m3 := mapping(3, 1, "192.0.2.50", 3389, "192.0.2.20", 3389)
	items := Checklist(a, []inventory.PortMapping{m3}, nil)
	items, err := Tick(items, ItemRemoveAccess, "removed from AD group srv-admins, ticket 4711", "alice", at(9, 0))
	if err != nil {
		t.Fatal(err)
	}
	items[findItem(items, ItemPowerDown)].Due = mustDate("2024-04-01")
	items = append(items, inventory.ChecklistItem{ID: "tell-helpdesk", Title: "Tell the help desk", Required: true,
		Verify: inventory.VerifyNone, Position: 99})

	t.Run("a mapping added later gets its item", func(t *testing.T) {
		m5 := mapping(5, 1, "192.0.2.50", 22, "192.0.2.20", 22)
		got := Checklist(a, []inventory.PortMapping{m5, m3}, items)
		want := []string{ItemBackupData, ItemRemoveAccess, "close-mapping-3", "close-mapping-5", ItemRemoveServices,
			ItemPowerDown, ItemSanitizeMedia, ItemDispose, "tell-helpdesk"}
		if !slices.Equal(ids(got), want) {
			t.Fatalf("items = %v, want %v", ids(got), want)
		}
		ra := got[findItem(got, ItemRemoveAccess)]
		if !ra.Done || ra.DoneBy != "alice" || !ra.DoneAt.Equal(at(9, 0)) || !strings.Contains(ra.Evidence, "ticket 4711") {
			t.Errorf("done item lost its record: %+v", ra)
		}
		if got[findItem(got, ItemPowerDown)].Due != mustDate("2024-04-01") {
			t.Error("a due date someone set was lost")
		}
		if !ChecklistChanged(items, got) {
			t.Error("ChecklistChanged missed an added item")
		}
	})
	t.Run("the item of a mapping no longer listed stays", func(t *testing.T) {
		got := Checklist(a, nil, items)
		if findItem(got, "close-mapping-3") < 0 {
			t.Errorf("items = %v: close-mapping-3 was dropped", ids(got))
		}
	})
	t.Run("an item no longer called for goes unless done", func(t *testing.T) {
		b := a
		b.StoresData = false
		if got := Checklist(b, []inventory.PortMapping{m3}, items); findItem(got, ItemBackupData) >= 0 {
			t.Errorf("open backup-data kept for an asset that stores no data: %v", ids(got))
		}
		doneItems, err := Tick(items, ItemBackupData, "migrated to srv-02", "bob", at(10, 0))
		if err != nil {
			t.Fatal(err)
		}
		if got := Checklist(b, []inventory.PortMapping{m3}, doneItems); findItem(got, ItemBackupData) < 0 {
			t.Errorf("done backup-data dropped: %v", ids(got))
		}
	})
	t.Run("regenerating an up-to-date list changes nothing", func(t *testing.T) {
		once := Checklist(a, []inventory.PortMapping{m3}, items)
		if ChecklistChanged(once, Checklist(a, []inventory.PortMapping{m3}, once)) {
			t.Error("a second merge changed the list")
		}
	})
}

func TestTickEnforcesEvidenceAndScanRules(t *testing.T) {
	a := newAsset(1, "srv-01", decommissioning, "192.0.2.20")
	a.HoldsCredentials = true
	items := Checklist(a, []inventory.PortMapping{mapping(3, 1, "192.0.2.50", 3389, "192.0.2.20", 3389)}, nil)
	cases := []struct {
		name, id, evidence, by string
		kind                   inventory.ErrorKind
	}{
		{"evidence item without evidence", ItemRevokeCredentials, "  ", "alice", inventory.ErrInvalid},
		{"scan-dark item by hand", ItemPowerDown, "I pulled the plug", "alice", inventory.ErrRefused},
		{"mapping item by hand", "close-mapping-3", "closed it", "alice", inventory.ErrRefused},
		{"no such item", "feed-the-cat", "done", "alice", inventory.ErrNotFound},
		{"nobody ticking", ItemRemoveServices, "", "", inventory.ErrInvalid},
		{"evidence with terminal escapes", ItemRevokeCredentials, "done\x1b]0;pwned\a", "alice", inventory.ErrInvalid},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got, err := Tick(items, c.id, c.evidence, c.by, now)
			if !inventory.IsKind(err, c.kind) || got != nil {
				t.Fatalf("err = %v (%v), want kind %v", err, inventory.KindOf(err), c.kind)
			}
			if c.kind != inventory.ErrNotFound && !strings.Contains(err.Error(), c.id) {
				t.Errorf("error %q should name item %s", err, c.id)
			}
		})
	}

	got, err := Tick(items, ItemRevokeCredentials, "rotated all 48 camera passwords, change CHG-12", "alice", now)
	if err != nil {
		t.Fatal(err)
	}
	it := got[findItem(got, ItemRevokeCredentials)]
	if !it.Done || it.DoneBy != "alice" || !it.DoneAt.Equal(now) || it.Evidence != "rotated all 48 camera passwords, change CHG-12" {
		t.Errorf("ticked item = %+v", it)
	}
	if items[findItem(items, ItemRevokeCredentials)].Done {
		t.Error("Tick changed its input")
	}
	if _, err := Tick(got, ItemRevokeCredentials, "again", "bob", now); !inventory.IsKind(err, inventory.ErrRefused) {
		t.Errorf("ticking a done item: err = %v, want a refusal", err)
	}
	if _, err := Tick(items, ItemRemoveServices, "", "alice", now); err != nil {
		t.Errorf("an item without verification needs no evidence: %v", err)
	}
}

func TestVerifyByCheckTicksOnlyWhatTheCheckProves(t *testing.T) {
	a := newAsset(1, "srv-01", decommissioning, "192.0.2.20", "192.0.2.21")
	closed := mapping(3, 1, "192.0.2.50", 3389, "192.0.2.20", 3389)
	closed.ClosedAt = at(9, 0)
	stillOpen := mapping(4, 1, "192.0.2.50", 22, "192.0.2.20", 22)
	maps := []inventory.PortMapping{closed, stillOpen}
	items := Checklist(a, maps, nil)
	p := testPolicy()

	dark20, dark21 := darkObs(10, 1, "192.0.2.20", at(11, 0)), darkObs(10, 1, "192.0.2.21", at(11, 0))
	endpoint := answerObs(10, 0, "192.0.2.50", at(11, 1), closedPort(3389), closedPort(22))
	cases := []struct {
		name  string
		check inventory.Check
		obs   []inventory.Observation
		want  []string
	}{
		{"complete fresh check, all dark, mapping port closed", newCheck(10, at(11, 2)),
			[]inventory.Observation{dark20, dark21, endpoint}, []string{"close-mapping-3", ItemPowerDown}},
		{"partial check proves nothing dark", partialCheck(10, at(11, 2)),
			[]inventory.Observation{dark20, dark21, endpoint}, nil},
		{"unknown is not dark", newCheck(10, at(11, 2)),
			[]inventory.Observation{dark20, unknownObs(10, 1, "192.0.2.21", at(11, 0))}, nil},
		{"one address not covered", newCheck(10, at(11, 2)),
			[]inventory.Observation{dark20}, nil},
		{"one address answered", newCheck(10, at(11, 2)),
			[]inventory.Observation{dark20, answerObs(10, 1, "192.0.2.21", at(11, 0))}, nil},
		{"check older than check.fresh", newCheck(10, now.Add(-25*time.Hour)),
			[]inventory.Observation{darkObs(10, 1, "192.0.2.20", now.Add(-25*time.Hour)), darkObs(10, 1, "192.0.2.21", now.Add(-25*time.Hour))}, nil},
		{"mapping port still open", newCheck(10, at(11, 2)),
			[]inventory.Observation{answerObs(10, 0, "192.0.2.50", at(11, 1), openPort(3389, "ms-wbt-server"))}, nil},
		{"check before the mapping was recorded closed", newCheck(10, at(8, 30)),
			[]inventory.Observation{answerObs(10, 0, "192.0.2.50", at(8, 29), closedPort(3389))}, nil},
		{"external port not probed", newCheck(10, at(11, 2)),
			[]inventory.Observation{answerObs(10, 0, "192.0.2.50", at(11, 1), closedPort(8080))}, nil},
		{"external address dark", newCheck(10, at(11, 2)),
			[]inventory.Observation{darkObs(10, 0, "192.0.2.50", at(11, 1))}, []string{"close-mapping-3"}},
		{"observations of other checks are ignored", newCheck(10, at(11, 2)),
			[]inventory.Observation{darkObs(9, 1, "192.0.2.20", at(11, 0)), darkObs(9, 1, "192.0.2.21", at(11, 0))}, nil},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			ev := Evidence{Checks: []inventory.Check{c.check}, Observations: c.obs}
			got, ticked := VerifyByCheck(items, a, maps, c.check, ev, p, now)
			slices.Sort(ticked)
			if !slices.Equal(ticked, c.want) {
				t.Fatalf("ticked = %v, want %v", ticked, c.want)
			}
			for _, id := range c.want {
				it := got[findItem(got, id)]
				if !it.Done || it.DoneBy != "tester" || it.Evidence == "" || it.DoneAt.IsZero() {
					t.Errorf("%s: %+v, want done by the check's actor with evidence", id, it)
				}
			}
			if findItem(got, "close-mapping-4") >= 0 && got[findItem(got, "close-mapping-4")].Done {
				t.Error("a mapping not recorded closed was ticked")
			}
		})
	}
	got, _ := VerifyByCheck(items, a, maps, newCheck(10, at(11, 2)),
		Evidence{Checks: []inventory.Check{newCheck(10, at(11, 2))}, Observations: []inventory.Observation{dark20, dark21}}, p, now)
	if want := "live check #10 found no answer at 192.0.2.20, 192.0.2.21"; got[findItem(got, ItemPowerDown)].Evidence != want {
		t.Errorf("evidence = %q, want %q", got[findItem(got, ItemPowerDown)].Evidence, want)
	}
	if items[findItem(items, ItemPowerDown)].Done {
		t.Error("VerifyByCheck changed its input")
	}
}

// A check proves only what it is the newest word on: a file of an older
// scan, imported after a live check saw the device answer, ticks nothing;
// a file newer than any live check does, and says where it came from.
func TestVerifyByCheckWeighsTheCheckAgainstAllTheEvidence(t *testing.T) {
	a := newAsset(1, "srv-01", decommissioning, "192.0.2.20")
	items := Checklist(a, nil, nil)
	p := testPolicy()
	live := newCheck(11, at(11, 0))
	live.RecordedAt = at(11, 0)
	answered := answerObs(11, 1, "192.0.2.20", at(10, 58), openPort(22, "ssh"))
	imported := func(id int64, fileTime time.Time) inventory.Check {
		c := newCheck(id, fileTime)
		c.Source, c.RecordedAt = "import:old-scan.xml", at(11, 30)
		return c
	}

	old := imported(12, at(9, 0))
	ev := Evidence{Checks: []inventory.Check{live, old},
		Observations: []inventory.Observation{answered, darkObs(12, 1, "192.0.2.20", at(8, 59))}}
	if _, ticked := VerifyByCheck(items, a, nil, old, ev, p, now); len(ticked) != 0 {
		t.Errorf("an older file imported after the live check ticked %v", ticked)
	}

	newer := imported(13, at(11, 20))
	ev = Evidence{Checks: []inventory.Check{live, newer},
		Observations: []inventory.Observation{answered, darkObs(13, 1, "192.0.2.20", at(11, 19))}}
	got, ticked := VerifyByCheck(items, a, nil, newer, ev, p, now)
	if !slices.Equal(ticked, []string{ItemPowerDown}) {
		t.Fatalf("a file newer than the live check ticked %v, want power-down", ticked)
	}
	if want := "file old-scan.xml, imported as check #13 found no answer at 192.0.2.20"; got[findItem(got, ItemPowerDown)].Evidence != want {
		t.Errorf("evidence = %q, want %q", got[findItem(got, ItemPowerDown)].Evidence, want)
	}
}
