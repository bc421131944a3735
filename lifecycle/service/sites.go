package service

import (
	"context"
	"time"

	"github.com/sunset-tui/sunset/inventory"
	"github.com/sunset-tui/sunset/lifecycle"
)

// SeenFrom says what the newest complete check from each site saw of
// the asset with id: which site saw it answer and which found it dark
// (lifecycle.SitesOf), read through the one evidence loader.
func (s *Service) SeenFrom(ctx context.Context, id int64) (sites []lifecycle.SiteSight, err error) {
	err = s.store.View(ctx, func(r inventory.Reader) error {
		a, err := r.Asset(ctx, id)
		if err != nil {
			return err
		}
		ev, err := evidenceAbout(ctx, r, []inventory.Asset{a}, nil, time.Time{})
		if err != nil {
			return err
		}
		sites = lifecycle.SitesOf(a, ev)
		return nil
	})
	return sites, err
}
