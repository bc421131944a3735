package tui

import (
	"strings"
	"testing"

	tea "github.com/charmbracelet/bubbletea"
)

// At 60 and 80 columns (and wider) the tab bar names every tab by its
// number without being cut, the active one by its title too, and the
// footer always ends with how to see the keys and how to quit.
func TestTabBarAndFooterFitAt60And80Columns(t *testing.T) {
	s := openStore(t)
	seedInventory(t, s)
	screens := []struct {
		name  string
		keys  []string
		title string
	}{
		{"dashboard", []string{"1"}, "Dash"}, {"assets", []string{"2"}, "Assets"}, {"findings", []string{"3"}, "Find"},
		{"reminders", []string{"4"}, "4 "}, {"unknown", []string{"5"}, "Unkn"}, {"policy", []string{"6"}, "Policy"},
	}
	for _, w := range []int{60, 80, 120, 200} {
		for _, sc := range screens {
			m := keys(t, loaded(t, s, Options{}, w, 24), sc.keys...)
			lines := strings.Split(plainView(m), "\n")
			head, foot := lines[0], lines[len(lines)-1]
			if strings.Contains(head, "…") {
				t.Errorf("%s at %d columns: the tab bar is cut: %q", sc.name, w, head)
			}
			for i := 1; i <= 6; i++ {
				if !strings.Contains(head, itoa(i)) {
					t.Errorf("%s at %d columns: tab %d is missing: %q", sc.name, w, i, head)
				}
			}
			if sc.title == "4 " {
				sc.title = map[bool]string{true: "4 Due", false: "4 Reminders"}[w < 80]
			}
			if !strings.Contains(head, sc.title) {
				t.Errorf("%s at %d columns: the active tab has no title: %q", sc.name, w, head)
			}
			if !strings.HasSuffix(strings.TrimRight(foot, " "), "? keys • q quit") {
				t.Errorf("%s at %d columns: the footer is %q", sc.name, w, foot)
			}
		}
	}
	// The tab bar of 80 columns keeps the full titles.
	m := loaded(t, s, Options{}, 80, 24)
	if head := strings.Split(plainView(m), "\n")[0]; !strings.Contains(head, "6 Policy") || !strings.Contains(head, "1 Dashboard") {
		t.Errorf("at 80 columns the tab bar reads %q", head)
	}
	// A click lands on the tab drawn under it, however the bar is laid out.
	for _, w := range []int{60, 80, 120} {
		m := loaded(t, s, Options{}, w, 24)
		head := strings.Split(plainView(m), "\n")[0]
		x := strings.Index(head, "6")
		m = step(t, m, tea.MouseMsg{X: x, Y: 0, Action: tea.MouseActionPress, Button: tea.MouseButtonLeft})
		if m.screen != screenPolicy {
			t.Errorf("at %d columns a click on tab 6 (column %d of %q) opened screen %d", w, x, head, m.screen)
		}
	}
}
