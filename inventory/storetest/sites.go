package storetest

import (
	"time"

	"github.com/sunset-tui/sunset/inventory"
)

// sightFrom is sight for a check that ran from site.
func (e *env) sightFrom(site, addr string, state inventory.Liveness, partial bool) inventory.Observation {
	e.t.Helper()
	now := e.clock.Advance(time.Minute)
	c := inventory.Check{StartedAt: now, EndedAt: now, Source: "live", Site: site, Partial: partial}
	obs := []inventory.Observation{{Address: addr, State: state}}
	e.update(func(w inventory.Writer) error { return w.SaveCheck(ctx, &c, obs) })
	return obs[0]
}

// siteCases check that a check keeps the site it ran from, and that
// Evidence reads, at each address, each site's newest word, however often
// the other sites checked it since: liveness is judged per site.
var siteCases = []suiteCase{
	{"Sites/ACheckKeepsItsSite", func(e *env) {
		now := e.clock.Advance(time.Minute)
		named := inventory.Check{StartedAt: now, EndedAt: now, Source: "live", Site: "branch-2.lyon"}
		none := inventory.Check{StartedAt: now, EndedAt: now, Source: "import:lan.xml"}
		e.update(func(w inventory.Writer) error {
			if err := w.SaveCheck(ctx, &named, []inventory.Observation{{Address: "192.0.2.5", State: inventory.Answered}}); err != nil {
				return err
			}
			return w.SaveCheck(ctx, &none, nil)
		})
		checks, err := e.s.Checks(ctx, 0)
		if err != nil {
			e.t.Fatal(err)
		}
		got := map[int64]string{}
		for _, c := range checks {
			got[c.ID] = c.Site
		}
		e.same("sites of the checks", got, map[int64]string{named.ID: "branch-2.lyon", none.ID: ""})
		ev, err := e.s.Evidence(ctx, inventory.EvidenceFilter{Addresses: []string{"192.0.2.5"}})
		if err != nil || len(ev.Checks) != 1 || ev.Checks[0].Site != "branch-2.lyon" {
			e.t.Fatalf("Evidence's checks = %+v, %v; want the one from branch-2.lyon", ev.Checks, err)
		}
	}},
	{"Sites/ASiteThatIsNoNameIsRefused", func(e *env) {
		for _, site := range []string{"two words", "-flag", "tab\there", "x\u202egnp", string(make([]byte, inventory.MaxSite+1))} {
			c := inventory.Check{Source: "live", Site: site}
			err := e.s.Update(ctx, func(w inventory.Writer) error {
				return w.SaveCheck(ctx, &c, []inventory.Observation{{Address: "192.0.2.5", State: inventory.Dark}})
			})
			e.wantErr(err, inventory.ErrInvalid, "site")
		}
		if checks, err := e.s.Checks(ctx, 0); err != nil || len(checks) != 0 {
			e.t.Fatalf("after refused sites: %d checks stored, %v", len(checks), err)
		}
	}},
	{"Sites/EvidenceReadsEachSitesNewestWord", func(e *env) {
		const at = "192.0.2.7"
		o1 := e.sightFrom("branch", at, inventory.Answered, false) // branch's newest word: it answered
		o2 := e.sightFrom("dmz", at, inventory.Dark, false)        // dmz's newest word: dark
		o3 := e.sightFrom("", at, inventory.Unknown, false)        // the newest complete check naming no site
		o4 := e.sightFrom("lab", at, inventory.Dark, true)         // a partial check says nothing
		o5 := e.sightFrom("hq", at, inventory.Answered, false)     // where hq's dark run broke
		o6 := e.sightFrom("hq", at, inventory.Dark, false)         // where it began
		e.sightFrom("hq", at, inventory.Dark, false)
		e.sightFrom("hq", at, inventory.Dark, false)
		o9 := e.sightFrom("hq", at, inventory.Dark, false)
		o10 := e.sightFrom("hq", at, inventory.Unknown, true)
		e.sightFrom("branch", "192.0.2.70", inventory.Answered, false)

		e.same("depth 2", e.evidence(e.s, inventory.EvidenceFilter{Addresses: []string{at}, Depth: 2}),
			obsIDs(o10, o9, o6, o5, o3, o2, o1))
		e.same("depth 1 before o4", e.evidence(e.s, inventory.EvidenceFilter{Addresses: []string{at}, Depth: 1, Before: o4.SeenAt}),
			obsIDs(o4, o3, o2, o1))
		e.same("depth 1 before o2", e.evidence(e.s, inventory.EvidenceFilter{Addresses: []string{at}, Depth: 1, Before: o2.SeenAt}),
			obsIDs(o2, o1))
	}},
	{"Sites/OneSiteReadsAsNoSite", func(e *env) {
		const at = "192.0.2.8"
		p1 := e.sightFrom("hq", at, inventory.Answered, false)
		p2 := e.sightFrom("hq", at, inventory.Dark, false)
		e.sightFrom("hq", at, inventory.Dark, false)
		p4 := e.sightFrom("hq", at, inventory.Dark, false)
		e.same("depth 1", e.evidence(e.s, inventory.EvidenceFilter{Addresses: []string{at}, Depth: 1}), obsIDs(p4, p2, p1))
	}},
}
