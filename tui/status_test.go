package tui

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/sunset-tui/sunset/inventory"
)

func TestLongStatusWrapsSoItsAdviceIsNotCutOff(t *testing.T) {
	s := openStore(t)
	seedInventory(t, s)
	m := loaded(t, s, Options{}, 80, 24)
	long := "check failed: scan.scope: no scan scope is set, so sunset scans nothing; allow your networks first, e.g. `sunset policy set scan.scope 192.0.2.0/24`"
	m = step(t, m, statusMsg{text: long, err: true})
	view := plainView(m)
	checkFits(t, "long status", view, 80, 24)
	flat := strings.Join(strings.Fields(view), " ")
	if !strings.Contains(flat, "check failed: scan.scope") || !strings.Contains(flat, "scan.scope 192.0.2.0/24`") {
		t.Errorf("the status was cut:\n%s", view)
	}
}

func TestObservationWithoutPortsSaysWhatItWas(t *testing.T) {
	s := openStore(t)
	ids := seedInventory(t, s)
	later := testNow.Add(-30 * time.Minute)
	update(t, s, func(ctx context.Context, w inventory.Writer) error {
		c := inventory.Check{StartedAt: later, EndedAt: later.Add(time.Minute), Source: "live", Targets: []string{"192.0.2.30"}, HostsDark: 1}
		return w.SaveCheck(ctx, &c, []inventory.Observation{
			{AssetID: ids.legacy, Address: "192.0.2.30", State: inventory.Dark, Reason: "no-response", SeenAt: later},
		})
	})
	m := loaded(t, s, Options{}, 120, 36)
	m, cmd := stepCmd(t, m, openAssetMsg{id: ids.legacy})
	m = step(t, m, cmd())
	for i := 0; i < int(tabObservations); i++ {
		m = step(t, m, keyMsg("right"))
	}
	view := plainView(m)
	if !strings.Contains(view, "Latest answer") || !strings.Contains(view, "dark: no-response") {
		t.Errorf("the latest observation has no ports and its section says nothing about it:\n%s", view)
	}
}
