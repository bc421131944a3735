package sqlite

import (
	"context"
	"database/sql"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/sunset-tui/sunset/inventory"
)

func mustMigrations(t *testing.T) []migration {
	t.Helper()
	all, err := migrations()
	if err != nil {
		t.Fatal(err)
	}
	return all
}

// TestMigrationsAppliedOnceInOrder: a new file records every embedded
// migration; opening it again applies none twice and keeps the data.
func TestMigrationsAppliedOnceInOrder(t *testing.T) {
	all := mustMigrations(t)
	if len(all) == 0 || all[0].Name != "0001_init.sql" {
		t.Fatalf("embedded migrations = %v, want 0001_init.sql first", all)
	}
	path := filepath.Join(t.TempDir(), "sunset.db")
	s, err := Open(path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	a := inventory.Asset{Tag: "keep-me"}
	if err := s.Update(ctx, func(w inventory.Writer) error { return w.CreateAsset(ctx, &a, "") }); err != nil {
		t.Fatal(err)
	}
	s.Close()
	s, err = Open(path, Options{})
	if err != nil {
		t.Fatalf("reopening: %v", err)
	}
	defer s.Close()
	rows, err := s.reader.Query(`SELECT version, name FROM schema_migrations ORDER BY version`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	i := 0
	for rows.Next() {
		var v int
		var name string
		if err := rows.Scan(&v, &name); err != nil {
			t.Fatal(err)
		}
		if i >= len(all) || v != all[i].Version || name != all[i].Name {
			t.Fatalf("schema_migrations row %d = %d %s", i, v, name)
		}
		i++
	}
	if i != len(all) {
		t.Fatalf("%d migrations recorded, want %d", i, len(all))
	}
	if _, err := s.FindAsset(ctx, "keep-me"); err != nil {
		t.Fatalf("data lost on reopening: %v", err)
	}
}

// TestNewerSchemaIsRefused: a file migrated by a newer sunset is not
// touched by an older one.
func TestNewerSchemaIsRefused(t *testing.T) {
	path := filepath.Join(t.TempDir(), "sunset.db")
	s, err := Open(path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.writer.Exec(`INSERT INTO schema_migrations (version, name, applied_at) VALUES (9999, '9999_future.sql', '')`); err != nil {
		t.Fatal(err)
	}
	s.Close()
	_, err = Open(path, Options{})
	if !inventory.IsKind(err, inventory.ErrUnavailable) || !strings.Contains(err.Error(), "9999") || !strings.Contains(err.Error(), path) {
		t.Fatalf("Open = %v, want an unavailable error naming the file and schema 9999", err)
	}
}

// TestFailedMigrationLeavesNoTrace runs a broken migration and finds
// neither its tables nor its record: each migration is one transaction.
func TestFailedMigrationLeavesNoTrace(t *testing.T) {
	s := openTest(t)
	ctx := context.Background()
	all, err := migrations()
	if err != nil {
		t.Fatal(err)
	}
	next := len(all) + 1
	bad := migration{Version: next, Name: fmt.Sprintf("%04d_broken.sql", next), SQL: `CREATE TABLE half (x); INSERT INTO nowhere VALUES (1);`}
	if err := applyMigration(ctx, s.writer, bad, next); err == nil {
		t.Fatal("a broken migration succeeded")
	}
	if n := count(t, s, `SELECT count(*) FROM sqlite_master WHERE name = 'half'`); n != 0 {
		t.Fatal("the broken migration's table was kept")
	}
	if n := count(t, s, fmt.Sprintf(`SELECT count(*) FROM schema_migrations WHERE version = %d`, next)); n != 0 {
		t.Fatal("the broken migration was recorded")
	}
}

// TestAddressesMoveOntoAssets: a file written before migration 0004 keeps
// every asset's addresses, in their order and with their primary mark,
// once they move onto the asset rows and back into rows of their own
// (migration 0010).
func TestAddressesMoveOntoAssets(t *testing.T) {
	ctx := context.Background()
	const now = "2026-11-27T09:00:00.000000000Z"
	s := migratedFrom(t, 3,
		`INSERT INTO assets (id, tag, kind, stage, stage_since, created_at, updated_at) VALUES
			(1, 'NVR-01', 'nvr', 'active', '`+now+`', '`+now+`', '`+now+`'),
			(2, 'SW-02', 'switch', 'active', '`+now+`', '`+now+`', '`+now+`'),
			(3, 'NO-ADDR', 'other', 'spare', '`+now+`', '`+now+`', '`+now+`')`,
		// Inserted out of position order, with a quote in a DNS name that
		// an old store could not have written but the list must survive.
		`INSERT INTO addresses (asset_id, kind, value, is_primary, position) VALUES
			(1, 'ip', '192.0.2.10', 0, 2),
			(1, 'mac', '02:00:5e:10:00:01', 0, 0),
			(1, 'ip', '192.0.2.11', 1, 1),
			(2, 'dns', 'sw"02.example', 0, 0)`,
	)
	want := map[string][]inventory.Address{
		"NVR-01": {{Kind: inventory.AddrMAC, Value: "02:00:5e:10:00:01"}, {Kind: inventory.AddrIP, Value: "192.0.2.11", Primary: true},
			{Kind: inventory.AddrIP, Value: "192.0.2.10"}},
		"SW-02":   {{Kind: inventory.AddrDNS, Value: `sw"02.example`}},
		"NO-ADDR": nil,
	}
	for tag, addrs := range want {
		a, err := s.FindAsset(ctx, tag)
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(a.Addresses, addrs) {
			t.Errorf("%s: addresses %+v, want %+v", tag, a.Addresses, addrs)
		}
	}
	if a, _ := s.FindAsset(ctx, "NVR-01"); a.PrimaryIP() != "192.0.2.11" {
		t.Errorf("primary IP %q after the move, want 192.0.2.11", a.PrimaryIP())
	}
}

// TestCreatedEventsMoveOntoAssets: the "created" events of a file written
// before migration 0005 read back the same from the asset rows.
func TestCreatedEventsMoveOntoAssets(t *testing.T) {
	ctx := context.Background()
	const created, later = "2026-11-20T09:00:00.000000000Z", "2026-11-21T09:00:00.000000000Z"
	s := migratedFrom(t, 4,
		`INSERT INTO assets (id, tag, kind, stage, stage_since, created_at, updated_at) VALUES
			(1, 'NVR-01', 'nvr', 'retired', '`+later+`', '`+created+`', '`+later+`'),
			(2, 'SW-02', 'switch', 'spare', '`+created+`', '`+created+`', '`+created+`')`,
		`INSERT INTO events (asset_id, at, actor, action, changes, reason) VALUES
			(1, '2026-11-19T09:00:00.000000000Z', 'ann', 'note', '[]', 'bought'),
			(1, '`+created+`', 'ann', 'created', '[{"field":"stage","from":"","to":"active"}]', 'import old.csv:2'),
			(2, '`+created+`', 'bob', 'created', '[{"field":"stage","from":"","to":"spare"}]', ''),
			(2, '`+later+`', 'bob', 'created', '[]', 'added by hand'),
			(1, '`+later+`', 'cy', 'stage', '[{"field":"stage","from":"active","to":"retired"}]', 'gone')`,
	)
	at := func(s string) time.Time { v, _ := time.Parse(time.RFC3339Nano, s); return v }
	h, err := s.History(ctx, 1)
	if err != nil {
		t.Fatal(err)
	}
	for i := range h {
		h[i].ID = 0
	}
	want := []inventory.Event{
		{AssetID: 1, At: at("2026-11-19T09:00:00Z"), Actor: "ann", Action: "note", Reason: "bought"},
		{AssetID: 1, At: at(created), Actor: "ann", Action: inventory.ActionCreated, Reason: "import old.csv:2",
			Changes: []inventory.Change{{Field: "stage", To: "active"}}},
		{AssetID: 1, At: at(later), Actor: "cy", Action: inventory.ActionStage, Reason: "gone",
			Changes: []inventory.Change{{Field: "stage", From: "active", To: "retired"}}},
	}
	if !reflect.DeepEqual(h, want) {
		t.Errorf("history of NVR-01:\n got %+v\nwant %+v", h, want)
	}
	h, err = s.History(ctx, 2)
	if err != nil || len(h) != 2 || h[0].Actor != "bob" || h[0].Changes[0].To != "spare" || h[1].Reason != "added by hand" {
		t.Errorf("history of SW-02: %+v, %v; want its created event by bob in spare, then the one added by hand", h, err)
	}
	if n := count(t, s, `SELECT count(*) FROM events WHERE action = 'created'`); n != 1 {
		t.Errorf("%d created events left in the events table, want only the one added by hand", n)
	}
}

// migratedFrom makes a database file with the first n migrations only,
// as an older sunset left it, runs statements on it, then opens it with
// every migration.
func migratedFrom(t *testing.T, n int, statements ...string) *Store {
	t.Helper()
	path := filepath.Join(t.TempDir(), "old.db")
	db := oldSchema(t, path, n)
	for _, q := range statements {
		if _, err := db.Exec(q); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	db.Close()
	s, err := Open(path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

// oldSchema makes a database file at path with the first n migrations
// only, as an older sunset left it.
func oldSchema(t *testing.T, path string, n int) *sql.DB {
	t.Helper()
	if err := os.WriteFile(path, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	db, err := sql.Open("sqlite", writerDSN(path))
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	if _, err := db.ExecContext(ctx, `CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)`); err != nil {
		t.Fatal(err)
	}
	for _, m := range mustMigrations(t)[:n] {
		if err := applyMigration(ctx, db, m, n); err != nil {
			t.Fatal(err)
		}
	}
	return db
}

// TestStageCountsStartFromTheAssets: migration 0006 counts the assets a
// file already has.
func TestStageCountsStartFromTheAssets(t *testing.T) {
	const now = "2026-11-20T09:00:00.000000000Z"
	s := migratedFrom(t, 5, `INSERT INTO assets (tag, kind, stage, stage_since, created_at, updated_at) VALUES
		('A-1', 'other', 'active', '`+now+`', '`+now+`', '`+now+`'), ('A-2', 'other', 'active', '`+now+`', '`+now+`', '`+now+`'),
		('R-1', 'other', 'retired', '`+now+`', '`+now+`', '`+now+`')`)
	got, err := s.StageCounts(context.Background(), inventory.AssetFilter{})
	want := map[inventory.Stage]int{inventory.StageActive: 2, inventory.StageRetired: 1}
	if err != nil || !reflect.DeepEqual(got, want) {
		t.Errorf("counts after the migration: %v, %v; want %v", got, err, want)
	}
}

// TestChecklistItemsMoveIntoOneList: the checklist rows of a file written
// before migration 0008 read back the same from the one list per asset.
func TestChecklistItemsMoveIntoOneList(t *testing.T) {
	const now = "2026-11-20T09:00:00.000000000Z"
	s := migratedFrom(t, 7,
		`INSERT INTO assets (id, tag, kind, stage, stage_since, created_at, updated_at) VALUES
			(1, 'NVR-01', 'nvr', 'decommissioning', '`+now+`', '`+now+`', '`+now+`')`,
		`INSERT INTO port_mappings (id, asset_id, external_addr, external_port, protocol) VALUES (4, 1, '192.0.2.200', 8443, 'tcp')`,
		// Out of position order; NULLs where nothing was set.
		`INSERT INTO checklist_items (asset_id, item_id, position, title, required, verify, due, mapping_id, done, done_at, done_by, evidence) VALUES
			(1, 'close-mapping-4', 1, 'Close the "NVR" mapping', 1, 'scan-mapping-closed', NULL, 4, 0, NULL, '', ''),
			(1, 'wipe', 0, 'Wipe the disks', 1, 'evidence', '2026-12-01', NULL, 1, '2026-11-21T10:00:00.000000000Z', 'ann', 'DBAN log 7')`,
	)
	got, err := s.Checklist(context.Background(), 1)
	if err != nil {
		t.Fatal(err)
	}
	doneAt, _ := time.Parse(time.RFC3339, "2026-11-21T10:00:00Z")
	want := []inventory.ChecklistItem{
		{AssetID: 1, ID: "wipe", Title: "Wipe the disks", Required: true, Verify: inventory.VerifyEvidence,
			Due: inventory.Date{Year: 2026, Month: 12, Day: 1}, Done: true, DoneAt: doneAt, DoneBy: "ann", Evidence: "DBAN log 7"},
		{AssetID: 1, ID: "close-mapping-4", Title: `Close the "NVR" mapping`, Required: true, Verify: inventory.VerifyMappingClosed,
			MappingID: 4, Position: 1},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("checklist after the migration:\n got %+v\nwant %+v", got, want)
	}
}

// TestChecksRecordedWhenMigrated: migration 0009 gives every check of an
// older file the time it was recorded, at the latest when it ended and not
// after now, and brings what a check dated in the future says (its times,
// its observations', the last_seen they gave) down to that.
func TestChecksRecordedWhenMigrated(t *testing.T) {
	ctx := context.Background()
	const (
		created                   = "2019-01-01T00:00:00.000000000Z"
		pastStart, pastEnd        = "2020-05-01T10:00:00.000000000Z", "2020-05-01T10:10:00.000000000Z"
		pastSeen, pastSeenLate    = "2020-05-01T10:05:00.000000000Z", "2020-05-01T10:12:00.000000000Z"
		unendedStart              = "2019-06-01T08:00:00.000000000Z"
		futureStart, futureEnd    = "2099-01-01T00:00:00.000000000Z", "2099-01-01T00:05:00.000000000Z"
		futureSeen                = "2099-01-01T00:01:00.000000000Z"
		pastLastSeen, futureFound = pastSeen, futureSeen
	)
	opened := time.Now().Add(-time.Second)
	s := migratedFrom(t, 8,
		`INSERT INTO assets (id, tag, kind, stage, stage_since, created_at, updated_at, last_seen) VALUES
			(1, 'CAM-1', 'camera', 'active', '`+created+`', '`+created+`', '`+created+`', '`+futureFound+`'),
			(2, 'SW-2', 'switch', 'active', '`+created+`', '`+created+`', '`+created+`', '`+pastLastSeen+`')`,
		`INSERT INTO checks (id, started_at, ended_at, source) VALUES
			(1, '`+pastStart+`', '`+pastEnd+`', 'live'),
			(2, '`+futureStart+`', '`+futureEnd+`', 'import:future.xml'),
			(3, '`+unendedStart+`', NULL, 'live')`,
		`INSERT INTO observations (id, check_id, asset_id, address, state, seen_at) VALUES
			(1, 1, 2, '192.0.2.2', 'answered', '`+pastSeen+`'),
			(2, 1, NULL, '192.0.2.9', 'answered', '`+pastSeenLate+`'),
			(3, 2, 1, '192.0.2.1', 'answered', '`+futureSeen+`'),
			(4, 3, NULL, '192.0.2.9', 'dark', '`+unendedStart+`')`,
	)
	migrated := time.Now().Add(time.Second)
	at := func(s string) time.Time { v, _ := time.Parse(time.RFC3339Nano, s); return v }

	checks, err := s.Checks(ctx, 0)
	if err != nil {
		t.Fatal(err)
	}
	if got := []int64{checks[0].ID, checks[1].ID, checks[2].ID}; !reflect.DeepEqual(got, []int64{2, 1, 3}) {
		t.Fatalf("checks in the order recorded: %v, want the future one (recorded now), then the one ended in 2020, then 2019's", got)
	}
	future, past, unended := checks[0], checks[1], checks[2]
	if r := future.RecordedAt; r.Before(opened) || r.After(migrated) {
		t.Errorf("the check dated 2099 was recorded at %v, want the migration's now (%v to %v)", r, opened, migrated)
	}
	if !future.StartedAt.Equal(future.RecordedAt) || !future.EndedAt.Equal(future.RecordedAt) {
		t.Errorf("the check dated 2099 started at %v and ended at %v, want both at its recording %v",
			future.StartedAt, future.EndedAt, future.RecordedAt)
	}
	if !past.RecordedAt.Equal(at(pastEnd)) || !past.StartedAt.Equal(at(pastStart)) || !past.EndedAt.Equal(at(pastEnd)) {
		t.Errorf("the check of 2020: %+v, want it recorded when it ended and its times kept", past)
	}
	if !unended.RecordedAt.Equal(at(unendedStart)) {
		t.Errorf("the check with no end was recorded at %v, want when it started", unended.RecordedAt)
	}
	seen := map[int64]time.Time{}
	all, err := s.Observations(ctx, inventory.ObservationFilter{})
	if err != nil {
		t.Fatal(err)
	}
	for _, o := range all {
		seen[o.ID] = o.SeenAt
	}
	for id, want := range map[int64]time.Time{1: at(pastSeen), 2: at(pastEnd), 3: future.RecordedAt, 4: at(unendedStart)} {
		if !seen[id].Equal(want) {
			t.Errorf("observation %d seen at %v, want %v", id, seen[id], want)
		}
	}
	if a, _ := s.Asset(ctx, 1); !a.LastSeen.Equal(future.RecordedAt) {
		t.Errorf("CAM-1 last seen %v, want its answer's time brought down to %v", a.LastSeen, future.RecordedAt)
	}
	if a, _ := s.Asset(ctx, 2); !a.LastSeen.Equal(at(pastLastSeen)) {
		t.Errorf("SW-2 last seen %v, want %s kept", a.LastSeen, pastLastSeen)
	}
	var raw string
	if err := s.reader.QueryRow(`SELECT recorded_at FROM checks WHERE id = 2`).Scan(&raw); err != nil {
		t.Fatal(err)
	}
	if !regexp.MustCompile(`^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{9}Z$`).MatchString(raw) {
		t.Errorf("recorded_at stored as %q, want UTC with nine fraction digits", raw)
	}
	if n := count(t, s, `SELECT count(*) FROM sqlite_master WHERE name = 'checks_started'`); n != 0 {
		t.Error("index checks_started, which no query uses, is still there")
	}
}

// TestAddressesAndChecklistsBecomeRows: the JSON lists of a file written
// before migrations 0010 and 0011 become rows an admin can query by SQL,
// and read back through the store as they were.
func TestAddressesAndChecklistsBecomeRows(t *testing.T) {
	const now = "2026-11-20T09:00:00.000000000Z"
	s := migratedFrom(t, 9,
		`INSERT INTO assets (id, tag, kind, stage, stage_since, created_at, updated_at, addresses) VALUES
			(1, 'NVR-01', 'nvr', 'decommissioning', '`+now+`', '`+now+`', '`+now+`',
				'[["mac","02:00:5e:10:00:01"],["ip","192.0.2.11",1],["ip","192.0.2.10"],["dns","nvr01.example.test"]]'),
			(2, 'NO-ADDR', 'other', 'spare', '`+now+`', '`+now+`', '`+now+`', '[]')`,
		`INSERT INTO port_mappings (id, asset_id, external_addr, external_port, protocol) VALUES (4, 1, '192.0.2.200', 8443, 'tcp')`,
		// As the store wrote items ("" and 0 when unset), and as migration
		// 0008 did (null), with a mapping that is not there.
		`INSERT INTO checklists (asset_id, items) VALUES (1, '[`+
			`["wipe","Wipe \"the\" disks",1,"evidence","2026-12-01",0,1,"2026-11-21T10:00:00.000000000Z","ann","DBAN log 7"],`+
			`["close-mapping-4","Close the mapping",1,"scan-mapping-closed","",4,0,"","",""],`+
			`["labels","Remove labels",0,"none",null,null,0,null,null,null],`+
			`["close-mapping-9","Close a mapping long gone",0,"scan-mapping-closed","",9,0,"","",""]]')`,
	)
	ctx := context.Background()
	a, err := s.Asset(ctx, 1)
	if err != nil {
		t.Fatal(err)
	}
	wantAddresses := []inventory.Address{{Kind: inventory.AddrMAC, Value: "02:00:5e:10:00:01"},
		{Kind: inventory.AddrIP, Value: "192.0.2.11", Primary: true}, {Kind: inventory.AddrIP, Value: "192.0.2.10"},
		{Kind: inventory.AddrDNS, Value: "nvr01.example.test"}}
	if !reflect.DeepEqual(a.Addresses, wantAddresses) {
		t.Errorf("addresses after the migration:\n got %+v\nwant %+v", a.Addresses, wantAddresses)
	}
	if got, err := s.FindAsset(ctx, "192.0.2.10"); err != nil || got.ID != 1 {
		t.Errorf("FindAsset by a migrated address: #%d, %v", got.ID, err)
	}
	items, err := s.Checklist(ctx, 1)
	if err != nil {
		t.Fatal(err)
	}
	doneAt, _ := time.Parse(time.RFC3339, "2026-11-21T10:00:00Z")
	wantItems := []inventory.ChecklistItem{
		{AssetID: 1, ID: "wipe", Title: `Wipe "the" disks`, Required: true, Verify: inventory.VerifyEvidence,
			Due: inventory.Date{Year: 2026, Month: 12, Day: 1}, Done: true, DoneAt: doneAt, DoneBy: "ann", Evidence: "DBAN log 7"},
		{AssetID: 1, ID: "close-mapping-4", Title: "Close the mapping", Required: true, Verify: inventory.VerifyMappingClosed,
			MappingID: 4, Position: 1},
		{AssetID: 1, ID: "labels", Title: "Remove labels", Verify: inventory.VerifyNone, Position: 2},
		{AssetID: 1, ID: "close-mapping-9", Title: "Close a mapping long gone", Verify: inventory.VerifyMappingClosed, Position: 3},
	}
	if !reflect.DeepEqual(items, wantItems) {
		t.Errorf("checklist after the migration:\n got %+v\nwant %+v", items, wantItems)
	}
	// What an admin would ask with sqlite3.
	for query, want := range map[string]int{
		`SELECT asset_id FROM addresses WHERE kind = 'ip' AND value = '192.0.2.11' AND is_primary`:          1,
		`SELECT count(*) FROM addresses WHERE asset_id = 1`:                                                 4,
		`SELECT position FROM addresses WHERE value = 'nvr01.example.test'`:                                 3,
		`SELECT count(*) FROM checklist_items WHERE required AND NOT done`:                                  1,
		`SELECT mapping_id FROM checklist_items WHERE item_id = 'close-mapping-4'`:                          4,
		`SELECT count(*) FROM checklist_items WHERE mapping_id IS NULL AND due IS NULL AND done_at IS NULL`: 2,
		`SELECT count(*) FROM sqlite_master WHERE name = 'checklists'`:                                      0,
		`SELECT count(*) FROM pragma_table_info('assets') WHERE name = 'addresses'`:                         0,
	} {
		if got := count(t, s, query); got != want {
			t.Errorf("%s: %d, want %d", query, got, want)
		}
	}
}

// TestSerialsAndMACsOfSeveralAssetsGiveWay: a file in which several
// assets hold one serial or MAC keeps it on the first, moves it into the
// notes of the others with a line that says so, and then refuses a new
// holder.
func TestSerialsAndMACsOfSeveralAssetsGiveWay(t *testing.T) {
	const now = "2026-11-20T09:00:00.000000000Z"
	s := migratedFrom(t, 11,
		`INSERT INTO assets (id, tag, hostname, kind, stage, stage_since, created_at, updated_at, serial, notes) VALUES
			(1, 'FIRST', '', 'server', 'active', '`+now+`', '`+now+`', '`+now+`', 'SN-1', ''),
			(2, '', 'second', 'server', 'active', '`+now+`', '`+now+`', '`+now+`', ' sn-1', 'bought 2019'),
			(3, 'THIRD', '', 'server', 'active', '`+now+`', '`+now+`', '`+now+`', 'N/A', ''),
			(4, 'FOURTH', '', 'server', 'active', '`+now+`', '`+now+`', '`+now+`', 'n/a', ''),
			(5, 'FIFTH', '', 'server', 'active', '`+now+`', '`+now+`', '`+now+`', 'SN-1', '')`,
		`INSERT INTO addresses (asset_id, position, kind, value, is_primary) VALUES
			(1, 0, 'ip', '192.0.2.1', 1), (1, 1, 'mac', '02:00:00:00:00:01', 0),
			(2, 0, 'mac', '02:00:00:00:00:01', 0), (2, 1, 'mac', '00:00:00:00:00:00', 0), (2, 2, 'ip', '192.0.2.1', 0),
			(3, 0, 'mac', '00:00:00:00:00:00', 0), (3, 1, 'mac', '02:00:00:00:00:03', 0),
			(5, 0, 'mac', '02:00:00:00:00:03', 0), (5, 1, 'mac', '02:00:00:00:00:01', 0)`,
	)
	ctx := context.Background()
	type kept struct {
		serial string
		macs   []string
		notes  string
	}
	want := map[int64]kept{
		1: {"SN-1", []string{"02:00:00:00:00:01"}, ""},
		2: {"", []string{"00:00:00:00:00:00"}, "bought 2019\n" +
			"serial sn-1 is also the serial of asset FIRST, which keeps it: a serial belongs to one asset (moved here on upgrading the database)\n" +
			"mac 02:00:00:00:00:01 is also a MAC of asset FIRST, which keeps it: a MAC belongs to one asset (moved here on upgrading the database)"},
		3: {"N/A", []string{"00:00:00:00:00:00", "02:00:00:00:00:03"}, ""},
		4: {"n/a", nil, ""},
		5: {"", nil, "serial SN-1 is also the serial of asset FIRST, which keeps it: a serial belongs to one asset (moved here on upgrading the database)\n" +
			"mac 02:00:00:00:00:03 is also a MAC of asset THIRD, which keeps it: a MAC belongs to one asset (moved here on upgrading the database)\n" +
			"mac 02:00:00:00:00:01 is also a MAC of asset FIRST, which keeps it: a MAC belongs to one asset (moved here on upgrading the database)"},
	}
	for id, w := range want {
		a, err := s.Asset(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		if got := (kept{a.Serial, a.MACs(), a.Notes}); !reflect.DeepEqual(got, w) {
			t.Errorf("asset #%d after the migration:\n got %+v\nwant %+v", id, got, w)
		}
	}
	if a, _ := s.Asset(ctx, 2); len(a.IPs()) != 1 {
		t.Errorf("asset #2 has IPs %v: an IP shared with another asset is no claim and stays", a.IPs())
	}
	err := s.Update(ctx, func(w inventory.Writer) error {
		return w.CreateAsset(ctx, &inventory.Asset{Tag: "SIXTH", Serial: "sn-1"}, "")
	})
	if !inventory.IsKind(err, inventory.ErrConflict) || !strings.Contains(err.Error(), "FIRST") {
		t.Errorf("a new asset with FIRST's serial: %v, want a conflict naming FIRST", err)
	}
}

// TestUpgradingALargeFileTakesLittleMemory upgrades a file of 300,000
// assets from schema 9, which every migration since rewrites, in a child
// process, and reads how much memory that process ever held.
func TestUpgradingALargeFileTakesLittleMemory(t *testing.T) {
	if testing.Short() {
		t.Skip("upgrades 300,000 assets; skipped in -short mode")
	}
	const assets, maxMB = 300000, 100
	path := filepath.Join(t.TempDir(), "large.db")
	db := oldSchema(t, path, 9)
	const now = "2026-11-20T09:00:00.000000000Z"
	if _, err := db.Exec(`WITH RECURSIVE n (i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ?)
		INSERT INTO assets (id, tag, hostname, hostname_key, kind, serial, stage, stage_since, created_at, updated_at, addresses)
		SELECT i, 'AT-' || i, 'host-' || i, 'host-' || i, 'server', 'SN-' || i, 'active', ?2, ?2, ?2,
			json_array(json_array('ip', '10.' || (i >> 16) || '.' || (i >> 8 & 255) || '.' || (i & 255), 1),
				json_array('mac', printf('02:00:00:%02x:%02x:%02x', i >> 16, i >> 8 & 255, i & 255)))
		FROM n`, assets, now); err != nil {
		t.Fatal(err)
	}
	db.Close()
	out, err := child(context.Background(), t, "migrate", path, "").CombinedOutput()
	if err != nil {
		t.Fatalf("child: %v\n%s", err, out)
	}
	var peakKB int
	if _, err := fmt.Sscanf(strings.TrimSpace(string(out)), "peak %d kB", &peakKB); err != nil {
		t.Fatalf("child said %q: %v", out, err)
	}
	t.Logf("upgrading %d assets: %d MB at its peak", assets, peakKB>>10)
	if peakKB > maxMB<<10 {
		t.Errorf("upgrading %d assets took %d MB at its peak, want under %d MB", assets, peakKB>>10, maxMB)
	}
}

// migrateChild opens the file at path, which upgrades it, and prints the
// most memory the process held.
func migrateChild(path string) error {
	s, err := Open(path, Options{})
	if err != nil {
		return err
	}
	if err := s.Close(); err != nil {
		return err
	}
	status, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return err
	}
	for _, line := range strings.Split(string(status), "\n") {
		if rest, ok := strings.CutPrefix(line, "VmHWM:"); ok {
			fmt.Println("peak", strings.TrimSpace(rest))
			return nil
		}
	}
	return fmt.Errorf("no VmHWM in /proc/self/status")
}
