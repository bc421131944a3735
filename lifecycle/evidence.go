package lifecycle

import (
	"cmp"
	"net/netip"
	"slices"
	"strings"
	"time"

	"github.com/sunset-tui/sunset/inventory"
)

// Evidence is what checks saw: the checks and their observations. Pass the
// checks the observations came from: an observation whose check is missing
// counts as coming from a partial check (it can show a device alive, never
// dark).
//
// Evidence is ordered by when sunset recorded it. A check sunset ran counts
// from when it was recorded; an imported file counts from its own time,
// never later than when it was imported. So an old file imported today
// does not outrank this morning's check, and no file outranks a check that
// ran after it was imported.
type Evidence struct {
	Checks       []inventory.Check       `json:"checks"`
	Observations []inventory.Observation `json:"observations"`
}

// Until keeps what was known at t: the checks recorded by then and their
// observations.
func (ev Evidence) Until(t time.Time) Evidence {
	var out Evidence
	kept := map[int64]bool{}
	known := map[int64]bool{}
	for _, c := range ev.Checks {
		known[c.ID] = true
		if !recordedAt(c).After(t) {
			out.Checks = append(out.Checks, c)
			kept[c.ID] = true
		}
	}
	for _, o := range ev.Observations {
		orphanInTime := !known[o.CheckID] && !o.SeenAt.IsZero() && !o.SeenAt.After(t)
		if kept[o.CheckID] || orphanInTime {
			out.Observations = append(out.Observations, o)
		}
	}
	return out
}

// ByAsset splits the evidence about many assets into each one's part: what
// was matched to it, what was seen at its IPs and at its mappings'
// external addresses, and the checks those came from. What lifecycle
// says of one asset from its part is what it says from the whole, so
// that work on many assets judges each on a little evidence.
func (ev Evidence) ByAsset(assets []inventory.Asset, mappings []inventory.PortMapping) map[int64]Evidence {
	atAddr := map[string][]int64{}
	for _, a := range assets {
		for _, ip := range a.IPs() {
			atAddr[ip] = append(atAddr[ip], a.ID)
		}
	}
	for _, m := range mappings {
		atAddr[m.ExternalAddr] = append(atAddr[m.ExternalAddr], m.AssetID)
	}
	order := make(map[int64]int, len(ev.Checks))
	for i, c := range ev.Checks {
		order[c.ID] = i
	}
	out := map[int64]Evidence{}
	checksOf := map[int64][]int{}
	for _, o := range ev.Observations {
		addr := o.Address
		if ip, err := inventory.NormalizeIP(addr); err == nil {
			addr = ip
		}
		ids := slices.Clone(atAddr[addr])
		if o.AssetID != 0 {
			ids = append(ids, o.AssetID)
		}
		slices.Sort(ids)
		for _, id := range slices.Compact(ids) {
			e := out[id]
			e.Observations = append(e.Observations, o)
			out[id] = e
			if i, ok := order[o.CheckID]; ok && !slices.Contains(checksOf[id], i) {
				checksOf[id] = append(checksOf[id], i)
			}
		}
	}
	for id, idx := range checksOf {
		slices.Sort(idx)
		e := out[id]
		for _, i := range idx {
			e.Checks = append(e.Checks, ev.Checks[i])
		}
		out[id] = e
	}
	return out
}

// checkTime is when a check ended, or started when it has no end.
func checkTime(c inventory.Check) time.Time {
	if !c.EndedAt.IsZero() {
		return c.EndedAt
	}
	return c.StartedAt
}

// recordedAt is when sunset stored a check (when it ended, for a check
// that was never stored).
func recordedAt(c inventory.Check) time.Time {
	if !c.RecordedAt.IsZero() {
		return c.RecordedAt
	}
	return checkTime(c)
}

// Imported reports whether a check came from an nmap XML file rather than
// from a check sunset ran.
func Imported(c inventory.Check) bool { return strings.HasPrefix(c.Source, "import:") }

// sighting is an observation joined with its check.
type sighting struct {
	inventory.Observation
	check inventory.Check
	known bool // the check is in the evidence
	// at is when the address was seen, as the check says; rank is when
	// the sighting counts from in the order of evidence (see Evidence).
	at, rank time.Time
}

