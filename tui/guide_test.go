package tui

import (
	"context"
	"testing"
	"time"

	"github.com/charmbracelet/x/exp/teatest"
)

// The dashboard's guide is read again with every load, so it shows the
// next step as the story advances: here, once the unknown device is
// dismissed from the TUI itself.
func TestFlowTheGuideShowsTheNextStepAsTheStoryAdvances(t *testing.T) {
	s := openStore(t)
	seedInventory(t, s)
	guide := func(ctx context.Context) []string {
		ds, err := s.Dismissals(ctx)
		if err != nil || len(ds) == 0 {
			return []string{"Next: press 5 and dismiss the guest phone."}
		}
		return []string{"✓ The guest phone is dismissed.", "Next: press 3 for the findings."}
	}
	tm := startProgram(t, s, Options{Guide: guide, PollInterval: 50 * time.Millisecond})
	waitFor(t, tm, "Next: press 5 and dismiss the guest phone.")
	press(tm, "5", "d")
	waitFor(t, tm, "Dismiss")
	tm.Type("a visitor's phone")
	press(tm, "enter")
	waitFor(t, tm, "dismissed")
	press(tm, "1")
	waitFor(t, tm, "Next: press 3 for the findings.")
	press(tm, "q")
	tm.WaitFinished(t, teatest.WithFinalTimeout(5*time.Second))
	if ds, _ := s.Dismissals(context.Background()); len(ds) != 1 {
		t.Fatalf("dismissals: %v", ds)
	}
}
