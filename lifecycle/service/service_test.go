package service_test

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/sunset-tui/sunset/inventory"
	"github.com/sunset-tui/sunset/inventory/sqlite"
	"github.com/sunset-tui/sunset/lifecycle"
	"github.com/sunset-tui/sunset/lifecycle/service"
	"github.com/sunset-tui/sunset/scan"
)

var ctx = context.Background()

// clock is the tests' clock; tests move it forward.
type clock struct{ t time.Time }

func (c *clock) now() time.Time { return c.t }

// fixture is a real SQLite inventory with a service over it.
type fixture struct {
	t     *testing.T
	store *sqlite.Store
	svc   *service.Service
	clock *clock
}

func newFixture(t *testing.T) *fixture {
	t.Helper()
	c := &clock{t: time.Date(2026, 3, 5, 12, 0, 0, 0, time.UTC)}
	s, err := sqlite.Open(filepath.Join(t.TempDir(), "sunset.db"), sqlite.Options{Actor: "tester", Now: c.now})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	f := &fixture{t: t, store: s, svc: service.New(s, service.Options{Actor: "tester", Now: c.now}), clock: c}
	f.must(f.svc.SetPolicy(ctx, "scan.scope", "192.0.2.0/24"))
	return f
}

func (f *fixture) must(err error) {
	f.t.Helper()
	if err != nil {
		f.t.Fatal(err)
	}
}

func (f *fixture) add(tag string, stage inventory.Stage, ip string, change func(a *inventory.Asset)) inventory.Asset {
	f.t.Helper()
	a := inventory.Asset{Tag: tag, Kind: inventory.KindServer, Stage: stage, Owner: "infra",
		Addresses: []inventory.Address{{Kind: inventory.AddrIP, Value: ip, Primary: true}}}
	if change != nil {
		change(&a)
	}
	f.must(f.svc.AddAsset(ctx, &a, "test"))
	return a
}

// check records a live check that saw each address in the given state,
// recorded now, as the service records any check.
func (f *fixture) check(states map[string]inventory.Liveness) service.CheckOutcome {
	f.t.Helper()
	now := f.clock.now()
	res := scan.Result{Check: inventory.Check{StartedAt: now.Add(-time.Minute), EndedAt: now, Source: "live"}}
	for addr, st := range states {
		o := inventory.Observation{Address: addr, State: st, Reason: "no-response", SeenAt: now.Add(-30 * time.Second)}
		if st == inventory.Answered {
			o.Reason = "syn-ack"
			o.Ports = []inventory.Port{{Number: 22, Protocol: "tcp", State: "open", Service: "ssh"}}
		}
		res.Observations = append(res.Observations, o)
	}
	out, err := f.svc.RecordCheck(ctx, res)
	f.must(err)
	return out
}

func (f *fixture) items(ref string) map[string]inventory.ChecklistItem {
	f.t.Helper()
	a, err := f.store.FindAsset(ctx, ref)
	f.must(err)
	list, err := f.store.Checklist(ctx, a.ID)
	f.must(err)
	out := map[string]inventory.ChecklistItem{}
	for _, it := range list {
		out[it.ID] = it
	}
	return out
}

func (f *fixture) actions(ref string) []string {
	f.t.Helper()
	a, err := f.store.FindAsset(ctx, ref)
	f.must(err)
	events, err := f.store.History(ctx, a.ID)
	f.must(err)
	var out []string
	for _, e := range events {
		out = append(out, e.Action)
	}
	return out
}

// A check and the checklist items it proves are one transaction: the
// store's revision grows by one, and both are there.
func TestACheckAndTheItemsItProvesAreOneWrite(t *testing.T) {
	f := newFixture(t)
	f.add("GONE-1", inventory.StageDecommissioning, "192.0.2.40", nil)
	before, err := f.store.Revision(ctx)
	f.must(err)
	out := f.check(map[string]inventory.Liveness{"192.0.2.40": inventory.Dark})
	after, err := f.store.Revision(ctx)
	f.must(err)
	if after != before+1 {
		t.Errorf("revision went from %d to %d: the check and its ticks were %d writes", before, after, after-before)
	}
	if !slices.Equal(out.Ticked["GONE-1"], []string{lifecycle.ItemPowerDown}) {
		t.Errorf("ticked %v, want power-down", out.Ticked)
	}
	it := f.items("GONE-1")[lifecycle.ItemPowerDown]
	if !it.Done || !strings.HasPrefix(it.Evidence, "live check #1 found no answer at 192.0.2.40") {
		t.Errorf("power-down = %+v", it)
	}
}

