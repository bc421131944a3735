package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/sunset-tui/sunset/inventory"
	"github.com/sunset-tui/sunset/inventory/sqlstore"
)

// TestEventWriteFailureUndoesTheChange makes the database refuse history
// events (a trigger) and finds that the asset changes they would have
// recorded are gone too, even when fn ignores the error: the change and
// its event are one transaction.
func TestEventWriteFailureUndoesTheChange(t *testing.T) {
	s := openTest(t)
	ctx := context.Background()
	a := inventory.Asset{Tag: "A", Owner: "alice"}
	if err := s.Update(ctx, func(w inventory.Writer) error { return w.CreateAsset(ctx, &a, "") }); err != nil {
		t.Fatal(err)
	}
	if _, err := s.writer.Exec(`CREATE TRIGGER refuse_events BEFORE INSERT ON events
		BEGIN SELECT RAISE(ABORT, 'history is read-only today'); END`); err != nil {
		t.Fatal(err)
	}
	changed := a
	changed.Owner = "bob"
	err := s.Update(ctx, func(w inventory.Writer) error {
		w.UpdateAsset(ctx, &changed, "") // error ignored on purpose
		return nil
	})
	if err == nil || !strings.Contains(err.Error(), "history is read-only today") {
		t.Fatalf("Update = %v, want the event write's failure", err)
	}
	if got, _ := s.Asset(ctx, a.ID); got.Owner != "alice" {
		t.Fatalf("owner = %q: the change was kept without its event", got.Owner)
	}
	err = s.Update(ctx, func(w inventory.Writer) error {
		return w.SetStage(ctx, a.ID, inventory.StageRetired, "", false)
	})
	if err == nil {
		t.Fatal("SetStage succeeded without its event")
	}
	if got, _ := s.Asset(ctx, a.ID); got.Stage != inventory.StageActive {
		t.Fatalf("stage = %s: the change was kept without its event", got.Stage)
	}
}

// TestStageCountFailureUndoesTheChange refuses changes to the counts of
// stages (a trigger): an asset created, or many, or moved, without its
// count being kept is not kept either.
func TestStageCountFailureUndoesTheChange(t *testing.T) {
	s := openTest(t)
	ctx := context.Background()
	a := inventory.Asset{Tag: "A"}
	if err := s.Update(ctx, func(w inventory.Writer) error { return w.CreateAsset(ctx, &a, "") }); err != nil {
		t.Fatal(err)
	}
	if _, err := s.writer.Exec(`CREATE TRIGGER refuse_counts BEFORE UPDATE ON stage_counts
		BEGIN SELECT RAISE(ABORT, 'counts are frozen today'); END;
		CREATE TRIGGER refuse_new_counts BEFORE INSERT ON stage_counts
		BEGIN SELECT RAISE(ABORT, 'counts are frozen today'); END`); err != nil {
		t.Fatal(err)
	}
	for name, write := range map[string]func(w inventory.Writer) error{
		"CreateAsset": func(w inventory.Writer) error { return w.CreateAsset(ctx, &inventory.Asset{Tag: "B"}, "") },
		"CreateAssets": func(w inventory.Writer) error {
			return w.CreateAssets(ctx, []*inventory.Asset{{Tag: "C"}}, []string{""})
		},
		"SetStage": func(w inventory.Writer) error { return w.SetStage(ctx, a.ID, inventory.StageSpare, "", false) },
	} {
		err := s.Update(ctx, func(w inventory.Writer) error {
			write(w) // error ignored on purpose
			return nil
		})
		if err == nil || !strings.Contains(err.Error(), "counts are frozen today") {
			t.Errorf("%s: Update = %v, want the count's failure", name, err)
		}
	}
	all, err := s.Assets(ctx, inventory.AssetFilter{})
	if err != nil || len(all) != 1 || all[0].Stage != inventory.StageActive {
		t.Fatalf("assets %+v, %v: want only A, still active", all, err)
	}
}

