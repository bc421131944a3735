package scan

import (
	"context"
	"time"

	"github.com/sunset-tui/sunset/inventory"
	"github.com/sunset-tui/sunset/lifecycle"
)

// TickVerified lets a stored check tick the checklist items only a
// check may tick: "power down" when it found every address of the asset
// dark, "close mapping" when it found a closed mapping's port silent. It
// returns the ids ticked per asset ref. The command line and the TUI both
// call it after a check is stored.
func TickVerified(ctx context.Context, s inventory.Store, res Result, now time.Time) (map[string][]string, error) {
	ticked := map[string][]string{}
	err := s.Update(ctx, func(w inventory.Writer) error {
		pol, err := w.Policy(ctx)
		if err != nil {
			return err
		}
		assets, err := w.Assets(ctx, inventory.AssetFilter{Stages: []inventory.Stage{inventory.StageDecommissioning}})
		if err != nil {
			return err
		}
		for _, as := range assets {
			items, err := w.Checklist(ctx, as.ID)
			if err != nil {
				return err
			}
			ms, err := w.Mappings(ctx, inventory.MappingFilter{AssetID: as.ID})
			if err != nil {
				return err
			}
			after, ids := lifecycle.VerifyByCheck(items, as, ms, res.Check, res.Observations, pol, now)
			for _, id := range ids {
				if err := w.CompleteItem(ctx, as.ID, id, evidenceOf(after, id)); err != nil {
					return err
				}
				ticked[as.Ref()] = append(ticked[as.Ref()], id)
			}
		}
		return nil
	})
	return ticked, err
}

func evidenceOf(items []inventory.ChecklistItem, id string) string {
	for _, it := range items {
		if it.ID == id {
			return it.Evidence
		}
	}
	return ""
}
