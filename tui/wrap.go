package tui

import (
	"strings"
	"unicode/utf8"

	"github.com/charmbracelet/x/ansi"
)

// wrap breaks text into lines of at most width cells: at spaces, and
// inside a word only where the word alone is wider than a line. It drops
// nothing but the spaces it breaks at, so a sentence cut in two still
// says all it said (the advice of a finding names its mapping at the
// end). Styled text keeps its escape sequences.
func wrap(text string, width int) []string {
	width = max(width, 1)
	var lines []string
	for _, para := range strings.Split(text, "\n") {
		lines = append(lines, wrapLine(para, width)...)
	}
	return lines
}

func wrapLine(s string, width int) []string {
	var lines []string
	var cur strings.Builder
	used := 0
	flush := func() {
		lines = append(lines, cur.String())
		cur.Reset()
		used = 0
	}
	for i, word := range strings.Split(s, " ") {
		w := ansi.StringWidth(word)
		if i > 0 {
			if used > 0 && used+1+w > width {
				flush()
			} else if used > 0 || cur.Len() > 0 {
				cur.WriteByte(' ')
				used++
			}
		}
		// A word wider than what is left of the line is cut where the
		// line ends, and goes on on the next.
		for w > width-used {
			if used > 0 {
				flush()
				continue
			}
			head := ansi.Truncate(word, width, "")
			if ansi.StringWidth(head) == 0 {
				_, size := utf8.DecodeRuneInString(ansi.Strip(word))
				head = ansi.Strip(word)[:max(size, 1)] // one wide character on a line narrower than it
			}
			cur.WriteString(head)
			flush()
			word = ansi.TruncateLeft(word, ansi.StringWidth(head), "")
			w = ansi.StringWidth(word)
		}
		cur.WriteString(word)
		used += w
	}
	return append(lines, cur.String())
}
