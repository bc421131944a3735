package tui

import (
	"context"
	"strings"
	"testing"

	"github.com/sunset-tui/sunset/inventory"
)

// An open mapping past its expiry says that it expired; one still within
// it says when it expires, and a closed one says when it closed.
func TestAnExpiredOpenMappingIsMarkedExpired(t *testing.T) {
	s := openStore(t)
	ids := seedInventory(t, s)
	update(t, s, func(ctx context.Context, w inventory.Writer) error {
		for _, m := range []inventory.PortMapping{
			{AssetID: ids.legacy, ExternalAddr: "198.51.100.6", ExternalPort: 8443, Purpose: "old vendor", ExpiresOn: inventory.Date{Year: 2024, Month: 12, Day: 4}},
			{AssetID: ids.legacy, ExternalAddr: "198.51.100.7", ExternalPort: 8444, Purpose: "new vendor", ExpiresOn: inventory.Date{Year: 2025, Month: 12, Day: 31}},
		} {
			if err := w.AddMapping(ctx, &m, "seed"); err != nil {
				return err
			}
		}
		return nil
	})
	m := keys(t, run(t, loaded(t, s, Options{}, 120, 40), openAssetMsg{id: ids.legacy}), "right", "right")
	view := plainView(m)
	for _, want := range []string{"198.51.100.6:8443/tcp  open  EXPIRED 2024-12-04", "198.51.100.7:8444/tcp  open  expires 2025-12-31"} {
		if !strings.Contains(view, want) {
			t.Errorf("the mappings tab lacks %q:\n%s", want, view)
		}
	}
}
