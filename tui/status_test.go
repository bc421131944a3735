package tui

import (
	"strings"
	"testing"
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
