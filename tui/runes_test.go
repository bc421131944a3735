package tui

import (
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/exp/teatest"
)

// Keys typed faster than the program reads them arrive as one message of
// several runes. In every list, filter, form and dialog, one message of
// runes does what the same runes typed one by one do.
func TestEveryRuneOfAKeyMessageCounts(t *testing.T) {
	s := openStore(t)
	ids := seedInventory(t, s)
	cases := []struct {
		name  string
		to    func(m Model) Model
		runes string
	}{
		{"assets list", func(m Model) Model { return keys(t, m, "2") }, "jj"},
		{"findings list", func(m Model) Model { return keys(t, m, "3") }, "jj"},
		{"reminders list", func(m Model) Model { return keys(t, m, "4") }, "jj"},
		{"policy list", func(m Model) Model { return keys(t, m, "6") }, "jj"},
		{"checklist", func(m Model) Model {
			return keys(t, run(t, m, openAssetMsg{id: ids.legacy}), "right", "right", "right")
		}, "jj"},
		{"assets filter", func(m Model) Model { return keys(t, m, "2", "/") }, "legacy"},
		{"findings filter", func(m Model) Model { return keys(t, m, "3", "/") }, "zombie"},
		{"unknown filter", func(m Model) Model { return keys(t, m, "5", "/") }, "192.0"},
		{"asset form", func(m Model) Model { return keys(t, m, "2", "n") }, "SRV-77"},
		{"mapping form", func(m Model) Model { return keys(t, run(t, m, openAssetMsg{id: ids.legacy}), "m") }, "198.51.100.7:80"},
		{"tick dialog", func(m Model) Model {
			return keys(t, run(t, m, openAssetMsg{id: ids.legacy}), "right", "right", "right", "x")
		}, "restic ok"},
		{"stage dialog", func(m Model) Model { return keys(t, run(t, m, openAssetMsg{id: ids.legacy}), "t", "ctrl+f") }, "vendor took it"},
		{"policy form", func(m Model) Model { return keys(t, m, "6", "enter") }, ",127.9.0.0/16"},
		{"acknowledge dialog", func(m Model) Model { return keys(t, m, "3", "a") }, "accepted"},
		{"dismiss dialog", func(m Model) Model { return keys(t, m, "5", "d") }, "guest phone"},
		{"adopt form", func(m Model) Model { return keys(t, m, "5", "a") }, "PHONE-1"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			base := c.to(loaded(t, s, Options{}, 120, 36))
			before := plainView(base)
			together := run(t, base, tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune(c.runes)})
			oneByOne := c.to(loaded(t, s, Options{}, 120, 36))
			for _, r := range c.runes {
				oneByOne = run(t, oneByOne, tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune{r}})
			}
			got, want := plainView(together), plainView(oneByOne)
			if want == before {
				t.Fatalf("typing %q one by one changed nothing: the case tests nothing\n%s", c.runes, want)
			}
			if got != want {
				t.Errorf("%q in one message:\n%s\nwant, as typed one by one:\n%s", c.runes, got, want)
			}
		})
	}
}

// A key that opens a filter and what is typed after it, arriving in one
// message, all count in the real program: "/legacy" filters the list.
func TestFlowRunesThatOpenAFilterAndTypeInIt(t *testing.T) {
	s := openStore(t)
	seedInventory(t, s)
	tm := startProgram(t, s, Options{})
	waitFor(t, tm, "Assets by stage")
	tm.Send(keyMsg("2"))
	waitFor(t, tm, "laptop-17")
	tm.Send(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune("/legacy")})
	waitFor(t, tm, "1 shown")
	tm.Send(keyMsg("q"))
	tm.Send(keyMsg("esc"))
	tm.Send(keyMsg("q"))
	tm.WaitFinished(t, teatest.WithFinalTimeout(5*time.Second))
}
