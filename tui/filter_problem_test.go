package tui

import (
	"strings"
	"testing"
)

// A filter with an unknown key says which keys exist, and a filter error
// is shown whole, wrapped at a narrow width and on one line at a wide one,
// on every screen with a filter.
func TestFilterProblemsAreShownWholeAndNameTheKeys(t *testing.T) {
	s := openStore(t)
	seedInventory(t, s)
	squeeze := func(s string) string { return strings.Join(strings.Fields(s), " ") }
	cases := []struct {
		screen, text string
		want         []string
	}{
		{"2", "foo:bar", []string{`"foo:" is no filter key; the keys are`, "stage:", "owner:", "seen:"}},
		{"2", "seen:<7x", []string{"seen", "7x"}},
		{"3", "foo:bar", []string{`"foo:" is no filter key; the keys are severity: kind: asset: ip:`}},
		{"5", "foo:bar", []string{`"foo:" is no filter key; the keys are`}},
	}
	for _, c := range cases {
		for _, w := range []int{60, 80, 160} {
			m := typeText(t, keys(t, loaded(t, s, Options{}, w, 30), c.screen, "/"), c.text)
			view := squeeze(plainView(m))
			for _, want := range c.want {
				if !strings.Contains(view, want) {
					t.Errorf("screen %s, %q at %d columns: %q is not on screen:\n%s", c.screen, c.text, w, want, plainView(m))
				}
			}
		}
	}
}
