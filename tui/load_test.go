package tui

import (
	"context"
	"errors"
	"regexp"
	"slices"
	"strings"
	"testing"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/ansi"
	"github.com/charmbracelet/x/exp/golden"
	"github.com/sunset-tui/sunset/inventory"
)

// firstFrame returns a model of the seeded store that has read only the
// head of the inventory (the counts, the last check and the first three
// assets) and the command that judges the inventory and reads the rest of
// the rows with it.
func firstFrame(t *testing.T, s inventory.Store, w, h int) (Model, tea.Cmd) {
	t.Helper()
	m := New(svcOf(s), Options{Now: fixedNow, Check: fakeCheckNeverRuns})
	m.c.headRows = 3
	m = step(t, m, tea.WindowSizeMsg{Width: w, Height: h})
	m, cmd := stepCmd(t, m, m.loadCmd(m.loadTask)())
	if m.snap == nil || m.snap.complete || len(m.snap.rows) != 3 {
		t.Fatal("the head of the load is not on show on its own")
	}
	if msg, ok := cmd().(derivedMsg); !ok || msg.d.rows == nil || len(msg.d.rows.rows) != 7 {
		t.Fatal("the head does not go on to judge the inventory and read every row with it")
	}
	return m, cmd
}

func TestFirstFrameShowsTheCountsAndFirstRowsWhileTheRestLoads(t *testing.T) {
	s := openStore(t)
	seedInventory(t, s)
	m, next := firstFrame(t, s, 120, 36)

	dash := plainView(m)
	if !regexp.MustCompile(`active\s+█+\s+2\s`).MatchString(dash) || !regexp.MustCompile(`disposed\s+█+·+\s+1\s`).MatchString(dash) {
		t.Errorf("the first dashboard does not count the assets by stage:\n%s", dash)
	}
	for _, want := range []string{"Assets 7", "Findings …", "loading assets… 3 of 7",
		"working them out…", "#1 59m ago, live", "counting what it saw…"} {
		if !strings.Contains(dash, want) {
			t.Errorf("the first dashboard lacks %q:\n%s", want, dash)
		}
	}
	// Nothing derived is claimed before it is: no "nothing due", no zeros.
	for _, lie := range []string{"nothing due", "critical              0", "answered"} {
		if strings.Contains(dash, lie) {
			t.Errorf("the first dashboard says %q before it knows:\n%s", lie, dash)
		}
	}
	if got := m.snap.stageCounts; !slices.Equal(got, []int{1, 1, 2, 1, 1, 1}) {
		t.Errorf("stage counts %v, want the store's", got)
	}

	m = keys(t, m, "2", "down") // the cursor on A-0002
	list := plainView(m)
	if !strings.Contains(list, "3 shown · 3 of 7 loaded…") || !strings.Contains(list, "srv-legacy") || strings.Contains(list, "laptop-17") {
		t.Fatalf("the first list:\n%s", list)
	}
	m = keys(t, m, "s") // by hostname, over the rows read so far

	m = run(t, m, next())
	if !m.snap.complete || len(m.snap.rows) != 7 {
		t.Fatalf("after the judgement: %d rows, complete %v", len(m.snap.rows), m.snap.complete)
	}
	list = plainView(m)
	if !strings.Contains(list, "7 shown") || strings.Contains(list, "loaded") || !strings.Contains(list, "laptop-17") {
		t.Fatalf("the full list:\n%s", list)
	}
	if got := strings.Join(shownTags(m), " "); got != "A-0002 A-0007 A-0004 A-0005 A-0001 A-0003 A-0006" {
		t.Errorf("sorted by hostname after the rest of the rows: %s", got)
	}
	if r := m.assets.table.current(); r == nil || r.tag() != "A-0002" {
		t.Errorf("the cursor left its asset when the rest of the rows arrived: %+v", r)
	}
	var tags []string
	for i := range m.snap.rows {
		tags = append(tags, m.snap.rows[i].tag())
	}
	if got := strings.Join(tags, " "); got != "A-0001 A-0002 A-0003 A-0004 A-0005 A-0006 A-0007" {
		t.Errorf("the rows read with the judgement are not in the list's order: %s", got)
	}
	if !m.snap.derived || !strings.Contains(plainView(keys(t, m, "1")), "active assets answered 2 of 2") {
		t.Errorf("the load did not go on to derive findings and count the check:\n%s", plainView(m))
	}
}

