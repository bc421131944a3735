package tui

import (
	"context"
	"strconv"
	"time"

	"github.com/sunset-tui/sunset/inventory"
	"github.com/sunset-tui/sunset/scan"
)

// ScanCheck returns the CheckFunc that runs live checks through the scan
// package: it plans from the store's inventory and policy (scope enforced
// there), runs runner (an *scan.Nmap in the program, a fake in tests),
// matches and stores the check, then lets it tick the checklist items only
// a check may tick (power-down, mapping closed). Progress is passed on as
// the TUI's.
func ScanCheck(store inventory.Store, runner scan.Runner, actor string, now func() time.Time) CheckFunc {
	if now == nil {
		now = time.Now
	}
	return func(ctx context.Context, assetIDs []int64, progress func(Progress)) (inventory.Check, error) {
		only, err := assetRefs(ctx, store, assetIDs)
		if err != nil {
			return inventory.Check{}, err
		}
		res, err := scan.Check(ctx, store, runner, scan.CheckRequest{Only: only, Actor: actor, Now: now,
			OnProgress: func(p scan.Progress) {
				progress(Progress{Percent: p.Percent, Done: p.Hosts, Total: p.Addresses, Answered: p.Answered,
					Phase: p.Task, Remaining: p.Remaining})
			}})
		if err != nil {
			return res.Check, err
		}
		// What the check learned is kept even when the run was cancelled.
		_, err = scan.TickVerified(context.WithoutCancel(ctx), store, res, now())
		return res.Check, err
	}
}

// assetRefs names assets the way scan resolves them: by tag, or "#id"
// for an asset without one.
func assetRefs(ctx context.Context, r inventory.Reader, ids []int64) ([]string, error) {
	if len(ids) == 0 {
		return nil, nil
	}
	assets, err := r.Assets(ctx, inventory.AssetFilter{IDs: ids})
	if err != nil {
		return nil, err
	}
	refs := make([]string, 0, len(assets))
	for _, a := range assets {
		if a.Tag != "" {
			refs = append(refs, a.Tag)
		} else {
			refs = append(refs, "#"+strconv.FormatInt(a.ID, 10))
		}
	}
	return refs, nil
}
