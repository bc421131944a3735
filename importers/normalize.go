package importers

import (
	"strings"
	"unicode"
)

// normHeader folds a column name for lookup: case, accents, spaces and
// punctuation do not matter ("Asset Tag", "asset_tag" and "AssetTag" are
// one name, and so are "Numéro de série" and "Numero de serie").
func normHeader(s string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(s) {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			writeFolded(&b, r)
		}
	}
	return b.String()
}

// normWords folds a value for vocabulary lookup: lower case without
// accents, every run of punctuation or space one space ("Lost/Stolen" is
// "lost stolen", "Recyclé" is "recycle").
func normWords(s string) string {
	var b strings.Builder
	space := false
	for _, r := range strings.ToLower(s) {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			if space && b.Len() > 0 {
				b.WriteByte(' ')
			}
			space = false
			writeFolded(&b, r)
		} else {
			space = true
		}
	}
	return b.String()
}

// writeFolded writes r without its accent: the letters of the Latin
// alphabets that exports in French, German, Spanish, Italian and
// Portuguese use, as people type them when their keyboard lacks one
// (ß and æ/œ as two letters).
func writeFolded(b *strings.Builder, r rune) {
	if r < 0xc0 {
		b.WriteRune(r)
		return
	}
	if f, ok := accentFree[r]; ok {
		b.WriteString(f)
		return
	}
	b.WriteRune(r)
}

var accentFree = func() map[rune]string {
	m := map[rune]string{'ß': "ss", 'æ': "ae", 'œ': "oe", 'ø': "o", 'ð': "d", 'þ': "th"}
	for base, letters := range map[string]string{
		"a": "àáâãäåāăą", "c": "çćčĉċ", "d": "ď", "e": "èéêëēĕėęě", "g": "ğĝġģ", "i": "ìíîïĩīĭįı",
		"l": "ĺļľł", "n": "ñńņňň", "o": "òóôõöōŏő", "r": "ŕŗř", "s": "śŝşš", "t": "ţťŧ",
		"u": "ùúûüũūŭůűų", "y": "ýÿŷ", "z": "źżž",
	} {
		for _, r := range letters {
			m[r] = base
		}
	}
	return m
}()
