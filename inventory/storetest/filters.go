package storetest

import (
	"slices"

	"github.com/sunset-tui/sunset/inventory"
)

// filterCases check AssetFilter's Address, MaxID and Search on every
// Reader method that takes a filter.
var filterCases = []suiteCase{
	{"AssetFilter/AddressFindsItsAssetsInAnySpelling", func(e *env) {
		a := e.create(inventory.Asset{Tag: "A", Addresses: []inventory.Address{ip("192.0.2.1"), mac("aa:bb:cc:00:00:01")}})
		b := e.create(inventory.Asset{Tag: "B", Stage: inventory.StageRetired,
			Addresses: []inventory.Address{ip("192.0.2.1"), dns("b.example.test"), ip("2001:db8::b")}})
		e.create(inventory.Asset{Tag: "C", Hostname: "b.example.test", Addresses: []inventory.Address{ip("192.0.2.3")}})
		d := e.create(inventory.Asset{Tag: "D", Addresses: []inventory.Address{dns("aabb.cc00.0001")}})
		for text, want := range map[string][]int64{
			"192.0.2.1":         {a.ID, b.ID},
			"AA-BB-CC-00-00-01": {a.ID},
			"aabb.cc00.0001":    {a.ID, d.ID}, // a MAC, or a DNS name
			"B.Example.Test.":   {b.ID},
			"2001:DB8:0:0::B":   {b.ID},
			"192.0.2.9":         nil,
			"192.0.2":           nil,
			"no such address!":  nil,
		} {
			e.filtered(inventory.AssetFilter{Address: text}, want)
		}
		e.filtered(inventory.AssetFilter{Address: "192.0.2.1", Stages: []inventory.Stage{inventory.StageRetired}}, []int64{b.ID})
	}},
	{"AssetFilter/MaxIDKeepsTheAssetsUpToIt", func(e *env) {
		var ids []int64
		for i, st := range []inventory.Stage{inventory.StageActive, inventory.StageRetired, inventory.StageActive, inventory.StageActive} {
			ids = append(ids, e.create(inventory.Asset{Tag: "M-" + itoa(int64(i)), Stage: st}).ID)
		}
		e.filtered(inventory.AssetFilter{MaxID: ids[2]}, ids[:3])
		e.filtered(inventory.AssetFilter{MaxID: ids[2], Stages: []inventory.Stage{inventory.StageActive}}, []int64{ids[0], ids[2]})
		e.filtered(inventory.AssetFilter{MaxID: ids[0], IDs: []int64{ids[0], ids[1]}}, ids[:1])
	}},
	{"AssetFilter/SearchFindsTextInWhatPeopleLookUpBy", func(e *env) {
		full := e.create(fullAsset())
		cam := e.create(inventory.Asset{Hostname: "cam-lobby", Owner: "Bob", Kind: inventory.KindCamera, Location: "lobby, 50% rack",
			Notes: "secret word", Addresses: []inventory.Address{ip("192.0.2.50"), mac("02:00:5e:00:53:07")}})
		sw := e.create(inventory.Asset{Tag: "SW_1", Serial: "XY-77", Department: "Networks", Model: "EX2300",
			Vendor: "Juniper", Stage: inventory.StageSpare})
		for text, want := range map[string][]int64{
			"srv-0001":          {full.ID},
			"FILES":             {full.ID},
			"sn-12":             {full.ID},
			"ALICE":             {full.ID},
			"acme":              {full.ID},
			"r740":              {full.ID},
			"it":                {full.ID},
			"room 2":            {full.ID},
			"lobby":             {cam.ID},
			"bob":               {cam.ID},
			"50%":               {cam.ID},
			"50% rack":          {cam.ID},
			"%":                 {cam.ID},
			"_":                 {sw.ID},
			"w_1":               {sw.ID},
			"xy-7":              {sw.ID},
			"networks":          {sw.ID},
			"ex23":              {sw.ID},
			"junip":             {sw.ID},
			"192.0.2.":          {full.ID, cam.ID},
			"53:07":             {cam.ID},
			"02-00-5E-00-53-07": {cam.ID},
			"files01.example":   {full.ID},
			"secret":            nil,
			"vault":             nil,
			"no match at all":   nil,
		} {
			e.filtered(inventory.AssetFilter{Search: text}, want)
		}
		e.filtered(inventory.AssetFilter{Search: "  "}, []int64{full.ID, cam.ID, sw.ID})
		e.filtered(inventory.AssetFilter{Search: "192.0.2.", Kind: inventory.KindCamera}, []int64{cam.ID})
	}},
}

// filtered checks that every Reader method that takes a filter keeps
// exactly the assets with the ids want (in any order) under f.
func (e *env) filtered(f inventory.AssetFilter, want []int64) {
	e.t.Helper()
	want = slices.Sorted(slices.Values(want))
	sorted := func(ids []int64) []int64 { return slices.Sorted(slices.Values(ids)) }
	e.same("Assets with "+describe(f), sorted(ids(e.all(f))), want)
	e.same("AssetsAfter with "+describe(f), ids(e.pages(f, 0, 2)), want)
	e.same("AssetSummaries with "+describe(f), sorted(summaryIDs(e.summaries(f, inventory.Page{}))), want)
	counts, err := e.s.StageCounts(ctx, f)
	if err != nil {
		e.t.Fatalf("StageCounts(%s): %v", describe(f), err)
	}
	n := 0
	for _, c := range counts {
		n += c
	}
	if n != len(want) {
		e.t.Fatalf("StageCounts with %s count %d assets, want %d", describe(f), n, len(want))
	}
	histories, err := e.s.Histories(ctx, f)
	if err != nil {
		e.t.Fatalf("Histories(%s): %v", describe(f), err)
	}
	var withHistory []int64
	for id := range histories {
		withHistory = append(withHistory, id)
	}
	e.same("Histories with "+describe(f), sorted(withHistory), want)
}

func describe(f inventory.AssetFilter) string {
	switch {
	case f.Address != "":
		return "address " + f.Address
	case f.Search != "":
		return "search " + f.Search
	}
	return stagesOf(f)
}
