package demo

import (
	"context"
	"strings"
	"testing"

	"github.com/sunset-tui/sunset/inventory"
	"github.com/sunset-tui/sunset/lifecycle"
	"github.com/sunset-tui/sunset/scan"
)

// The guide follows the story: each step the newcomer takes is marked
// done, and the step after it comes first among what is left.
func TestGuideMarksEachStepDoneAndNamesTheNext(t *testing.T) {
	ctx := context.Background()
	svc, r := seeded(t, seedNow)
	nw := namespaceNetwork()
	stranger := nw.addr(strangerOctet, false).String()
	next := guide(nw, r, svc.Store(), seedNow)
	expect := func(step string, done int, first string) {
		t.Helper()
		lines := next(ctx)
		marked := 0
		for _, l := range lines {
			if strings.HasPrefix(l, "✓ ") {
				marked++
			}
		}
		if marked != done || len(lines) <= done || !strings.HasPrefix(lines[done], first) {
			t.Fatalf("%s: want %d steps done, then %q; the guide says:\n%s", step, done, first, strings.Join(lines, "\n"))
		}
	}
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	expect("at the start", 0, "Press C to check the lab live")

	now := svc.Now()
	_, err := svc.RecordCheck(ctx, scan.Result{Check: inventory.Check{StartedAt: now, EndedAt: now, Source: "live"},
		Observations: []inventory.Observation{{Address: stranger, State: inventory.Answered, Reason: "syn-ack", SeenAt: now,
			Ports: []inventory.Port{{Number: 22, Protocol: "tcp", State: "open"}}}}})
	must(err)
	expect("after the check", 1, "Something unknown answers at "+stranger)

	_, err = svc.Dismiss(ctx, stranger, "the lab's own test box")
	must(err)
	expect("after the dismissal", 2, "Press 2, / and type "+TagReadyToRetire)

	_, err = svc.ChangeStage(ctx, []string{TagReadyToRetire}, lifecycle.Request{To: inventory.StageRetired, Force: true, Reason: "demo test"})
	must(err)
	expect("after the retirement", 3, "Once the contractor's forward is removed")

	must(svc.CloseMapping(ctx, r.vendorMapping.ID, "firewall rule 12 removed"))
	expect("at the end", 4, "The story is told")
}
