package tui

import (
	"math/rand"
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"
)

// Wrapping drops nothing but the spaces it breaks at and never makes a
// line wider than asked, whatever the words (long ones, hyphens, wide
// characters, runs of spaces) and the width.
func TestWrapNeverDropsTextNorOverflows(t *testing.T) {
	texts := []string{
		"Port mapping #2 (192.0.2.2:3389, HVAC contractor) expired on 2024-11-27 and still answers: close it on the " +
			"firewall, then record it closed (D on mapping #2 of SRV-BMS-01) and check it (c on SRV-BMS-01).",
		"averyveryverylongwordwithoutanyspacesatallthatgoesonandon and some-hyphen-ated-words plus   runs   of spaces",
		"日本語のテキストと English mixed 日本語のテキスト",
	}
	r := rand.New(rand.NewSource(1))
	alphabet := []rune("abc-/:#é.(日 ")
	for i := 0; i < 300; i++ {
		var b strings.Builder
		for j := r.Intn(200); j > 0; j-- {
			b.WriteRune(alphabet[r.Intn(len(alphabet))])
		}
		texts = append(texts, b.String())
	}
	squeeze := func(s string) string { return strings.Join(strings.Fields(s), "") }
	for _, text := range texts {
		for w := 2; w < 200; w++ {
			lines := wrap(text, w)
			if got := squeeze(strings.Join(lines, " ")); got != squeeze(text) {
				t.Fatalf("width %d dropped text:\n%q\nbecame\n%q", w, text, lines)
			}
			for _, l := range lines {
				if lw := ansi.StringWidth(l); lw > w {
					t.Fatalf("width %d: line %q is %d wide", w, l, lw)
				}
			}
		}
	}
}

// Styled text wraps by what shows, keeping its escape sequences.
func TestWrapMeasuresStyledTextByWhatShows(t *testing.T) {
	text := "\x1b[1mbold words\x1b[0m that wrap"
	lines := wrap(text, 10)
	if strings.Join(lines, "\n") != "\x1b[1mbold words\x1b[0m\nthat wrap" {
		t.Errorf("styled text wrapped as %q", lines)
	}
}
