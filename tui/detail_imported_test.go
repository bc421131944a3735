package tui

import (
	"context"
	"strings"
	"testing"

	"github.com/sunset-tui/sunset/inventory"
)

// What imports kept of columns that are no asset field shows in the
// asset's overview, beside its notes.
func TestDetailShowsImportedColumns(t *testing.T) {
	s := openStore(t)
	ids := seedInventory(t, s)
	update(t, s, func(ctx context.Context, w inventory.Writer) error {
		return w.AddImportedColumns(ctx, map[int64][]inventory.ImportedColumn{
			ids.legacy: {{Column: "Rack", Value: "R03", Source: "netbox"}},
		})
	})
	view := plainView(run(t, loaded(t, s, Options{}, 120, 50), openAssetMsg{id: ids.legacy}))
	if !strings.Contains(view, "Rack") || !strings.Contains(view, "R03") {
		t.Fatalf("detail lacks the imported column:\n%s", view)
	}
}
