package tui

import (
	"math"
	"strconv"
	"strings"
	"testing"

	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/x/exp/golden"
	"github.com/muesli/termenv"
)

// withProfile renders with a colour profile and background for the rest
// of the test, as a real terminal would be seen.
func withProfile(t *testing.T, p termenv.Profile, dark bool) {
	t.Helper()
	lipgloss.SetColorProfile(p)
	lipgloss.SetHasDarkBackground(dark)
	t.Cleanup(func() {
		lipgloss.SetColorProfile(termenv.Ascii)
		lipgloss.SetHasDarkBackground(true)
	})
}

// luminance is the relative luminance of "#RRGGBB" (WCAG 2).
func luminance(t *testing.T, hex string) float64 {
	t.Helper()
	v, err := strconv.ParseUint(strings.TrimPrefix(hex, "#"), 16, 32)
	if err != nil {
		t.Fatal(err)
	}
	ch := func(c uint64) float64 {
		s := float64(c) / 255
		if s <= 0.03928 {
			return s / 12.92
		}
		return math.Pow((s+0.055)/1.055, 2.4)
	}
	return 0.2126*ch(v>>16&0xff) + 0.7152*ch(v>>8&0xff) + 0.0722*ch(v&0xff)
}

func contrast(t *testing.T, a, b string) float64 {
	la, lb := luminance(t, a), luminance(t, b)
	return (max(la, lb) + 0.05) / (min(la, lb) + 0.05)
}

// Every colour of the palette reads on a light and on a dark background:
// the light variant on white and on a cream (solarized) background, the
// dark one on black and on a common dark grey, at WCAG's 4.5:1 for text
// (2.5:1 for the faint marks of bars and separators). A terminal that
// hides its background (tmux, some SSH clients) is taken for a dark one,
// so the dark variant must still read (3:1, faint 1.5:1) on the light
// backgrounds.
func TestColoursReadOnLightAndDarkBackgrounds(t *testing.T) {
	named := map[string]lipgloss.TerminalColor{"accent": colours.accent, "subtle": colours.subtle, "faint": colours.faint,
		"bad": colours.bad, "warn": colours.warn, "ok": colours.ok, "info": colours.info, "selected": colours.selected}
	lights, darks := []string{"#FFFFFF", "#FDF6E3"}, []string{"#000000", "#1E1E1E"}
	for name, c := range named {
		ac, ok := c.(lipgloss.AdaptiveColor)
		if !ok {
			t.Errorf("%s is not adaptive: %T", name, c)
			continue
		}
		want, cross := 4.5, 3.0
		if name == "faint" {
			want, cross = 2.5, 1.5
		}
		for _, bg := range lights {
			if r := contrast(t, ac.Light, bg); r < want {
				t.Errorf("%s %s on light %s: contrast %.2f, want %.1f", name, ac.Light, bg, r, want)
			}
			if r := contrast(t, ac.Dark, bg); r < cross {
				t.Errorf("%s's dark variant %s on light %s: contrast %.2f, want %.1f", name, ac.Dark, bg, r, cross)
			}
		}
		for _, bg := range darks {
			if r := contrast(t, ac.Dark, bg); r < want {
				t.Errorf("%s %s on dark %s: contrast %.2f, want %.1f", name, ac.Dark, bg, r, want)
			}
		}
	}
}

// The terminal's background picks the variant: the heading of the tab bar
// is drawn in the light variant on a light terminal, the dark one on a
// dark terminal.
func TestTheBackgroundPicksTheColourVariant(t *testing.T) {
	accent := colours.accent.(lipgloss.AdaptiveColor)
	rgb := func(hex string) string { return termenv.TrueColor.Color(hex).Sequence(false) }
	for _, bg := range []struct {
		dark       bool
		want, not  string
		background string
	}{{true, accent.Dark, accent.Light, "dark"}, {false, accent.Light, accent.Dark, "light"}} {
		withProfile(t, termenv.TrueColor, bg.dark)
		out := DefaultStyles().TabActive.Render("3 Findings")
		if !strings.Contains(out, rgb(bg.want)) || strings.Contains(out, rgb(bg.not)) {
			t.Errorf("on a %s background the active tab is drawn %q, want colour %s", bg.background, out, bg.want)
		}
	}
}

