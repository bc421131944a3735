package tui

import (
	"context"
	"strings"
	"testing"
)

// staticGuide is a guide that always says the same.
func staticGuide(lines ...string) func(context.Context) []string {
	return func(context.Context) []string { return lines }
}

func TestDashboardShowsGuideAndNotesWrappedToWidth(t *testing.T) {
	s := openStore(t)
	seedInventory(t, s)
	opts := Options{Now: fixedNow,
		Guide: staticGuide("Press C to check everything in the lab, then look at the critical findings first."),
		Notes: []string{"nmap is not installed: install it with `apt-get install -y nmap` to see live checks."}}
	for _, size := range [][2]int{{80, 30}, {140, 40}} {
		m := loaded(t, s, opts, size[0], size[1])
		view := plainView(m)
		checkFits(t, "dashboard with guide", view, size[0], size[1])
		flat := strings.Join(strings.Fields(view), " ")
		for _, want := range []string{"Start here", "Press C to check everything", "apt-get install -y nmap"} {
			if !strings.Contains(flat, want) {
				t.Errorf("%dx%d: dashboard lacks %q:\n%s", size[0], size[1], want, view)
			}
		}
	}
}
