package postgres

import (
	"context"
	"fmt"
	"regexp"
	"strings"
	"sync"
	"testing"

	"github.com/jackc/pgx/v5"

	"github.com/sunset-tui/sunset/inventory"
	"github.com/sunset-tui/sunset/inventory/postgres/pgtest"
	"github.com/sunset-tui/sunset/inventory/sqlstore"
)

// connect opens a plain connection to the store's database, for looking
// at its schema and plans.
func connect(t *testing.T, dsn string) *pgx.Conn {
	t.Helper()
	ctx := context.Background()
	conn, err := pgx.Connect(ctx, dsn)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { conn.Close(ctx) })
	return conn
}

// Every text column sorts and compares byte by byte, whatever the
// database's default collation (the test databases default to ICU's
// English, which puts "a" before "B").
func TestEveryTextColumnComparesInByteOrder(t *testing.T) {
	dsn := pgtest.NewDatabase(t)
	s, err := Open(dsn, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	conn := connect(t, dsn)
	ctx := context.Background()
	rows, err := conn.Query(ctx, `SELECT table_name || '.' || column_name FROM information_schema.columns
		WHERE table_schema = 'public' AND data_type = 'text' AND coalesce(collation_name, '') <> 'C' ORDER BY 1`)
	if err != nil {
		t.Fatal(err)
	}
	bad, err := pgx.CollectRows(rows, pgx.RowTo[string])
	if err != nil {
		t.Fatal(err)
	}
	if len(bad) > 0 {
		t.Errorf("text columns without COLLATE \"C\": %s", strings.Join(bad, ", "))
	}
	var defaultOrder []string
	if err := conn.QueryRow(ctx, `SELECT array_agg(x ORDER BY x) FROM unnest(ARRAY['a', 'B']) AS x`).Scan(&defaultOrder); err != nil {
		t.Fatal(err)
	}
	t.Logf("the database's default collation sorts %v", defaultOrder)
}

// The lookups by what people type can be served by an index (the
// planner is told not to scan, so that the plan shows whether an index
// fits the query, its collation and its operators).
func TestLookupsCanUseIndexes(t *testing.T) {
	dsn := pgtest.NewDatabase(t)
	s, err := Open(dsn, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	conn := connect(t, dsn)
	ctx := context.Background()
	// Plans as a statement prepared long ago has them: generic, not for
	// the values given, so that a partial index the values alone would
	// allow does not pass.
	if _, err := conn.Exec(ctx, `SET enable_seqscan = off; SET plan_cache_mode = force_generic_plan`); err != nil {
		t.Fatal(err)
	}
	byAddress, byAddressArgs, err := dialect.AssetConds(inventory.AssetFilter{Address: "192.0.2.1"})
	if err != nil {
		t.Fatal(err)
	}
	byOwner, byOwnerArgs, err := dialect.AssetConds(inventory.AssetFilter{Owner: "Zoë"})
	if err != nil {
		t.Fatal(err)
	}
	for i, q := range []struct {
		indexes []string
		query   string
		args    []any
	}{
		{[]string{"assets_tag"}, sqlstore.AssetByTagSQL, nil},
		{[]string{"assets_hostname"}, sqlstore.AssetsByHostSQL, nil},
		{[]string{"addresses_value"}, dialect.AssetsByAddressSQL(), []any{"192.0.2.1", "ip"}},
		{[]string{"assets_serial"}, sqlstore.AssetBySerialSQL, nil},
		{[]string{"addresses_"}, dialect.AssetByMACSQL(), nil},
		{[]string{"addresses_value"}, `SELECT id FROM assets WHERE ` + byAddress[0], byAddressArgs},
		{[]string{"assets_owner"}, `SELECT id FROM assets WHERE ` + byOwner[0], byOwnerArgs},
		{[]string{"assets_tag", "assets_hostname", "assets_serial", "addresses_value", "assets_external_id", "assets_name"},
			dialect.AssetsByKeysSQL(), []any{[]string{"x"}, []string{"x"}, []string{"x"}, []string{"x"}, []string{"x"}, []string{"x"}, []string{"x"}, []string{"x"}}},
		{[]string{"assets_name"}, sqlstore.AssetsByNameSQL, nil},
		{[]string{"events_asset"}, sqlstore.HistorySQL, []any{1}},
		{[]string{"observations_address"}, dialect.EvidenceQueries().SightingsAtAddresses, []any{[]string{"192.0.2.1", "192.0.2.2"}, sqlstore.EndOfTime, 10}},
		{[]string{"observations_asset"}, dialect.EvidenceQueries().SightingsOfAssets, []any{[]int64{1, 2}, sqlstore.EndOfTime, 10}},
		{[]string{"observations_address"}, dialect.EvidenceQueries().NewestDefinitive, []any{"192.0.2.1", "dark", sqlstore.EndOfTime}},
		{[]string{"observations_check"}, `SELECT id FROM observations WHERE check_id = ?`, []any{1}},
		{[]string{"port_mappings_asset"}, `SELECT id FROM port_mappings WHERE asset_id = ?`, []any{1}},
		{[]string{"observations_unmatched"}, sqlstore.UnmatchedSQL, []any{}},
		{[]string{"addresses_pkey"}, dialect.AddressesOfIDsSQL(), []any{[]int64{1, 5}}},
		{[]string{"assets_tag"}, `SELECT id FROM assets WHERE tag <> '' AND tag > ? ORDER BY tag LIMIT 10`, nil},
	} {
		if q.args == nil {
			q.args = []any{"x"}
		}
		name := fmt.Sprintf("q%d", i)
		if _, err := conn.Exec(ctx, `PREPARE `+name+` AS `+rebind(q.query)); err != nil {
			t.Fatalf("PREPARE %s: %v", q.query, err)
		}
		params := make([]string, len(q.args))
		for i, a := range q.args {
			params[i] = literal(a)
		}
		explain := `EXPLAIN EXECUTE ` + name
		if len(params) > 0 {
			explain += `(` + strings.Join(params, ", ") + `)`
		}
		rows, err := conn.Query(ctx, explain)
		if err != nil {
			t.Fatalf("EXPLAIN %s: %v", q.query, err)
		}
		lines, err := pgx.CollectRows(rows, pgx.RowTo[string])
		if err != nil {
			t.Fatalf("EXPLAIN %s: %v", q.query, err)
		}
		plan := strings.Join(lines, "\n")
		for _, index := range q.indexes {
			if !strings.Contains(plan, " "+index) {
				t.Errorf("%s\n  plan:\n%s\n  want a search of index %s", q.query, plan, index)
			}
		}
		if regexp.MustCompile(`Seq Scan on (assets|addresses|observations|events)\b`).MatchString(plan) {
			t.Errorf("%s\n  plan:\n%s\n  scans a table", q.query, plan)
		}
	}
}

// literal is v as an SQL literal, for EXPLAIN EXECUTE.
func literal(v any) string {
	switch v := v.(type) {
	case string:
		return "'" + strings.ReplaceAll(v, "'", "''") + "'"
	case []string:
		parts := make([]string, len(v))
		for i, s := range v {
			parts[i] = literal(s)
		}
		return "ARRAY[" + strings.Join(parts, ", ") + "]::text[]"
	case []int64:
		parts := make([]string, len(v))
		for i, n := range v {
			parts[i] = fmt.Sprint(n)
		}
		return "ARRAY[" + strings.Join(parts, ", ") + "]::bigint[]"
	}
	return fmt.Sprint(v)
}

// Two processes opening a new database at once apply each migration once.
func TestStoresOpeningOneNewDatabaseAtOnceMigrateItOnce(t *testing.T) {
	dsn := pgtest.NewDatabase(t)
	var wg sync.WaitGroup
	errs := make([]error, 4)
	created := make([]bool, 4)
	for i := range errs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			s, err := Open(dsn, Options{})
			if err == nil {
				created[i] = s.Created()
				err = s.Close()
			}
			errs[i] = err
		}()
	}
	wg.Wait()
	n := 0
	for i, err := range errs {
		if err != nil {
			t.Fatalf("Open %d: %v", i, err)
		}
		if created[i] {
			n++
		}
	}
	if n != 1 {
		t.Errorf("%d stores say they created the inventory, want 1", n)
	}
	all, err := migrations()
	if err != nil {
		t.Fatal(err)
	}
	var applied int
	if err := connect(t, dsn).QueryRow(context.Background(), `SELECT count(*) FROM schema_migrations`).Scan(&applied); err != nil {
		t.Fatal(err)
	}
	if applied != len(all) {
		t.Errorf("%d migrations recorded, want %d", applied, len(all))
	}
}

