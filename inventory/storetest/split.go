package storetest

import (
	"errors"
	"fmt"
	"slices"
	"sync"

	"github.com/sunset-tui/sunset/inventory"
)

// splitCases: the readers of a SplitView (inventory.SplitViewer, for a
// store that has it), read at the same time from goroutines of their own,
// each see every asset of the state they began on, whatever commits while
// they read.
var splitCases = []suiteCase{
	{"Split/EveryReaderSeesOneState", func(e *env) {
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
			var seen [][]int64
			err := sv.SplitView(ctx, n, func(views []inventory.Reader) error {
				if len(views) == 0 || len(views) > n {
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
				seen = make([][]int64, len(views))
				for i, v := range views {
					wg.Add(1)
					go func() {
						defer wg.Done()
						got, err := v.AssetsAfter(ctx, inventory.AssetFilter{}, 0, 0)
						for _, a := range got {
							seen[i] = append(seen[i], a.ID)
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
			// Before this round: the 1001 and the LATE of each earlier one.
			want := len(as) + n - 1
			for i, ids := range seen {
				if len(ids) != want || !slices.Equal(ids, seen[0]) {
					t.Errorf("%d views: view %d saw %d assets, want the %d there when they began, as view 0 saw them", n, i, len(ids), want)
				}
			}
		}
	}},
}