// Recording a sanitization ticks the item that asks for it, whichever
// front end records it.
func TestRecordingASanitizationTicksItsItem(t *testing.T) {
	f := newFixture(t)
	f.add("GONE-1", inventory.StageDecommissioning, "192.0.2.40", func(a *inventory.Asset) { a.StoresData = true })
	rec := inventory.Sanitization{MediaType: "SSD", Method: "purge", Technique: "crypto-erase", Tool: "nvme-cli",
		Verification: "read back zeros", Operator: "j.doe", Date: inventory.DateOf(f.clock.now()), Destination: "recycle"}
	f.must(f.svc.RecordSanitization(ctx, "GONE-1", rec))
	it := f.items("GONE-1")[lifecycle.ItemSanitizeMedia]
	if !it.Done || it.Evidence != lifecycle.SanitizationEvidence(rec) {
		t.Errorf("sanitize-media = %+v", it)
	}
	if acts := f.actions("GONE-1"); !slices.Contains(acts, inventory.ActionSanitized) || !slices.Contains(acts, inventory.ActionChecklist) {
		t.Errorf("history = %v, want the record and the tick", acts)
	}
}

// Reopening sanitize-media withdraws the record from disposal: the record
// stays in history, but the asset may not be disposed (nor the item
// ticked with free text) until a new record ticks the item; the stage
// dialog of the TUI and the CLI judge it through the same guard.
func TestAReopenedSanitizationNoLongerAllowsDisposal(t *testing.T) {
	f := newFixture(t)
	f.add("D-1", inventory.StageDecommissioning, "192.0.2.40", func(a *inventory.Asset) { a.StoresData = true })
	rec := inventory.Sanitization{MediaType: "SSD", Method: "purge", Technique: "crypto-erase", Tool: "nvme-cli",
		Verification: "read back zeros", Operator: "j.doe", Date: inventory.DateOf(f.clock.now()), Destination: "recycle"}
	f.must(f.svc.RecordSanitization(ctx, "D-1", rec))
	_, err := f.svc.ChangeStage(ctx, []string{"D-1"}, lifecycle.Request{To: inventory.StageRetired, Force: true, Reason: "test"})
	f.must(err)
	f.must(f.svc.Untick(ctx, "D-1", lifecycle.ItemSanitizeMedia, "wrong disk"))

	ds, err := f.svc.ChangeStage(ctx, []string{"D-1"}, lifecycle.Request{To: inventory.StageDisposed})
	var refused *service.Refused
	if !errors.As(err, &refused) || !slices.Equal(ds[0].Codes(), []string{lifecycle.CodeSanitizationReopened}) {
		t.Fatalf("dispose after reopening sanitize-media: err=%v codes=%v, want %s", err, ds[0].Codes(), lifecycle.CodeSanitizationReopened)
	}
	if err := f.svc.Tick(ctx, "D-1", lifecycle.ItemSanitizeMedia, "done, trust me"); !inventory.IsKind(err, inventory.ErrRefused) {
		t.Errorf("free-text tick of sanitize-media: %v, want a refusal", err)
	}
	if acts := f.actions("D-1"); !slices.Contains(acts, inventory.ActionSanitized) {
		t.Errorf("history %v lost the earlier record", acts)
	}

	rec.Serial = "the right disk"
	f.must(f.svc.RecordSanitization(ctx, "D-1", rec))
	if _, err := f.svc.ChangeStage(ctx, []string{"D-1"}, lifecycle.Request{To: inventory.StageDisposed}); err != nil {
		t.Errorf("dispose after a new record: %v", err)
	}
}

// A record made before the asset was decommissioned ticks the item its
// checklist gets.
func TestASanitizationRecordedBeforeTheChecklistTicksItsItem(t *testing.T) {
	f := newFixture(t)
	f.add("S-1", inventory.StageSpare, "192.0.2.41", func(a *inventory.Asset) { a.StoresData = true })
	rec := inventory.Sanitization{MediaType: "HDD", Method: "destroy", Technique: "shred", Tool: "shredder",
		Verification: "visual", Operator: "j.doe", Date: inventory.DateOf(f.clock.now()), Destination: "destroyed"}
	f.must(f.svc.RecordSanitization(ctx, "S-1", rec))
	_, err := f.svc.ChangeStage(ctx, []string{"S-1"}, lifecycle.Request{To: inventory.StageDecommissioning})
	f.must(err)
	if it := f.items("S-1")[lifecycle.ItemSanitizeMedia]; !it.Done || it.Evidence != lifecycle.SanitizationEvidence(rec) {
		t.Errorf("sanitize-media = %+v, want ticked by the earlier record", it)
	}
}

