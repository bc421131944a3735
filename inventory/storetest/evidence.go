package storetest

import (
	"errors"
	"time"

	"github.com/sunset-tui/sunset/inventory"
)

// sight stores a check of its own, a minute after the last, that saw state
// at addr (matched to assetID, or to none when 0), and returns the
// observation as stored.
func (e *env) sight(addr string, assetID int64, state inventory.Liveness, partial bool) inventory.Observation {
	e.t.Helper()
	now := e.clock.Advance(time.Minute)
	c := inventory.Check{StartedAt: now, EndedAt: now, Source: "live", Partial: partial}
	obs := []inventory.Observation{{AssetID: assetID, Address: addr, State: state}}
	e.update(func(w inventory.Writer) error { return w.SaveCheck(ctx, &c, obs) })
	return obs[0]
}

// evidence reads Evidence(f) from r and returns its observations' IDs,
// after checking that its checks are exactly theirs, as Checks lists them.
func (e *env) evidence(r inventory.Reader, f inventory.EvidenceFilter) []int64 {
	e.t.Helper()
	ev, err := r.Evidence(ctx, f)
	if err != nil {
		e.t.Fatalf("Evidence(%+v): %v", f, err)
	}
	var got []int64
	ofChecks := map[int64]bool{}
	for _, o := range ev.Observations {
		got = append(got, o.ID)
		ofChecks[o.CheckID] = true
	}
	all, err := r.Checks(ctx, 0)
	if err != nil {
		e.t.Fatal(err)
	}
	var want []inventory.Check
	for _, c := range all {
		if ofChecks[c.ID] {
			want = append(want, normCheck(c))
		}
	}
	e.same("checks of the evidence", mapSlice(ev.Checks, normCheck), want)
	return got
}

func obsIDs(obs ...inventory.Observation) []int64 {
	var out []int64
	for _, o := range obs {
		out = append(out, o.ID)
	}
	return out
}