// Ids handed out in bulk come from the tables' sequences: what is created
// one at a time afterwards takes the next id, never one already used.
func TestBulkIDsAndSingleIDsNeverCollide(t *testing.T) {
	s := openTest(t)
	ctx := context.Background()
	for round := range 3 {
		as := make([]*inventory.Asset, 5)
		for i := range as {
			as[i] = &inventory.Asset{Tag: fmt.Sprintf("B-%d-%d", round, i)}
		}
		one := inventory.Asset{Tag: fmt.Sprintf("ONE-%d", round)}
		err := s.Update(ctx, func(w inventory.Writer) error {
			if err := w.CreateAssets(ctx, as, make([]string, len(as))); err != nil {
				return err
			}
			if err := w.CreateAsset(ctx, &one, ""); err != nil {
				return err
			}
			c := inventory.Check{Source: "live"}
			if err := w.SaveCheck(ctx, &c, []inventory.Observation{{Address: "192.0.2.1", State: inventory.Answered},
				{Address: "192.0.2.2", State: inventory.Dark}}); err != nil {
				return err
			}
			return nil
		})
		if err != nil {
			t.Fatalf("round %d: %v", round, err)
		}
		if want := as[len(as)-1].ID + 1; one.ID != want {
			t.Errorf("round %d: the asset created after a bulk create has id %d, want %d", round, one.ID, want)
		}
	}
	obs, err := s.Observations(ctx, inventory.ObservationFilter{})
	if err != nil || len(obs) != 6 {
		t.Fatalf("%d observations, %v", len(obs), err)
	}
}

// The store's queries are written with ? (in order) and ?N (by number),
// as the SQLite store's are; PostgreSQL reads $N.
func TestRebindNumbersPlaceholders(t *testing.T) {
	for in, want := range map[string]string{
		`SELECT a FROM t WHERE b = ? AND c IN (?, ?)`:           `SELECT a FROM t WHERE b = $1 AND c IN ($2, $3)`,
		`UPDATE s SET n = n + ?2 WHERE stage = ?1`:              `UPDATE s SET n = n + $2 WHERE stage = $1`,
		`SELECT x FROM t WHERE y = ANY(?10::text[]) AND z = ?1`: `SELECT x FROM t WHERE y = ANY($10::text[]) AND z = $1`,
		`INSERT INTO t (a, b) VALUES ($1, $2)`:                  `INSERT INTO t (a, b) VALUES ($1, $2)`,
		`SELECT 1`:                                              `SELECT 1`,
	} {
		if got := rebind(in); got != want {
			t.Errorf("rebind(%q) = %q, want %q", in, got, want)
		}
	}
}
