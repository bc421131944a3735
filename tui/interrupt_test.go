package tui

import (
	"context"
	"errors"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/charmbracelet/x/exp/teatest"
	"github.com/sunset-tui/sunset/inventory"
)

// Esc on a form with typed work asks first: n keeps editing with the work
// intact, y throws it away; nothing is written either way.
func TestFlowEscOnAHalfFilledFormAsksBeforeDiscarding(t *testing.T) {
	s := openStore(t)
	seedInventory(t, s)
	tm := startProgram(t, s, Options{})
	waitFor(t, tm, "Assets by stage")
	press(tm, "2", "n")
	waitFor(t, tm, "New asset")
	tm.Type("SRV-NEW-9")
	press(tm, "tab")
	tm.Type("half-typed-host")
	press(tm, "esc")
	waitFor(t, tm, "Discard what you typed?")
	press(tm, "n")
	tm.Type("x") // still in the form, still in the hostname
	waitFor(t, tm, "half-typed-hostx")
	press(tm, "esc")
	waitFor(t, tm, "Discard what you typed?")
	press(tm, "y")
	press(tm, "q")
	fm := tm.FinalModel(t, teatest.WithFinalTimeout(5*time.Second)).(Model)
	if fm.dialog != nil {
		t.Fatal("the form is still open after discarding")
	}
	all, err := s.Assets(context.Background(), inventory.AssetFilter{})
	if err != nil {
		t.Fatal(err)
	}
	for _, a := range all {
		if a.Tag == "SRV-NEW-9" {
			t.Fatal("a discarded form was saved")
		}
	}
}

// A form nobody typed in closes on Esc at once.
func TestEscOnAnUntouchedFormClosesIt(t *testing.T) {
	s := openStore(t)
	seedInventory(t, s)
	m := keys(t, loaded(t, s, Options{}, 120, 36), "2", "n")
	if m.dialog == nil {
		t.Fatal("n opened no form")
	}
	if m = keys(t, m, "esc"); m.dialog != nil {
		t.Fatalf("esc left the untouched form open:\n%s", plainView(m))
	}
}

// Ctrl-C while a check runs cancels the check, and the program goes on;
// the next ctrl-c quits.
func TestFlowCtrlCDuringACheckCancelsTheCheckFirst(t *testing.T) {
	s := openStore(t)
	seedInventory(t, s)
	fake := &fakeCheck{store: s, started: make(chan []int64, 1), cancelled: make(chan error, 1)}
	tm := startProgram(t, s, Options{Check: fake.run})
	waitFor(t, tm, "Assets by stage")
	press(tm, "C")
	select {
	case <-fake.started:
	case <-time.After(10 * time.Second):
		t.Fatal("the check did not start")
	}
	waitFor(t, tm, "1/4")
	press(tm, "ctrl+c")
	select {
	case err := <-fake.cancelled:
		if !errors.Is(err, context.Canceled) {
			t.Fatalf("check ended with %v", err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("ctrl+c did not cancel the check")
	}
	waitFor(t, tm, "stopped early (cancelled)")
	press(tm, "2") // still running: the assets screen answers
	waitFor(t, tm, "laptop-17")
	press(tm, "ctrl+c")
	tm.WaitFinished(t, teatest.WithFinalTimeout(5*time.Second))
}

// movingClock is a clock a test moves forward.
type movingClock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *movingClock) now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *movingClock) advance(d time.Duration) {
	c.mu.Lock()
	c.t = c.t.Add(d)
	c.mu.Unlock()
}

// ctrl+r ends "reloading…" with what it reloaded, and a status line goes
// away once its time is up, on whatever screen.
func TestFlowReloadEndsAndStatusesExpire(t *testing.T) {
	s := openStore(t)
	seedInventory(t, s)
	clock := &movingClock{t: testNow}
	tm := startProgram(t, s, Options{Now: clock.now, PollInterval: 30 * time.Millisecond})
	waitFor(t, tm, "Assets by stage")
	press(tm, "ctrl+r")
	waitFor(t, tm, "reloaded: 7 assets")
	clock.advance(statusFor + time.Second)
	time.Sleep(300 * time.Millisecond) // several polls read the clock
	press(tm, "q")
	fm := tm.FinalModel(t, teatest.WithFinalTimeout(5*time.Second)).(Model)
	if fm.status.text != "" || strings.Contains(plainView(fm), "reload") {
		t.Errorf("the status is still %q after its time", fm.status.text)
	}
}
