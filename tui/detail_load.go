package tui

import (
	"context"
	"slices"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/sunset-tui/sunset/inventory"
)

// assetDetail is one asset with everything its detail screen shows, read
// in one tea.Cmd.
type assetDetail struct {
	asset        inventory.Asset
	mappings     []inventory.PortMapping
	checklist    []inventory.ChecklistItem
	history      []inventory.Event
	sanitization *inventory.Sanitization
	// imported is what imports kept of columns that are no asset field.
	imported []inventory.ImportedColumn
	// observations of the asset, newest first, and the checks they came
	// from.
	observations []inventory.Observation
	checks       map[int64]inventory.Check
}

// Observations shown on the detail screen.
const detailObservations = 500

func loadDetail(ctx context.Context, r inventory.Reader, id int64) (*assetDetail, error) {
	a, err := r.Asset(ctx, id)
	if err != nil {
		return nil, err
	}
	d := &assetDetail{asset: a, checks: map[int64]inventory.Check{}}
	if d.mappings, err = r.Mappings(ctx, inventory.MappingFilter{AssetID: id}); err != nil {
		return nil, err
	}
	if d.checklist, err = r.Checklist(ctx, id); err != nil {
		return nil, err
	}
	if d.history, err = r.History(ctx, id); err != nil {
		return nil, err
	}
	imported, err := r.ImportedColumns(ctx, []int64{id})
	if err != nil {
		return nil, err
	}
	d.imported = imported[id]
	rec, ok, err := r.Sanitization(ctx, id)
	if err != nil {
		return nil, err
	}
	if ok {
		d.sanitization = &rec
	}
	if d.observations, err = r.Observations(ctx, inventory.ObservationFilter{AssetID: id, Limit: detailObservations}); err != nil {
		return nil, err
	}
	ids := map[int64]bool{}
	for _, o := range d.observations {
		ids[o.CheckID] = true
	}
	if len(ids) > 0 {
		checks, err := r.Checks(ctx, 0)
		if err != nil {
			return nil, err
		}
		for _, c := range checks {
			if ids[c.ID] {
				d.checks[c.ID] = c
			}
		}
	}
	slices.SortStableFunc(d.observations, func(a, b inventory.Observation) int { return b.SeenAt.Compare(a.SeenAt) })
	return d, nil
}

func loadDetailCmd(c *common, task taskID, id int64) tea.Cmd {
	ctx, store, log := c.ctx, c.store, c.log
	return func() tea.Msg {
		d, err := loadDetail(ctx, store, id)
		if err != nil {
			log.Error("load asset", "id", id, "err", err)
		}
		return detailMsg{task: task, detail: d, err: err}
	}
}