var evidenceCases = []suiteCase{
	{"Evidence/EmptyFilterReadsNothing", func(e *env) {
		e.sight("192.0.2.7", 0, inventory.Answered, false)
		ev, err := e.s.Evidence(ctx, inventory.EvidenceFilter{})
		if err != nil || len(ev.Checks) != 0 || len(ev.Observations) != 0 {
			e.t.Fatalf("Evidence of nothing = %+v, %v; want nothing", ev, err)
		}
		if got := e.evidence(e.s, inventory.EvidenceFilter{Addresses: []string{"192.0.2.99"}, AssetIDs: []int64{4040}}); got != nil {
			e.t.Fatalf("Evidence at an address and of an asset never seen = %v, want none", got)
		}
	}},
	{"Evidence/AtAnAddressTheNewestAndWhereItsRunsBegan", func(e *env) {
		const at = "192.0.2.7"
		o1 := e.sight(at, 0, inventory.Answered, false)
		o2 := e.sight(at, 0, inventory.Dark, false) // the break: the newest dark in a complete check
		o3 := e.sight(at, 0, inventory.Answered, false)
		o4 := e.sight(at, 0, inventory.Answered, false) // the newest definitive
		o5 := e.sight(at, 0, inventory.Unknown, false)  // the newest from a complete check
		o6 := e.sight(at, 0, inventory.Dark, true)      // dark in a partial check proves nothing
		o7 := e.sight(at, 0, inventory.Unknown, true)
		o8 := e.sight(at, 0, inventory.Unknown, true)
		e.sight("192.0.2.70", 0, inventory.Answered, false)

		e.same("depth 2", e.evidence(e.s, inventory.EvidenceFilter{Addresses: []string{at}, Depth: 2}), obsIDs(o8, o7, o5, o4, o3, o2))
		e.same("default depth", e.evidence(e.s, inventory.EvidenceFilter{Addresses: []string{at}}), obsIDs(o8, o7, o6, o5, o4, o3, o2, o1))
		e.same("depth 6", e.evidence(e.s, inventory.EvidenceFilter{Addresses: []string{at}, Depth: 6}), obsIDs(o8, o7, o6, o5, o4, o3, o2))
		e.same("depth 2 before o3", e.evidence(e.s, inventory.EvidenceFilter{Addresses: []string{at}, Depth: 2, Before: o3.SeenAt}),
			obsIDs(o3, o2))
		e.same("depth 1 before o2", e.evidence(e.s, inventory.EvidenceFilter{Addresses: []string{at}, Depth: 1, Before: o2.SeenAt}),
			obsIDs(o2, o1))
		e.same("depth 1 before o1 was seen", e.evidence(e.s, inventory.EvidenceFilter{Addresses: []string{at}, Depth: 1,
			Before: o1.SeenAt.Add(-time.Second)}), []int64(nil))
	}},
	{"Evidence/AtAnAddressARunWithNoBreakBeganWithTheOldest", func(e *env) {
		const at = "2001:db8::7"
		var answers []inventory.Observation
		for range 5 {
			answers = append(answers, e.sight(at, 0, inventory.Answered, false))
		}
		e.same("depth 2", e.evidence(e.s, inventory.EvidenceFilter{Addresses: []string{"2001:DB8:0::7"}, Depth: 2}),
			obsIDs(answers[4], answers[3], answers[0]))
	}},
	{"Evidence/AtAnAddressADarkRunCountsCompleteChecksOnly", func(e *env) {
		const at = "192.0.2.8"
		p1 := e.sight(at, 0, inventory.Answered, true) // an answer proves life even in a partial check
		p2 := e.sight(at, 0, inventory.Dark, true)
		p3 := e.sight(at, 0, inventory.Dark, false) // where the dark run began
		e.sight(at, 0, inventory.Dark, false)
		p5 := e.sight(at, 0, inventory.Dark, false) // the newest definitive, and from a complete check
		p6 := e.sight(at, 0, inventory.Dark, true)
		e.same("depth 1", e.evidence(e.s, inventory.EvidenceFilter{Addresses: []string{at}, Depth: 1}), obsIDs(p6, p5, p3, p1))
		e.same("depth 1 before p2", e.evidence(e.s, inventory.EvidenceFilter{Addresses: []string{at}, Depth: 1, Before: p2.SeenAt}),
			obsIDs(p2, p1))
	}},
	{"Evidence/OfAnAssetWhereverItWasSeen", func(e *env) {
		a := e.create(inventory.Asset{Tag: "A"})
		b := e.create(inventory.Asset{Tag: "B"})
		q1 := e.sight("192.0.2.20", a.ID, inventory.Dark, false)
		q2 := e.sight("192.0.2.21", a.ID, inventory.Answered, false) // the newest from a complete check
		e.sight("192.0.2.20", 0, inventory.Answered, false)
		e.sight("192.0.2.22", b.ID, inventory.Answered, false)
		q3 := e.sight("192.0.2.20", a.ID, inventory.Answered, true)
		q4 := e.sight("192.0.2.21", a.ID, inventory.Unknown, true)
		e.same("depth 2", e.evidence(e.s, inventory.EvidenceFilter{AssetIDs: []int64{a.ID}, Depth: 2}), obsIDs(q4, q3, q2))
		e.same("depth 2 before q3", e.evidence(e.s, inventory.EvidenceFilter{AssetIDs: []int64{a.ID}, Depth: 2, Before: q3.SeenAt}),
			obsIDs(q3, q2))
		e.same("depth 1 before q2", e.evidence(e.s, inventory.EvidenceFilter{AssetIDs: []int64{a.ID, a.ID}, Depth: 1, Before: q2.SeenAt}),
			obsIDs(q2))
		e.same("default depth", e.evidence(e.s, inventory.EvidenceFilter{AssetIDs: []int64{a.ID}}), obsIDs(q4, q3, q2, q1))
	}},
	{"Evidence/OfTheAssetsAskedForAmongTheirNeighbours", func(e *env) {
		// Ids most of a span, as a chunk of the inventory gives them:
		// the one left out is not read, nor one beyond.
		var all []inventory.Asset
		var seen []inventory.Observation
		for i := range 5 {
			a := e.create(inventory.Asset{Tag: "N-" + itoa(int64(i))})
			all = append(all, a)
			seen = append(seen, e.sight("192.0.2."+itoa(int64(40+i)), a.ID, inventory.Answered, false))
		}
		f := inventory.EvidenceFilter{AssetIDs: []int64{all[3].ID, all[0].ID, all[1].ID}}
		e.same("assets 0, 1 and 3 of 5", e.evidence(e.s, f), obsIDs(seen[3], seen[1], seen[0]))
		f = inventory.EvidenceFilter{AssetIDs: []int64{all[3].ID, all[1].ID, all[3].ID}}
		e.same("assets 1 and 3, one of them twice", e.evidence(e.s, f), obsIDs(seen[3], seen[1]))
		f = inventory.EvidenceFilter{AssetIDs: []int64{all[4].ID, all[0].ID}}
		e.same("assets 0 and 4, far apart", e.evidence(e.s, f), obsIDs(seen[4], seen[0]))
	}},
	{"Evidence/EachObservationOnceNewestFirst", func(e *env) {
		a := e.create(inventory.Asset{Tag: "A"})
		now := e.clock.Advance(time.Hour)
		// One check seeing two addresses at once, stored out of order.
		c := inventory.Check{StartedAt: now.Add(-time.Minute), EndedAt: now, Source: "live"}
		obs := []inventory.Observation{
			{AssetID: a.ID, Address: "192.0.2.31", State: inventory.Answered, SeenAt: now.Add(-time.Minute)},
			{AssetID: a.ID, Address: "192.0.2.30", State: inventory.Answered, SeenAt: now},
			{Address: "192.0.2.32", State: inventory.Dark, SeenAt: now.Add(-time.Minute)},
		}
		e.update(func(w inventory.Writer) error { return w.SaveCheck(ctx, &c, obs) })
		later := e.sight("192.0.2.30", 0, inventory.Answered, false)
		f := inventory.EvidenceFilter{Addresses: []string{"192.0.2.30", "192.0.2.31", "192.0.2.32", "192.0.2.30"}, AssetIDs: []int64{a.ID}}
		e.same("evidence", e.evidence(e.s, f), obsIDs(later, obs[1], obs[2], obs[0]))
	}},
	{"UnmatchedAddresses/AnswersOfNoAssetInIPOrder", func(e *env) {
		if got, err := e.s.UnmatchedAddresses(ctx); err != nil || len(got) != 0 {
			e.t.Fatalf("UnmatchedAddresses of an empty store = %v, %v", got, err)
		}
		a := e.create(inventory.Asset{Tag: "A"})
		for _, s := range []struct {
			addr  string
			asset int64
			state inventory.Liveness
		}{
			{"2001:db8::1", 0, inventory.Answered},
			{"192.0.2.1", 0, inventory.Answered},
			{"127.0.0.10", 0, inventory.Answered},
			{"192.0.2.1", 0, inventory.Answered},
			{"127.0.0.9", 0, inventory.Answered},
			{"192.0.2.50", 0, inventory.Dark},
			{"192.0.2.51", 0, inventory.Unknown},
			{"192.0.2.60", a.ID, inventory.Answered},
			{"127.0.0.9", a.ID, inventory.Answered},
			{"::ffff:192.0.2.2", 0, inventory.Answered},
		} {
			e.sight(s.addr, s.asset, s.state, false)
		}
		got, err := e.s.UnmatchedAddresses(ctx)
		if err != nil {
			e.t.Fatal(err)
		}
		e.same("unmatched addresses", got, []string{"127.0.0.9", "127.0.0.10", "192.0.2.1", "192.0.2.2", "2001:db8::1"})
	}},
}

