package lifecycle

import (
	"fmt"
	"strings"
	"time"

	"github.com/sunset-tui/sunset/inventory"
)

// Proof is the check that found every known address of an asset dark,
// and where it came from.
type Proof struct {
	CheckID int64  `json:"check_id"`
	Source  string `json:"source"`
	// Origin says where the proof came from in words: "live check #7" or
	// "file lan.xml, imported as check #8".
	Origin    string    `json:"origin"`
	At        time.Time `json:"at"` // when the check ended
	Addresses []string  `json:"addresses"`
	// Sites says, when checks ran from several sites, what each site's
	// newest complete check saw of the asset: every one found it dark.
	Sites []SiteSight `json:"sites,omitempty"`
}

// Origin says in words where a check came from: "live check #7" for a
// check sunset ran, "file lan.xml, imported as check #8" for a file.
func Origin(c inventory.Check) string {
	from := ""
	if c.Site != "" {
		from = " from site " + c.Site
	}
	if Imported(c) {
		return fmt.Sprintf("file %s, imported as check #%d%s", strings.TrimPrefix(c.Source, "import:"), c.ID, from)
	}
	return fmt.Sprintf("live check #%d%s", c.ID, from)
}

// ProveDark says whether asset a is proven dark at now: the newest complete
// check that covered the asset found no answer at any of its IP addresses,
// that check ended within policy check.fresh of now, and no check since has
// seen the asset answer. With no refusals the proof holds. A proof may come
// back together with a refusal when it is only too old.
func ProveDark(a inventory.Asset, ev Evidence, p inventory.Policy, now time.Time) (*Proof, []Refusal) {
	return newIndex(ev).proveDark(a, p.CheckFresh.Std(), now)
}

// LastDarkProof is the newest check that proved a dark, however old, as of
// the end of the evidence; nil when none did or the asset answered since.
func LastDarkProof(a inventory.Asset, ev Evidence) *Proof {
	proof, _ := newIndex(ev).proveDark(a, 0, time.Time{})
	return proof
}

// proveDark implements ProveDark; fresh 0 skips the age test.
func (x *index) proveDark(a inventory.Asset, fresh time.Duration, now time.Time) (*Proof, []Refusal) {
	check := checkStep(a)
	ips := a.IPs()
	if len(ips) == 0 {
		return nil, []Refusal{{Code: CodeNoAddress,
			Message: fmt.Sprintf("%s has no IP address, so no check can prove it dark", displayName(a)),
			Steps:   []Step{setFieldStep(a, "ip"), check}}}
	}
	seen := x.of(a)
	lastAt := -1
	for i, s := range seen {
		if s.complete() {
			lastAt = i
			break
		}
	}
	if lastAt < 0 {
		msg := fmt.Sprintf("no complete check has covered %s (%s)", displayName(a), strings.Join(ips, ", "))
		if len(seen) > 0 {
			msg += "; the checks that did were partial, and a partial check proves nothing dark"
		}
		return nil, []Refusal{{Code: CodeNoCheck, Message: msg, Steps: []Step{do("power it down"), check}}}
	}
	last := seen[lastAt].check

	var refusals []Refusal
	var answers []sighting
	inLast := map[string]sighting{}
	for i, s := range seen {
		switch {
		case s.CheckID == last.ID:
			if s.answered() {
				answers = append(answers, s)
			}
			if prev, ok := inLast[s.Address]; !ok || s.answered() && !prev.answered() {
				inLast[s.Address] = s
			}
		case s.answered() && (i < lastAt || !s.at.Before(last.StartedAt)):
			// Recorded after the last complete check, or seen while it ran.
			answers = append(answers, s)
		}
	}
	several := severalSites(seen)
	if several {
		// Another site's newest word may be an answer, older than this
		// check: the device is alive there.
		for _, s := range latestByAddress(seen) {
			if s.answered() {
				answers = append(answers, s)
			}
		}
	}
	if len(answers) > 0 {
		answers = latestByAddress(answers)
		latest := newest(answers)
		refusals = append(refusals, Refusal{Code: CodeAnswered, Address: latest.Address, CheckID: latest.CheckID,
			Message: fmt.Sprintf("%s answered on %s at %s", displayName(a), describeAnswers(answers, several), clock(latest.at, now)),
			Steps:   []Step{do("power it down and disconnect it"), check}})
	}
	at := checkTime(last)
	for _, ip := range ips {
		s, ok := inLast[ip]
		if several {
			// Each address is proven by the newest complete check that
			// covered it, from whichever site: sites may see different
			// segments.
			s, ok = newestCompleteAt(seen, ip)
		}
		switch {
		case !ok && several:
			refusals = append(refusals, Refusal{Code: CodeNotCovered, Address: ip, CheckID: last.ID,
				Message: fmt.Sprintf("no complete check from any site covered %s", ip),
				Steps:   []Step{check}})
		case !ok:
			refusals = append(refusals, Refusal{Code: CodeNotCovered, Address: ip, CheckID: last.ID,
				Message: fmt.Sprintf("check #%d did not cover %s", last.ID, ip),
				Steps:   []Step{check}})
		case s.State == inventory.Unknown:
			refusals = append(refusals, Refusal{Code: CodeUnclear, Address: ip, CheckID: s.CheckID,
				Message: fmt.Sprintf("%s gave no clear answer in check #%d (%s); a scan with -Pn or one that timed out proves nothing",
					ip, s.CheckID, orDash(s.Reason)),
				Steps: []Step{check}})
		case checkTime(s.check).Before(at):
			at = checkTime(s.check) // the proof is as old as its oldest part
		}
	}
	if len(refusals) > 0 {
		return nil, refusals
	}
	proof := &Proof{CheckID: last.ID, Source: last.Source, Origin: Origin(last), At: at, Addresses: ips}
	if several {
		proof.Sites = bySite(seen)
	}
	if fresh > 0 && now.Sub(proof.At) > fresh {
		refusals = append(refusals, Refusal{Code: CodeStaleCheck, CheckID: last.ID,
			Message: fmt.Sprintf("the newest complete check of %s (%s, %s) is older than check.fresh (%s)",
				displayName(a), proof.Origin, proof.At.In(now.Location()).Format("2006-01-02 15:04"), inventory.Duration(fresh)),
			Steps: []Step{check}})
	}
	return proof, refusals
}

