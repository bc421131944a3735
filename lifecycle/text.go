package lifecycle

import (
	"fmt"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/sunset-tui/sunset/inventory"
)

// MaxText caps a reason or a piece of evidence.
const MaxText = 1024

// displayName is how sentences name an asset: its hostname, else its ref.
func displayName(a inventory.Asset) string {
	if a.Hostname != "" {
		return a.Hostname
	}
	return a.Ref()
}

// clock writes t as HH:MM in now's zone, with the day in front when it is
// not now's day.
func clock(t, now time.Time) string {
	t = t.In(now.Location())
	if inventory.DateOf(t) == inventory.DateOf(now) {
		return t.Format("15:04")
	}
	return t.Format("2006-01-02 15:04")
}

// dayOf is the calendar day of t in now's zone.
func dayOf(t, now time.Time) inventory.Date { return inventory.DateOf(t.In(now.Location())) }

// wholeDays rounds a policy duration up to whole days.
func wholeDays(d inventory.Duration) int {
	n := int(d / inventory.Day)
	if d%inventory.Day != 0 {
		n++
	}
	return n
}

// relDays says how far a day is from today: "today", "in 3 days",
// "12 days ago".
func relDays(n int) string {
	switch {
	case n == 0:
		return "today"
	case n == 1:
		return "tomorrow"
	case n == -1:
		return "yesterday"
	case n > 1:
		return fmt.Sprintf("in %d days", n)
	}
	return fmt.Sprintf("%d days ago", -n)
}

// joinAnd lists words as people write them: "a", "a and b", "a, b and c".
func joinAnd(words []string) string {
	switch len(words) {
	case 0:
		return ""
	case 1:
		return words[0]
	}
	return strings.Join(words[:len(words)-1], ", ") + " and " + words[len(words)-1]
}

// textProblem checks free text a person typed (a reason, evidence): valid
// UTF-8, at most max bytes, and no control or bidi-override characters that
// could disguise what a terminal or report shows. It returns "" when the
// text is fine.
func textProblem(v string, max int) string {
	if !utf8.ValidString(v) {
		return "not valid UTF-8"
	}
	if len(v) > max {
		return fmt.Sprintf("longer than %d bytes", max)
	}
	for _, r := range v {
		if unicode.IsControl(r) || unicode.Is(unicode.Bidi_Control, r) {
			return fmt.Sprintf("character %U is not allowed", r)
		}
	}
	return ""
}

// capitalize starts a sentence that begins with a common word ("port
// mapping ...") with a capital letter.
func capitalize(s string) string {
	r, size := utf8.DecodeRuneInString(s)
	if size == 0 {
		return s
	}
	return string(unicode.ToUpper(r)) + s[size:]
}
