package postgres

import (
	"context"
	"database/sql"
	"testing"

	"github.com/sunset-tui/sunset/inventory"
	"github.com/sunset-tui/sunset/inventory/postgres/pgtest"
	"github.com/sunset-tui/sunset/inventory/storetest"
)

// A write that bulk-inserts many assets leaves the planner statistics
// that count them, so the reads after an import are planned for the
// inventory as it is (autovacuum would take up to a minute or more).
func TestABulkWriteRefreshesTheStatistics(t *testing.T) {
	dsn := pgtest.NewDatabase(t)
	s, err := Open(dsn, Options{Actor: "tester"})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	ctx := context.Background()
	analyzed := func() bool {
		db, err := sql.Open("pgx", dsn)
		if err != nil {
			t.Fatal(err)
		}
		defer db.Close()
		var n float64
		if err := db.QueryRow(`SELECT reltuples FROM pg_class WHERE relname = 'assets'`).Scan(&n); err != nil {
			t.Fatal(err)
		}
		return n > 0
	}
	write := func(from, n int) {
		assets := make([]inventory.Asset, n)
		for i := range assets {
			assets[i] = storetest.BenchAsset(from + i)
		}
		if err := s.Update(ctx, func(w inventory.Writer) error { return storetest.CreateInBatches(ctx, w, assets) }); err != nil {
			t.Fatal(err)
		}
	}
	write(0, analyzeRows)
	if !analyzed() {
		t.Fatalf("a write of %d assets left the table's statistics empty", analyzeRows)
	}
}
