package tui

import (
	"context"
	"errors"
	"path/filepath"
	"strings"
	"testing"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/sunset-tui/sunset/inventory"
	"github.com/sunset-tui/sunset/inventory/sqlite"
)

// shownTags lists the tags of the asset table's rows in order.
func shownTags(m Model) []string {
	var out []string
	for _, i := range m.assets.table.view {
		out = append(out, m.assets.table.rows[i].tag())
	}
	return out
}

func TestSnapshotCountsStagesFindingsAndTheLastCheck(t *testing.T) {
	s := openStore(t)
	ids := seedInventory(t, s)
	m := loaded(t, s, Options{}, 100, 30)
	for i, want := range []int{1, 1, 2, 1, 1, 1} {
		if got := m.snap.stageCounts[i]; got != want {
			t.Errorf("%s: %d assets, want %d", inventory.Stages[i], got, want)
		}
	}
	kinds := map[string]string{}
	for _, f := range m.snap.findings {
		kinds[f.kind] = f.severityName()
	}
	if kinds["zombie"] != "critical" || kinds["exposed-mapping"] == "" || kinds["unknown"] == "" {
		t.Errorf("findings = %v, want a critical zombie, an exposed mapping and an unknown device", kinds)
	}
	if m.snap.findings[0].severityName() != "critical" {
		t.Errorf("findings are not worst first: %v", m.snap.findings[0])
	}
	if r := m.snap.row(ids.nvr); r.findings != 1 || severities[r.worst-1] != "critical" {
		t.Errorf("retired NVR badge: %d findings, worst %d", r.findings, r.worst)
	}
	lc := m.snap.lastCheck
	if lc == nil || lc.activeTotal != 2 || lc.activeAnswered != 2 || lc.activeCovered != 2 {
		t.Errorf("last check summary = %+v", lc)
	}
	if len(m.snap.unknowns) != 1 || m.snap.unknowns[0].address() != "192.0.2.99" {
		t.Errorf("unknowns = %+v", m.snap.unknowns)
	}
	if len(m.snap.reminders) == 0 || m.snap.reminders[0].assetID != ids.sw {
		t.Errorf("first reminder should be the switch's end of life, got %+v", m.snap.reminders)
	}
}

func TestStaleLoadResultsAreDropped(t *testing.T) {
	s := openStore(t)
	seedInventory(t, s)
	m := loaded(t, s, Options{}, 100, 30)
	m, _ = stepCmd(t, m, keyMsg("ctrl+r"))
	newer := m.loadTask
	empty := &snapshot{common: newCommonValues(), stageCounts: make([]int, len(inventory.Stages)), derived: true}
	m = step(t, m, headMsg{task: newer - 1, snap: empty, first: rowsMsg{task: newer - 1, done: true}})
	if len(m.snap.rows) != 7 || m.pending != nil {
		t.Fatalf("a stale snapshot replaced the current one: %d rows", len(m.snap.rows))
	}
	m = step(t, m, rowsMsg{task: newer - 1, page: newRowPage([]inventory.AssetSummary{{ID: 4242, Tag: "STALE"}}), done: true})
	if len(m.snap.rows) != 7 || m.snap.row(4242) != nil {
		t.Fatal("stale rows were added")
	}
	stale := &snapshot{common: newCommonValues()}
	stale.addRows(newRowPage([]inventory.AssetSummary{{ID: 4242, Tag: "STALE"}}))
	m = step(t, m, derivedMsg{task: newer - 1, d: derived{rows: stale}})
	if len(m.snap.findings) == 0 || len(m.snap.rows) != 7 || m.snap.row(4242) != nil {
		t.Fatal("a stale derive result replaced the findings or the rows")
	}
	m = step(t, m, detailMsg{task: 99, detail: &assetDetail{}})
	if m.detail.d != nil {
		t.Fatal("a detail result nobody asked for was shown")
	}
}

func TestAnotherProcessWritingShowsUpWithoutRestart(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "shared.db")
	s, err := sqlite.Open(path, sqlite.Options{Actor: "tui", Now: fixedNow})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	seedInventory(t, s)
	m := loaded(t, s, Options{}, 100, 30)

	// A second admin (another process, another connection) adds an asset.
	other, err := sqlite.Open(path, sqlite.Options{Actor: "cron", Now: fixedNow})
	if err != nil {
		t.Fatal(err)
	}
	defer other.Close()
	added := inventory.Asset{Tag: "A-0100", Hostname: "added-elsewhere"}
	update(t, other, func(ctx context.Context, w inventory.Writer) error {
		return w.CreateAsset(ctx, &added, "cron")
	})
	rev, err := s.Revision(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if rev <= m.snap.rev {
		t.Fatalf("revision did not grow: %d <= %d", rev, m.snap.rev)
	}
	m, cmd := stepCmd(t, m, revisionMsg{rev: rev, now: testNow})
	if !m.loading || cmd == nil {
		t.Fatal("a grown revision did not start a reload")
	}
	m, _ = readAll(t, m, m.loadCmd(m.loadTask))
	if m.snap.row(added.ID) == nil || len(m.snap.rows) != 8 {
		t.Fatalf("the new asset is not shown: %d rows", len(m.snap.rows))
	}
	if len(m.snap.findings) == 0 {
		t.Fatal("findings vanished while the new ones are derived")
	}
	// The same revision again does not reload.
	m.loading = false
	if m2, _ := stepCmd(t, m, revisionMsg{rev: m.snap.rev, now: testNow}); m2.loading {
		t.Fatal("an unchanged revision started a reload")
	}
}