func TestFilterOverAPartialListSaysItIsStillLoading(t *testing.T) {
	s := openStore(t)
	seedInventory(t, s)
	m, next := firstFrame(t, s, 100, 30)
	m = keys(t, m, "2", "/")
	m = typeText(t, m, "laptop")
	v := plainView(m)
	if !strings.Contains(v, "0 shown · 3 of 7 loaded…") || !strings.Contains(v, "Nothing matches in the 3 assets read so far; the rest are still loading") {
		t.Fatalf("a filter over the first page does not say the rest is loading:\n%s", v)
	}
	if strings.Contains(v, "No assets match") {
		t.Fatalf("a partial list claims no asset matches:\n%s", v)
	}
	m = run(t, m, next())
	if got := shownTags(m); len(got) != 1 || got[0] != "A-0007" || !strings.Contains(plainView(m), "1 shown") {
		t.Fatalf("the filter after every row is in shows %v:\n%s", got, plainView(m))
	}
}

func TestReloadKeepsTheWholeListOnShowUntilTheNewOneIsIn(t *testing.T) {
	s := openStore(t)
	seedInventory(t, s)
	m := loaded(t, s, Options{}, 120, 36)
	m.c.headRows, m.c.chunkRows = 2, 2
	m = keys(t, m, "2")
	update(t, s, func(ctx context.Context, w inventory.Writer) error {
		return w.CreateAsset(ctx, &inventory.Asset{Tag: "A-0008", Hostname: "added-late"}, "test")
	})
	m, _ = stepCmd(t, m, keyMsg("ctrl+r"))
	m, cmd := stepCmd(t, m, m.loadCmd(m.loadTask)())
	if m.pending == nil || len(m.snap.rows) != 7 || !m.snap.complete {
		t.Fatal("the new head replaced the whole list on show")
	}
	if v := plainView(m); !strings.Contains(v, "7 shown") || strings.Contains(v, "loaded") {
		t.Fatalf("a reload shows a partial list:\n%s", v)
	}
	m, derive := readAll(t, m, cmd)
	if m.pending != nil || len(m.snap.rows) != 8 || !strings.Contains(plainView(m), "added-late") {
		t.Fatalf("the new list is not shown once complete: %d rows", len(m.snap.rows))
	}
	if !m.snap.judged() || len(m.snap.findings) == 0 || m.snap.row(4).findings == 0 {
		t.Fatal("findings and badges vanished while the new ones are derived")
	}
	if m = step(t, m, derive()); !m.snap.derived {
		t.Fatal("the new findings were not derived")
	}
}

func TestAPageThatCannotBeReadLeavesThePartialListMarked(t *testing.T) {
	s := openStore(t)
	seedInventory(t, s)
	m, _ := firstFrame(t, s, 100, 30)
	m = step(t, m, derivedMsg{task: m.loadTask, err: errors.New("disk on fire")})
	v := plainView(keys(t, m, "2"))
	if m.loading || !strings.Contains(v, "could not load the inventory: disk on fire") || !strings.Contains(v, "3 of 7 loaded") ||
		strings.Contains(v, "loaded…") {
		t.Fatalf("a failed page:\n%s", v)
	}
	m = keys(t, m, "2", "/")
	m = typeText(t, m, "laptop")
	if v := plainView(m); !strings.Contains(v, "the rest could not be read") {
		t.Fatalf("a filter over a failed load:\n%s", v)
	}
}

// TestFirstFramesFitEveryTerminalSize draws the screens of a load that
// has read its first page only, at a matrix of sizes.
func TestFirstFramesFitEveryTerminalSize(t *testing.T) {
	s := openStore(t)
	seedInventory(t, s)
	base, _ := firstFrame(t, s, 120, 40)
	for _, screen := range []string{"1", "2", "3", "4", "5"} {
		m := keys(t, base, screen)
		for _, w := range []int{20, 60, 61, 80, 96, 132, 200} {
			for _, h := range []int{5, 14, 24, 40} {
				checkFits(t, "first frame of screen "+screen, step(t, m, tea.WindowSizeMsg{Width: w, Height: h}).View(), w, h)
			}
		}
	}
}

func TestGoldenFirstFrames(t *testing.T) {
	s := openStore(t)
	seedInventory(t, s)
	for _, screen := range []struct{ name, key string }{{"dashboard", "1"}, {"assets", "2"}} {
		t.Run(screen.name, func(t *testing.T) {
			m, _ := firstFrame(t, s, 120, 36)
			golden.RequireEqual(t, []byte(ansi.Strip(keys(t, m, screen.key).View())))
		})
	}
}

