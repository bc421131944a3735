package sqlite

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/sunset-tui/sunset/inventory"
	"github.com/sunset-tui/sunset/inventory/sqlstore"
)

// TestTablePagesWalkTheirKeys: each page of a whole table is read by
// walking its key's index from where the last page ended, never by
// sorting or reading the table from its start.
func TestTablePagesWalkTheirKeys(t *testing.T) {
	s := openTest(t)
	for _, tab := range inventory.Tables {
		for _, after := range []bool{false, true} {
			q := sqlstore.TableRowsSQL(tab, after)
			args := make([]any, strings.Count(q, "?"))
			for i := range args {
				args[i] = 1
			}
			plan := strings.Join(queryPlan(t, s, q, args...), "; ")
			if strings.Contains(plan, "TEMP B-TREE") || after && !strings.Contains(plan, "SEARCH") {
				t.Errorf("%s (after a key: %v)\n  plan: %s", tab.Name, after, plan)
			}
		}
	}
}

// pageCounter is a store whose whole-table reads and writes are counted:
// the most rows one call read or wrote.
type pageCounter struct {
	inventory.Store
	read, written *int
}

type countingReader struct {
	inventory.Reader
	c pageCounter
}

func (r countingReader) TableRows(ctx context.Context, table string, after []any, limit int) ([][]any, error) {
	rows, err := r.Reader.(inventory.TableReader).TableRows(ctx, table, after, limit)
	*r.c.read = max(*r.c.read, len(rows))
	return rows, err
}

type countingWriter struct {
	inventory.Writer
	c pageCounter
}

func (w countingWriter) TableRows(ctx context.Context, table string, after []any, limit int) ([][]any, error) {
	rows, err := w.Writer.(inventory.TableWriter).TableRows(ctx, table, after, limit)
	*w.c.read = max(*w.c.read, len(rows))
	return rows, err
}

func (w countingWriter) PutRows(ctx context.Context, table string, rows [][]any) error {
	*w.c.written = max(*w.c.written, len(rows))
	return w.Writer.(inventory.TableWriter).PutRows(ctx, table, rows)
}

func (w countingWriter) FinishRows(ctx context.Context) error {
	return w.Writer.(inventory.TableWriter).FinishRows(ctx)
}

func (c pageCounter) View(ctx context.Context, fn func(inventory.Reader) error) error {
	return c.Store.View(ctx, func(r inventory.Reader) error { return fn(countingReader{r, c}) })
}

func (c pageCounter) Update(ctx context.Context, fn func(inventory.Writer) error) error {
	return c.Store.Update(ctx, func(w inventory.Writer) error { return fn(countingWriter{w, c}) })
}

// TestCopyHoldsOnePageAtATime: a copy of thousands of observations never
// reads or writes more than a page of rows in one call, so that its
// memory does not grow with the inventory; and the copy holds them all.
func TestCopyHoldsOnePageAtATime(t *testing.T) {
	ctx := context.Background()
	from := openTest(t)
	const checks, perCheck = 5, 1000
	for i := range checks {
		c := inventory.Check{Source: "live", Site: fmt.Sprintf("site-%d", i%2)}
		obs := make([]inventory.Observation, perCheck)
		for j := range obs {
			obs[j] = inventory.Observation{Address: fmt.Sprintf("10.%d.%d.%d", i, j/256, j%256), State: inventory.Dark,
				SeenAt: time.Now().Add(-time.Hour)}
		}
		if err := from.Update(ctx, func(w inventory.Writer) error { return w.SaveCheck(ctx, &c, obs) }); err != nil {
			t.Fatal(err)
		}
	}
	var read, written int
	counter := func(s *Store) pageCounter { return pageCounter{Store: s, read: &read, written: &written} }
	to := openTest(t)
	const page = 300
	counts, err := inventory.Copy(ctx, counter(from), counter(to), inventory.CopyOptions{PageRows: page})
	if err != nil {
		t.Fatal(err)
	}
	if read > page || written > page || read == 0 || written == 0 {
		t.Errorf("the copy read up to %d and wrote up to %d rows in one call; want at most a page of %d", read, written, page)
	}
	for _, c := range counts {
		if c.Table == "observations" && c.Rows != checks*perCheck {
			t.Errorf("the copy holds %d observations, want %d", c.Rows, checks*perCheck)
		}
	}
	// The copy judges per site as the original: each observation keeps
	// its check's site.
	var sites int
	if err := to.reader.QueryRow(`SELECT count(DISTINCT site) FROM observations`).Scan(&sites); err != nil || sites != 2 {
		t.Errorf("the copy's observations come from %d sites, %v; want 2", sites, err)
	}
}