func TestTypingInTheFilterNarrowsTheTable(t *testing.T) {
	s := openStore(t)
	seedInventory(t, s)
	m := loaded(t, s, Options{}, 100, 30)
	m = step(t, m, keyMsg("2"))
	m = step(t, m, keyMsg("/"))
	if !m.assets.capturesKeys() {
		t.Fatal("/ did not focus the filter")
	}
	m = typeText(t, m, "stage:active")
	if got := strings.Join(shownTags(m), " "); got != "A-0001 A-0002" {
		t.Fatalf("stage:active shows %q", got)
	}
	m = typeText(t, m, " lobby")
	if got := strings.Join(shownTags(m), " "); got != "A-0002" {
		t.Fatalf("stage:active lobby shows %q", got)
	}
	// q is typed into the filter, not taken as quit.
	m, cmd := stepCmd(t, m, keyMsg("q"))
	if cmd != nil {
		if _, quit := cmd().(tea.QuitMsg); quit {
			t.Fatal("q quit while typing a filter")
		}
	}
	m = step(t, m, keyMsg("esc"))
	if len(shownTags(m)) != 7 || m.assets.capturesKeys() {
		t.Fatal("esc did not clear the filter")
	}
}

func TestDashboardNumbersLeadToTheFilteredList(t *testing.T) {
	s := openStore(t)
	seedInventory(t, s)
	m := loaded(t, s, Options{}, 120, 30)
	// The links start with the stage bars: planned, spare, active, ...
	for i := 0; i < 4; i++ {
		m = step(t, m, keyMsg("down"))
	}
	m, cmd := stepCmd(t, m, keyMsg("enter"))
	if cmd == nil {
		t.Fatal("enter on a number did nothing")
	}
	m = step(t, m, cmd())
	if m.screen != screenAssets {
		t.Fatalf("landed on screen %d", m.screen)
	}
	if got := strings.Join(shownTags(m), " "); got != "A-0004" {
		t.Fatalf("the retired bar leads to %q", got)
	}
	// A severity leads to the findings of that severity.
	m = step(t, m, keyMsg("1"))
	m = step(t, m, navigateMsg{to: screenFindings, severity: "critical"})
	if v := m.findings.pick.view; len(v) != 1 || m.findings.finding(int(v[0])).kind != "zombie" {
		t.Fatalf("%d critical findings shown, want the zombie", len(v))
	}
}

func TestFindingEnterOpensItsAsset(t *testing.T) {
	s := openStore(t)
	ids := seedInventory(t, s)
	m := loaded(t, s, Options{}, 100, 30)
	m = step(t, m, keyMsg("3"))
	m, cmd := stepCmd(t, m, keyMsg("enter"))
	msg := cmd()
	open, ok := msg.(openAssetMsg)
	if !ok || open.id != ids.nvr {
		t.Fatalf("enter on the worst finding sent %#v, want the NVR", msg)
	}
	m, cmd = stepCmd(t, m, open)
	if m.screen != screenDetail || cmd == nil {
		t.Fatal("the detail screen did not open")
	}
	m = step(t, m, cmd())
	if !strings.Contains(plainView(m), "nvr-old") {
		t.Fatalf("detail does not show the asset:\n%s", plainView(m))
	}
	m = step(t, m, keyMsg("esc"))
	if m.screen != screenFindings {
		t.Fatal("esc did not go back to the findings")
	}
}

func TestSortCyclesColumnsAndReverses(t *testing.T) {
	s := openStore(t)
	seedInventory(t, s)
	m := loaded(t, s, Options{}, 120, 30)
	m = step(t, m, keyMsg("2"))
	m = step(t, m, keyMsg("s")) // hostname
	if got := shownTags(m)[0]; got != "A-0002" {
		t.Fatalf("by hostname the first is %s, want cam-lobby's A-0002", got)
	}
	m = step(t, m, keyMsg("S"))
	if got := shownTags(m)[0]; got != "A-0006" {
		t.Fatalf("reversed by hostname the first is %s, want sw-core's A-0006", got)
	}
}

