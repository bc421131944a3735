package tui

import (
	"context"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/charmbracelet/x/exp/teatest"
	"github.com/sunset-tui/sunset/inventory"
	"github.com/sunset-tui/sunset/lifecycle"
)

// Two findings chosen on the findings screen are acknowledged with one
// reason and an expiry: both leave the list, the heading says how many
// are hidden, and the store keeps both acknowledgements, with the
// asset's history naming the reason.
func TestFlowAcknowledgeFindingsWithAReasonAndExpiry(t *testing.T) {
	s := openStore(t)
	ids := seedInventory(t, s)
	tm := startProgram(t, s, Options{})
	waitFor(t, tm, "Assets by stage", "Open findings")

	press(tm, "3", "/")
	tm.Type("kind:zombie")
	waitFor(t, tm, "1 shown")
	press(tm, "enter", "space", "esc", "/")
	tm.Type("kind:exposed")
	waitFor(t, tm, "1 shown")
	press(tm, "enter", "space", "esc")
	waitFor(t, tm, "2 selected")
	press(tm, "a")
	waitFor(t, tm, "Acknowledge 2 findings", "an acknowledgement needs a reason")
	press(tm, "enter") // no reason yet: nothing is written
	tm.Type("vendor contract runs to July")
	press(tm, "tab", "backspace", "backspace", "backspace")
	tm.Type("yesterday")
	waitFor(t, tm, "neither a span")
	for range len("yesterday") {
		press(tm, "backspace")
	}
	tm.Type("14d")
	press(tm, "enter")
	waitFor(t, tm, "acknowledged 2 findings until 2025-06-29", "2 acknowledged hidden")
	press(tm, "q")
	tm.WaitFinished(t, teatest.WithFinalTimeout(5*time.Second))

	ctx := context.Background()
	acks, err := s.Acknowledgements(ctx)
	if err != nil {
		t.Fatal(err)
	}
	var keys []string
	for _, a := range acks {
		keys = append(keys, a.Finding)
		if a.Reason != "vendor contract runs to July" || !a.Until.Equal(testNow.Add(14*24*time.Hour)) || a.By != "tester" {
			t.Errorf("acknowledgement %+v", a)
		}
	}
	want := []string{lifecycle.FindingKey(lifecycle.FindingExposedMapping, ids.legacy, ids.mapping, ""),
		lifecycle.FindingKey(lifecycle.FindingZombie, ids.nvr, 0, "")}
	slices.Sort(want)
	if !slices.Equal(keys, want) {
		t.Errorf("acknowledged %v, want %v", keys, want)
	}
	h, err := s.History(ctx, ids.nvr)
	if err != nil {
		t.Fatal(err)
	}
	if last := h[len(h)-1]; last.Action != inventory.ActionAcknowledged || last.Reason != "vendor contract runs to July" {
		t.Errorf("the NVR's history ends with %+v", last)
	}
}

// A wrong tick is undone on the checklist tab: u asks for a reason, the
// item is open again, and history keeps why.
func TestFlowUntickAChecklistItemWithAReason(t *testing.T) {
	s := openStore(t)
	ids := seedInventory(t, s)
	update(t, s, func(ctx context.Context, w inventory.Writer) error {
		return w.CompleteItem(ctx, ids.legacy, lifecycle.ItemBackupData, "restic snapshot")
	})
	tm := startProgram(t, s, Options{})
	waitFor(t, tm, "Assets by stage")
	tm.Send(openAssetMsg{id: ids.legacy})
	waitFor(t, tm, "decommissioning since")
	press(tm, "right", "right", "right")
	waitFor(t, tm, "1 of 6 required items done")
	press(tm, "u")
	waitFor(t, tm, "Reopen: Back up")
	press(tm, "enter") // a reason is required
	tm.Type("restore test failed")
	press(tm, "enter")
	waitFor(t, tm, "0 of 6 required items done")
	press(tm, "q")
	tm.WaitFinished(t, teatest.WithFinalTimeout(5*time.Second))

	items, err := s.Checklist(context.Background(), ids.legacy)
	if err != nil {
		t.Fatal(err)
	}
	if items[0].ID != lifecycle.ItemBackupData || items[0].Done || items[0].Evidence != "" {
		t.Errorf("after unticking: %+v", items[0])
	}
	h, err := s.History(context.Background(), ids.legacy)
	if err != nil {
		t.Fatal(err)
	}
	if last := h[len(h)-1]; !strings.Contains(last.Reason, "restore test failed") {
		t.Errorf("history ends with %+v", last)
	}
}