// TestStoredFormats reads the raw columns: dates as YYYY-MM-DD or NULL,
// times as UTC RFC 3339 text with nine fraction digits (so that text order
// is time order), lists as JSON.
func TestStoredFormats(t *testing.T) {
	local := time.FixedZone("UTC-5", -5*3600)
	now := time.Date(2031, 7, 8, 9, 10, 11, 0, local) // whole second: RFC3339Nano would drop the fraction
	s, err := Open(filepath.Join(t.TempDir(), "sunset.db"), Options{Actor: "fmt", Now: func() time.Time { return now }})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	ctx := context.Background()
	a := inventory.Asset{Tag: "A", DeployedOn: inventory.Date{Year: 2024, Month: 2, Day: 29}}
	c := inventory.Check{Source: "live", Targets: []string{"127.0.0.1"}, Ports: []int{22}}
	err = s.Update(ctx, func(w inventory.Writer) error {
		if err := w.CreateAsset(ctx, &a, ""); err != nil {
			return err
		}
		return w.SaveCheck(ctx, &c, []inventory.Observation{{AssetID: a.ID, Address: "127.0.0.1", State: inventory.Answered,
			Hostnames: []string{"localhost"}}})
	})
	if err != nil {
		t.Fatal(err)
	}
	var deployed, warranty sql.NullString
	var created, lastSeen string
	if err := s.reader.QueryRow(`SELECT deployed_on, warranty_ends, created_at, last_seen FROM assets`).
		Scan(&deployed, &warranty, &created, &lastSeen); err != nil {
		t.Fatal(err)
	}
	if deployed.String != "2024-02-29" || warranty.Valid {
		t.Errorf("dates stored as %q and %v, want 2024-02-29 and NULL", deployed.String, warranty)
	}
	if created != "2031-07-08T14:10:11.000000000Z" || lastSeen != created {
		t.Errorf("times stored as %q and %q, want 2031-07-08T14:10:11.000000000Z", created, lastSeen)
	}
	var targets, ports, hostnames string
	if err := s.reader.QueryRow(`SELECT c.targets, c.ports, o.hostnames FROM checks c JOIN observations o ON o.check_id = c.id`).
		Scan(&targets, &ports, &hostnames); err != nil {
		t.Fatal(err)
	}
	if targets != `["127.0.0.1"]` || ports != `[22]` || hostnames != `["localhost"]` {
		t.Errorf("lists stored as %s %s %s", targets, ports, hostnames)
	}
}

// TestLookupsUseIndexes asks SQLite how it runs the store's lookups: each
// must search an index, never scan a table.
func TestLookupsUseIndexes(t *testing.T) {
	s := openTest(t)
	byAddress, byAddressArgs, err := dialect.AssetConds(inventory.AssetFilter{Address: "192.0.2.1"})
	if err != nil {
		t.Fatal(err)
	}
	for _, q := range []struct {
		indexes []string
		query   string
		args    []any
	}{
		{[]string{"assets_tag"}, sqlstore.AssetByTagSQL, nil},
		{[]string{"assets_hostname"}, sqlstore.AssetsByHostSQL, nil},
		{[]string{"addresses_value"}, dialect.AssetsByAddressSQL(), []any{"192.0.2.1", "ip"}},
		{[]string{"assets_serial"}, sqlstore.AssetBySerialSQL, nil},
		{[]string{"addresses_value"}, dialect.AssetByMACSQL(), nil},
		{[]string{"addresses_value"}, `SELECT id FROM assets WHERE ` + byAddress[0], byAddressArgs},
		{[]string{"assets_tag", "assets_hostname", "assets_serial", "addresses_value", "assets_external_id", "assets_name"},
			dialect.AssetsByKeysSQL(), []any{"[]", "[]", "[]", "[]", "[]", "[]", "[]", "[]"}},
		{[]string{"assets_name"}, sqlstore.AssetsByNameSQL, nil},
		{[]string{"events_asset"}, sqlstore.HistorySQL, nil},
		{[]string{"observations_address"}, `SELECT id FROM observations WHERE address = ? ORDER BY seen_at DESC`, nil},
		{[]string{"observations_asset"}, `SELECT id FROM observations WHERE asset_id = ? ORDER BY seen_at DESC`, nil},
		{[]string{"observations_check"}, `SELECT id FROM observations WHERE check_id = ?`, nil},
		{[]string{"port_mappings_asset"}, `SELECT id FROM port_mappings WHERE asset_id = ?`, nil},
	} {
		if q.args == nil {
			q.args = []any{"x"}
		}
		plan := strings.Join(queryPlan(t, s, q.query, q.args...), "; ")
		for _, index := range q.indexes {
			if !regexp.MustCompile(`SEARCH \w+ USING (COVERING )?INDEX ` + index + `\b`).MatchString(plan) {
				t.Errorf("%s\n  plan: %s\n  want a search of index %s", q.query, plan, index)
			}
		}
		if regexp.MustCompile(`SCAN (assets|addresses|observations|events)\b`).MatchString(plan) {
			t.Errorf("%s\n  plan: %s\n  scans a table", q.query, plan)
		}
	}
}

