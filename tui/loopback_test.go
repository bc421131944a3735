package tui

import (
	"context"
	"strings"
	"testing"

	"github.com/sunset-tui/sunset/inventory"
)

// On an inventory whose scan scope is loopback only, the dashboard and the
// policy screen say that no device can be proven dark there; with a real
// network in scope they say nothing of it.
func TestALoopbackOnlyScopeSaysNothingCanBeProvenDark(t *testing.T) {
	s := openStore(t)
	seedInventory(t, s)
	squeeze := func(s string) string { return strings.Join(strings.Fields(s), " ") }
	const note = "no check can prove a device"
	if view := squeeze(plainView(loaded(t, s, Options{}, 120, 40))); strings.Contains(view, note) {
		t.Fatalf("with 192.0.2.0/24 in scope the dashboard says %q", note)
	}
	update(t, s, func(ctx context.Context, w inventory.Writer) error {
		return w.SetPolicyValue(ctx, "scan.scope", "127.77.0.0/24")
	})
	for _, screen := range []string{"1", "6"} {
		m := keys(t, loaded(t, s, Options{}, 120, 40), screen)
		if view := squeeze(plainView(m)); !strings.Contains(view, note) || !strings.Contains(view, "127.77.0.0/24") {
			t.Errorf("screen %s with a loopback scope does not say it:\n%s", screen, plainView(m))
		}
	}
}
