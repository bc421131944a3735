package main

import (
	"context"
	"time"

	"github.com/sunset-tui/sunset/inventory"
	"github.com/sunset-tui/sunset/lifecycle"
)

// afterAssetChange keeps an asset's end-of-life checklist in step with its
// attributes and mappings while it is being decommissioned. It runs inside
// the same transaction as the change.
func afterAssetChange(ctx context.Context, w inventory.Writer, assetID int64, now time.Time) error {
	as, err := w.Asset(ctx, assetID)
	if err != nil {
		return err
	}
	if !lifecycle.ChecklistApplies(as.Stage) {
		return nil
	}
	ms, err := w.Mappings(ctx, inventory.MappingFilter{AssetID: assetID})
	if err != nil {
		return err
	}
	old, err := w.Checklist(ctx, assetID)
	if err != nil {
		return err
	}
	items := lifecycle.Checklist(as, ms, old)
	if !lifecycle.ChecklistChanged(old, items) {
		return nil
	}
	return w.PutChecklist(ctx, assetID, items)
}
