package tui

import (
	"context"
	"strconv"
	"strings"
	"testing"

	"github.com/sunset-tui/sunset/inventory"
)

// The asset list sizes its columns to their content (a long tag shows
// whole, even at 80 columns), the sort arrow of LAST SEEN and FINDINGS is
// never cut off, and sorting by findings puts the assets with findings
// first, worst first.
func TestAssetColumnsFitTheirContentAndSortArrowsShow(t *testing.T) {
	s := openStore(t)
	seedInventory(t, s)
	update(t, s, func(ctx context.Context, w inventory.Writer) error {
		return w.CreateAsset(ctx, &inventory.Asset{Tag: "SRV-WAREHOUSE-0017", Hostname: "wh17", Owner: "ops"}, "seed")
	})
	for _, w := range []int{80, 120, 200} {
		m := keys(t, loaded(t, s, Options{}, w, 30), "2", "/")
		m = keys(t, typeText(t, m, "warehouse"), "enter")
		if view := plainView(m); !strings.Contains(view, "SRV-WAREHOUSE-0017") {
			t.Errorf("at %d columns the long tag is cut:\n%s", w, view)
		}
	}
	m := keys(t, loaded(t, s, Options{}, 120, 30), "2")
	header := func(m Model) string {
		for _, l := range strings.Split(plainView(m), "\n") {
			if strings.Contains(l, "TAG") && strings.Contains(l, "STAGE") {
				return l
			}
		}
		t.Fatalf("no table header:\n%s", plainView(m))
		return ""
	}
	var sawSeen, sawFindings bool
	for range assetColumns {
		m = keys(t, m, "s")
		h := header(m)
		if m.assets.table.sortCol == colFindings-1 {
			sawSeen = strings.Contains(h, "LAST SEEN▲") || strings.Contains(h, "LAST SEEN▼")
		}
		if m.assets.table.sortCol == colFindings {
			sawFindings = strings.Contains(h, "FINDINGS▼")
			rows := m.assets.table.view
			first := &m.assets.table.rows[rows[0]]
			if first.findings == 0 {
				t.Errorf("sorted by findings, the first row has none:\n%s", plainView(m))
			}
			for i := 1; i < len(rows); i++ {
				a, b := &m.assets.table.rows[rows[i-1]], &m.assets.table.rows[rows[i]]
				if a.findings == 0 && b.findings > 0 || a.findings > 0 && b.findings > 0 && a.worst < b.worst {
					t.Errorf("sorted by findings, %s comes before %s", a.tag(), b.tag())
				}
			}
		}
	}
	if !sawSeen || !sawFindings {
		t.Errorf("the sort arrows of LAST SEEN (%v) and FINDINGS (%v) are not both on show", sawSeen, sawFindings)
	}
}

// An asset without a tag is listed by its id, as `sunset asset list` lists
// it and `sunset asset show` takes it, never with an empty TAG cell.
func TestAnAssetWithoutATagIsListedByItsID(t *testing.T) {
	s := openStore(t)
	seedInventory(t, s)
	a := inventory.Asset{Hostname: "untagged-printer-7", Kind: inventory.KindPrinter}
	update(t, s, func(ctx context.Context, w inventory.Writer) error { return w.CreateAsset(ctx, &a, "seed") })
	for _, w := range []int{80, 120} {
		m := keys(t, loaded(t, s, Options{}, w, 30), "2", "/")
		m = keys(t, typeText(t, m, "untagged-printer"), "enter")
		row := ""
		for _, l := range strings.Split(plainView(m), "\n") {
			if strings.Contains(l, "untagged-printer-7") {
				row = l
			}
		}
		if want := "#" + strconv.FormatInt(a.ID, 10); !strings.Contains(row, " "+want+" ") {
			t.Errorf("at %d columns the row of an asset without a tag does not show %s: %q\n%s", w, want, row, plainView(m))
		}
	}
	// The filter finds it by what the list shows, and only it.
	m := keys(t, loaded(t, s, Options{}, 120, 30), "2", "/")
	m = keys(t, typeText(t, m, "#"+strconv.FormatInt(a.ID, 10)), "enter")
	if shown := m.assets.table.view; len(shown) != 1 || m.snap.rows[shown[0]].id != a.ID {
		t.Errorf("the filter #%d shows rows %v, want only the asset without a tag\n%s", a.ID, shown, plainView(m))
	}
}
