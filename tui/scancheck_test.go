package tui

import (
	"context"
	"net/netip"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/charmbracelet/x/exp/teatest"
	"github.com/sunset-tui/sunset/inventory"
	"github.com/sunset-tui/sunset/scan"
)

// labRunner stands in for nmap: every expected address is dark, and it
// reports progress as nmap would.
type labRunner struct {
	plans chan scan.Plan
}

func (r labRunner) Run(ctx context.Context, plan scan.Plan, onProgress func(scan.Progress)) (scan.Result, error) {
	r.plans <- plan
	onProgress(scan.Progress{Task: "SYN Stealth Scan", Percent: 50, Addresses: len(plan.Expect), Hosts: 1})
	res := scan.Result{Check: inventory.Check{StartedAt: testNow, EndedAt: testNow.Add(time.Second), Source: "live",
		Targets: plan.AllTargets(), Ports: plan.Ports}}
	for _, a := range plan.Expect {
		res.Observations = append(res.Observations, inventory.Observation{Address: a.String(), State: inventory.Dark,
			Reason: "no-response", SeenAt: testNow})
	}
	return res, nil
}

func TestScanCheckPlansInsideScopeAndStoresTheCheck(t *testing.T) {
	s := openStore(t)
	ids := seedInventory(t, s)
	runner := labRunner{plans: make(chan scan.Plan, 1)}
	tm := startProgram(t, s, Options{Check: ScanCheck(svcOf(s), runner)})
	waitFor(t, tm, "Assets by stage")
	tm.Send(openAssetMsg{id: ids.legacy})
	waitFor(t, tm, "decommissioning since")
	press(tm, "c")

	plan := <-runner.plans
	for _, want := range []string{"192.0.2.30", "198.51.100.5"} {
		if !slices.Contains(plan.Expect, netip.MustParseAddr(want)) {
			t.Errorf("the plan does not expect %s (the asset and its mapping): %v", want, plan.Expect)
		}
	}
	for _, a := range plan.Expect {
		if !inventory.AddrWithin(a, plan.Scope) {
			t.Errorf("%s is outside the scope", a)
		}
	}
	waitFor(t, tm, "check #2 done", "0 answered, 2 dark")
	press(tm, "q")
	tm.WaitFinished(t, teatest.WithFinalTimeout(5*time.Second))

	obs, err := s.Observations(context.Background(), inventory.ObservationFilter{AssetID: ids.legacy})
	if err != nil {
		t.Fatal(err)
	}
	if len(obs) == 0 || obs[0].State != inventory.Dark || obs[0].CheckID != 2 {
		t.Fatalf("the check's observation of the asset was not stored and matched: %+v", obs)
	}
	// A complete, fresh check that found the asset dark ticks power-down;
	// the mapping is still open, so its item stays open.
	items, err := s.Checklist(context.Background(), ids.legacy)
	if err != nil {
		t.Fatal(err)
	}
	for _, it := range items {
		switch {
		case it.ID == "power-down" && (!it.Done || !strings.Contains(it.Evidence, "check #2")):
			t.Errorf("power-down not ticked by the check: %+v", it)
		case strings.HasPrefix(it.ID, "close-mapping-") && it.Done:
			t.Errorf("an open mapping's item was ticked: %+v", it)
		}
	}
}

// A check that would probe more than scan.LargeCheck addresses asks first,
// saying how many; nothing runs until the user agrees.
func TestALargeCheckAsksBeforeItRuns(t *testing.T) {
	s := openStore(t)
	seedInventory(t, s)
	update(t, s, func(ctx context.Context, w inventory.Writer) error {
		if err := w.SetPolicyValue(ctx, "scan.scope", "127.0.0.0/8,192.0.2.0/24,198.51.100.0/24"); err != nil {
			return err
		}
		return w.SetPolicyValue(ctx, "scan.discover", "127.0.0.0/16,127.1.0.0/16")
	})
	runner := labRunner{plans: make(chan scan.Plan, 1)}
	tm := startProgram(t, s, Options{Check: ScanCheck(svcOf(s), runner)})
	waitFor(t, tm, "Assets by stage")
	press(tm, "C")
	waitFor(t, tm, "A large check", "131,07", "addresses (more than 65,536)")
	select {
	case <-runner.plans:
		t.Fatal("the large check ran before the user agreed")
	default:
	}
	press(tm, "enter")
	plan := <-runner.plans
	if plan.Addresses() <= scan.LargeCheck {
		t.Errorf("the confirmed check plans %d addresses", plan.Addresses())
	}
	waitFor(t, tm, "check #2 done")
	press(tm, "q")
	tm.WaitFinished(t, teatest.WithFinalTimeout(5*time.Second))
}