// A wrong tick is undone with a reason, which history keeps.
func TestUntickNeedsAReasonAndIsInHistory(t *testing.T) {
	f := newFixture(t)
	f.add("GONE-1", inventory.StageDecommissioning, "192.0.2.40", nil)
	f.must(f.svc.Tick(ctx, "GONE-1", lifecycle.ItemRemoveAccess, "accounts removed"))
	if err := f.svc.Untick(ctx, "GONE-1", lifecycle.ItemRemoveAccess, " "); !inventory.IsKind(err, inventory.ErrInvalid) {
		t.Errorf("untick without a reason: %v", err)
	}
	f.must(f.svc.Untick(ctx, "GONE-1", lifecycle.ItemRemoveAccess, "ticked the wrong server"))
	if it := f.items("GONE-1")[lifecycle.ItemRemoveAccess]; it.Done || it.Evidence != "" {
		t.Errorf("after untick: %+v", it)
	}
	if err := f.svc.Untick(ctx, "GONE-1", lifecycle.ItemRemoveAccess, "again"); !inventory.IsKind(err, inventory.ErrRefused) {
		t.Errorf("untick of an open item: %v", err)
	}
	a, _ := f.store.FindAsset(ctx, "GONE-1")
	h, _ := f.store.History(ctx, a.ID)
	last := h[len(h)-1]
	if last.Reason != "ticked the wrong server" || len(last.Changes) != 1 || last.Changes[0].To != "open" {
		t.Errorf("last event = %+v", last)
	}
}

// A stage change of several assets is all or nothing: one refusal keeps
// every asset where it was.
func TestChangeStageMovesAllOrNone(t *testing.T) {
	f := newFixture(t)
	f.add("A-1", inventory.StageActive, "192.0.2.10", nil)
	f.add("A-2", inventory.StageActive, "192.0.2.11", nil)
	f.add("R-1", inventory.StageRetired, "192.0.2.12", nil)
	ds, err := f.svc.ChangeStage(ctx, []string{"A-1", "R-1", "A-2"}, lifecycle.Request{To: inventory.StageDecommissioning})
	var refused *service.Refused
	if !errors.As(err, &refused) || !inventory.IsKind(err, inventory.ErrRefused) || len(ds) != 3 || ds[1].Allowed {
		t.Fatalf("err %v, decisions %+v", err, ds)
	}
	for _, ref := range []string{"A-1", "A-2"} {
		if a, _ := f.store.FindAsset(ctx, ref); a.Stage != inventory.StageActive || len(f.items(ref)) != 0 {
			t.Errorf("%s moved (%s) although the batch was refused", ref, a.Stage)
		}
	}
	if _, err := f.svc.ChangeStage(ctx, []string{"A-1", "A-2"}, lifecycle.Request{To: inventory.StageDecommissioning}); err != nil {
		t.Fatal(err)
	}
	if len(f.items("A-2")) == 0 {
		t.Error("moving to decommissioning gave no checklist")
	}
}

// Adopting an unknown device records where it came from, in history.
func TestAdoptAndDismissUnknownDevices(t *testing.T) {
	f := newFixture(t)
	f.check(map[string]inventory.Liveness{"192.0.2.99": inventory.Answered, "192.0.2.98": inventory.Answered})
	us, err := f.svc.Unknowns(ctx)
	f.must(err)
	if len(us) != 2 || us[0].Observation.Address == "" {
		t.Fatalf("unknowns = %+v", us)
	}
	a, err := f.svc.Adopt(ctx, "192.0.2.99", func(a *inventory.Asset) error { a.Tag = "NEW-1"; return nil })
	f.must(err)
	if a.PrimaryIP() != "192.0.2.99" || !slices.Contains(f.actions("NEW-1"), inventory.ActionAdopted) {
		t.Errorf("adopted %+v with history %v", a, f.actions("NEW-1"))
	}
	if _, err := f.svc.Adopt(ctx, "192.0.2.99", func(*inventory.Asset) error { return nil }); !inventory.IsKind(err, inventory.ErrNotFound) {
		t.Errorf("adopting a known address again: %v", err)
	}
	if _, err := f.svc.Dismiss(ctx, "192.0.2.98", ""); !inventory.IsKind(err, inventory.ErrInvalid) {
		t.Errorf("dismissing without a reason: %v", err)
	}
	d, err := f.svc.Dismiss(ctx, "192.0.2.98", "guest phone")
	f.must(err)
	if d.Signature != "tcp/22" || d.By != "tester" {
		t.Errorf("dismissal %+v", d)
	}
	if us, _ := f.svc.Unknowns(ctx); len(us) != 0 {
		t.Errorf("unknowns after adopt and dismiss: %+v", us)
	}
}