// The acknowledged findings are listed from the findings screen (v),
// with what became of each; enter withdraws one with a reason, and the
// finding shows again.
func TestFlowWithdrawAnAcknowledgementFromTheList(t *testing.T) {
	s := openStore(t)
	ids := seedInventory(t, s)
	key := lifecycle.FindingKey(lifecycle.FindingZombie, ids.nvr, 0, "")
	if _, err := svcOf(s).Acknowledge(context.Background(), []string{key}, "vendor collects it Friday", testNow.Add(48*time.Hour)); err != nil {
		t.Fatal(err)
	}
	tm := startProgram(t, s, Options{})
	waitFor(t, tm, "Assets by stage")
	press(tm, "3")
	waitFor(t, tm, "1 acknowledged hidden (v)")
	press(tm, "v")
	waitFor(t, tm, "Acknowledged findings", key+"  holds  until 2025-06-17  by tester", "vendor collects it Friday")
	press(tm, "enter")
	waitFor(t, tm, "Withdraw the acknowledgement of "+key)
	press(tm, "enter") // a reason is required
	tm.Type("Friday pickup cancelled")
	press(tm, "enter")
	waitFor(t, tm, "withdrew the acknowledgement of "+key, "Findings 3")
	press(tm, "q")
	tm.WaitFinished(t, teatest.WithFinalTimeout(5*time.Second))
	if acks, _ := s.Acknowledgements(context.Background()); len(acks) != 0 {
		t.Errorf("after withdrawing: %+v", acks)
	}
	h, err := s.History(context.Background(), ids.nvr)
	if err != nil {
		t.Fatal(err)
	}
	if last := h[len(h)-1]; last.Action != inventory.ActionUnacknowledged || last.Reason != "Friday pickup cancelled" {
		t.Errorf("the NVR's history ends with %+v", last)
	}
}

// The dashboard counts the acknowledged findings apart from the open ones.
func TestDashboardCountsAcknowledgedFindingsApart(t *testing.T) {
	s := openStore(t)
	ids := seedInventory(t, s)
	key := lifecycle.FindingKey(lifecycle.FindingZombie, ids.nvr, 0, "")
	before := plainView(loaded(t, s, Options{}, 120, 36))
	if strings.Contains(before, "acknowledged") {
		t.Fatalf("with nothing acknowledged the dashboard says:\n%s", before)
	}
	if _, err := svcOf(s).Acknowledge(context.Background(), []string{key}, "pickup Friday", testNow.Add(time.Hour)); err != nil {
		t.Fatal(err)
	}
	view := plainView(loaded(t, s, Options{}, 120, 36))
	if !strings.Contains(view, "acknowledged") || !strings.Contains(view, "critical              0") {
		t.Errorf("after acknowledging the zombie the dashboard says:\n%s", view)
	}
}

// The acknowledge dialog refuses, at the field, an expiry more than a year
// away, as the service does for every front end; one finding is named in
// the singular.
func TestAckDialogRefusesMoreThanAYearAtTheField(t *testing.T) {
	s := openStore(t)
	seedInventory(t, s)
	m := loaded(t, s, Options{}, 120, 40)
	m = run(t, m, openDialogMsg{d: newAckDialog(m.c, []string{"zombie:#1"})})
	if v := plainView(m); !strings.Contains(v, "Finding zombie:#1.") || strings.Contains(v, "Findings zombie:#1.") {
		t.Fatalf("the dialog names one finding as many:\n%s", v)
	}
	m = keys(t, m, "tab", "backspace", "backspace", "backspace")
	m = typeText(t, m, "100000d")
	if v := strings.Join(strings.Fields(plainView(m)), " "); !strings.Contains(v, "more than a year away") {
		t.Fatalf("an acknowledgement of 100000d is not refused at the field:\n%s", plainView(m))
	}
}
