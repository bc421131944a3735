package lifecycle

import (
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/sunset-tui/sunset/inventory"
)

// today is 2024-03-05; policy remind.before is 90d,30d,7d.
func TestEndOfLifeRemindsOnEachStep(t *testing.T) {
	today := inventory.DateOf(now)
	cases := []struct {
		daysAhead int
		within    inventory.Duration
		want      bool
		overdue   bool
	}{
		{90, inventory.Day, true, false},
		{89, inventory.Day, false, false},
		{30, inventory.Day, true, false},
		{7, inventory.Day, true, false},
		{8, inventory.Day, false, false},
		{0, inventory.Day, true, false},
		{-1, inventory.Day, true, true},
		{-400, inventory.Day, true, true},
		{100, 30 * inventory.Day, true, false},  // its 90-day step falls on day 10 of the window
		{119, 30 * inventory.Day, true, false},  // day 29: the last day of the window
		{120, 30 * inventory.Day, false, false}, // day 30: just past it
		{70, 30 * inventory.Day, false, false},  // steps at -20, +40 and +63: none inside
		{20, 30 * inventory.Day, true, false},
		{12 * 30, 30 * inventory.Day, false, false},
		{0, inventory.Duration(12 * time.Hour), true, false},  // a window shorter than a day covers today
		{1, inventory.Duration(12 * time.Hour), false, false}, // and only today
	}
	for _, c := range cases {
		t.Run(fmt.Sprintf("%+d days within %s", c.daysAhead, c.within), func(t *testing.T) {
			a := newAsset(1, "srv-01", active, "192.0.2.20")
			a.EOLOn = today.AddDays(c.daysAhead)
			a.LastManagedOn = today
			got := Reminders(ReminderInput{Assets: []inventory.Asset{a}}, testPolicy(), now, c.within)
			if (len(got) == 1) != c.want || len(got) > 1 {
				t.Fatalf("reminders = %+v, want one: %v", got, c.want)
			}
			if !c.want {
				return
			}
			r := got[0]
			if r.Kind != ReminderEndOfLife || r.Date != a.EOLOn || r.Overdue != c.overdue || r.DaysLeft != c.daysAhead || r.Asset != "srv-01" {
				t.Errorf("reminder = %+v", r)
			}
		})
	}
}

func TestReminderKinds(t *testing.T) {
	today := inventory.DateOf(now)
	p := testPolicy()

	warranty := newAsset(1, "sw-01", active, "192.0.2.20")
	warranty.WarrantyEnds, warranty.LastManagedOn = today.AddDays(7), today
	ended := newAsset(2, "sw-02", active, "192.0.2.21")
	ended.WarrantyEnds, ended.LastManagedOn = today.AddDays(-1), today
	review := newAsset(3, "srv-03", active, "192.0.2.22")
	review.LastManagedOn = today.AddDays(-80) // review due in 10 days
	reviewLater := newAsset(4, "srv-04", active, "192.0.2.23")
	reviewLater.LastManagedOn = today.AddDays(-30)
	retiredEOL := newAsset(5, "srv-05", retired, "192.0.2.24")
	retiredEOL.EOLOn = today.AddDays(-5)
	stuck := newAsset(6, "srv-06", decommissioning, "192.0.2.25")
	stuck.EOLOn, stuck.StageSince = today.AddDays(-3), time.Date(2024, 1, 10, 9, 0, 0, 0, time.UTC)
	stuckItems := Checklist(stuck, nil, nil)
	stuckItems[findItem(stuckItems, ItemRemoveAccess)].Due = today.AddDays(2)
	stuckItems[findItem(stuckItems, ItemRemoveServices)].Due = today.AddDays(-9)
	stuckItems[findItem(stuckItems, ItemRemoveServices)].Done = true
	noDue := newAsset(7, "srv-07", decommissioning, "192.0.2.26")
	noDue.StageSince = now
	byItems := newAsset(8, "srv-08", decommissioning, "192.0.2.27")
	byItemsList := Checklist(byItems, nil, nil)
	byItemsList[findItem(byItemsList, ItemPowerDown)].Due = today.AddDays(-2)

	expiring := mapping(11, 1, "192.0.2.50", 8443, "192.0.2.20", 443)
	expiring.ExpiresOn = today.AddDays(30)
	closed := mapping(12, 1, "192.0.2.50", 8080, "192.0.2.20", 80)
	closed.ExpiresOn, closed.ClosedAt = today.AddDays(-10), now.Add(-240*time.Hour)
	orphan := mapping(13, 99, "192.0.2.50", 2222, "192.0.2.29", 22)
	orphan.ExpiresOn = today

	in := ReminderInput{
		Assets:     []inventory.Asset{warranty, ended, review, reviewLater, retiredEOL, stuck, noDue, byItems},
		Mappings:   []inventory.PortMapping{expiring, closed, orphan},
		Checklists: map[int64][]inventory.ChecklistItem{6: stuckItems, 8: byItemsList},
	}
	got := Reminders(in, p, now, 14*inventory.Day)
	var lines []string
	for _, r := range got {
		lines = append(lines, fmt.Sprintf("%s %s %s %s overdue=%v", r.Date, r.Kind, r.Asset, r.Item, r.Overdue))
	}
	want := []string{
		"2024-03-02 decommissioning srv-06  overdue=true",
		"2024-03-03 checklist srv-08 power-down overdue=true",
		"2024-03-03 decommissioning srv-08  overdue=true",
		"2024-03-05 mapping-expiry #99  overdue=false",
		"2024-03-07 checklist srv-06 remove-access overdue=false",
		"2024-03-12 warranty sw-01  overdue=false",
		"2024-03-15 review srv-03  overdue=false",
		"2024-04-04 mapping-expiry sw-01  overdue=false", // its 30-day step is today
	}
	if !slices.Equal(lines, want) {
		t.Errorf("reminders:\n got %q\nwant %q", lines, want)
	}
	for _, r := range got {
		if r.Action == "" || !strings.Contains(r.Action, r.Date.String()) {
			t.Errorf("%s reminder action %q should give the date", r.Kind, r.Action)
		}
	}
	stuckR := got[0]
	if want := "srv-06 has been decommissioning since 2024-01-10 and was due to be retired by 2024-03-02 (3 days ago) — " +
		"finish its checklist (1 of 3 required items done), then [stage srv-06 retired]"; Advise(stuckR.Action, stuckR.Steps, testWords) != want {
		t.Errorf("stuck action:\n got %q\nwant %q", Advise(stuckR.Action, stuckR.Steps, testWords), want)
	}
	for _, within := range []inventory.Duration{inventory.Day, 14 * inventory.Day} {
		for _, r := range Reminders(in, p, now, within) {
			if r.MappingID == 12 || r.Asset == "srv-05" || r.Asset == "sw-02" || r.Asset == "srv-04" || r.Asset == "srv-07" {
				t.Errorf("within %s: %+v should not remind (closed mapping, retired asset, ended warranty, review not due, no due date)", within, r)
			}
		}
	}
}
