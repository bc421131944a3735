package inventory

import (
	"strings"
	"unicode"
)

// MaxSite is how long, in bytes, a site's name may be.
const MaxSite = 64

// ValidSite checks the name of the site a check ran from (Check.Site):
// empty (no site), or up to MaxSite bytes of letters, digits, '-', '_',
// '.', ':' and '@', starting with a letter or a digit, as host names and
// segment names are written ("hq", "branch-2", "dmz.lyon").
func ValidSite(site string) error {
	if site == "" {
		return nil
	}
	if len(site) > MaxSite {
		return FieldError("site", "%q is longer than %d bytes", site, MaxSite)
	}
	for i, r := range site {
		letter := unicode.IsLetter(r) || unicode.IsDigit(r)
		if letter || i > 0 && strings.ContainsRune("-_.:@", r) {
			continue
		}
		if unicode.IsPrint(r) {
			return FieldError("site", "%q: character %q is not allowed in a site name (letters, digits, '-', '_', '.', ':', '@')", site, r)
		}
		return FieldError("site", "character %U is not allowed in a site name", r)
	}
	return nil
}
