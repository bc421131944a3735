package importers

import (
	"fmt"
	"slices"
	"strings"

	"github.com/sunset-tui/sunset/inventory"
)

// match finds the existing asset the row names, trying keys in order. It
// returns -1 when none is the row's, and a reason when the row names two,
// or names one that another key of the row sets apart (see mismatch).
// Only a hostname, a name and an IP address may be shared by different
// devices (weakKeys): an asset found by one of them alone whose serial
// (say) differs is another device, named in a warning.
func (ap *applier) match(a *inventory.Asset, id *identity) (found int, conflict string, warnings []string) {
	found, foundAt := -1, -1
	var lookalikes []string
	for ki, k := range ap.keys {
		isKey := ki < len(ap.s.keys)
		for _, v := range id.values(k) {
			var cands []int
			hits, cross := ap.lookUpName(k, v, id)
			for _, h := range hits {
				if h == found {
					continue
				}
				e := &ap.existing[h]
				by := ap.tellsApart(id, &ap.ids[h], ki)
				switch {
				case weakKeys[k] && found >= 0:
					continue // a hostname, a name or an IP may be shared; the row is already matched
				case weakKeys[k] && by != "":
					lookalikes = append(lookalikes, fmt.Sprintf("%s %s also names %s, whose %s differs", k, showValues(k, a), named(e), by))
					continue
				case !isKey:
					why := fmt.Sprintf("%s %s already belongs to %s", k, showValues(k, a), named(e))
					if by != "" {
						why += fmt.Sprintf(", whose %s is %s, not %s", by, showValues(by, e), showValues(by, a))
					}
					return -1, why, nil
				case found >= 0:
					foundKey := ap.keys[foundAt]
					return -1, fmt.Sprintf("%s %s matches %s, but %s %s matches %s",
						foundKey, showValues(foundKey, a), named(&ap.existing[found]), k, showValues(k, a), named(e)), nil
				case by != "":
					return -1, mismatch(k, by, a, e), nil
				}
				cands = append(cands, h)
			}
			// Assets that share a hostname are told apart by their other
			// keys; a name that is one asset's name and another's
			// hostname names both, and the row is a conflict.
			if len(cands) > 1 && weakKeys[k] && !cross {
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
				found, foundAt = cands[0], ki
			}
		}
	}
	if found < 0 {
		return -1, "", lookalikes
	}
	if by := ap.differsAfter(id, &ap.ids[found], foundAt); by != "" {
		return -1, mismatch(ap.keys[foundAt], by, a, &ap.existing[found]), nil
	}
	return found, "", nil
}

// lookUpName is the existing assets whose key k has value v. What a
// device is called, when both hostname and name are keys, is compared
// with both: a row's name with the assets' names and hostnames, and a
// hostname that came from a name column (identity.hostFromName) with
// their hostnames and names, so that "Excavator" in a name column is the
// asset named Excavator whichever field holds it. cross says that some
// were found by the other field.
func (ap *applier) lookUpName(k, v string, id *identity) (hits []int, cross bool) {
	hits = ap.index[k][v]
	other := ""
	switch {
	case !ap.uses["hostname"] || !ap.uses["name"]:
	case k == "name":
		other = "hostname"
	case k == "hostname" && id.hostFromName:
		other = "name"
	}
	if other == "" {
		return hits, false
	}
	more := ap.index[other][v]
	if len(more) == 0 {
		return hits, false
	}
	all := slices.Clone(hits)
	for _, h := range more {
		if !slices.Contains(all, h) {
			all, cross = append(all, h), true
		}
	}
	return all, cross
}

// mismatch says why a row whose key k names asset e is not e: its key by
// says otherwise. A tag, a serial and a MAC each name one device, so a row
// that carries another than e's is another device, never a rename of e.
func mismatch(k, by string, a, e *inventory.Asset) string {
	return fmt.Sprintf("%s %s matches %s, whose %s is %s, not %s (to change a %s by import, leave %s out of --key)",
		k, showValues(k, a), named(e), by, showValues(by, e), showValues(by, a), by, by)
}

// differsAfter names the first key after position at, among the keys
// matched by, on which the row and the asset it matched both have values
// and share none, or "". A hostname, a name or an IP there may differ:
// the device was renamed or renumbered.
func (ap *applier) differsAfter(row, asset *identity, at int) string {
	for _, k := range ap.keys[at+1 : len(ap.s.keys)] {
		if !weakKeys[k] && disagree(k, row.values(k), asset.values(k)) {
			return k
		}
	}
	return ""
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
		if disagree(k, a.values(k), b.values(k)) {
			return k
		}
	}
	return ""
}

// claim checks that no row before this one named the same device, by the
// same rules as matching: the same existing asset, the same value of a
// key, or the same hostname, name or IP with the same stronger keys. It returns why
// the row is refused, naming the earlier row, or records what the row
// claims. Only the later row is refused: the earlier one was reported
// already, and the import as a whole is refused either way.
func (ap *applier) claim(d *draft, id *identity, match int) (string, error) {
	cur := *id
	ap.claiming = ap.claiming[:0]
	if match >= 0 {
		cur.fill(&ap.ids[match])
		ap.claiming = append(ap.claiming, pendingClaim{key: ap.claims.assetClaim(ap.existing[match].ID), at: -1})
	}
	for ki, k := range ap.keys {
		for _, v := range cur.values(k) {
			ap.claiming = append(ap.claiming, pendingClaim{key: ap.keyClaim(&cur, ki, v), at: ki})
		}
	}
	for _, c := range ap.claiming {
		p, ok, err := ap.claims.lookUp(c.key)
		if ok || err != nil {
			return ap.claimedBefore(c, d, match, p), err
		}
	}
	here := placeOf(d.input, d.line)
	for _, c := range ap.claiming {
		if err := ap.claims.add(c.key, here); err != nil {
			return "", err
		}
	}
	return "", nil
}

// pendingClaim is a claim a row makes: of the asset it matched (at -1),
// or of a value of the key at position at.
type pendingClaim struct {
	key uint64
	at  int
}

// claimedBefore says which row at p made claim c before row d.
func (ap *applier) claimedBefore(c pendingClaim, d *draft, match int, p place) string {
	earlier := ap.where(ap.plans[p.file()].t.name, p.line())
	if c.at < 0 {
		return "matches the same asset, " + named(&ap.existing[match]) + ", as " + earlier
	}
	k, hint := ap.keys[c.at], ""
	if weakKeys[k] {
		hint = fmt.Sprintf(" (if these are different devices, give each a tag or serial, or leave %s out of --key)", k)
	}
	return fmt.Sprintf("has the same %s %s as %s%s", k, showValues(k, &d.a), earlier, hint)
}

// keyClaim is the claim of value v of the key at position ki.
func (ap *applier) keyClaim(id *identity, ki int, v string) uint64 {
	if k := ap.keys[ki]; !weakKeys[k] {
		return ap.claims.keyClaim(k, v)
	}
	return ap.claims.weakClaim(ap.keys[ki], v, id, ap.keys[:ki])
}
