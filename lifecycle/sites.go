package lifecycle

import (
	"slices"
	"time"

	"github.com/sunset-tui/sunset/inventory"
)

// Checks run from several sites (inventory.Check.Site): a cron job in each
// network segment, an admin's laptop. Liveness is judged per site: what
// each site's newest checks saw of an address stands for that site until
// the same site checks again, and where any site's newest word is an
// answer, the device is alive — a device dark from one segment but
// answering from another is not gone. A check that names no site (one
// recorded before sites, a file imported without --site) speaks for every
// site, as all checks did before sites existed. With checks from one site
// only, everything reads as it always did.

// site is where the sighting was seen from; "" when its check names none
// or is not in the evidence.
func (s sighting) site() string { return s.check.Site }

// from reports whether s speaks for site: it was seen from there, or
// from no site in particular.
func (s sighting) from(site string) bool { return s.site() == "" || s.site() == site }

// namedSites lists the sites the sightings were seen from, in order.
func namedSites(ss []sighting) []string {
	var out []string
	for _, s := range ss {
		if s.site() != "" {
			out = append(out, s.site())
		}
	}
	slices.Sort(out)
	return slices.Compact(out)
}

// groupsOf are the sites whose words about the sightings are weighed
// against each other: the named ones, or, with none, one group for all.
// They are read from the sightings about one asset or address alone, so
// that what lifecycle says of it does not depend on what else was judged
// with it.
func groupsOf(ss []sighting) []string {
	if named := namedSites(ss); len(named) > 0 {
		return named
	}
	return []string{""}
}

// severalSites reports whether the sightings come from sites that can
// disagree.
func severalSites(ss []sighting) bool { return len(namedSites(ss)) > 1 }

// latestByAddress keeps one definitive sighting per address, in address
// order: of each site's newest definitive sighting there, the newest
// answer when any site's is an answer (an answer from one site outweighs
// darkness from another), otherwise the newest. ss is newest first.
func latestByAddress(ss []sighting) []sighting {
	groups := groupsOf(ss)
	type key struct{ addr, site string }
	taken := map[key]bool{}
	best := map[string]sighting{}
	var order []string
	for _, s := range ss {
		if !s.definitive() {
			continue
		}
		for _, g := range groups {
			k := key{s.Address, g}
			if !s.from(g) || taken[k] {
				continue
			}
			taken[k] = true
			b, ok := best[s.Address]
			switch {
			case !ok:
				order = append(order, s.Address)
				best[s.Address] = s
			case s.answered() && !b.answered():
				best[s.Address] = s
			}
		}
	}
	out := make([]sighting, len(order))
	for i, addr := range order {
		out[i] = best[addr]
	}
	slices.SortFunc(out, func(a, b sighting) int { return CompareAddress(a.Address, b.Address) })
	return out
}

// alongside keeps, of ss, the sightings that speak for the same site as
// s: the run of answers or dark results s belongs to is read among them.
func alongside(ss []sighting, s sighting) []sighting {
	if s.site() == "" {
		return ss
	}
	var out []sighting
	for _, o := range ss {
		if o.from(s.site()) {
			out = append(out, o)
		}
	}
	return out
}

// SiteSight is what one site's newest complete check saw of an asset.
type SiteSight struct {
	// Site is "" for checks that name none.
	Site    string `json:"site"`
	CheckID int64  `json:"check_id"`
	Origin  string `json:"origin"`
	// State is answered when the check saw the asset answer at any
	// address, dark when it saw none answer, unknown otherwise.
	State inventory.Liveness `json:"state"`
	At    time.Time          `json:"at"` // when the check ended
}

// bySite is, for each site (those naming none last), what its newest
// complete check among ss saw; ss is newest first.
func bySite(ss []sighting) []SiteSight {
	newestOf := map[string]int64{}
	var out []SiteSight
	for _, s := range ss {
		if !s.complete() {
			continue
		}
		id, ok := newestOf[s.site()]
		if !ok {
			newestOf[s.site()] = s.CheckID
			out = append(out, SiteSight{Site: s.site(), CheckID: s.CheckID, Origin: Origin(s.check),
				State: s.State, At: checkTime(s.check)})
			continue
		}
		if id != s.CheckID {
			continue
		}
		for i := range out {
			if out[i].CheckID == id {
				out[i].State = combine(out[i].State, s.State)
			}
		}
	}
	slices.SortStableFunc(out, func(a, b SiteSight) int {
		switch {
		case a.Site == b.Site:
			return 0
		case a.Site == "":
			return 1
		case b.Site == "":
			return -1
		case a.Site < b.Site:
			return -1
		}
		return 1
	})
	return out
}

// combine is what one check saw of an asset from what it saw at two of
// its addresses: answered at any is answered, dark only when both were.
func combine(a, b inventory.Liveness) inventory.Liveness {
	switch {
	case a == inventory.Answered || b == inventory.Answered:
		return inventory.Answered
	case a == inventory.Dark && b == inventory.Dark:
		return inventory.Dark
	}
	return inventory.Unknown
}

// SitesOf says, per site, what the newest complete check from there saw
// of asset a: so a report or a detail screen can say which site saw what.
// Empty when no complete check covered a.
func SitesOf(a inventory.Asset, ev Evidence) []SiteSight {
	return bySite(newIndex(ev).of(a))
}