// readerCases check that the Reader inside an Update and inside a View
// answers every query, and that a View reads one state of the store.
var readerCases = []suiteCase{
	{"View/ReadsOneStateWhileOthersCommit", func(e *env) {
		e.create(inventory.Asset{Tag: "A"})
		var before, after int
		var revBefore, revAfter int64
		err := e.s.View(ctx, func(r inventory.Reader) error {
			all, err := r.Assets(ctx, inventory.AssetFilter{})
			if err != nil {
				return err
			}
			before = len(all)
			if revBefore, err = r.Revision(ctx); err != nil {
				return err
			}
			e.create(inventory.Asset{Tag: "B"}) // committed by the store while the View reads
			if _, err := r.FindAsset(ctx, "B"); !inventory.IsKind(err, inventory.ErrNotFound) {
				e.t.Errorf("inside the View, FindAsset(B) = %v; want not found", err)
			}
			if all, err = r.Assets(ctx, inventory.AssetFilter{}); err != nil {
				return err
			}
			after = len(all)
			revAfter, err = r.Revision(ctx)
			return err
		})
		if err != nil {
			e.t.Fatalf("View: %v", err)
		}
		if before != 1 || after != 1 || revAfter != revBefore {
			e.t.Fatalf("inside the View: %d assets then %d, revision %d then %d; want 1 asset and one revision throughout",
				before, after, revBefore, revAfter)
		}
		if all, err := e.s.Assets(ctx, inventory.AssetFilter{}); err != nil || len(all) != 2 {
			e.t.Fatalf("after the View, %d assets, %v; want both", len(all), err)
		}
	}},
	{"View/ReturnsFnsError", func(e *env) {
		stop := inventory.Errorf(inventory.ErrRefused, "enough")
		if err := e.s.View(ctx, func(inventory.Reader) error { return stop }); !errors.Is(err, stop) {
			e.t.Fatalf("View = %v, want fn's error", err)
		}
	}},
	{"Reader/InUpdateAndViewReadsEvidenceAndUnmatched", func(e *env) {
		read := func(what string, r inventory.Reader, want []int64) {
			e.t.Helper()
			e.same(what+": evidence", e.evidence(r, inventory.EvidenceFilter{Addresses: []string{"192.0.2.9"}}), want)
			got, err := r.UnmatchedAddresses(ctx)
			if err != nil {
				e.t.Fatal(err)
			}
			e.same(what+": unmatched addresses", got, []string{"192.0.2.9"})
		}
		c := inventory.Check{Source: "live"}
		obs := []inventory.Observation{{Address: "192.0.2.9", State: inventory.Answered}}
		e.update(func(w inventory.Writer) error {
			if err := w.SaveCheck(ctx, &c, obs); err != nil {
				return err
			}
			read("inside the Update", w, obsIDs(obs...))
			return nil
		})
		if err := e.s.View(ctx, func(r inventory.Reader) error { read("inside a View", r, obsIDs(obs...)); return nil }); err != nil {
			e.t.Fatal(err)
		}
	}},
}
