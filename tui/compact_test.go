package tui

import (
	"context"
	"errors"
	"fmt"
	"runtime"
	"slices"
	"strings"
	"testing"
	"unsafe"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/sunset-tui/sunset/inventory"
	"github.com/sunset-tui/sunset/lifecycle"
)

// summaryOf is asset a as the store lists it.
func summaryOf(a inventory.Asset) inventory.AssetSummary {
	search := a.Serial + "\n" + a.Location
	for _, ad := range a.Addresses {
		search += "\n" + ad.Value
	}
	return inventory.AssetSummary{ID: a.ID, Tag: a.Tag, Hostname: a.Hostname, Kind: a.Kind, Stage: a.Stage, Owner: a.Owner,
		LastSeen: a.LastSeen, PrimaryIP: a.PrimaryIP(), Search: search}
}

// generatedSummaries are n assets of the benchmarks' inventory as the
// store lists them.
func generatedSummaries(n int) []inventory.AssetSummary {
	out := make([]inventory.AssetSummary, n)
	for i := range out {
		a := generatedAsset(i)
		a.ID = int64(i + 1)
		out[i] = summaryOf(a)
	}
	return out
}

// heapGrowth is how many bytes of heap what build returns keeps.
func heapGrowth(build func() any) (uint64, any) {
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	kept := build()
	runtime.GC()
	runtime.ReadMemStats(&after)
	return after.HeapAlloc - before.HeapAlloc, kept
}

func TestARowKeepsLittleMoreThanItsText(t *testing.T) {
	const n = 20000
	ss := generatedSummaries(n)
	textBytes := 0
	for i := range n {
		// The display fields and the one value no other row has, each
		// ended by a 0 byte.
		a := generatedAsset(i)
		textBytes += len(a.Tag) + len(a.Hostname) + len(a.Kind) + len(a.Owner) + len(a.PrimaryIP()) + len(a.Serial) + 6
	}
	grew, kept := heapGrowth(func() any { return newRowPage(ss) })
	perRow := float64(grew) / n
	want := float64(textBytes)/n + float64(unsafe.Sizeof(assetRow{})) + 8
	if perRow > want {
		t.Errorf("a row keeps %.0f bytes, want at most %.0f: its text and %d bytes", perRow, want, unsafe.Sizeof(assetRow{}))
	}
	if size := unsafe.Sizeof(assetRow{}); size > 40 {
		t.Errorf("a row is %d bytes, want at most 40", size)
	}
	runtime.KeepAlive(kept)
	runtime.KeepAlive(ss)
}

func TestRowsNumberTheSearchValuesTheyShare(t *testing.T) {
	ss := generatedSummaries(200)
	page := newRowPage(ss)
	s := &snapshot{common: newCommonValues(), index: newRowIndex(len(ss)), stageCounts: make([]int, len(inventory.Stages))}
	s.addRows(page)
	for i := range s.rows {
		if strings.Contains(s.rows[i].text, "site-") {
			t.Fatalf("row %s holds a location 40 rows share: %q", s.rows[i].tag(), s.rows[i].text)
		}
	}
	if len(s.common.sets) > 41 {
		t.Errorf("%d sets of shared values, want one a location", len(s.common.sets))
	}
	q := parseQuery("site-17 sn")
	q.prepare(s.common.sets)
	var got []string
	for i := range s.rows {
		if q.matches(&s.rows[i], testNow.Unix()) {
			got = append(got, s.rows[i].tag())
		}
	}
	if want := "A-000017 A-000057 A-000097 A-000137 A-000177"; strings.Join(got, " ") != want {
		t.Errorf("site-17 matches %v, want %s", got, want)
	}
}

