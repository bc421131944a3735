package storetest

import (
	"fmt"
	"slices"
	"time"

	"github.com/sunset-tui/sunset/inventory"
)

// pages reads every asset f keeps with AssetsAfter, limit at a time from
// after afterID, checking that each page is in id order and no longer
// than limit.
func (e *env) pages(f inventory.AssetFilter, afterID int64, limit int) []inventory.Asset {
	e.t.Helper()
	var out []inventory.Asset
	for {
		page, err := e.s.AssetsAfter(ctx, f, afterID, limit)
		if err != nil {
			e.t.Fatalf("AssetsAfter(%s, %d, %d): %v", describe(f), afterID, limit, err)
		}
		if len(page) == 0 {
			return out
		}
		if limit > 0 && len(page) > limit {
			e.t.Fatalf("AssetsAfter(%s, %d, %d): a page of %d", describe(f), afterID, limit, len(page))
		}
		for _, a := range page {
			if a.ID <= afterID {
				e.t.Fatalf("AssetsAfter(%s): #%d after #%d: want id order", describe(f), a.ID, afterID)
			}
			afterID = a.ID
		}
		out = append(out, page...)
		if limit <= 0 {
			return out
		}
	}
}

var pageCases = []suiteCase{
	{"AssetsAfter/PagesWalkAllInIDOrderWithWholeAssets", func(e *env) {
		var made []inventory.Asset
		for i, a := range []inventory.Asset{
			fullAsset(), {Hostname: "untagged"}, {Tag: "A-1", Stage: inventory.StageRetired},
			{Tag: "0-first-by-tag", Addresses: []inventory.Address{dns("zero.example.test"), ip("192.0.2.4")}},
			{Hostname: "cam", Stage: inventory.StageRetired, Addresses: []inventory.Address{mac("02:00:5e:00:53:05")}},
			{Tag: "B-2"}, {Tag: "C-3", Stage: inventory.StageRetired},
		} {
			e.clock.Advance(time.Duration(i) * time.Minute)
			made = append(made, e.create(a))
		}
		want := mapSlice(made, normAsset)
		for _, limit := range []int{1, 2, 3, len(made), len(made) + 1, 0, -1} {
			e.same(fmt.Sprintf("pages of %d", limit), mapSlice(e.pages(inventory.AssetFilter{}, 0, limit), normAsset), want)
		}
		e.same("after the third", ids(e.pages(inventory.AssetFilter{}, made[2].ID, 2)), ids(made[3:]))
		e.same("after the last", ids(e.pages(inventory.AssetFilter{}, made[len(made)-1].ID, 2)), []int64(nil))
		retired := inventory.AssetFilter{Stages: []inventory.Stage{inventory.StageRetired}}
		var wantRetired []int64
		for _, a := range made {
			if a.Stage == inventory.StageRetired {
				wantRetired = append(wantRetired, a.ID)
			}
		}
		e.same("retired, pages of 1", ids(e.pages(retired, 0, 1)), wantRetired)
		firstAndLast := inventory.AssetFilter{IDs: []int64{made[0].ID, made[len(made)-1].ID}}
		e.same("the first and the last", mapSlice(e.pages(firstAndLast, 0, 0), normAsset), []inventory.Asset{want[0], want[len(want)-1]})
		all := e.all(inventory.AssetFilter{})
		slices.SortFunc(all, func(a, b inventory.Asset) int { return int(a.ID - b.ID) })
		e.same("Assets in id order", mapSlice(all, normAsset), want)
	}},
}
