package storetest

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/sunset-tui/sunset/inventory"
)

// summaries lists AssetSummaries and fails the test on an error.
func (e *env) summaries(f inventory.AssetFilter, page inventory.Page) []inventory.AssetSummary {
	e.t.Helper()
	out, err := e.s.AssetSummaries(ctx, f, page)
	if err != nil {
		e.t.Fatalf("AssetSummaries(%+v, %+v): %v", f, page, err)
	}
	return out
}

// summaryOf is what AssetSummaries must say of a (inventory.SummaryOf),
// with Search as its sorted lines.
func summaryOf(a inventory.Asset) (inventory.AssetSummary, []string) {
	s := inventory.SummaryOf(&a)
	var search []string
	if s.Search != "" {
		search = strings.Split(s.Search, "\n")
	}
	slices.Sort(search)
	s.Search, s.StageSince, s.LastSeen = "", utc(s.StageSince), utc(s.LastSeen)
	return s, search
}

func summaryIDs(ss []inventory.AssetSummary) []int64 {
	var out []int64
	for _, s := range ss {
		out = append(out, s.ID)
	}
	return out
}

var summaryCases = []suiteCase{
	{"AssetSummaries/SayWhatAssetsSay", func(e *env) {
		seen := time.Date(2031, 3, 4, 5, 6, 7, 8, time.UTC)
		primaryLast := inventory.Address{Kind: inventory.AddrIP, Value: "192.0.2.41", Primary: true}
		e.create(fullAsset())
		e.create(inventory.Asset{Hostname: "no-tag", Owner: "Carol", Kind: inventory.KindCamera, LastSeen: seen,
			Addresses: []inventory.Address{mac("02:00:5e:00:53:07"), ip("192.0.2.30"), ip("192.0.2.31")}})
		e.create(inventory.Asset{Tag: "B-2", Name: "AP 0A", Stage: inventory.StageSpare, Notes: "not listed",
			Addresses: []inventory.Address{ip("192.0.2.40"), primaryLast, dns("b2.example.test")}})
		e.create(inventory.Asset{Tag: "A-1", Hostname: "bare", Stage: inventory.StageRetired})
		all, err := e.s.Assets(ctx, inventory.AssetFilter{})
		if err != nil {
			e.t.Fatal(err)
		}
		got := e.summaries(inventory.AssetFilter{}, inventory.Page{})
		e.same("order", summaryIDs(got), ids(all))
		for i, a := range all {
			want, wantSearch := summaryOf(a)
			s := got[i]
			gotSearch := strings.Split(s.Search, "\n")
			if s.Search == "" {
				gotSearch = nil
			}
			slices.Sort(gotSearch)
			s.Search, s.StageSince, s.LastSeen = "", utc(s.StageSince), utc(s.LastSeen)
			e.same("summary of "+a.Ref(), s, want)
			e.same("search text of "+a.Ref(), gotSearch, wantSearch)
		}
		// In tag order: no-tag, A-1, B-2, SRV-0001.
		if got[0].PrimaryIP != "192.0.2.30" || got[1].PrimaryIP != "" || got[2].PrimaryIP != "192.0.2.41" || got[3].PrimaryIP != "192.0.2.10" {
			e.t.Fatalf("primary IPs %q %q %q %q: want the first IP when none is primary, else the primary one",
				got[0].PrimaryIP, got[1].PrimaryIP, got[2].PrimaryIP, got[3].PrimaryIP)
		}
	}},
	{"AssetSummaries/FollowChanges", func(e *env) {
		a := e.create(inventory.Asset{Tag: "A-1", Hostname: "old", Addresses: []inventory.Address{ip("192.0.2.1")}})
		now := e.clock.Advance(time.Hour)
		a.Hostname, a.Addresses = "new", []inventory.Address{ip("192.0.2.2")}
		e.update(func(w inventory.Writer) error {
			if _, err := w.UpdateAsset(ctx, &a, ""); err != nil {
				return err
			}
			return w.SetStage(ctx, a.ID, inventory.StageDecommissioning, "", false)
		})
		s := e.summaries(inventory.AssetFilter{}, inventory.Page{})
		if len(s) != 1 || s[0].Hostname != "new" || s[0].PrimaryIP != "192.0.2.2" || s[0].Stage != inventory.StageDecommissioning {
			e.t.Fatalf("summaries = %+v, want the new hostname, address and stage", s)
		}
		e.sameTime("StageSince", s[0].StageSince, now)
	}},
	{"AssetSummaries/PagesWalkTheListWithoutGapsOrRepeats", func(e *env) {
		byName := map[string]int64{}
		for _, a := range []inventory.Asset{
			{Tag: "C-3"}, {Hostname: "untagged-1"}, {Tag: "A-1", Stage: inventory.StageRetired}, {Tag: "E-5"},
			{Hostname: "untagged-2", Stage: inventory.StageRetired}, {Tag: "B-2"}, {Tag: "D-4", Stage: inventory.StageRetired},
		} {
			a = e.create(a)
			byName[a.Ref()] = a.ID
		}
		// By tag, then id: the untagged ones (in the order they came) first.
		var order []int64
		for _, name := range []string{"untagged-1", "untagged-2", "A-1", "B-2", "C-3", "D-4", "E-5"} {
			order = append(order, byName[name])
		}
		all, err := e.s.Assets(ctx, inventory.AssetFilter{})
		if err != nil {
			e.t.Fatal(err)
		}
		e.same("Assets order", ids(all), order)
		for _, f := range []inventory.AssetFilter{{}, {Stages: []inventory.Stage{inventory.StageRetired}}} {
			want, err := e.s.Assets(ctx, f)
			if err != nil {
				e.t.Fatal(err)
			}
			for _, limit := range []int{1, 2, 3, len(want), len(want) + 1} {
				var got []int64
				page := inventory.Page{Limit: limit}
				for n := 0; ; n++ {
					ss := e.summaries(f, page)
					if len(ss) > limit {
						e.t.Fatalf("limit %d: a page of %d", limit, len(ss))
					}
					if len(ss) == 0 || n > len(want) {
						break
					}
					got = append(got, summaryIDs(ss)...)
					last := ss[len(ss)-1]
					page.AfterTag, page.AfterID = last.Tag, last.ID
				}
				e.same("pages of "+itoa(int64(limit))+" with "+stagesOf(f), got, ids(want))
			}
		}
	}},
	{"AssetSummaries/FilterLikeAssets", func(e *env) {
		b := e.create(inventory.Asset{Tag: "b", Kind: inventory.KindCamera, Owner: "Alice"})
		a := e.create(inventory.Asset{Tag: "a", Kind: inventory.KindServer, Owner: "bob", Stage: inventory.StageRetired})
		c := e.create(inventory.Asset{Tag: "c", Kind: inventory.KindCamera, Stage: inventory.StageSpare})
		page := inventory.Page{}
		e.same("kind camera", summaryIDs(e.summaries(inventory.AssetFilter{Kind: inventory.KindCamera}, page)), []int64{b.ID, c.ID})
		e.same("stages", summaryIDs(e.summaries(inventory.AssetFilter{Stages: []inventory.Stage{inventory.StageSpare, inventory.StageRetired}}, page)), []int64{a.ID, c.ID})
		e.same("owner alice", summaryIDs(e.summaries(inventory.AssetFilter{Owner: "alice"}, page)), []int64{b.ID})
		e.same("ids", summaryIDs(e.summaries(inventory.AssetFilter{IDs: []int64{c.ID, a.ID}}, page)), []int64{a.ID, c.ID})
		e.same("ids after a", summaryIDs(e.summaries(inventory.AssetFilter{IDs: []int64{c.ID, a.ID}}, inventory.Page{AfterTag: "a", AfterID: a.ID})), []int64{c.ID})
		if got := e.summaries(inventory.AssetFilter{Kind: inventory.KindNVR}, page); len(got) != 0 {
			e.t.Fatalf("kind nvr: %d summaries, want none", len(got))
		}
	}},
	{"StageCounts/CountEachStageAFilterKeeps", func(e *env) {
		counts := func(f inventory.AssetFilter) map[inventory.Stage]int {
			e.t.Helper()
			out, err := e.s.StageCounts(ctx, f)
			if err != nil {
				e.t.Fatalf("StageCounts(%+v): %v", f, err)
			}
			return out
		}
		e.same("empty store", counts(inventory.AssetFilter{}), map[inventory.Stage]int{})
		for i, st := range []inventory.Stage{inventory.StageActive, inventory.StageActive, inventory.StageRetired,
			inventory.StageSpare, inventory.StageActive} {
			kind := inventory.KindServer
			if i%2 == 1 {
				kind = inventory.KindCamera
			}
			e.create(inventory.Asset{Tag: "A-" + itoa(int64(i)), Stage: st, Kind: kind})
		}
		e.same("all", counts(inventory.AssetFilter{}),
			map[inventory.Stage]int{inventory.StageActive: 3, inventory.StageRetired: 1, inventory.StageSpare: 1})
		e.same("servers", counts(inventory.AssetFilter{Kind: inventory.KindServer}),
			map[inventory.Stage]int{inventory.StageActive: 2, inventory.StageRetired: 1})
		e.same("spare or retired", counts(inventory.AssetFilter{Stages: []inventory.Stage{inventory.StageSpare, inventory.StageRetired}}),
			map[inventory.Stage]int{inventory.StageRetired: 1, inventory.StageSpare: 1})
	}},
	{"StageCounts/FollowEveryWrite", func(e *env) {
		// Whatever writes assets, the counts of all assets agree with the
		// assets themselves.
		check := func(what string) {
			e.t.Helper()
			got, err := e.s.StageCounts(ctx, inventory.AssetFilter{})
			if err != nil {
				e.t.Fatal(err)
			}
			all, err := e.s.Assets(ctx, inventory.AssetFilter{})
			if err != nil {
				e.t.Fatal(err)
			}
			want := map[inventory.Stage]int{}
			for _, a := range all {
				want[a.Stage]++
			}
			e.same(what, got, want)
		}
		a := e.create(inventory.Asset{Tag: "A-1"})
		check("after CreateAsset")
		bulk := []*inventory.Asset{{Tag: "B-1", Stage: inventory.StageSpare}, {Tag: "B-2"}, {Tag: "B-3", Stage: inventory.StagePlanned}}
		e.update(func(w inventory.Writer) error { return w.CreateAssets(ctx, bulk, []string{"", "", ""}) })
		check("after CreateAssets")
		e.update(func(w inventory.Writer) error { return w.SetStage(ctx, a.ID, inventory.StageSpare, "", false) })
		e.update(func(w inventory.Writer) error { return w.SetStage(ctx, bulk[2].ID, inventory.StageActive, "", false) })
		check("after SetStage")
		err := e.s.Update(ctx, func(w inventory.Writer) error {
			if err := w.CreateAsset(ctx, &inventory.Asset{Tag: "GONE-1"}, ""); err != nil {
				return err
			}
			if err := w.SetStage(ctx, a.ID, inventory.StageRetired, "", false); err != nil {
				return err
			}
			return errors.New("roll back")
		})
		if err == nil {
			e.t.Fatal("the Update did not fail")
		}
		check("after a rolled-back Update")
	}},
}

func stagesOf(f inventory.AssetFilter) string {
	if len(f.Stages) == 0 {
		return "every stage"
	}
	return fmt.Sprint(f.Stages)
}
