package tui

import (
	"context"
	"testing"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/ansi"
	"github.com/charmbracelet/x/exp/golden"
	"github.com/sunset-tui/sunset/inventory"
)

// screenSetup brings a loaded model to one screen or dialog.
type screenSetup struct {
	name string
	to   func(t *testing.T, m Model, ids seeded) Model
}

// run feeds msg and then every message its command chain produces, as far
// as the chain goes without waiting on a timer.
func run(t *testing.T, m Model, msg tea.Msg) Model {
	t.Helper()
	var cmd tea.Cmd
	m, cmd = stepCmd(t, m, msg)
	for i := 0; cmd != nil && i < 10; i++ {
		next := cmd()
		if next == nil {
			break
		}
		if _, batch := next.(tea.BatchMsg); batch {
			break
		}
		m, cmd = stepCmd(t, m, next)
	}
	return m
}

func keys(t *testing.T, m Model, ks ...string) Model {
	for _, k := range ks {
		m = run(t, m, keyMsg(k))
	}
	return m
}

var screenSetups = []screenSetup{
	{"dashboard", func(t *testing.T, m Model, _ seeded) Model { return m }},
	{"assets", func(t *testing.T, m Model, _ seeded) Model { return keys(t, m, "2") }},
	{"assets_filtered", func(t *testing.T, m Model, _ seeded) Model {
		m = keys(t, m, "2", "/")
		return typeText(t, m, "infra seen:<7d")
	}},
	{"assets_retired_tab", func(t *testing.T, m Model, _ seeded) Model { return keys(t, m, "2", "]", "]", "]", "]", "]") }},
	{"findings", func(t *testing.T, m Model, _ seeded) Model { return keys(t, m, "3") }},
	{"reminders", func(t *testing.T, m Model, _ seeded) Model { return keys(t, m, "4") }},
	{"unknown", func(t *testing.T, m Model, _ seeded) Model { return keys(t, m, "5") }},
	{"detail_overview", func(t *testing.T, m Model, ids seeded) Model { return run(t, m, openAssetMsg{id: ids.legacy}) }},
	{"detail_mappings", func(t *testing.T, m Model, ids seeded) Model {
		return keys(t, run(t, m, openAssetMsg{id: ids.legacy}), "right", "right")
	}},
	{"detail_checklist", func(t *testing.T, m Model, ids seeded) Model {
		return keys(t, run(t, m, openAssetMsg{id: ids.legacy}), "right", "right", "right")
	}},
	{"detail_observations", func(t *testing.T, m Model, ids seeded) Model {
		return keys(t, run(t, m, openAssetMsg{id: ids.cam}), "left", "left")
	}},
	{"detail_history", func(t *testing.T, m Model, ids seeded) Model {
		return keys(t, run(t, m, openAssetMsg{id: ids.legacy}), "left")
	}},
	{"stage_refused", func(t *testing.T, m Model, ids seeded) Model {
		return keys(t, run(t, m, openAssetMsg{id: ids.legacy}), "t")
	}},
	{"stage_allowed", func(t *testing.T, m Model, ids seeded) Model {
		return keys(t, run(t, m, openAssetMsg{id: ids.sw}), "t")
	}},
	{"asset_form", func(t *testing.T, m Model, _ seeded) Model { return keys(t, m, "2", "n") }},
	{"mapping_form", func(t *testing.T, m Model, ids seeded) Model {
		m = keys(t, run(t, m, openAssetMsg{id: ids.legacy}), "m")
		return typeText(t, m, "192.0.2.500:80")
	}},
	{"mapping_edit_form", func(t *testing.T, m Model, ids seeded) Model {
		m = keys(t, run(t, m, openAssetMsg{id: ids.legacy}), "right", "right", "e")
		m = keys(t, m, toExpires...)
		return typeText(t, m, "2023-12-31")
	}},
	{"help", func(t *testing.T, m Model, _ seeded) Model { return keys(t, m, "2", "?") }},
	{"policy", func(t *testing.T, m Model, _ seeded) Model { return keys(t, m, "6") }},
	{"policy_form", func(t *testing.T, m Model, _ seeded) Model {
		return typeText(t, keys(t, m, "6", "enter"), ",127.0.0.0/33")
	}},
	{"findings_selected", func(t *testing.T, m Model, _ seeded) Model { return keys(t, m, "3", "space", "down", "space") }},
	{"acknowledge_dialog", func(t *testing.T, m Model, _ seeded) Model {
		return typeText(t, keys(t, m, "3", "space", "down", "space", "a"), "vendor patch due in March")
	}},
	{"dismiss_dialog", func(t *testing.T, m Model, _ seeded) Model { return keys(t, m, "5", "d") }},
	{"sanitize_form", func(t *testing.T, m Model, ids seeded) Model {
		return keys(t, run(t, m, openAssetMsg{id: ids.legacy}), "z")
	}},
	{"discard_question", func(t *testing.T, m Model, _ seeded) Model {
		return keys(t, typeText(t, keys(t, m, "2", "n"), "SRV-9"), "esc")
	}},
	{"check_running", func(t *testing.T, m Model, _ seeded) Model {
		m = step(t, m, startCheckMsg{})
		if m.check != nil {
			m = step(t, m, checkProgressMsg{task: m.check.task, p: Progress{Done: 3, Total: 12, Answered: 2}})
		}
		return m
	}},
}

// fakeCheckNeverRuns stands for a scanner in view tests; its command is
// never executed.
func fakeCheckNeverRuns(context.Context, CheckRequest, func(Progress)) (inventory.Check, error) {
	return inventory.Check{}, nil
}

func TestGoldenViews(t *testing.T) {
	s := openStore(t)
	ids := seedInventory(t, s)
	for _, size := range []struct{ w, h int }{{60, 20}, {80, 24}, {120, 36}, {200, 50}} {
		for _, sc := range screenSetups {
			t.Run(sc.name+"_"+itoa(size.w)+"x"+itoa(size.h), func(t *testing.T) {
				m := loaded(t, s, Options{Check: fakeCheckNeverRuns}, size.w, size.h)
				m = sc.to(t, m, ids)
				view := m.View()
				checkFits(t, sc.name, view, size.w, size.h)
				golden.RequireEqual(t, []byte(ansi.Strip(view)))
			})
		}
	}
	t.Run("too_small_50x12", func(t *testing.T) {
		golden.RequireEqual(t, []byte(plainView(loaded(t, s, Options{}, 50, 12))))
	})
}

// TestLayoutFitsEveryTerminalSize draws every screen and dialog at a
// matrix of sizes: no line may be wider than the terminal, nor the frame
// taller.
func TestLayoutFitsEveryTerminalSize(t *testing.T) {
	s := openStore(t)
	ids := seedInventory(t, s)
	widths := []int{1, 20, 59, 60, 61, 72, 80, 95, 96, 100, 132, 200, 300}
	heights := []int{1, 5, 13, 14, 15, 20, 24, 40, 70}
	for _, sc := range screenSetups {
		base := sc.to(t, loaded(t, s, Options{Check: fakeCheckNeverRuns}, 120, 40), ids)
		for _, w := range widths {
			for _, h := range heights {
				m := step(t, base, tea.WindowSizeMsg{Width: w, Height: h})
				checkFits(t, sc.name, m.View(), w, h)
			}
		}
	}
}