func TestFilterFoldsTheCaseOfNonASCIIDisplayFields(t *testing.T) {
	r := row("Ä-1", "Ünïcode-Host", inventory.KindServer, inventory.StageActive, "ÉQUIPE", "192.0.2.1", testNow)
	for _, word := range []string{"ünïcode", "équipe", "ä-1", "UNI"} {
		q := parseQuery(word)
		q.prepare(noCommon)
		if got := q.matches(&r, testNow.Unix()); got != (word != "UNI") {
			t.Errorf("%q matches %v", word, got)
		}
	}
	if r.host() != "Ünïcode-Host" || r.owner() != "ÉQUIPE" {
		t.Errorf("display fields %q, %q", r.host(), r.owner())
	}
}

func TestAReloadSharesTheTextOfEveryUnchangedRow(t *testing.T) {
	s := openStore(t)
	ids := seedInventory(t, s)
	m := loaded(t, s, Options{}, 120, 36)
	m.c.headRows, m.c.chunkRows = 2, 2
	old := m.snap
	update(t, s, func(ctx context.Context, w inventory.Writer) error {
		a, err := w.Asset(ctx, ids.cam)
		if err != nil {
			return err
		}
		a.Hostname = "cam-renamed"
		_, err = w.UpdateAsset(ctx, &a, "test")
		return err
	})
	m, _ = stepCmd(t, m, keyMsg("ctrl+r"))
	m, derive := readAll(t, m, m.loadCmd(m.loadTask))
	m = step(t, m, derive())
	if m.snap == old || m.snap.shown != nil {
		t.Fatal("the new snapshot is not on show on its own")
	}
	for i := range m.snap.rows {
		r := &m.snap.rows[i]
		was := old.row(r.id)
		shared := unsafe.StringData(r.text) == unsafe.StringData(was.text)
		switch {
		case r.id == ids.cam && (shared || r.host() != "cam-renamed"):
			t.Errorf("the changed row: %q, shared %v", r.text, shared)
		case r.id != ids.cam && !shared:
			t.Errorf("%s: the unchanged row holds a copy of its text", r.tag())
		}
	}
}

func TestRemindersOfManyAssetsKeepOneTextPattern(t *testing.T) {
	s := openStore(t)
	const n = 40
	update(t, s, func(ctx context.Context, w inventory.Writer) error {
		for i := range n {
			a := inventory.Asset{Tag: fmt.Sprintf("W-%03d", i), Hostname: fmt.Sprintf("host-%03d", i), Kind: inventory.KindServer,
				Stage: inventory.StageActive, Owner: "infra", WarrantyEnds: inventory.DateOf(testNow.AddDate(0, 0, 10))}
			if err := w.CreateAsset(ctx, &a, "test"); err != nil {
				return err
			}
		}
		return nil
	})
	m := loaded(t, s, Options{}, 120, 36)
	if len(m.snap.reminders) != n {
		t.Fatalf("%d reminders, want %d", len(m.snap.reminders), n)
	}
	if got := len(m.snap.phrases.patterns); got > 2 {
		t.Errorf("%d text patterns for %d reminders that differ only in their asset", got, n)
	}
	for i := range m.snap.reminders {
		r := &m.snap.reminders[i]
		what := m.snap.whatOf(r)
		if want := "the warranty of host-" + strings.TrimPrefix(r.asset(), "W-"); !strings.HasPrefix(what, want) {
			t.Fatalf("reminder %d of %s says %q", i, r.asset(), what)
		}
	}
}

func TestListsDrawOnlyWhatFitsTheScreen(t *testing.T) {
	c := New(svcOf(openStore(t)), Options{Now: fixedNow}).c
	s := &snapshot{derived: true, phrases: newPhrases()}
	what := s.phrases.add("the warranty of host-1 ends", assetNames("A-1\x00host-1\x00"), "")
	s.reminders = make([]reminderView, 100000)
	s.findings = make([]findingView, 100000)
	for i := range s.reminders {
		s.reminders[i] = reminderView{assetID: 1, names: "A-1\x00host-1\x00", kind: "warranty", what: what}
		s.findings[i] = findingView{assetID: 1, names: "A-1\x00host-1\x00", kind: "no-owner", severity: 1, summary: what}
	}
	reminders, findings := newRemindersPage(c), newFindingsPage(c)
	reminders.SetSize(100, 30)
	findings.SetSize(100, 30)
	if allocs := testing.AllocsPerRun(3, func() { reminders.setSnapshot(s); findings.setSnapshot(s) }); allocs > 10 {
		t.Errorf("showing 100,000 reminders and findings allocates %.0f times", allocs)
	}
	for _, v := range []string{reminders.View(), findings.View()} {
		if n := strings.Count(v, "host-1 ends"); n == 0 || n > 30 {
			t.Errorf("%d entries drawn:\n%s", n, v)
		}
	}
}

