package service

import (
	"context"
	"slices"

	"github.com/sunset-tui/sunset/inventory"
	"github.com/sunset-tui/sunset/lifecycle"
)

// syncChecklist keeps an asset's end-of-life checklist in step with its
// stage, attributes and mappings while it is being decommissioned:
// generated on entering the stage, merged whenever the asset or its
// mappings change. It writes only when the checklist changed. Every
// action that changes an asset or its mappings ends with it.
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
	if findItem(existing, lifecycle.ItemSanitizeMedia) < 0 {
		rec, ok, err := w.Sanitization(ctx, assetID)
		if err != nil {
			return err
		}
		if ok {
			items = lifecycle.CarrySanitization(existing, items, &rec)
		}
	}
	if !lifecycle.ChecklistChanged(existing, items) {
		return nil
	}
	return w.PutChecklist(ctx, assetID, items)
}

// newChecklist is the checklist a new asset starts with: its end-of-life
// items when it is recorded while being decommissioned, else none. It is
// what syncChecklist would write for the asset once stored; an import
// stores it with the asset.
func newChecklist(a inventory.Asset) []inventory.ChecklistItem {
	if !lifecycle.ChecklistApplies(a.Stage) {
		return nil
	}
	return lifecycle.Checklist(a, nil, nil)
}

// syncChecklists is syncChecklist for each of the assets.
func syncChecklists(ctx context.Context, w inventory.Writer, assetIDs []int64) error {
	for _, id := range assetIDs {
		if err := syncChecklist(ctx, w, id); err != nil {
			return err
		}
	}
	return nil
}

func findItem(items []inventory.ChecklistItem, id string) int {
	return slices.IndexFunc(items, func(it inventory.ChecklistItem) bool { return it.ID == id })
}
