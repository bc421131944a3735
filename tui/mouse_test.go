package tui

import (
	"strings"
	"testing"

	tea "github.com/charmbracelet/bubbletea"
)

func click(x, y int) tea.MouseMsg {
	return tea.MouseMsg{X: x, Y: y, Action: tea.MouseActionPress, Button: tea.MouseButtonLeft}
}

func wheel(down bool) tea.MouseMsg {
	b := tea.MouseButtonWheelUp
	if down {
		b = tea.MouseButtonWheelDown
	}
	return tea.MouseMsg{X: 10, Y: 10, Action: tea.MouseActionPress, Button: b}
}

func TestMouseClicksTabsRowsAndHeaders(t *testing.T) {
	s := openStore(t)
	ids := seedInventory(t, s)
	m := loaded(t, s, Options{}, 120, 30)

	// The tab bar: "sunset " then " 1 Dashboard " " 2 Assets 7 " ...
	x := strings.Index(plainView(m), "2 Assets")
	m = step(t, m, click(x, 0))
	if m.screen != screenAssets {
		t.Fatalf("clicking the Assets tab opened screen %d", m.screen)
	}
	// Screen rows: tab bar 0, stage tabs 1, filter 2, header 3, rows from 4.
	m = step(t, m, click(10, 6))
	if r := m.assets.table.current(); r == nil || r.id != ids.legacy {
		t.Fatalf("clicking the third row selected %+v", r)
	}
	m, cmd := stepCmd(t, m, click(10, 6))
	if msg, ok := cmd().(openAssetMsg); !ok || msg.id != ids.legacy {
		t.Fatal("clicking the selected row again does not open it")
	}
	// The header sorts by the column clicked.
	header := strings.Split(plainView(m), "\n")[3]
	m = step(t, m, click(strings.Index(header, "HOSTNAME"), 3))
	if m.assets.table.sortCol != 1 || shownTags(m)[0] != "A-0002" {
		t.Fatalf("clicking HOSTNAME sorted by column %d: %v", m.assets.table.sortCol, shownTags(m))
	}
	m = step(t, m, click(strings.Index(header, "HOSTNAME"), 3))
	if !m.assets.table.sortDesc {
		t.Fatal("clicking the sorted column again does not reverse it")
	}
	// A stage tab filters.
	stages := strings.Split(plainView(m), "\n")[1]
	m = step(t, m, click(strings.Index(stages, "retired"), 1))
	if got := shownTags(m); len(got) != 1 || got[0] != "A-0004" {
		t.Fatalf("the retired tab shows %v", got)
	}
}

func TestMouseWheelMovesTheCursor(t *testing.T) {
	s := openStore(t)
	seedInventory(t, s)
	m := loaded(t, s, Options{}, 120, 30)
	m = keys(t, m, "2")
	m = step(t, m, wheel(true))
	if m.assets.table.cursor != 3 {
		t.Fatalf("wheel down moved the cursor to %d", m.assets.table.cursor)
	}
	m = step(t, m, wheel(false))
	if m.assets.table.cursor != 0 {
		t.Fatalf("wheel up moved the cursor to %d", m.assets.table.cursor)
	}
}

func TestMouseClickOnADashboardNumberOpensItsList(t *testing.T) {
	s := openStore(t)
	seedInventory(t, s)
	m := loaded(t, s, Options{}, 120, 30)
	lines := strings.Split(plainView(m), "\n")
	y := -1
	for i, l := range lines {
		if strings.Contains(l, "retired ") {
			y = i
		}
	}
	m, cmd := stepCmd(t, m, click(5, y))
	if cmd == nil {
		t.Fatal("clicking the retired bar did nothing")
	}
	m = step(t, m, cmd())
	if m.screen != screenAssets || strings.Join(shownTags(m), " ") != "A-0004" {
		t.Fatalf("the click landed on screen %d showing %v", m.screen, shownTags(m))
	}
}
