package sqlite

import (
	"context"
	"fmt"
	"time"

	"github.com/sunset-tui/sunset/inventory"
)

// CreateAssets validates every asset, then inserts them, with their
// "created" events on their rows, many rows to a statement, with ids taken
// in order from the table's next one. It sets what CreateAsset sets.
func (t *txn) CreateAssets(ctx context.Context, as []*inventory.Asset, reasons []string) error {
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
		if err := t.insertAssets(ctx, as, reasons, t.clock()); err != nil {
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

// validateAll validates the assets, the second half of many on a goroutine
// of its own: an import's writes wait for it. The error names the first
// invalid asset.
func validateAll(as []*inventory.Asset) error {
	check := func(from, to int) error {
		for i := from; i < to; i++ {
			if err := as[i].Validate(); err != nil {
				return fmt.Errorf("asset %d of %d (%s): %w", i+1, len(as), as[i].Ref(), err)
			}
		}
		return nil
	}
	if len(as) < 128 {
		return check(0, len(as))
	}
	half := len(as) / 2
	second := make(chan error, 1)
	go func() { second <- check(half, len(as)) }()
	first := check(0, half)
	if err := <-second; first == nil {
		return err
	}
	return first
}

// insertAssets inserts the assets with the columns each one sets, one
// batch for each set of columns.
func (t *txn) insertAssets(ctx context.Context, as []*inventory.Asset, reasons []string, now time.Time) error {
	next, err := t.nextID(ctx, "assets")
	if err != nil {
		return dbError("create assets", err)
	}
	batches := map[uint64]*batch{}
	var order []*batch
	// The times of a batch are mostly the same one (now): its text is
	// made and boxed once.
	var lastTime time.Time
	var lastText any
	text := func(t time.Time) any {
		if t.IsZero() {
			return nil
		}
		if lastText == nil || !t.Equal(lastTime) {
			lastTime, lastText = t, timeText(t)
		}
		return lastText
	}
	var args []any // one asset's, reused
	for i, a := range as {
		if a.StageSince.IsZero() {
			a.StageSince = now
		}
		a.StageSince = stamp(a.StageSince)
		a.LastSeen = stamp(a.LastSeen)
		a.CreatedAt, a.UpdatedAt = now, now
		a.ID = next + int64(i)
		set, values := sparseAssetArgs(append(args[:0], a.ID), a, text, t.actor, reasons[i])
		args = values
		b := batches[set]
		if b == nil {
			b = t.newBatch("assets", append([]string{"id"}, setColumns(set)...)...)
			batches[set] = b
			order = append(order, b)
		}
		if err := b.add(ctx, values...); err != nil {
			return t.assetsWriteError(ctx, as, err)
		}
	}
	for _, b := range order {
		if err := b.flush(ctx); err != nil {
			return t.assetsWriteError(ctx, as, err)
		}
	}
	return nil
}

// assetsWriteError explains a failed insert of many assets: a tag that is
// taken, by an asset stored before or by another of the same call, is
// named with what has it.
func (t *txn) assetsWriteError(ctx context.Context, as []*inventory.Asset, err error) error {
	if !isUniqueViolation(err) {
		return dbError("create assets", err)
	}
	first := map[string]int{}
	for i, a := range as {
		if a.Tag == "" {
			continue
		}
		if j, ok := first[a.Tag]; ok {
			return &inventory.Error{Kind: inventory.ErrConflict, Field: "tag",
				Msg: fmt.Sprintf("%s is given to assets %d and %d of %d", a.Tag, j+1, i+1, len(as))}
		}
		first[a.Tag] = i
		var owner int64
		if qerr := t.queryRow(ctx, assetByTagSQL, a.Tag).Scan(&owner); qerr == nil && owner < as[0].ID {
			return &inventory.Error{Kind: inventory.ErrConflict, Field: "tag",
				Msg: fmt.Sprintf("asset %d of %d: %s is already used by asset #%d", i+1, len(as), a.Tag, owner)}
		}
	}
	return dbError("create assets", err)
}

// setColumns names the columns of a bit set over assetCreateColumns.
func setColumns(set uint64) []string {
	var cols []string
	for i, c := range assetCreateColumns {
		if set&(1<<i) != 0 {
			cols = append(cols, c)
		}
	}
	return cols
}
