package tui

import (
	"context"

	"github.com/sunset-tui/sunset/inventory"
	"github.com/sunset-tui/sunset/lifecycle"
)

// syncChecklist regenerates an asset's end-of-life checklist from its
// attributes and mappings while its stage keeps one, keeping the progress
// already made. It runs inside the write that changed the asset.
func syncChecklist(ctx context.Context, w inventory.Writer, assetID int64) error {
	a, err := w.Asset(ctx, assetID)
	if err != nil {
		return err
	}
	if !lifecycle.ChecklistApplies(a.Stage) {
		return nil
	}
	mappings, err := w.Mappings(ctx, inventory.MappingFilter{AssetID: assetID})
	if err != nil {
		return err
	}
	existing, err := w.Checklist(ctx, assetID)
	if err != nil {
		return err
	}
	items := lifecycle.Checklist(a, mappings, existing)
	if !lifecycle.ChecklistChanged(existing, items) {
		return nil
	}
	return w.PutChecklist(ctx, assetID, items)
}
