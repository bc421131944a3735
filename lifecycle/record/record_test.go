package record

import (
	"context"
	"path/filepath"
	"reflect"
	"testing"

	"github.com/sunset-tui/sunset/inventory"
	"github.com/sunset-tui/sunset/inventory/sqlite"
)

// TestNewChecklistIsWhatSyncWrites: the checklist an import stores with a
// new asset is the one SyncChecklist would write for it once stored.
func TestNewChecklistIsWhatSyncWrites(t *testing.T) {
	ctx := context.Background()
	s, err := sqlite.Open(filepath.Join(t.TempDir(), "sunset.db"), sqlite.Options{Actor: "test"})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if got := NewChecklist(inventory.Asset{Tag: "A-1", Stage: inventory.StageActive}); got != nil {
		t.Errorf("an active asset starts with a checklist: %+v", got)
	}
	a := inventory.Asset{Tag: "NVR-01", Kind: inventory.KindNVR, Stage: inventory.StageDecommissioning,
		StoresData: true, HoldsCredentials: true, EOLOn: inventory.Date{Year: 2027, Month: 3, Day: 31}}
	items := NewChecklist(a)
	if len(items) == 0 {
		t.Fatal("an asset being decommissioned starts with no checklist")
	}
	var synced []inventory.ChecklistItem
	err = s.Update(ctx, func(w inventory.Writer) error {
		if err := w.CreateAsset(ctx, &a, "test"); err != nil {
			return err
		}
		if err := SyncChecklistsOf(ctx, w, []int64{a.ID}); err != nil {
			return err
		}
		synced, err = w.Checklist(ctx, a.ID)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	for i := range items {
		items[i].AssetID, items[i].Position = a.ID, i
	}
	if !reflect.DeepEqual(synced, items) {
		t.Errorf("SyncChecklist wrote\n%+v\nNewChecklist gave\n%+v", synced, items)
	}
}
