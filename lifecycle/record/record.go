// Package record writes what the lifecycle engine decides into a store,
// inside the caller's transaction: the end-of-life checklist that follows
// from an asset's stage, attributes and mappings.
package record

import (
	"context"

	"github.com/sunset-tui/sunset/inventory"
	"github.com/sunset-tui/sunset/lifecycle"
)

// SyncChecklist keeps an asset's end-of-life checklist in step with its
// attributes and mappings while it is being decommissioned: generated on
// entering the stage, merged whenever the asset or its mappings change.
// It writes only when the checklist changed.
func SyncChecklist(ctx context.Context, w inventory.Writer, assetID int64) error {
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

// SyncChecklists does SyncChecklist for every asset being decommissioned,
// for writes that touch many assets at once (an import).
func SyncChecklists(ctx context.Context, w inventory.Writer) error {
	assets, err := w.Assets(ctx, inventory.AssetFilter{Stages: []inventory.Stage{inventory.StageDecommissioning}})
	if err != nil {
		return err
	}
	for _, a := range assets {
		if err := SyncChecklist(ctx, w, a.ID); err != nil {
			return err
		}
	}
	return nil
}
