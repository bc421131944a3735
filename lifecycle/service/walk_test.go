package service_test

import (
	"database/sql"
	"fmt"
	"testing"

	"github.com/sunset-tui/sunset/inventory"
	"github.com/sunset-tui/sunset/lifecycle/service"
)

// A walk hands the inventory out to its loaders a range of ids at a time;
// ids far apart, as an inventory migrated from one with gaps has them, are
// each judged once, and so are those of a range that holds many.
func TestEachJudgesEveryAssetOnceAcrossGapsInTheIDs(t *testing.T) {
	f := newFixture(t)
	const n = 4500
	as := make([]*inventory.Asset, n)
	for i := range as {
		as[i] = &inventory.Asset{Tag: fmt.Sprintf("G-%04d", i), Stage: inventory.StageActive}
	}
	f.must(f.store.Update(ctx, func(w inventory.Writer) error { return w.CreateAssets(ctx, as, make([]string, n)) }))
	// Leave 1–2500 where they are, move 2501–4497 past a gap of many
	// ranges, 4498 far beyond and the last two to the largest ids there
	// are.
	db, err := sql.Open("sqlite", f.store.Location())
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	for _, q := range []string{`UPDATE assets SET id = id + 50000 WHERE id > 2500 AND id < 4498`,
		`UPDATE assets SET id = 9000000 WHERE id = 4498`,
		`UPDATE assets SET id = 9223372036854775000 WHERE id = 4499`,
		`UPDATE assets SET id = 9223372036854775807 WHERE id = 4500`} {
		if _, err := db.Exec(q); err != nil {
			t.Fatal(err)
		}
	}
	judged := 0
	f.must(f.svc.Each(ctx, service.Judging{Report: true}, func(p service.Part) error {
		for _, count := range p.Stages {
			judged += count
		}
		return nil
	}))
	if judged != n {
		t.Errorf("the walk judged %d assets, want each of the %d once", judged, n)
	}
}
