package main

import (
	"context"

	"github.com/sunset-tui/sunset/inventory"
	"github.com/sunset-tui/sunset/lifecycle"
)

// recentChecks bounds how much check history the lifecycle engine is given:
// the newest checks are what prove or disprove anything now.
const recentChecks = 50

// world is everything the lifecycle engine judges, read in one go.
type world struct {
	policy     inventory.Policy
	assets     []inventory.Asset
	mappings   []inventory.PortMapping
	checklists map[int64][]inventory.ChecklistItem
	dismissals []inventory.Dismissal
	evidence   lifecycle.Evidence
}

// openWorld opens the store and reads the world from it.
func (a *app) openWorld(ctx context.Context) (inventory.Store, world, error) {
	s, err := a.open()
	if err != nil {
		return nil, world{}, err
	}
	w, err := loadWorld(ctx, s)
	return s, w, err
}

func loadWorld(ctx context.Context, r inventory.Reader) (world, error) {
	var w world
	var err error
	if w.policy, err = r.Policy(ctx); err != nil {
		return w, err
	}
	if w.assets, err = r.Assets(ctx, inventory.AssetFilter{}); err != nil {
		return w, err
	}
	if w.mappings, err = r.Mappings(ctx, inventory.MappingFilter{}); err != nil {
		return w, err
	}
	if w.checklists, err = r.Checklists(ctx, inventory.AssetFilter{Stages: checklistStages}); err != nil {
		return w, err
	}
	if w.dismissals, err = r.Dismissals(ctx); err != nil {
		return w, err
	}
	w.evidence, err = loadEvidence(ctx, r, 0)
	return w, err
}

// checklistStages are the stages of the assets that carry a checklist:
// those that reached decommissioning.
var checklistStages = []inventory.Stage{inventory.StageDecommissioning, inventory.StageRetired, inventory.StageDisposed}

// loadEvidence reads the recent checks and their observations, all of them
// or only those of one asset.
func loadEvidence(ctx context.Context, r inventory.Reader, assetID int64) (lifecycle.Evidence, error) {
	var ev lifecycle.Evidence
	checks, err := r.Checks(ctx, recentChecks)
	if err != nil {
		return ev, err
	}
	ev.Checks = checks
	for _, c := range checks {
		obs, err := r.Observations(ctx, inventory.ObservationFilter{CheckID: c.ID, AssetID: assetID})
		if err != nil {
			return ev, err
		}
		ev.Observations = append(ev.Observations, obs...)
	}
	return ev, nil
}

// findingInput and reminderInput shape the world for the engine.
func (w world) findingInput() lifecycle.FindingInput {
	return lifecycle.FindingInput{Assets: w.assets, Mappings: w.mappings, Checklists: w.checklists,
		Dismissals: w.dismissals, Evidence: w.evidence}
}

func (w world) reminderInput() lifecycle.ReminderInput {
	return lifecycle.ReminderInput{Assets: w.assets, Mappings: w.mappings, Checklists: w.checklists}
}

// assetFacts gathers what a stage decision about one asset needs.
func assetFacts(ctx context.Context, r inventory.Reader, as inventory.Asset) (lifecycle.Facts, error) {
	f := lifecycle.Facts{Asset: as}
	var err error
	if f.Checklist, err = r.Checklist(ctx, as.ID); err != nil {
		return f, err
	}
	if f.Mappings, err = r.Mappings(ctx, inventory.MappingFilter{AssetID: as.ID}); err != nil {
		return f, err
	}
	rec, ok, err := r.Sanitization(ctx, as.ID)
	if err != nil {
		return f, err
	}
	if ok {
		f.Sanitization = &rec
	}
	f.Evidence, err = loadEvidence(ctx, r, 0)
	return f, err
}
