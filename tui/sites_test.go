package tui

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/sunset-tui/sunset/inventory"
)

// The detail screen's observations say which site saw what, when checks
// ran from named sites: the branch saw the database answer, the head
// office found it dark.
func TestObservationsSayWhichSiteSawWhat(t *testing.T) {
	s := openStore(t)
	ids := seedInventory(t, s)
	for i, seen := range []struct {
		site  string
		state inventory.Liveness
	}{{"branch", inventory.Answered}, {"hq-office", inventory.Dark}} {
		update(t, s, func(ctx context.Context, w inventory.Writer) error {
			at := testNow.Add(time.Duration(i-10) * time.Minute)
			c := inventory.Check{StartedAt: at, EndedAt: at, Source: "live", Site: seen.site}
			return w.SaveCheck(ctx, &c, []inventory.Observation{{AssetID: ids.db, Address: "192.0.2.10", State: seen.state, SeenAt: at}})
		})
	}
	m := loaded(t, s, Options{}, 160, 40)
	m, cmd := stepCmd(t, m, openAssetMsg{id: ids.db})
	m = step(t, m, cmd())
	for i := 0; i < int(tabObservations); i++ {
		m = step(t, m, keyMsg("right"))
	}
	view := m.View()
	if !strings.Contains(view, "SITE") {
		t.Fatalf("the observations have no SITE column:\n%s", view)
	}
	for _, want := range []string{"answered branch", "dark     hq-office"} {
		if !strings.Contains(strings.Join(strings.Fields(view), " "), strings.Join(strings.Fields(want), " ")) {
			t.Errorf("the observations do not show %q:\n%s", want, view)
		}
	}
}