func TestFindingsAndRemindersAreInTheOrderOfTheServicesJudgement(t *testing.T) {
	s := openStore(t)
	seedInventory(t, s)
	// Assets without a tag go by their hostname, and the service judges
	// them a chunk at a time in id order: the last one here comes in a
	// chunk of its own, yet goes first.
	update(t, s, func(ctx context.Context, w inventory.Writer) error {
		for i := range 2001 {
			host := fmt.Sprintf("zz-%04d", i)
			if i == 2000 {
				host = "aa-first"
			}
			a := inventory.Asset{Hostname: host, Kind: inventory.KindServer, Stage: inventory.StageActive,
				WarrantyEnds: inventory.DateOf(testNow.AddDate(0, 0, 5))}
			if err := w.CreateAsset(ctx, &a, "test"); err != nil {
				return err
			}
		}
		return nil
	})
	m := loaded(t, s, Options{}, 120, 36)
	j, err := svcOf(s).Judge(context.Background(), reminderWindow(m.snap.policy))
	if err != nil {
		t.Fatal(err)
	}
	// The screens show findings worst first, then by when they began.
	slices.SortStableFunc(j.Findings, func(a, b lifecycle.Finding) int {
		if d := b.Severity.Rank() - a.Severity.Rank(); d != 0 {
			return d
		}
		return a.Since.Compare(b.Since)
	})
	var want, got []string
	for _, f := range j.Findings {
		want = append(want, string(f.Kind)+" "+f.Asset+" "+f.Address)
	}
	for i := range m.snap.findings {
		f := &m.snap.findings[i]
		got = append(got, f.kind+" "+f.asset()+" "+f.address)
	}
	if !slices.Equal(got, want) {
		t.Errorf("findings: %s", firstDifference(got, want))
	}
	want, got = nil, nil
	for _, r := range j.Reminders {
		want = append(want, r.Date.String()+" "+string(r.Kind)+" "+r.Asset)
	}
	for i := range m.snap.reminders {
		r := &m.snap.reminders[i]
		got = append(got, r.due.date().String()+" "+r.kind+" "+r.asset())
	}
	if !slices.Equal(got, want) || len(got) < 2001 {
		t.Errorf("%d reminders: %s", len(got), firstDifference(got, want))
	}
}

// firstDifference describes where got first differs from want.
func firstDifference(got, want []string) string {
	for i := range min(len(got), len(want)) {
		if got[i] != want[i] {
			return fmt.Sprintf("entry %d is %q, want %q", i, got[i], want[i])
		}
	}
	return fmt.Sprintf("%d entries, want %d", len(got), len(want))
}

func TestPhrasesGiveBackEveryTextAsItWas(t *testing.T) {
	p := newPhrases()
	cases := []struct {
		text, tag, host, address string
	}{
		{"host-1 (A-1) answered on 192.0.2.1 — check it (C on A-1)", "A-1", "host-1", "192.0.2.1"},
		{"A-10 is A-1's twin at A-1.example", "A-1", "A-1.example", ""},
		{"nothing of its names here", "A-2", "host-2", "192.0.2.2"},
		{"192.0.2.3 answered", "", "", "192.0.2.3"},
		{"host host host", "h", "host", ""},
	}
	for _, c := range cases {
		names := assetNames(c.tag + "\x00" + c.host + "\x00")
		n := p.add(c.text, names, c.address)
		if got := p.text(n, names, c.address); got != c.text {
			t.Errorf("%q came back as %q", c.text, got)
		}
	}
	names := assetNames("A-9\x00host-9\x00")
	if n := p.add("host-9 (A-9) answered on 192.0.2.9 — check it (C on A-9)", names, "192.0.2.9"); n != 0 {
		t.Errorf("a text that differs only in its asset has pattern %d, want the first one's", n)
	}
}

