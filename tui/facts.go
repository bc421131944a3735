package tui

import (
	"context"

	"github.com/sunset-tui/sunset/inventory"
	"github.com/sunset-tui/sunset/lifecycle"
)

// loadFacts reads what a stage decision about one asset looks at: the
// asset, its checklist, mappings, sanitization record, and the checks and
// observations that covered its addresses and mappings.
func loadFacts(ctx context.Context, r inventory.Reader, id int64) (lifecycle.Facts, error) {
	var f lifecycle.Facts
	var err error
	if f.Asset, err = r.Asset(ctx, id); err != nil {
		return f, err
	}
	if f.Checklist, err = r.Checklist(ctx, id); err != nil {
		return f, err
	}
	if f.Mappings, err = r.Mappings(ctx, inventory.MappingFilter{AssetID: id}); err != nil {
		return f, err
	}
	rec, ok, err := r.Sanitization(ctx, id)
	if err != nil {
		return f, err
	}
	if ok {
		f.Sanitization = &rec
	}
	f.Evidence, err = loadEvidence(ctx, r, f.Asset, f.Mappings)
	return f, err
}

// loadEvidence gathers the observations of an asset (matched to it, or at
// one of its IPs or its mappings' external addresses) and their checks.
func loadEvidence(ctx context.Context, r inventory.Reader, a inventory.Asset, mappings []inventory.PortMapping) (lifecycle.Evidence, error) {
	var ev lifecycle.Evidence
	seen := map[int64]bool{}
	add := func(f inventory.ObservationFilter) error {
		obs, err := r.Observations(ctx, f)
		if err != nil {
			return err
		}
		for _, o := range obs {
			if !seen[o.ID] {
				seen[o.ID] = true
				ev.Observations = append(ev.Observations, o)
			}
		}
		return nil
	}
	if err := add(inventory.ObservationFilter{AssetID: a.ID}); err != nil {
		return ev, err
	}
	addrs := a.IPs()
	for _, m := range mappings {
		addrs = append(addrs, m.ExternalAddr)
	}
	for _, addr := range addrs {
		if err := add(inventory.ObservationFilter{Address: addr}); err != nil {
			return ev, err
		}
	}
	if len(ev.Observations) == 0 {
		return ev, nil
	}
	checkIDs := map[int64]bool{}
	for _, o := range ev.Observations {
		checkIDs[o.CheckID] = true
	}
	checks, err := r.Checks(ctx, 0)
	if err != nil {
		return ev, err
	}
	for _, c := range checks {
		if checkIDs[c.ID] {
			ev.Checks = append(ev.Checks, c)
		}
	}
	return ev, nil
}