// The retire guard and the findings read the same evidence: the newest
// complete check covering the asset, however many partial checks came
// after it, and every answer since.
func TestJudgementsReadTheNewestCompleteCheck(t *testing.T) {
	f := newFixture(t)
	f.add("GONE-1", inventory.StageDecommissioning, "192.0.2.40", nil)
	f.must(f.svc.Tick(ctx, "GONE-1", lifecycle.ItemRemoveAccess, "done"))
	f.must(f.svc.Tick(ctx, "GONE-1", lifecycle.ItemRemoveServices, ""))
	f.check(map[string]inventory.Liveness{"192.0.2.40": inventory.Dark})
	for i := 0; i < inventory.DefaultEvidenceDepth+5; i++ {
		f.clock.t = f.clock.t.Add(time.Second)
		now := f.clock.now()
		_, err := f.svc.RecordCheck(ctx, scan.Result{Check: inventory.Check{StartedAt: now, EndedAt: now, Source: "live",
			Partial: true, PartialReason: "interrupted"}, Observations: []inventory.Observation{
			{Address: "192.0.2.40", State: inventory.Unknown, Reason: "host-timeout", SeenAt: now}}})
		f.must(err)
	}
	ds, err := f.svc.Decide(ctx, []string{"GONE-1"}, lifecycle.Request{To: inventory.StageRetired})
	f.must(err)
	if !ds[0].Allowed || ds[0].Proof == nil || ds[0].Proof.CheckID != 1 || ds[0].Proof.Origin != "live check #1" {
		t.Fatalf("decision %+v, want allowed on the proof of check #1", ds[0])
	}
	f.clock.t = f.clock.t.Add(time.Minute)
	f.check(map[string]inventory.Liveness{"192.0.2.40": inventory.Answered})
	ds, err = f.svc.ChangeStage(ctx, []string{"GONE-1"}, lifecycle.Request{To: inventory.StageRetired})
	if err == nil || !slices.Contains(ds[0].Codes(), lifecycle.CodeAnswered) {
		t.Fatalf("retiring after it answered again: %v %+v", err, ds[0].Codes())
	}
	fs, err := f.svc.Findings(ctx)
	f.must(err)
	if len(fs) != 1 || fs[0].Kind != lifecycle.FindingZombie || fs[0].Severity != lifecycle.SeverityHigh {
		t.Errorf("findings = %+v, want the device switched back on", fs)
	}
}

