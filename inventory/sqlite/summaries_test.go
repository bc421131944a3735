package sqlite

import (
	"context"
	"fmt"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/sunset-tui/sunset/inventory"
	"github.com/sunset-tui/sunset/inventory/sqlstore"
)

// queryPlan returns SQLite's plan for query, one line per step, each
// prefixed with its parent's id.
func queryPlan(t *testing.T, s *Store, query string, args ...any) []string {
	t.Helper()
	rows, err := s.reader.Query(`EXPLAIN QUERY PLAN `+query, args...)
	if err != nil {
		t.Fatalf("%s: %v", query, err)
	}
	defer rows.Close()
	var plan []string
	for rows.Next() {
		var id, parent, unused int
		var detail string
		if err := rows.Scan(&id, &parent, &unused, &detail); err != nil {
			t.Fatal(err)
		}
		plan = append(plan, fmt.Sprintf("%d:%s", parent, detail))
	}
	return plan
}

// TestListQueriesWalkIndexes: the first page of the asset list, every
// later page and the stage counts read an index in order, never sorting
// or reading the whole table first.
func TestListQueriesWalkIndexes(t *testing.T) {
	s := openTest(t)
	for _, c := range []struct {
		name string
		part int
		page inventory.Page
		want string
	}{
		{"first page, untagged", 0, inventory.Page{Limit: 100}, `^0:SCAN assets USING COVERING INDEX assets_untagged$|^0:SCAN assets USING INDEX assets_untagged$`},
		{"first page, tagged", 1, inventory.Page{Limit: 100}, `^0:SCAN assets USING INDEX assets_tag$`},
		{"next untagged page", 0, inventory.Page{AfterID: 7, Limit: 100}, `^0:SEARCH assets USING (COVERING )?INDEX assets_untagged \(id>\?\)$`},
		{"next tagged page", 1, inventory.Page{AfterTag: "A-1", AfterID: 7, Limit: 100}, `^0:SEARCH assets USING INDEX assets_tag \(tag>\?\)$`},
	} {
		query, args := sqlstore.ListQuery(dialect.SummaryColumns(), nil, nil, c.part, c.page, c.page.Limit)
		plan := queryPlan(t, s, query, args...)
		found := false
		for _, step := range plan {
			found = found || regexp.MustCompile(c.want).MatchString(step)
			if strings.HasPrefix(step, "0:USE TEMP B-TREE") || strings.HasPrefix(step, "0:SCAN assets") && !strings.Contains(step, "INDEX") {
				t.Errorf("%s sorts or scans the table: %s", c.name, strings.Join(plan, "; "))
			}
		}
		if !found {
			t.Errorf("%s: plan %s, want %s", c.name, strings.Join(plan, "; "), c.want)
		}
	}
	if plan := strings.Join(queryPlan(t, s, sqlstore.AllStageCountsSQL), "; "); plan != "0:SCAN stage_counts" {
		t.Errorf("stage counts: plan %s, want a read of the kept counts alone", plan)
	}
}

// BenchmarkListReads100k compares what reading 100,000 assets for a list
// costs: Assets (every field and address), AssetSummaries (all of them,
// and a first page of 256), and StageCounts.
func BenchmarkListReads100k(b *testing.B) {
	const n = 100000
	ctx := context.Background()
	path := filepath.Join(b.TempDir(), "list.db")
	s, err := Open(path, Options{Actor: "bench"})
	if err != nil {
		b.Fatal(err)
	}
	err = s.Update(ctx, func(w inventory.Writer) error {
		batch := make([]*inventory.Asset, 0, 512)
		reasons := make([]string, 0, 512)
		for j := 0; j < n; j++ {
			a := testAsset(fmt.Sprintf("BENCH-%06d", j), j)
			a.Serial, a.Location = fmt.Sprintf("SN%08x", j*7919), fmt.Sprintf("site-%d", j%40)
			batch, reasons = append(batch, &a), append(reasons, "bench")
			if len(batch) == cap(batch) || j == n-1 {
				if err := w.CreateAssets(ctx, batch, reasons); err != nil {
					return err
				}
				batch, reasons = batch[:0], reasons[:0]
			}
		}
		return nil
	})
	if err != nil {
		b.Fatal(err)
	}
	// Reopen, as the TUI would, with the write-ahead log checkpointed.
	if err := s.Close(); err != nil {
		b.Fatal(err)
	}
	if s, err = Open(path, Options{Actor: "bench"}); err != nil {
		b.Fatal(err)
	}
	defer s.Close()
	perAsset := func(b *testing.B, count int) {
		b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(count)/1000, "µs/asset")
	}
	b.Run("Assets", func(b *testing.B) {
		for b.Loop() {
			if as, err := s.Assets(ctx, inventory.AssetFilter{}); err != nil || len(as) != n {
				b.Fatal(len(as), err)
			}
		}
		perAsset(b, n)
	})
	b.Run("AssetSummaries", func(b *testing.B) {
		for b.Loop() {
			if ss, err := s.AssetSummaries(ctx, inventory.AssetFilter{}, inventory.Page{}); err != nil || len(ss) != n {
				b.Fatal(len(ss), err)
			}
		}
		perAsset(b, n)
	})
	b.Run("AssetSummariesPagesOf25000", func(b *testing.B) {
		for b.Loop() {
			got, page := 0, inventory.Page{Limit: 25000}
			for {
				ss, err := s.AssetSummaries(ctx, inventory.AssetFilter{}, page)
				if err != nil {
					b.Fatal(err)
				}
				if len(ss) == 0 {
					break
				}
				got += len(ss)
				page.AfterTag, page.AfterID = ss[len(ss)-1].Tag, ss[len(ss)-1].ID
			}
			if got != n {
				b.Fatalf("%d assets in pages, want %d", got, n)
			}
		}
		perAsset(b, n)
	})
	b.Run("AssetSummariesFirstPage", func(b *testing.B) {
		for b.Loop() {
			if ss, err := s.AssetSummaries(ctx, inventory.AssetFilter{}, inventory.Page{Limit: 256}); err != nil || len(ss) != 256 {
				b.Fatal(len(ss), err)
			}
		}
		perAsset(b, 256)
	})
	b.Run("StageCounts", func(b *testing.B) {
		for b.Loop() {
			if c, err := s.StageCounts(ctx, inventory.AssetFilter{}); err != nil || c[inventory.StageActive] != n {
				b.Fatal(c, err)
			}
		}
	})
}