func TestPackedDatesKeepTheirDay(t *testing.T) {
	for _, d := range []inventory.Date{{}, {Year: 2025, Month: 6, Day: 15}, {Year: 1999, Month: 12, Day: 31}, {Year: 9999, Month: 1, Day: 1}} {
		if got := packDate(d).date(); got != d {
			t.Errorf("%v came back as %v", d, got)
		}
	}
	if packDate(inventory.Date{Year: 2025, Month: 1, Day: 31}) >= packDate(inventory.Date{Year: 2025, Month: 2, Day: 1}) {
		t.Error("packed dates do not sort as dates")
	}
}

func TestRowIndexFindsDenseAndSparseIDs(t *testing.T) {
	x := newRowIndex(4)
	ids := []int64{3, 1, 2, 1 << 40, 4, 9, -5}
	for i, id := range ids {
		x.put(id, int32(i))
	}
	for i, id := range ids {
		if got, ok := x.get(id); !ok || got != int32(i) {
			t.Errorf("id %d: row %d, %v; want %d", id, got, ok, i)
		}
	}
	for _, id := range []int64{0, 5, 1<<40 + 1, 1 << 62} {
		if _, ok := x.get(id); ok {
			t.Errorf("id %d found", id)
		}
	}
}

func TestSortingKeepsEqualRowsInTheirOrder(t *testing.T) {
	for _, distinct := range []int{3, 1000} {
		keys := make([]sortKey, 5000)
		for i := range keys {
			keys[i] = sortKey{num: uint64(i*7919) % uint64(distinct)}
		}
		want := make([]int32, len(keys))
		for i := range want {
			want[i] = int32(i)
		}
		slices.SortStableFunc(want, func(a, b int32) int { return keys[a].compare(keys[b]) })
		if got := orderOf(keys); !slices.Equal(got, want) {
			t.Errorf("with %d values: rows of equal keys left their order", distinct)
		}
	}
}

func TestAddressesSortNumericallyThenAsText(t *testing.T) {
	ips := []string{"2001:db8::1", "192.0.2.10", "", "192.0.2.2", "host.example", "127.255.0.1"}
	keys := make([]sortKey, len(ips))
	for i, ip := range ips {
		keys[i] = ipSortKey(ip)
	}
	var got []string
	for _, i := range orderOf(keys) {
		got = append(got, ips[i])
	}
	if want := []string{"127.255.0.1", "192.0.2.2", "192.0.2.10", "", "2001:db8::1", "host.example"}; !slices.Equal(got, want) {
		t.Errorf("addresses sort as %q, want %q", got, want)
	}
}

func TestAReloadStopsTheJudgementItMakesStale(t *testing.T) {
	s := openStore(t)
	seedInventory(t, s)
	m := New(svcOf(s), Options{Now: fixedNow})
	m = step(t, m, tea.WindowSizeMsg{Width: 120, Height: 36})
	m, derive := readAll(t, m, m.loadCmd(m.loadTask))
	m, _ = stepCmd(t, m, keyMsg("ctrl+r"))
	msg, ok := derive().(derivedMsg)
	if !ok || !errors.Is(msg.err, context.Canceled) || len(msg.d.findings) > 0 {
		t.Fatalf("the stale judgement ran on: %+v", msg)
	}
}

func TestPhrasesNeverTakeATextsOwnBytesForNames(t *testing.T) {
	p := newPhrases()
	names := assetNames("A-1\x00host-1\x00")
	n := p.add("host-1 said \x01", names, "")
	if got := p.text(n, names, ""); got != `host-1 said \x01` {
		t.Errorf("came back as %q", got)
	}
}
