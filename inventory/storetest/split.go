package storetest

import (
	"errors"
	"fmt"
	"slices"
	"sync"

	"github.com/sunset-tui/sunset/inventory"
)

// splitCases: the slices of a SplitView (inventory.SplitViewer, for a
// store that has it) cover every asset once, read at the same time from
// goroutines of their own, and see the state they began on, whatever
// commits while they read.
var splitCases = []suiteCase{
	{"Split/CoversEveryAssetOnceInOneState", func(e *env) {
		t, s := e.t, e.s
		sv, ok := s.(inventory.SplitViewer)
		if !ok {
			t.Skip("the store has no SplitView")
		}
		as := make([]*inventory.Asset, 1001)
		for i := range as {
			as[i] = &inventory.Asset{Tag: fmt.Sprintf("S-%04d", i)}
		}
		if err := s.Update(ctx, func(w inventory.Writer) error { return w.CreateAssets(ctx, as, make([]string, len(as))) }); err != nil {
			t.Fatal(err)
		}
		for _, n := range []int{1, 2, 3, 4} {
			var mu sync.Mutex
			var seen []int64
			err := sv.SplitView(ctx, n, func(views []inventory.Slice) error {
				if len(views) != n {
					t.Errorf("asked for %d views, got %d", n, len(views))
				}
				// A write that commits now is seen by none of them.
				if err := s.Update(ctx, func(w inventory.Writer) error {
					return w.CreateAsset(ctx, &inventory.Asset{Tag: fmt.Sprintf("LATE-%d", n)}, "")
				}); err != nil {
					return err
				}
				var wg sync.WaitGroup
				errs := make([]error, len(views))
				for i, v := range views {
					wg.Add(1)
					go func() {
						defer wg.Done()
						got, err := v.AssetsAfter(ctx, inventory.AssetFilter{}, v.After, 0)
						for _, a := range got {
							if v.Covers(a.ID) {
								mu.Lock()
								seen = append(seen, a.ID)
								mu.Unlock()
							}
						}
						errs[i] = err
					}()
				}
				wg.Wait()
				return errors.Join(errs...)
			})
			if err != nil {
				t.Fatal(err)
			}
			slices.Sort(seen)
			if len(seen) != len(as)+n-1 || len(slices.Compact(slices.Clone(seen))) != len(seen) {
				t.Errorf("%d views saw %d assets (%d distinct), want the %d there when they began, each once",
					n, len(seen), len(slices.Compact(slices.Clone(seen))), len(as)+n-1)
			}
		}
	}},
}
