package tui

import (
	"context"
	"strings"
	"testing"

	"github.com/sunset-tui/sunset/inventory"
	"github.com/sunset-tui/sunset/lifecycle"
	"github.com/sunset-tui/sunset/lifecycle/service"
)

// Ticking "Sanitize its media" opens the NIST SP 800-88 record, not a
// free-text tick: the record is what the move to disposed asks for.
func TestTickingSanitizeMediaOpensTheSanitizationRecord(t *testing.T) {
	s := openStore(t)
	ids := seedInventory(t, s)
	m := keys(t, run(t, loaded(t, s, Options{}, 120, 40), openAssetMsg{id: ids.legacy}), "right", "right", "right")
	for i := 0; i < 20; i++ {
		if it := m.detail.currentItem(); it != nil && it.ID == lifecycle.ItemSanitizeMedia {
			break
		}
		m = keys(t, m, "down")
	}
	if it := m.detail.currentItem(); it == nil || it.ID != lifecycle.ItemSanitizeMedia {
		t.Fatalf("no sanitize-media item on the checklist:\n%s", plainView(m))
	}
	m = keys(t, m, "x")
	view := plainView(m)
	if m.dialog == nil || !strings.Contains(view, "Sanitization record for A-0003") || !strings.Contains(view, "media type") {
		t.Fatalf("x on the sanitize item opened:\n%s", view)
	}
	if strings.Contains(view, "Tick:") {
		t.Errorf("a free-text tick opened:\n%s", view)
	}
}

// A sanitization record whose sanitize-media item was reopened no longer
// counts, and the asset's detail says so, as the stage guard judges it.
func TestAReopenedSanitizationShowsAsNoLongerCounting(t *testing.T) {
	s := openStore(t)
	ids := seedInventory(t, s)
	svc := svcOf(s)
	ref := service.IDRef(ids.legacy)
	rec := inventory.Sanitization{MediaType: "SSD", Method: "purge", Technique: "crypto-erase", Tool: "nvme-cli",
		Verification: "read back", Operator: "kim", Date: inventory.DateOf(fixedNow()), Destination: "recycle"}
	if err := svc.RecordSanitization(context.Background(), ref, rec); err != nil {
		t.Fatal(err)
	}
	if err := svc.Untick(context.Background(), ref, lifecycle.ItemSanitizeMedia, "wrong disk"); err != nil {
		t.Fatal(err)
	}
	m := run(t, loaded(t, s, Options{}, 160, 50), openAssetMsg{id: ids.legacy})
	if v := strings.Join(strings.Fields(plainView(m)), " "); !strings.Contains(v, "no longer counts") {
		t.Fatalf("the detail does not say the reopened record no longer counts:\n%s", plainView(m))
	}
}