// TestPagesReadRangesInOrder: a page of AssetsAfter reads a range of the
// assets' rowids, and the addresses of a page a range of their key or
// each asset's, never sorting or scanning.
func TestPagesReadRangesInOrder(t *testing.T) {
	s := openTest(t)
	for _, q := range []struct {
		want, query string
		args        []any
	}{
		{`^0:SEARCH assets USING INTEGER PRIMARY KEY \(rowid>\?\)$`, `SELECT ` + sqlstore.AssetColumns + ` FROM assets WHERE id > ? ORDER BY id LIMIT ?`, []any{0, 10}},
		{`^0:SEARCH addresses USING PRIMARY KEY \(asset_id>\? AND asset_id<\?\)$`, sqlstore.AddressesBetweenSQL, []any{1, 2}},
		{`^0:SEARCH addresses USING PRIMARY KEY \(asset_id=\?\)$`, dialect.AddressesOfIDsSQL(), []any{"[1, 5]"}},
		// A chunk's checklists, histories and sanitization records: a span
		// of ids (sqlstore's rowsOfAssetsWhere).
		{`^0:SEARCH checklist_items USING PRIMARY KEY \(asset_id>\? AND asset_id<\?\)$`,
			`SELECT * FROM checklist_items WHERE asset_id BETWEEN ? AND ?`, []any{1, 2}},
		{`^0:SEARCH events USING (COVERING )?INDEX events_asset \(asset_id>\? AND asset_id<\?\)$`,
			`SELECT * FROM events WHERE asset_id BETWEEN ? AND ?`, []any{1, 2}},
		{`^0:SEARCH sanitizations USING (INTEGER )?PRIMARY KEY \((asset_id|rowid)>\? AND (asset_id|rowid)<\?\)$`,
			`SELECT * FROM sanitizations WHERE asset_id BETWEEN ? AND ?`, []any{1, 2}},
	} {
		plan := queryPlan(t, s, q.query, q.args...)
		if !regexp.MustCompile(q.want).MatchString(plan[0]) || slices.ContainsFunc(plan, func(step string) bool {
			return strings.Contains(step, "TEMP B-TREE") || strings.Contains(step, "SCAN addresses") || strings.Contains(step, "SCAN assets")
		}) {
			t.Errorf("%s\n  plan: %s\n  want %s, no sort", q.query, strings.Join(plan, "; "), q.want)
		}
	}
}

