package tui

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/charmbracelet/x/exp/teatest"
	"github.com/sunset-tui/sunset/inventory"
)

// toExpires moves the focus of the mapping form to "expires on".
var toExpires = []string{"tab", "tab", "tab", "tab", "tab", "tab"}

func TestFlowEditMappingExpiry(t *testing.T) {
	s := openStore(t)
	ids := seedInventory(t, s)
	tm := startProgram(t, s, Options{})
	waitFor(t, tm, "Assets by stage")
	tm.Send(openAssetMsg{id: ids.legacy})
	waitFor(t, tm, "decommissioning since")
	press(tm, "right", "right")
	waitFor(t, tm, "198.51.100.5:3389", "e edit mapping")

	press(tm, "e")
	waitFor(t, tm, "Edit port mapping #1 of A-0003")
	press(tm, toExpires...)
	tm.Type("2025-06-3")
	waitFor(t, tm, "is not a date")
	press(tm, "enter") // invalid: nothing is written
	tm.Type("0")
	press(tm, "enter")
	waitFor(t, tm, "updated port mapping #1", "expires 2025-06-30")
	press(tm, "q")
	tm.WaitFinished(t, teatest.WithFinalTimeout(5*time.Second))

	ctx := context.Background()
	m, err := s.Mapping(ctx, ids.mapping)
	if err != nil {
		t.Fatal(err)
	}
	want := inventory.Date{Year: 2025, Month: 6, Day: 30}
	if m.ExpiresOn != want || m.External() != "198.51.100.5:3389" || m.Internal() != "192.0.2.30:3389" ||
		m.Purpose != "vendor maintenance" || m.Owner != "infra" || m.OpenedOn != (inventory.Date{Year: 2024, Month: 1, Day: 10}) {
		t.Fatalf("mapping after editing its expiry: %+v", m)
	}
	h, err := s.History(ctx, ids.legacy)
	if err != nil {
		t.Fatal(err)
	}
	last := h[len(h)-1]
	if last.Action != inventory.ActionMappingUpdated || last.Actor != "tester" || len(last.Changes) != 1 ||
		last.Changes[0] != (inventory.Change{Field: "mapping #1 expires", From: "", To: "2025-06-30"}) {
		t.Fatalf("last event: %+v", last)
	}
}

func TestEditMappingFormValidatesAndRefusesClosed(t *testing.T) {
	s := openStore(t)
	ids := seedInventory(t, s)
	m := loaded(t, s, Options{}, 120, 36)
	m = keys(t, run(t, m, openAssetMsg{id: ids.legacy}), "right", "right", "e")
	if _, ok := m.dialog.(*form); !ok {
		t.Fatalf("e on a mapping opened %T, want the mapping form", m.dialog)
	}
	v := plainView(m)
	for _, want := range []string{"198.51.100.5:3389", "192.0.2.30:3389", "vendor maintenance", "2024-01-10"} {
		if !strings.Contains(v, want) {
			t.Errorf("edit form is not prefilled with %q:\n%s", want, v)
		}
	}
	m = keys(t, m, toExpires...)
	m = typeText(t, m, "2023-12-31")
	if v := plainView(m); !strings.Contains(v, "before the mapping was opened") || !strings.Contains(v, "1 to fix") {
		t.Fatalf("an expiry before the opening is not flagged as typed:\n%s", v)
	}
	if _, cmd := stepCmd(t, m, keyMsg("enter")); cmd != nil {
		t.Fatal("enter on an invalid form started a write")
	}
	// esc asks before it throws the typed date away; y does.
	m = keys(t, m, "esc")
	if m.dialog == nil || !strings.Contains(plainView(m), "Discard what you typed?") {
		t.Fatalf("esc threw typed work away without asking:\n%s", plainView(m))
	}
	// Submitting what is there unchanged says so and writes no event.
	m = keys(t, m, "y", "e", "enter")
	if m.dialog != nil || !strings.Contains(plainView(m), "port mapping #1 unchanged") {
		t.Fatalf("saving an unchanged mapping:\n%s", plainView(m))
	}
	h, err := s.History(context.Background(), ids.legacy)
	if err != nil {
		t.Fatal(err)
	}
	if last := h[len(h)-1]; last.Action == inventory.ActionMappingUpdated {
		t.Fatalf("an unchanged save wrote %+v", last)
	}

	update(t, s, func(ctx context.Context, w inventory.Writer) error {
		return w.CloseMapping(ctx, ids.mapping, "rule removed")
	})
	m = run(t, m, m.detail.reload()())
	if h := strings.Split(plainView(m), "\n")[m.height-1]; strings.Contains(h, "edit mapping") {
		t.Errorf("help offers to edit a closed mapping: %q", h)
	}
	m = keys(t, m, "e")
	if m.dialog != nil || !strings.Contains(plainView(m), "#1 is closed") {
		t.Fatalf("e on a closed mapping:\n%s", plainView(m))
	}
}