// answering lists, per address, the newest definitive sighting of a when
// it is an answer recorded at or after since.
func (x *index) answering(a inventory.Asset, since time.Time) []sighting {
	var out []sighting
	for _, s := range latestByAddress(x.of(a)) {
		if s.answered() && !s.rank.Before(since) {
			out = append(out, s)
		}
	}
	return out
}

// answeringSince is when the asset started answering at the given
// addresses without a dark check in between, but not before floor.
func (x *index) answeringSince(a inventory.Asset, answers []sighting, floor time.Time) time.Time {
	seen := x.of(a)
	var since time.Time
	for _, ans := range answers {
		var atAddr []sighting
		for _, s := range seen {
			if s.Address == ans.Address {
				atAddr = append(atAddr, s)
			}
		}
		start := streakStart(alongside(atAddr, ans), sighting.answered)
		if start.Before(floor) {
			start = floor
		}
		if since.IsZero() || start.Before(since) {
			since = start
		}
	}
	return since
}

// describeAnswers writes "192.0.2.20 (3389/rdp, 22/ssh)" for each
// answering address; without open ports, the reply that showed it alive;
// when several is set (the asset was seen from several sites), the site
// that saw it ("from site branch").
func describeAnswers(ss []sighting, several bool) string {
	parts := make([]string, len(ss))
	for i, s := range ss {
		parts[i] = s.Address
		if ports := s.OpenPorts(); len(ports) > 0 {
			parts[i] += " (" + formatPorts(ports) + ")"
		} else if s.Reason != "" {
			parts[i] += " (" + s.Reason + ")"
		}
		if several && s.site() != "" {
			parts[i] += " from site " + s.site()
		}
	}
	return joinAnd(parts)
}

func orDash(s string) string {
	if s == "" {
		return "no reason given"
	}
	return s
}

// SeenIn says what one check saw of each asset it matched, under the
// liveness rule: answered at any of its addresses is answered; dark only
// when the check ran to its end and no address answered; otherwise
// unknown (nmap gave no clear answer, or the check was partial).
func SeenIn(c inventory.Check, obs []inventory.Observation) map[int64]inventory.Liveness {
	out := map[int64]inventory.Liveness{}
	for _, o := range obs {
		if o.AssetID == 0 || o.CheckID != c.ID {
			continue
		}
		state := o.State
		if state == inventory.Dark && c.Partial {
			state = inventory.Unknown
		}
		switch prev, seen := out[o.AssetID]; {
		case !seen, state == inventory.Answered, state == inventory.Unknown && prev == inventory.Dark:
			out[o.AssetID] = state
		}
	}
	return out
}

// newestCompleteAt is the newest sighting at ip from a complete check
// (an answer preferred within one check); ss is newest first.
func newestCompleteAt(ss []sighting, ip string) (sighting, bool) {
	for i, s := range ss {
		if s.Address != ip || !s.complete() {
			continue
		}
		for _, o := range ss[i+1:] {
			if o.CheckID == s.CheckID && o.Address == ip && o.answered() {
				return o, true
			}
		}
		return s, true
	}
	return sighting{}, false
}