// rankOf places a sighting in the order of evidence.
func rankOf(s sighting) time.Time {
	switch {
	case !s.known:
		return s.at
	case !Imported(s.check):
		return recordedAt(s.check)
	case !s.check.RecordedAt.IsZero() && s.check.RecordedAt.Before(s.at):
		return s.check.RecordedAt
	}
	return s.at
}

func (s sighting) complete() bool { return s.known && !s.check.Partial }

// answered: an answer counts from any check, partial or not.
func (s sighting) answered() bool { return s.State == inventory.Answered }

// dark: no answer counts only from a check that ran to its end.
func (s sighting) dark() bool { return s.State == inventory.Dark && s.complete() }

// definitive sightings say something about liveness; the rest (unknown,
// or dark in a partial check) say nothing.
func (s sighting) definitive() bool { return s.answered() || s.dark() }

// index holds the sightings newest first in the order of evidence, by
// address and by asset.
type index struct {
	all     []sighting
	byAddr  map[string][]int
	byAsset map[int64][]int
}

func newIndex(ev Evidence) *index {
	checks := make(map[int64]inventory.Check, len(ev.Checks))
	for _, c := range ev.Checks {
		checks[c.ID] = c
	}
	x := &index{byAddr: map[string][]int{}, byAsset: map[int64][]int{}}
	for _, o := range ev.Observations {
		c, ok := checks[o.CheckID]
		s := sighting{Observation: o, check: c, known: ok, at: o.SeenAt}
		if s.at.IsZero() {
			s.at = checkTime(c)
		}
		s.rank = rankOf(s)
		if ip, err := inventory.NormalizeIP(o.Address); err == nil {
			s.Address = ip
		}
		x.all = append(x.all, s)
	}
	slices.SortStableFunc(x.all, func(a, b sighting) int {
		if c := b.rank.Compare(a.rank); c != 0 {
			return c
		}
		if c := cmp.Compare(b.CheckID, a.CheckID); c != 0 {
			return c
		}
		return cmp.Compare(b.ID, a.ID)
	})
	for i, s := range x.all {
		x.byAddr[s.Address] = append(x.byAddr[s.Address], i)
		if s.AssetID != 0 {
			x.byAsset[s.AssetID] = append(x.byAsset[s.AssetID], i)
		}
	}
	return x
}

func (x *index) pick(idx []int) []sighting {
	out := make([]sighting, len(idx))
	for i, j := range idx {
		out[i] = x.all[j]
	}
	return out
}

// at returns the sightings at one address, newest first.
func (x *index) at(addr string) []sighting { return x.pick(x.byAddr[addr]) }

// of returns the sightings of an asset, newest first: those matched to it
// (wherever it answered), and unmatched ones at its recorded IPs.
func (x *index) of(a inventory.Asset) []sighting {
	var idx []int
	if a.ID != 0 {
		idx = append(idx, x.byAsset[a.ID]...)
	}
	for _, ip := range a.IPs() {
		for _, i := range x.byAddr[ip] {
			if x.all[i].AssetID == 0 {
				idx = append(idx, i)
			}
		}
	}
	slices.Sort(idx)
	return x.pick(slices.Compact(idx))
}

// streakStart is when the current run of sightings that match began: it
// walks the definitive sightings (newest first) back to the first one that
// does not match.
func streakStart(ss []sighting, match func(sighting) bool) time.Time {
	var start time.Time
	for _, s := range ss {
		if !s.definitive() {
			continue
		}
		if !match(s) {
			break
		}
		start = s.at
	}
	return start
}

// newest is the sighting that comes last in the order of evidence.
func newest(ss []sighting) sighting {
	best := ss[0]
	for _, s := range ss[1:] {
		if s.rank.After(best.rank) {
			best = s
		}
	}
	return best
}

// CompareAddress orders IP addresses numerically (IPv4 before IPv6),
// anything else as text after them: the order of findings by address,
// wherever they are shown.
func CompareAddress(a, b string) int {
	pa, errA := netip.ParseAddr(a)
	pb, errB := netip.ParseAddr(b)
	switch {
	case errA == nil && errB == nil:
		return pa.Compare(pb)
	case errA == nil:
		return -1
	case errB == nil:
		return 1
	}
	return cmp.Compare(a, b)
}
