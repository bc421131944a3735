package sqlstore

import (
	"context"
	"fmt"
	"time"

	"github.com/sunset-tui/sunset/inventory"
)

// CreateAssets validates every asset, then inserts them, with their
// "created" events on their rows, many rows to a statement, with ids taken
// in order from the table's next one. It sets what CreateAsset sets.
func (t *Tx) CreateAssets(ctx context.Context, as []*inventory.Asset, reasons []string) error {
	return t.write(func() error {
		if len(reasons) != len(as) {
			return fmt.Errorf("create assets: %d assets but %d reasons", len(as), len(reasons))
		}
		if err := validateAll(as); err != nil {
			return err
		}
		if len(as) == 0 {
			return nil
		}
		next, err := t.nextIDs(ctx, "assets", len(as))
		if err != nil {
			return t.dbError("create assets", err)
		}
		// Every asset row goes first: an address row names its asset.
		err = t.guarded(ctx, func() error {
			if err := t.insertAssets(ctx, as, reasons, next, t.clock()); err != nil {
				return err
			}
			return t.insertAddresses(ctx, as)
		}, func(err error) error { return t.assetsWriteError(ctx, as, next, err) })
		if err != nil {
			return err
		}
		added := map[inventory.Stage]int{}
		for _, a := range as {
			added[a.Stage]++
		}
		for _, st := range inventory.Stages {
			if err := t.countStage(ctx, st, added[st]); err != nil {
				return err
			}
		}
		return nil
	})
}

// validateAll validates the assets; the error names the first invalid
// one by its position.
func validateAll(as []*inventory.Asset) error {
	for i, a := range as {
		if err := a.Validate(); err != nil {
			return fmt.Errorf("asset %d of %d (%s): %w", i+1, len(as), a.Ref(), err)
		}
	}
	return nil
}

// insertAssets inserts the assets, which take ids from next on, with the
// columns each one sets, one batch for each set of columns.
func (t *Tx) insertAssets(ctx context.Context, as []*inventory.Asset, reasons []string, next int64, now time.Time) error {
	batches := map[uint64]Batch{}
	var order []Batch
	// The times of a batch are mostly the same one (now): its text is
	// made and boxed once.
	var lastTime time.Time
	var lastText any
	text := func(t time.Time) any {
		if t.IsZero() {
			return nil
		}
		if lastText == nil || !t.Equal(lastTime) {
			lastTime, lastText = t, TimeText(t)
		}
		return lastText
	}
	var args []any // one asset's, reused
	for i, a := range as {
		if a.StageSince.IsZero() {
			a.StageSince = now
		}
		a.StageSince = Stamp(a.StageSince)
		a.LastSeen = notAfter(Stamp(a.LastSeen), now)
		a.CreatedAt, a.UpdatedAt = now, now
		a.ID = next + int64(i)
		set, values := t.d.sparseAssetArgs(append(args[:0], a.ID), a, text, t.Actor(), reasons[i])
		args = values
		b := batches[set]
		if b == nil {
			b = t.newBatch("assets", append([]string{"id"}, t.d.setColumns(set)...)...)
			batches[set] = b
			order = append(order, b)
		}
		if err := b.Add(ctx, values...); err != nil {
			return err
		}
	}
	for _, b := range order {
		if err := b.Flush(ctx); err != nil {
			return err
		}
	}
	return nil
}

// setColumns names the columns of a bit set over the columns an asset is
// inserted with.
func (d *Dialect) setColumns(set uint64) []string {
	var cols []string
	for i, c := range d.assetColumns().create {
		if set&(1<<i) != 0 {
			cols = append(cols, c)
		}
	}
	return cols
}
