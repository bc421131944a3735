package tui

import (
	"bytes"
	"context"
	"errors"
	"path/filepath"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/exp/teatest"
	"github.com/sunset-tui/sunset/inventory"
	"github.com/sunset-tui/sunset/inventory/sqlite"
)

// waitFor waits until the program has drawn every one of texts.
func waitFor(t *testing.T, tm *teatest.TestModel, texts ...string) {
	t.Helper()
	teatest.WaitFor(t, tm.Output(), func(out []byte) bool {
		for _, s := range texts {
			if !bytes.Contains(out, []byte(s)) {
				return false
			}
		}
		return true
	}, teatest.WithDuration(10*time.Second), teatest.WithCheckInterval(20*time.Millisecond))
}

func press(tm *teatest.TestModel, ks ...string) {
	for _, k := range ks {
		tm.Send(keyMsg(k))
	}
}

func startProgram(t *testing.T, s inventory.Store, opts Options) *teatest.TestModel {
	t.Helper()
	if opts.Now == nil {
		opts.Now = fixedNow
	}
	if opts.PollInterval == 0 {
		opts.PollInterval = time.Hour
	}
	tm := teatest.NewTestModel(t, New(svcOf(s), opts), teatest.WithInitialTermSize(120, 36))
	t.Cleanup(func() { tm.Quit() })
	return tm
}

func TestFlowFilterOpenTickAndRefuseRetirement(t *testing.T) {
	s := openStore(t)
	ids := seedInventory(t, s)
	tm := startProgram(t, s, Options{})
	waitFor(t, tm, "Assets by stage", "Open findings")

	press(tm, "2", "/")
	tm.Type("legacy")
	waitFor(t, tm, "1 shown")
	press(tm, "enter", "enter")
	waitFor(t, tm, "decommissioning since")

	press(tm, "right", "right", "right")
	waitFor(t, tm, "0 of 6 required items done")
	press(tm, "x")
	waitFor(t, tm, "Tick: Back up")
	press(tm, "enter") // evidence is required: nothing is written
	tm.Type("restore test of backup job 42 passed")
	press(tm, "enter")
	waitFor(t, tm, "1 of 6 required items done")

	press(tm, "t")
	waitFor(t, tm, "may not move from decommissioning to retired", "still open")
	press(tm, "enter") // refused: enter does nothing
	press(tm, "esc", "q")
	tm.WaitFinished(t, teatest.WithFinalTimeout(5*time.Second))

	ctx := context.Background()
	items, err := s.Checklist(ctx, ids.legacy)
	if err != nil {
		t.Fatal(err)
	}
	if !items[0].Done || items[0].Evidence != "restore test of backup job 42 passed" || items[0].DoneBy != "tester" {
		t.Fatalf("first item after ticking: %+v", items[0])
	}
	a, err := s.Asset(ctx, ids.legacy)
	if err != nil {
		t.Fatal(err)
	}
	if a.Stage != inventory.StageDecommissioning {
		t.Fatalf("a refused retirement moved the asset to %s", a.Stage)
	}
}

func TestFlowForcedStageChangeNeedsAReason(t *testing.T) {
	s := openStore(t)
	ids := seedInventory(t, s)
	tm := startProgram(t, s, Options{})
	waitFor(t, tm, "Assets by stage")
	tm.Send(openAssetMsg{id: ids.legacy})
	waitFor(t, tm, "decommissioning since")
	press(tm, "t")
	waitFor(t, tm, "may not move from decommissioning to retired")
	press(tm, "ctrl+f")
	waitFor(t, tm, "needs a reason", "type the reason in the field above")
	tm.Type("vendor took the box away")
	waitFor(t, tm, "allowed by force")
	press(tm, "enter")
	waitFor(t, tm, "moved A-0003 to retired")
	press(tm, "q")
	tm.WaitFinished(t, teatest.WithFinalTimeout(5*time.Second))

	hist, err := s.History(context.Background(), ids.legacy)
	if err != nil {
		t.Fatal(err)
	}
	last := hist[len(hist)-1]
	if last.Action != inventory.ActionStage || !last.Forced || last.Reason != "vendor took the box away" {
		t.Fatalf("last event: %+v", last)
	}
}

// fakeCheck stands in for the scanner: it reports progress, then waits
// to be cancelled and stores a partial check, as a real run would.
type fakeCheck struct {
	store     inventory.Store
	started   chan []int64
	cancelled chan error
}

func (f *fakeCheck) run(ctx context.Context, req CheckRequest, progress func(Progress)) (inventory.Check, error) {
	f.started <- req.AssetIDs
	progress(Progress{Done: 1, Total: 4, Answered: 1, Phase: "SYN Stealth Scan"})
	select {
	case <-ctx.Done():
		f.cancelled <- ctx.Err()
	case <-time.After(20 * time.Second):
		return inventory.Check{}, errors.New("never cancelled")
	}
	c := inventory.Check{StartedAt: testNow, EndedAt: testNow, Source: "live", Partial: true,
		PartialReason: "cancelled", HostsAnswered: 1}
	err := f.store.Update(context.Background(), func(w inventory.Writer) error { return w.SaveCheck(context.Background(), &c, nil) })
	return c, err
}

func TestFlowCheckShowsProgressStaysUsableAndCancels(t *testing.T) {
	s := openStore(t)
	ids := seedInventory(t, s)
	fake := &fakeCheck{store: s, started: make(chan []int64, 1), cancelled: make(chan error, 1)}
	tm := startProgram(t, s, Options{Check: fake.run})
	waitFor(t, tm, "Assets by stage")

	press(tm, "2", "down", "down", "c") // check the decommissioning server
	select {
	case got := <-fake.started:
		if len(got) != 1 || got[0] != ids.legacy {
			t.Fatalf("checked %v, want [%d]", got, ids.legacy)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("the check did not start")
	}
	waitFor(t, tm, "1/4", "1 answered", "ctrl+x cancel")

	// The rest of the TUI works while the check runs.
	press(tm, "3")
	waitFor(t, tm, "Findings, worst first")

	press(tm, "ctrl+x")
	select {
	case err := <-fake.cancelled:
		if !errors.Is(err, context.Canceled) {
			t.Fatalf("check context ended with %v", err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("cancel did not reach the check")
	}
	waitFor(t, tm, "stopped early (cancelled)")
	press(tm, "q")
	fm := tm.FinalModel(t, teatest.WithFinalTimeout(5*time.Second)).(Model)
	if fm.check != nil {
		t.Fatal("the check is still shown as running")
	}
}

func TestFlowWriteByAnotherProcessAppears(t *testing.T) {
	path := filepath.Join(t.TempDir(), "shared.db")
	s, err := sqlite.Open(path, sqlite.Options{Actor: "tui", Now: fixedNow})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	seedInventory(t, s)
	tm := startProgram(t, s, Options{PollInterval: 50 * time.Millisecond})
	press(tm, "2")
	waitFor(t, tm, "laptop-17")

	other, err := sqlite.Open(path, sqlite.Options{Actor: "cron", Now: fixedNow})
	if err != nil {
		t.Fatal(err)
	}
	defer other.Close()
	update(t, other, func(ctx context.Context, w inventory.Writer) error {
		return w.CreateAsset(ctx, &inventory.Asset{Tag: "A-0100", Hostname: "added-by-cron"}, "cron")
	})
	waitFor(t, tm, "added-by-cron")
	tm.Send(tea.QuitMsg{})
}