// TestRevisionSeenByAnotherStore: a second Store on the same file, as a
// second sunset process would have, sees the revision grow.
func TestRevisionSeenByAnotherStore(t *testing.T) {
	path := filepath.Join(t.TempDir(), "sunset.db")
	writer, err := Open(path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer writer.Close()
	watcher, err := Open(path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer watcher.Close()
	ctx := context.Background()
	before, err := watcher.Revision(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for i := 1; i <= 3; i++ {
		err := writer.Update(ctx, func(w inventory.Writer) error { return w.SetPolicyValue(ctx, "idle.after", "1d") })
		if err != nil {
			t.Fatal(err)
		}
		if got, err := watcher.Revision(ctx); err != nil || got != before+int64(i) {
			t.Fatalf("after %d writes the other store reads revision %d, %v; want %d", i, got, err, before+int64(i))
		}
	}
}

// TestUpdateWaitsLongerThanBusyTimeout: another connection holds the write
// lock for longer than busy_timeout; Update waits for it instead of
// reporting "database is locked".
func TestUpdateWaitsLongerThanBusyTimeout(t *testing.T) {
	if testing.Short() {
		t.Skip("takes 6 seconds; skipped in -short mode")
	}
	s := openTest(t)
	other, err := sql.Open("sqlite", writerDSN(s.path))
	if err != nil {
		t.Fatal(err)
	}
	defer other.Close()
	tx, err := other.Begin()
	if err != nil {
		t.Fatal(err)
	}
	if _, err := tx.Exec(`UPDATE meta SET value = value + 100 WHERE key = 'revision'`); err != nil {
		t.Fatal(err)
	}
	held := 6 * time.Second
	go func() { time.Sleep(held); tx.Commit() }()
	began := time.Now()
	ctx := context.Background()
	err = s.Update(ctx, func(w inventory.Writer) error { return w.SetPolicyValue(ctx, "idle.after", "1d") })
	if err != nil {
		t.Fatalf("Update after %v: %v", time.Since(began), err)
	}
	if waited := time.Since(began); waited < held-time.Second {
		t.Fatalf("Update returned after %v while the lock was held for %v", waited, held)
	}
	if rev, _ := s.Revision(ctx); rev != 101 {
		t.Fatalf("revision %d, want 101 (both writes kept)", rev)
	}
}

// TestCancelledUpdateKeepsNothing cancels the context in the middle of an
// Update: the next write reports it and nothing of the Update is kept.
func TestCancelledUpdateKeepsNothing(t *testing.T) {
	s := openTest(t)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var afterCancel error
	err := s.Update(ctx, func(w inventory.Writer) error {
		for i := 0; i < 10; i++ {
			a := testAsset(fmt.Sprintf("C-%d", i), i)
			if err := w.CreateAsset(ctx, &a, ""); err != nil {
				return err
			}
		}
		bulk := []*inventory.Asset{{Tag: "B-1"}, {Tag: "B-2"}}
		if err := w.CreateAssets(ctx, bulk, []string{"", ""}); err != nil {
			return err
		}
		cancel()
		a := testAsset("C-late", 99)
		afterCancel = w.CreateAsset(ctx, &a, "")
		return nil
	})
	if !errors.Is(afterCancel, context.Canceled) || !errors.Is(err, context.Canceled) {
		t.Fatalf("write after cancel: %v; Update: %v; want context.Canceled from both", afterCancel, err)
	}
	if n := count(t, s, `SELECT count(*) FROM assets`); n != 0 {
		t.Fatalf("%d assets kept from a cancelled Update", n)
	}
	// Cancelled after the last write, with fn returning nil: nothing is
	// kept either.
	ctx, cancel = context.WithCancel(context.Background())
	err = s.Update(ctx, func(w inventory.Writer) error {
		a := testAsset("C-quiet", 7)
		if err := w.CreateAsset(ctx, &a, ""); err != nil {
			return err
		}
		cancel()
		return nil
	})
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("Update cancelled after its last write = %v, want context.Canceled", err)
	}
	if n := count(t, s, `SELECT count(*) FROM assets`); n != 0 {
		t.Fatalf("%d assets kept from an Update cancelled after its last write", n)
	}
	// The writer's connection, and its bulk statements, still work.
	bulk := []*inventory.Asset{{Tag: "B-1"}, {Tag: "B-2"}}
	if err := s.Update(context.Background(), func(w inventory.Writer) error {
		return w.CreateAssets(context.Background(), bulk, []string{"", ""})
	}); err != nil {
		t.Fatalf("Update after a cancelled one: %v", err)
	}
}
