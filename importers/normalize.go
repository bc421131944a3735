package importers

import (
	"strings"
	"unicode"
)

// normHeader folds a column name for lookup: case, spaces and punctuation
// do not matter ("Asset Tag", "asset_tag" and "AssetTag" are one name).
func normHeader(s string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(s) {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			b.WriteRune(r)
		}
	}
	return b.String()
}

// normWords folds a value for vocabulary lookup: lower case, every run of
// punctuation or space becomes one space ("Lost/Stolen" is "lost stolen").
func normWords(s string) string {
	var b strings.Builder
	space := false
	for _, r := range strings.ToLower(s) {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			if space && b.Len() > 0 {
				b.WriteByte(' ')
			}
			space = false
			b.WriteRune(r)
		} else {
			space = true
		}
	}
	return b.String()
}
