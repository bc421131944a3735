package sqlite

import (
	"context"
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/sunset-tui/sunset/inventory"
)

// TestLongWorkInAnUpdateStopsSoonAfterCancel cancels a bulk write and a
// read of many assets in an Update while they run: each returns the
// context's error long before it would have finished, though the
// Update's statements run without the context (see sqlstore.Tx).
func TestLongWorkInAnUpdateStopsSoonAfterCancel(t *testing.T) {
	if testing.Short() {
		t.Skip("writes and reads 100,000 assets; skipped in -short mode")
	}
	s := openTest(t)
	const n = 100000
	assets := make([]*inventory.Asset, n)
	for i := range assets {
		a := testAsset(fmt.Sprintf("C-%06d", i), i)
		assets[i] = &a
	}
	reasons := make([]string, n)
	create := func(ctx context.Context, w inventory.Writer) error { return w.CreateAssets(ctx, assets, reasons) }
	read := func(ctx context.Context, w inventory.Writer) error {
		_, err := w.AssetsAfter(ctx, inventory.AssetFilter{}, 0, 0)
		return err
	}
	stopsSoon(t, s, "CreateAssets", create)
	if err := s.Update(context.Background(), func(w inventory.Writer) error { return create(context.Background(), w) }); err != nil {
		t.Fatal(err)
	}
	stopsSoon(t, s, "AssetsAfter", read)
}

// stopsSoon times work in an Update that it rolls back, then runs it
// again, cancelling it a tenth of that time in, and wants it to return
// the context's error within half that time of the cancel.
func stopsSoon(t *testing.T, s *Store, name string, work func(context.Context, inventory.Writer) error) {
	t.Helper()
	rollBack := errors.New("roll back")
	began := time.Now()
	err := s.Update(context.Background(), func(w inventory.Writer) error {
		if err := work(context.Background(), w); err != nil {
			return err
		}
		return rollBack
	})
	whole := time.Since(began)
	if err != rollBack {
		t.Fatalf("%s uncancelled: %v", name, err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var cancelled time.Time
	timer := time.AfterFunc(whole/10, func() { cancelled = time.Now(); cancel() })
	defer timer.Stop()
	var workErr error
	s.Update(ctx, func(w inventory.Writer) error {
		workErr = work(ctx, w)
		return workErr
	})
	if !errors.Is(workErr, context.Canceled) {
		t.Fatalf("%s cancelled %v into %v: %v, want context.Canceled", name, whole/10, whole, workErr)
	}
	if took := time.Since(cancelled); took > whole/2 || took > time.Second {
		t.Fatalf("%s returned %v after its cancel; uncancelled it takes %v", name, took, whole)
	}
}