// NO_COLOR takes the colours away and nothing else: the active tab stays
// bold and underlined, the cursor row reversed, errors bold.
func TestNoColorKeepsBoldUnderlineAndReverse(t *testing.T) {
	withProfile(t, termenv.ANSI256, true)
	st := NoColorStyles()
	cases := []struct {
		name  string
		style lipgloss.Style
		want  []string
	}{
		{"active tab", st.TabActive, []string{"1", "4"}},
		{"cursor row", st.TableCursor, []string{"7"}},
		{"heading", st.Heading, []string{"1"}},
		{"error", st.StatusError, []string{"1"}},
		{"sorted column", st.TableHeaderSort, []string{"1", "4"}},
		{"disposed stage", st.stageStyle("disposed"), []string{"2"}},
	}
	for _, c := range cases {
		out := c.style.Render("x")
		if strings.Contains(out, "38;") || strings.Contains(out, "48;") || strings.Contains(out, "\x1b[3") && !strings.Contains(out, "\x1b[3m") {
			t.Errorf("%s under NO_COLOR has a colour: %q", c.name, out)
		}
		params := sgrParams(out)
		for _, w := range c.want {
			if !params[w] {
				t.Errorf("%s under NO_COLOR is %q: it lost SGR %s", c.name, out, w)
			}
		}
	}
	// With colour the same styles colour their text.
	if out := DefaultStyles().StatusError.Render("x"); !strings.Contains(out, "38;5;") {
		t.Errorf("with colour an error is drawn %q", out)
	}
	// The environment's NO_COLOR is what turns it on.
	if !noColor(func(k string) string { return map[string]string{"NO_COLOR": "1"}[k] }) || noColor(func(string) string { return "" }) {
		t.Error("NO_COLOR is not read from the environment")
	}
}

// sgrParams lists the parameters of the SGR sequences in s.
func sgrParams(s string) map[string]bool {
	out := map[string]bool{}
	for _, part := range strings.Split(s, "\x1b[")[1:] {
		end := strings.IndexByte(part, 'm')
		if end < 0 {
			continue
		}
		for _, p := range strings.Split(part[:end], ";") {
			out[p] = true
		}
	}
	return out
}

// Golden frames with their escape sequences, under a dark and a light
// terminal and under NO_COLOR: what a person sees, colours included.
func TestGoldenStyledFrames(t *testing.T) {
	s := openStore(t)
	ids := seedInventory(t, s)
	profiles := []struct {
		name    string
		dark    bool
		noColor bool
	}{{"dark", true, false}, {"light", false, false}, {"nocolor", true, true}}
	shown := map[string]bool{"dashboard": true, "findings_selected": true, "detail_checklist": true, "stage_refused": true, "policy": true}
	sizes := []struct{ w, h int }{{60, 20}, {80, 24}, {120, 36}, {200, 50}}
	for _, p := range profiles {
		for _, sc := range screenSetups {
			if !shown[sc.name] {
				continue
			}
			for _, size := range sizes {
				t.Run(sc.name+"_"+p.name+"_"+itoa(size.w)+"x"+itoa(size.h), func(t *testing.T) {
					withProfile(t, termenv.ANSI256, p.dark)
					m := sc.to(t, loaded(t, s, Options{NoColor: p.noColor, Check: fakeCheckNeverRuns}, size.w, size.h), ids)
					view := m.View()
					if p.noColor {
						if params := sgrParams(view); params["38"] || params["48"] {
							t.Errorf("a colour under NO_COLOR")
						}
					}
					golden.RequireEqual(t, []byte(view))
				})
			}
		}
	}
}