// The report is worked out a chunk of assets at a time: across more
// assets than one chunk holds, every asset is counted once, findings and
// audit packs are those of their own assets, and the proof that retired an
// asset is found however many checks came after it.
func TestReportAcrossChunksAndTheProofOfRetirement(t *testing.T) {
	f := newFixture(t)
	const n = 2500 // more than one chunk
	assets := make([]*inventory.Asset, n)
	for i := range assets {
		assets[i] = &inventory.Asset{Tag: fmt.Sprintf("A-%04d", i), Kind: inventory.KindServer, Stage: inventory.StageActive,
			Owner: "infra", Addresses: []inventory.Address{{Kind: inventory.AddrIP, Value: fmt.Sprintf("192.0.2.%d", 1+i%200), Primary: true}}}
	}
	assets[n-1].Owner = "" // a finding in the last chunk
	f.must(f.store.Update(ctx, func(w inventory.Writer) error {
		reasons := make([]string, n)
		return w.CreateAssets(ctx, assets, reasons)
	}))
	gone := f.add("GONE-1", inventory.StageDecommissioning, "198.51.100.40", nil)
	f.must(f.svc.SetPolicy(ctx, "scan.scope", "192.0.2.0/24,198.51.100.0/24"))
	f.must(f.svc.Tick(ctx, "GONE-1", lifecycle.ItemRemoveAccess, "done"))
	f.must(f.svc.Tick(ctx, "GONE-1", lifecycle.ItemRemoveServices, ""))
	f.check(map[string]inventory.Liveness{"198.51.100.40": inventory.Dark})
	_, err := f.svc.ChangeStage(ctx, []string{"GONE-1"}, lifecycle.Request{To: inventory.StageRetired})
	f.must(err)
	// After it was retired it answered once (someone switched it on),
	// then was dark in more checks than a judgement reads of an address:
	// the check that retired it lies deeper than today's evidence.
	f.clock.t = f.clock.t.Add(time.Hour)
	f.check(map[string]inventory.Liveness{"198.51.100.40": inventory.Answered})
	for i := 0; i < inventory.DefaultEvidenceDepth+3; i++ {
		f.clock.t = f.clock.t.Add(time.Hour)
		f.check(map[string]inventory.Liveness{"198.51.100.40": inventory.Dark})
	}

	rep, err := f.svc.Report(ctx, 0)
	f.must(err)
	if rep.Summary.Assets != n+1 {
		t.Errorf("the report counts %d assets, want %d", rep.Summary.Assets, n+1)
	}
	if len(rep.Summary.Findings) != 1 || rep.Summary.Findings[0].Asset != fmt.Sprintf("A-%04d", n-1) ||
		rep.Summary.Findings[0].Kind != lifecycle.FindingNoOwner {
		t.Errorf("findings = %+v, want the owner missing on the last asset", rep.Summary.Findings)
	}
	if len(rep.Audits) != 1 || rep.Audits[0].Asset.ID != gone.ID {
		t.Fatalf("audits = %d, want the retired asset's only", len(rep.Audits))
	}
	if p := rep.Audits[0].DarkProof; p == nil || p.CheckID != 1 || p.Origin != "live check #1" {
		t.Errorf("dark proof = %+v, want the check that retired it", p)
	}

	// Acknowledged, the finding leaves the open ones for the accepted
	// risks, with its acknowledgement.
	_, err = f.svc.Acknowledge(ctx, []string{rep.Summary.Findings[0].Key()}, "owner being hired", f.clock.t.Add(7*24*time.Hour))
	f.must(err)
	rep, err = f.svc.Report(ctx, 0)
	f.must(err)
	if a := rep.Summary.Accepted; len(rep.Summary.Findings) != 0 || len(a) != 1 || a[0].Finding.Kind != lifecycle.FindingNoOwner ||
		a[0].Reason != "owner being hired" || a[0].By == "" || a[0].Until.IsZero() {
		t.Errorf("after the ack: findings %+v, accepted %+v", rep.Summary.Findings, a)
	}
}

// failingRunner stands in for an nmap that failed: it reports what it saw
// before, as a partial result, with a *scan.CheckFailed.
type failingRunner struct {
	clock *clock
	seen  []inventory.Observation
}

func (r failingRunner) Run(_ context.Context, plan scan.Plan, _ func(scan.Progress)) (scan.Result, error) {
	now := r.clock.now()
	reason := "nmap was killed by signal SIGSEGV (segmentation fault)"
	return scan.Result{Check: inventory.Check{StartedAt: now.Add(-time.Minute), EndedAt: now, Source: "live",
		Targets: plan.AllTargets(), Partial: true, PartialReason: reason}, Observations: r.seen}, &scan.CheckFailed{Reason: reason}
}

// A check nmap did not finish is stored partial, with what it saw or
// without, proves nothing dark, and its failure is returned.
func TestAFailedCheckIsStoredPartialAndProvesNothingDark(t *testing.T) {
	for name, seen := range map[string][]inventory.Observation{
		"after two hosts": {{Address: "192.0.2.40", State: inventory.Dark, Reason: "no-response"},
			{Address: "192.0.2.41", State: inventory.Answered, Reason: "syn-ack"}},
		"before any host": nil,
	} {
		t.Run(name, func(t *testing.T) {
			f := newFixture(t)
			f.add("GONE-1", inventory.StageDecommissioning, "192.0.2.40", nil)
			out, err := f.svc.Check(ctx, failingRunner{clock: f.clock, seen: seen}, scan.CheckRequest{})
			var failed *scan.CheckFailed
			if !errors.As(err, &failed) || out.Check.ID == 0 {
				t.Fatalf("err %v, check #%d: want the failure and a stored check", err, out.Check.ID)
			}
			checks, err := f.store.Checks(ctx, 0)
			f.must(err)
			if len(checks) != 1 || !checks[0].Partial || checks[0].PartialReason != failed.Reason {
				t.Fatalf("stored %+v", checks)
			}
			if f.items("GONE-1")[lifecycle.ItemPowerDown].Done || len(out.Ticked) != 0 {
				t.Errorf("a failed check ticked %v", out.Ticked)
			}
		})
	}
}
