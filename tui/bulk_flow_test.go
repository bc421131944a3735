package tui

import (
	"context"
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/charmbracelet/x/exp/teatest"
	"github.com/sunset-tui/sunset/inventory"
)

// The policy screen edits a key with validation at the field: a value the
// policy refuses is named under the field and not saved; a good one is
// saved through the service.
func TestFlowPolicyEditValidatesAtTheField(t *testing.T) {
	s := openStore(t)
	seedInventory(t, s)
	at := slices.IndexFunc(inventory.PolicyKeys, func(k inventory.PolicyKey) bool { return k.Name == "idle.after" })
	if at < 0 {
		t.Fatal("no idle.after policy key")
	}
	tm := startProgram(t, s, Options{})
	waitFor(t, tm, "Assets by stage")
	press(tm, "6")
	waitFor(t, tm, "Policy: shared by everyone", "idle.after")
	for range at {
		press(tm, "down")
	}
	press(tm, "enter")
	waitFor(t, tm, "Policy: idle.after")
	press(tm, "backspace", "backspace", "backspace")
	tm.Type("soon")
	waitFor(t, tm, "is not a duration", "1 to fix")
	press(tm, "enter") // refused at the field: nothing is saved
	for range len("soon") {
		press(tm, "backspace")
	}
	tm.Type("45d")
	press(tm, "enter")
	waitFor(t, tm, "set idle.after to 45d")
	press(tm, "q")
	tm.WaitFinished(t, teatest.WithFinalTimeout(5*time.Second))
	values, err := s.PolicyValues(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if values["idle.after"] != "45d" {
		t.Errorf("idle.after = %q, want 45d", values["idle.after"])
	}
}

// unknownCrowd records a check in which n devices that no asset has
// answered on 198.51.100.x, as a scan.discover sweep of a /24 finds them.
func unknownCrowd(t *testing.T, s inventory.Store, n int) {
	t.Helper()
	update(t, s, func(ctx context.Context, w inventory.Writer) error {
		seen := testNow.Add(-30 * time.Minute)
		c := inventory.Check{StartedAt: seen, EndedAt: seen.Add(time.Minute), Source: "live", Targets: []string{"198.51.100.0/24"}}
		var obs []inventory.Observation
		for i := range n {
			obs = append(obs, inventory.Observation{Address: fmt.Sprintf("198.51.100.%d", 6+i), State: inventory.Answered,
				Reason: "syn-ack", SeenAt: seen, MACVendor: "Acme Phones", OSGuess: "Android 14",
				MAC:   fmt.Sprintf("02:00:00:00:01:%02x", i),
				Ports: []inventory.Port{{Number: 443, Protocol: "tcp", State: "open", Service: "https"}}})
		}
		return w.SaveCheck(ctx, &c, obs)
	})
}

// A sweep that reports 249 unknown devices is cleared with one reason:
// select all, d, the reason, enter; every one is dismissed in one write.
func TestFlowBulkDismissOfManyUnknownDevices(t *testing.T) {
	s := openStore(t)
	seedInventory(t, s)
	unknownCrowd(t, s, 249)
	tm := startProgram(t, s, Options{})
	waitFor(t, tm, "5 Unknown 250")
	press(tm, "5", "A")
	waitFor(t, tm, "250 selected")
	press(tm, "d")
	waitFor(t, tm, "Dismiss 250 unknown devices", "and 244 more")
	tm.Type("guest Wi-Fi phones")
	press(tm, "enter")
	waitFor(t, tm, "dismissed 250 unknown devices", "5 Unknown 0")
	press(tm, "q")
	tm.WaitFinished(t, teatest.WithFinalTimeout(5*time.Second))
	ds, err := s.Dismissals(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if len(ds) != 250 {
		t.Fatalf("%d dismissals, want 250", len(ds))
	}
	for _, d := range ds {
		if d.Reason != "guest Wi-Fi phones" || d.By != "tester" {
			t.Fatalf("dismissal %+v", d)
		}
	}
}

// Unknown devices adopted in bulk become assets of one owner and kind,
// each keeping the vendor and the OS guess its check saw.
func TestFlowBulkAdoptKeepsVendorAndOS(t *testing.T) {
	s := openStore(t)
	seedInventory(t, s)
	unknownCrowd(t, s, 3)
	tm := startProgram(t, s, Options{})
	waitFor(t, tm, "5 Unknown 4")
	press(tm, "5", "/")
	tm.Type("198.51")
	waitFor(t, tm, "3 shown")
	press(tm, "enter", "A")
	waitFor(t, tm, "3 selected")
	press(tm, "a")
	waitFor(t, tm, "Adopt 3 unknown devices as assets")
	tm.Type("facilities")
	press(tm, "enter")
	waitFor(t, tm, "adopted 3 devices for facilities")
	press(tm, "q")
	tm.WaitFinished(t, teatest.WithFinalTimeout(5*time.Second))
	a, err := s.FindAsset(context.Background(), "198.51.100.7")
	if err != nil {
		t.Fatal(err)
	}
	if a.Owner != "facilities" || a.Vendor != "Acme Phones" || a.OS == "" || a.Tag != "ADOPTED-198.51.100.7" {
		t.Errorf("adopted asset %+v", a)
	}
}
