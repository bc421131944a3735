// Package safe makes untrusted text (hostnames from imports, banners from
// scans) harmless to print on a terminal: control characters, escape
// sequences and bidi overrides become visible escapes.
package safe

import (
	"fmt"
	"io"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Text returns s with every character that could move the cursor, change
// colours, talk to the terminal (OSC 52 clipboard writes, screen clears) or
// reorder text shown as a visible escape such as \x1b or \u202e. Invalid
// UTF-8 bytes become \xNN too, and a backslash is doubled, so that what
// looks like an escape always is one.
func Text(s string) string {
	if isPlain(s) {
		return s
	}
	var b strings.Builder
	escape(&b, s, func(r rune) bool { return r == '\\' })
	return b.String()
}

// escape writes s to b with each unsafe character as its escape; a
// backslash is doubled when doubled says so.
func escape(b *strings.Builder, s string, doubled func(rune) bool) {
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && size == 1:
			fmt.Fprintf(b, `\x%02x`, s[i])
		case Unsafe(r):
			if r < 0x80 {
				fmt.Fprintf(b, `\x%02x`, r)
			} else {
				fmt.Fprintf(b, `\u%04x`, r)
			}
		case r == '\\' && doubled(r):
			b.WriteString(`\\`)
		default:
			b.WriteRune(r)
		}
		i += size
	}
}

// Unsafe reports whether a character must not reach a terminal as it is:
// C0 and C1 control characters (ESC starts every escape sequence, BEL ends
// an OSC one), DEL, bidi controls and other invisible format characters.
func Unsafe(r rune) bool {
	return r < 0x20 || r == 0x7f || r >= 0x80 && r < 0xa0 || isBidiControl(r) || unicode.Is(unicode.Cf, r)
}

// isPlain reports whether s holds whole, safe characters and no
// backslash: Text leaves it as it is.
func isPlain(s string) bool {
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if c < 0x20 || c == 0x7f || c == '\\' {
				return false
			}
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size <= 1 || Unsafe(r) {
			return false
		}
		i += size
	}
	return true
}

func isBidiControl(r rune) bool {
	return r >= 0x202a && r <= 0x202e || r >= 0x2066 && r <= 0x2069 || r == 0x200e || r == 0x200f || r == 0x061c
}

// Writer passes text on to a terminal with every unsafe character shown as
// Text shows it. Line feeds and tabs, which lay the output out, pass as
// they are, and so do backslashes, which the commands it prints need as
// written. Everything the command line prints goes through one.
type Writer struct {
	w io.Writer
	// partial holds the first bytes of a character split between writes.
	partial []byte
}

// NewWriter returns a Writer to w.
func NewWriter(w io.Writer) *Writer { return &Writer{w: w} }

// Unwrap is the writer the text goes to, for what must reach the terminal
// as it is (a progress line that redraws itself).
func (w *Writer) Unwrap() io.Writer { return w.w }

func (w *Writer) Write(p []byte) (int, error) {
	if len(w.partial) == 0 && plainLines(p) {
		return w.w.Write(p) // most output: nothing to escape
	}
	s := string(append(w.partial, p...))
	w.partial = w.partial[:0]
	if cut := incompleteTail(s); cut > 0 {
		w.partial = append(w.partial, s[len(s)-cut:]...)
		s = s[:len(s)-cut]
	}
	var b strings.Builder
	for _, line := range strings.SplitAfter(s, "\n") {
		for i, field := range strings.Split(line, "\t") {
			if i > 0 {
				b.WriteByte('\t')
			}
			body, nl := strings.CutSuffix(field, "\n")
			escape(&b, body, func(rune) bool { return false })
			if nl {
				b.WriteByte('\n')
			}
		}
	}
	if _, err := io.WriteString(w.w, b.String()); err != nil {
		return 0, err
	}
	return len(p), nil
}

// incompleteTail is how many bytes at the end of s start a character that
// the next write completes (0 when s ends on a whole one).
// plainLines reports whether p holds whole characters that are safe, tabs
// and newlines alone, which a Writer passes as they are.
func plainLines(p []byte) bool {
	for i := 0; i < len(p); {
		c := p[i]
		if c < utf8.RuneSelf {
			if (c < 0x20 || c == 0x7f) && c != '\t' && c != '\n' {
				return false
			}
			i++
			continue
		}
		r, size := utf8.DecodeRune(p[i:])
		if r == utf8.RuneError && size <= 1 || Unsafe(r) {
			return false
		}
		i += size
	}
	return true
}

func incompleteTail(s string) int {
	for n := 1; n <= 3 && n <= len(s); n++ {
		c := s[len(s)-n]
		if c < 0x80 {
			return 0
		}
		if utf8.RuneStart(c) {
			if !utf8.FullRuneInString(s[len(s)-n:]) {
				return n
			}
			return 0
		}
	}
	return 0
}
