package main

import (
	"context"

	"github.com/sunset-tui/sunset/inventory"
)

// pageSize is how many assets a listing reads at a time.
const pageSize = 2000

// eachPage hands fn the assets f keeps, a page at a time in list order
// (tag, then id), as summaries and, when full, as whole assets too: a list
// or an export of a million assets never holds more than a page.
func eachPage(ctx context.Context, r inventory.Reader, f inventory.AssetFilter, full bool,
	fn func(page []inventory.AssetSummary, assets []inventory.Asset) error) error {
	page := inventory.Page{Limit: pageSize}
	for {
		if err := ctx.Err(); err != nil {
			return err
		}
		ss, err := r.AssetSummaries(ctx, f, page)
		if err != nil || len(ss) == 0 {
			return err
		}
		var assets []inventory.Asset
		if full {
			if assets, err = inOrder(ctx, r, ss); err != nil {
				return err
			}
		}
		if err := fn(ss, assets); err != nil {
			return err
		}
		last := ss[len(ss)-1]
		page.AfterTag, page.AfterID = last.Tag, last.ID
	}
}

// exporter writes whole assets, a page at a time, as CSV or JSON.
type exporter interface {
	Write([]inventory.Asset) error
	Close() error
}

// exportPages writes the assets f keeps through e, a page at a time.
func exportPages(ctx context.Context, r inventory.Reader, f inventory.AssetFilter, e exporter) error {
	err := eachPage(ctx, r, f, true, func(_ []inventory.AssetSummary, assets []inventory.Asset) error {
		return e.Write(assets)
	})
	if err != nil {
		return err
	}
	return e.Close()
}

// inOrder reads the whole assets of a page of summaries, in their order.
func inOrder(ctx context.Context, r inventory.Reader, ss []inventory.AssetSummary) ([]inventory.Asset, error) {
	ids := make([]int64, len(ss))
	at := make(map[int64]int, len(ss))
	for i, s := range ss {
		ids[i], at[s.ID] = s.ID, i
	}
	got, err := r.Assets(ctx, inventory.AssetFilter{IDs: ids})
	if err != nil {
		return nil, err
	}
	out := make([]inventory.Asset, len(ss))
	for _, a := range got {
		out[at[a.ID]] = a
	}
	return out, nil
}