func TestSelectionFeedsBulkCheck(t *testing.T) {
	s := openStore(t)
	seedInventory(t, s)
	check := func(ctx context.Context, req CheckRequest, progress func(Progress)) (inventory.Check, error) {
		return inventory.Check{}, errors.New("not run in this test")
	}
	m := loaded(t, s, Options{Check: check}, 120, 30)
	m = step(t, m, keyMsg("2"))
	m = step(t, m, keyMsg(" "))
	m = step(t, m, keyMsg(" "))
	if n := m.assets.table.selected.len(); n != 2 {
		t.Fatalf("%d selected, want 2", n)
	}
	if !strings.Contains(plainView(m), "2 selected") {
		t.Fatal("the selection count is not shown")
	}
	_, cmd := stepCmd(t, m, keyMsg("c"))
	msg, ok := cmd().(startCheckMsg)
	if !ok || len(msg.ids) != 2 {
		t.Fatalf("c sent %#v, want a check of the 2 selected assets", msg)
	}
	m = step(t, m, keyMsg("A"))
	if m.assets.table.selected.len() != 7 {
		t.Fatal("A did not select every shown asset")
	}
	m = step(t, m, keyMsg("A"))
	if m.assets.table.selected.len() != 0 {
		t.Fatal("A again did not clear the selection")
	}
}

func TestHelpOffersOnlyKeysThatWorkHere(t *testing.T) {
	s := openStore(t)
	seedInventory(t, s)
	m := loaded(t, s, Options{}, 120, 30)
	helpLine := func(m Model) string { return strings.Split(plainView(m), "\n")[m.height-1] }
	if h := helpLine(m); strings.Contains(h, "filter") || !strings.Contains(h, "enter") {
		t.Errorf("dashboard help: %q", h)
	}
	m = step(t, m, keyMsg("2"))
	if h := helpLine(m); !strings.Contains(h, "filter") || strings.Contains(h, "check") {
		t.Errorf("asset list help without a check function: %q", h)
	}
	m = step(t, m, keyMsg("?"))
	full := plainView(m)
	for _, want := range []string{"sort column", "next stage tab", "select all", "new asset", "quit"} {
		if !strings.Contains(full, want) {
			t.Errorf("full help lacks %q", want)
		}
	}
	for _, not := range []string{"tick item", "adopt", "cancel check", "check everything"} {
		if strings.Contains(full, not) {
			t.Errorf("full help of the asset list offers %q, which does not work there", not)
		}
	}
}

func TestTooSmallTerminalSaysSo(t *testing.T) {
	s := openStore(t)
	seedInventory(t, s)
	m := loaded(t, s, Options{}, 40, 10)
	v := plainView(m)
	if !strings.Contains(v, "Terminal too small") || !strings.Contains(v, "40×10") {
		t.Fatalf("view:\n%s", v)
	}
	m = step(t, m, tea.WindowSizeMsg{Width: 100, Height: 30})
	if strings.Contains(plainView(m), "too small") {
		t.Fatal("still too small after growing")
	}
}

func TestStoreErrorsShowInTheStatusLine(t *testing.T) {
	s := openStore(t)
	seedInventory(t, s)
	m := loaded(t, s, Options{}, 100, 30)
	m = step(t, m, writeDoneMsg{what: "x", err: inventory.Errorf(inventory.ErrUnavailable, "database is locked")})
	if !strings.Contains(plainView(m), "not saved: database is locked") {
		t.Fatalf("status line:\n%s", plainView(m))
	}
	m = step(t, m, headMsg{task: m.loadTask, err: errors.New("disk on fire")})
	if !strings.Contains(plainView(m), "could not load the inventory: disk on fire") {
		t.Fatal("a load error is not shown")
	}
	if len(m.snap.rows) != 7 {
		t.Fatal("a failed load dropped the data on show")
	}
}

func TestCheckMessagesOfAnotherRunAreIgnored(t *testing.T) {
	s := openStore(t)
	seedInventory(t, s)
	m := loaded(t, s, Options{Check: fakeCheckNeverRuns}, 120, 30)
	m = step(t, m, startCheckMsg{ids: []int64{1}})
	if m.check == nil {
		t.Fatal("no check running")
	}
	run := m.check.task
	m = step(t, m, checkProgressMsg{task: run + 100, p: Progress{Done: 9, Total: 9}})
	m = step(t, m, checkDoneMsg{task: run + 100})
	if m.check == nil || m.check.progress.Done != 0 {
		t.Fatal("a message of another run changed this one")
	}
	if second := step(t, m, startCheckMsg{}); second.check.task != run || !strings.Contains(plainView(second), "already running") {
		t.Fatal("a second check started while one runs")
	}
	m = step(t, m, checkDoneMsg{task: run, err: inventory.Errorf(inventory.ErrRefused, "scan.scope is empty")})
	if m.check != nil || !strings.Contains(plainView(m), "check failed: scan.scope is empty") {
		t.Fatalf("a failed check is not reported:\n%s", plainView(m))
	}
}