func TestReloadsDoNotAddUpTheFindingsBadge(t *testing.T) {
	s := openStore(t)
	seedInventory(t, s)
	m := loaded(t, s, Options{}, 120, 36)
	want := map[int64]int32{}
	for _, f := range m.snap.findings {
		if f.assetID != 0 {
			want[f.assetID]++
		}
	}
	if len(want) == 0 {
		t.Fatal("the seeded inventory has no findings to count")
	}
	for round := 0; round < 3; round++ {
		m, _ = stepCmd(t, m, keyMsg("ctrl+r"))
		var derive tea.Cmd
		m, derive = readAll(t, m, m.loadCmd(m.loadTask))
		m = step(t, m, derive())
		for id, n := range want {
			if got := m.snap.row(id).findings; got != n {
				t.Fatalf("after reload %d, asset #%d shows %d findings, want %d", round+1, id, got, n)
			}
		}
	}
}

func TestActionsIgnoreSelectedRowsTheFilterHides(t *testing.T) {
	s := openStore(t)
	seedInventory(t, s)
	m := loaded(t, s, Options{}, 120, 36)
	m = keys(t, m, "2", " ", "down", " ")
	p := m.assets
	if p.table.selected.len() != 2 {
		t.Fatalf("selected %d rows, want 2", p.table.selected.len())
	}
	m = keys(t, m, "/")
	m = typeText(t, m, "legacy")
	got := m.assets.selection()
	if len(got) != 1 {
		t.Fatalf("with the selection filtered away, the action would touch %v", got)
	}
	if r := m.assets.table.current(); r == nil || got[0] != r.id {
		t.Fatalf("the action touches %v, not the row under the cursor", got)
	}
}

// The rows the judgement reads say what the rows of the list's own pages
// say: the same display fields, search values, stage, last sighting, check
// and findings badge for every asset.
func TestRowsReadWithTheJudgementAreThoseOfTheList(t *testing.T) {
	s := openStore(t)
	seedInventory(t, s)
	for _, a := range []inventory.Asset{
		{Tag: "A-0100", Name: "Core Switch", Serial: "SN-77", Vendor: "Cisco", Model: "C9300", Department: "Net",
			Location: "Rack 4", Addresses: []inventory.Address{{Kind: inventory.AddrMAC, Value: "02:00:5e:00:53:01"},
				{Kind: inventory.AddrIP, Value: "192.0.2.77"}, {Kind: inventory.AddrDNS, Value: "core.example.test"}}},
		{Hostname: "Ünïcode-Host", Vendor: "Cisco", Model: "C9300", Location: "Rack 4"},
	} {
		update(t, s, func(ctx context.Context, w inventory.Writer) error { return w.CreateAsset(ctx, &a, "test") })
	}
	paged := loaded(t, s, Options{}, 120, 36) // the head holds every row
	m := New(svcOf(s), Options{Now: fixedNow})
	m.c.headRows = 2
	m = step(t, m, tea.WindowSizeMsg{Width: 120, Height: 36})
	m = run(t, m, m.loadCmd(m.loadTask)())
	if !m.snap.complete || !m.snap.derived || len(m.snap.rows) != len(paged.snap.rows) {
		t.Fatalf("the load with a small head: complete %v, derived %v, %d rows of %d",
			m.snap.complete, m.snap.derived, len(m.snap.rows), len(paged.snap.rows))
	}
	values := func(s *snapshot, r *assetRow) []string {
		vs := strings.Split(r.text+s.common.sets[r.common], "\x00")
		slices.Sort(vs)
		return slices.Compact(vs)
	}
	for i := range paged.snap.rows {
		want := &paged.snap.rows[i]
		got := m.snap.row(want.id)
		if got == nil {
			t.Fatalf("%s is missing", want.tag())
		}
		if got.tag() != want.tag() || got.host() != want.host() || got.kind() != want.kind() || got.owner() != want.owner() ||
			got.ip() != want.ip() || got.stage != want.stage || got.lastSeen != want.lastSeen ||
			got.lastCheck != want.lastCheck || got.findings != want.findings || got.worst != want.worst {
			t.Errorf("%s: read with the judgement %+v, from the list %+v", want.tag(), *got, *want)
		}
		if g, w := values(m.snap, got), values(paged.snap, want); !slices.Equal(g, w) {
			t.Errorf("%s: search values %q, from the list %q", want.tag(), g, w)
		}
	}
	// In the list's order too: the one without a tag, added last, first.
	order := func(s *snapshot) (ids []int64) {
		for i := range s.rows {
			ids = append(ids, s.rows[i].id)
		}
		return ids
	}
	if g, w := order(m.snap), order(paged.snap); !slices.Equal(g, w) {
		t.Errorf("rows in the order %v, the list's is %v", g, w)
	}
	if m.snap.widths != paged.snap.widths || !slices.Equal(m.snap.stageCounts, paged.snap.stageCounts) {
		t.Errorf("widths %v and stage counts %v, from the list %v and %v",
			m.snap.widths, m.snap.stageCounts, paged.snap.widths, paged.snap.stageCounts)
	}
}
