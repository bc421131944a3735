package importers

import (
	"fmt"
	"strings"

	"github.com/sunset-tui/sunset/inventory"
)

// match finds the existing asset the row names, trying keys in order. It
// returns -1 when none is the row's, and a reason when the row names two,
// or names one whose stronger identity (an earlier key) differs. Only a
// hostname may be shared by different devices: an asset found by hostname
// alone whose serial (say) differs is another device, named in a warning.
func (ap *applier) match(a *inventory.Asset, id *identity) (found int, conflict string, warnings []string) {
	found, foundKey := -1, ""
	var lookalikes []string
	for ki, k := range ap.keys {
		isKey := ki < len(ap.s.keys)
		for _, v := range id.values(k) {
			var cands []int
			for _, h := range ap.index[k][v] {
				if h == found {
					continue
				}
				e := &ap.existing[h]
				by := ap.tellsApart(id, &ap.ids[h], ki)
				switch {
				case k == "hostname" && found >= 0:
					continue // a hostname may be shared; the row is already matched
				case k == "hostname" && by != "":
					lookalikes = append(lookalikes, fmt.Sprintf("hostname %q also names %s, whose %s differs", a.Hostname, named(e), by))
					continue
				case !isKey:
					why := fmt.Sprintf("%s %s already belongs to %s", k, showValues(k, a), named(e))
					if by != "" {
						why += fmt.Sprintf(", whose %s is %s, not %s", by, showValues(by, e), showValues(by, a))
					}
					return -1, why, nil
				case found >= 0:
					return -1, fmt.Sprintf("%s %s matches %s, but %s %s matches %s",
						foundKey, showValues(foundKey, a), named(&ap.existing[found]), k, showValues(k, a), named(e)), nil
				case by != "":
					return -1, fmt.Sprintf("%s %s matches %s, whose %s is %s, not %s (to change a %s by import, leave %s out of --key)",
						k, showValues(k, a), named(e), by, showValues(by, e), showValues(by, a), by, by), nil
				}
				cands = append(cands, h)
			}
			if len(cands) > 1 && k == "hostname" {
				cands = ap.sameIdentity(id, cands, ki)
			}
			if len(cands) > 1 {
				names := make([]string, len(cands))
				for i, h := range cands {
					names[i] = named(&ap.existing[h])
				}
				return -1, fmt.Sprintf("%s %s matches %d assets: %s", k, showValues(k, a), len(cands), strings.Join(names, ", ")), nil
			}
			if len(cands) == 1 {
				found, foundKey = cands[0], k
			}
		}
	}
	if found < 0 {
		return -1, "", lookalikes
	}
	return found, "", nil
}

// sameIdentity narrows assets sharing a hostname to the one whose stronger
// keys are exactly the row's, blanks included, when there is one: the row
// "printer" with no tag is the asset "printer" with no tag, not its
// namesake tagged P-7.
func (ap *applier) sameIdentity(id *identity, cands []int, upto int) []int {
	var hits []int
	for _, h := range cands {
		if ap.identical(id, &ap.ids[h], upto) {
			hits = append(hits, h)
		}
	}
	if len(hits) == 1 {
		return hits
	}
	return cands
}

// identical: a and b have the same values, or both none, for every key
// before position upto.
func (ap *applier) identical(a, b *identity, upto int) bool {
	for _, k := range ap.keys[:min(upto, len(ap.s.keys))] {
		if !same(a.values(k), b.values(k)) {
			return false
		}
	}
	return true
}

// tellsApart names the first of the keys before position upto on which a
// and b both have values and share none, or "".
func (ap *applier) tellsApart(a, b *identity, upto int) string {
	for _, k := range ap.keys[:min(upto, len(ap.s.keys))] {
		if disagree(a.values(k), b.values(k)) {
			return k
		}
	}
	return ""
}

// claim records the identity a row names and reports an earlier row of this
// import that names the same device by the same rules as matching; both
// rows become conflicts.
func (ap *applier) claim(at int, d *draft, id *identity, match int) string {
	cur := *id
	other, phrase, hint := -1, "", ""
	if match >= 0 {
		cur.fill(&ap.ids[match])
		if p, ok := ap.claimed[match]; ok {
			other, phrase = int(p), "matches the same asset, "+named(&ap.existing[match])+", as"
		}
	}
	for ki, k := range ap.keys {
		if other >= 0 {
			break
		}
		for _, v := range cur.values(k) {
			if k == "hostname" {
				// Rows sharing a hostname are one device only when
				// nothing stronger sets them apart or is missing from
				// one of them.
				for _, p := range ap.hostClaim[v] {
					if ap.identical(&cur, &ap.rowIDs[p], ki) {
						other = int(p)
						break
					}
				}
			} else if p, ok := ap.claims[k][v]; ok {
				other = int(p)
			}
			if other >= 0 {
				phrase = fmt.Sprintf("has the same %s %s as", k, showValues(k, &d.a))
				if k == "hostname" {
					hint = " (if these are different devices, give each a tag or serial, or leave hostname out of --key)"
				}
				break
			}
		}
	}
	if other >= 0 {
		first := &ap.report.Rows[other]
		if first.Action != ActionConflict && first.Action != ActionError {
			first.Action, first.Changes, first.Asset, first.AssetID = ActionConflict, nil, "", 0
			first.Reason = phrase + " " + ap.where(d.file, d.line) + hint
		}
		return phrase + " " + ap.where(first.File, first.Line) + hint
	}
	if match >= 0 {
		ap.claimed[match] = int32(at)
	}
	ap.rowIDs[at] = cur
	for _, k := range ap.keys {
		for _, v := range cur.values(k) {
			if k == "hostname" {
				if len(ap.hostClaim[v]) < maxClaimants {
					ap.hostClaim[v] = append(ap.hostClaim[v], int32(at))
				}
			} else {
				ap.claims[k][v] = int32(at)
			}
		}
	}
	return ""
}

// maxClaimants bounds how many earlier rows one hostname is compared with,
// so that a file where thousands of devices share a hostname stays linear.
const maxClaimants = 64
