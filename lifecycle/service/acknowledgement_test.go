package service_test

import (
	"slices"
	"testing"
	"time"

	"github.com/sunset-tui/sunset/inventory"
	"github.com/sunset-tui/sunset/lifecycle"
	"github.com/sunset-tui/sunset/lifecycle/service"
	"github.com/sunset-tui/sunset/scan"
)

// answer records a live check in which the device at addr answered on
// ports.
func (f *fixture) answer(addr string, ports ...inventory.Port) {
	f.t.Helper()
	now := f.clock.now()
	for i := range ports {
		ports[i].State = "open"
	}
	res := scan.Result{Check: inventory.Check{StartedAt: now.Add(-time.Minute), EndedAt: now, Source: "live"},
		Observations: []inventory.Observation{{Address: addr, State: inventory.Answered, Reason: "syn-ack",
			SeenAt: now.Add(-30 * time.Second), Ports: ports}}}
	_, err := f.svc.RecordCheck(ctx, res)
	f.must(err)
}

// keysOf lists the keys of the findings of a judgement, and of those an
// acknowledgement hides.
func (f *fixture) judged() (shown, hidden []string) {
	f.t.Helper()
	j, err := f.svc.Judge(ctx, 30*inventory.Day)
	f.must(err)
	for _, x := range j.Findings {
		shown = append(shown, x.Key())
	}
	for _, x := range j.Acknowledged {
		hidden = append(hidden, x.Key())
	}
	return shown, hidden
}

// An acknowledged finding stops showing until its acknowledgement expires
// or the finding changes (here: the device serves something new), and
// history keeps who accepted the risk, why and until when.
func TestAnAcknowledgedFindingIsHiddenUntilItExpiresOrChanges(t *testing.T) {
	f := newFixture(t)
	cam := f.add("CAM-SRV", inventory.StageActive, "192.0.2.20", func(a *inventory.Asset) {
		a.DeployedOn = inventory.DateOf(f.clock.now().AddDate(-2, 0, 0))
	})
	f.answer("192.0.2.20", inventory.Port{Number: 80, Protocol: "tcp", Service: "http", Product: "nginx", Version: "1.18"})
	idle := lifecycle.FindingKey(lifecycle.FindingIdle, cam.ID, 0, "")
	if shown, _ := f.judged(); !slices.Contains(shown, idle) {
		t.Fatalf("findings %v, want %s", shown, idle)
	}

	until, err := inventory.ParseUntil("30d", f.clock.now())
	f.must(err)
	if _, err := f.svc.Acknowledge(ctx, []string{idle}, " ", until); !inventory.IsKind(err, inventory.ErrInvalid) {
		t.Errorf("acknowledging without a reason: %v", err)
	}
	if _, err := f.svc.Acknowledge(ctx, []string{"idle:#999"}, "x", until); !inventory.IsKind(err, inventory.ErrNotFound) {
		t.Errorf("acknowledging a finding that is not open: %v", err)
	}
	if _, err := f.svc.Acknowledge(ctx, []string{"whatever"}, "x", until); !inventory.IsKind(err, inventory.ErrInvalid) {
		t.Errorf("acknowledging with no finding id: %v", err)
	}
	acks, err := f.svc.Acknowledge(ctx, []string{idle}, "replaced in the spring", until)
	f.must(err)
	if len(acks) != 1 || acks[0].By != "tester" || !acks[0].Until.Equal(until) {
		t.Fatalf("acknowledgements %+v", acks)
	}
	shown, hidden := f.judged()
	if slices.Contains(shown, idle) || !slices.Equal(hidden, []string{idle}) {
		t.Fatalf("after acknowledging: shown %v hidden %v", shown, hidden)
	}
	events, err := f.store.History(ctx, cam.ID)
	f.must(err)
	last := events[len(events)-1]
	if last.Action != inventory.ActionAcknowledged || last.Reason != "replaced in the spring" || last.Actor != "tester" {
		t.Errorf("history ends with %+v", last)
	}
	// The same answer a day later: still accepted.
	f.clock.t = f.clock.t.Add(24 * time.Hour)
	f.answer("192.0.2.20", inventory.Port{Number: 80, Protocol: "tcp", Service: "http", Product: "nginx", Version: "1.18"})
	if shown, _ := f.judged(); slices.Contains(shown, idle) {
		t.Errorf("the same risk a day later shows again: %v", shown)
	}
	// It now serves RDP as well: not the risk accepted.
	f.clock.t = f.clock.t.Add(time.Hour)
	f.answer("192.0.2.20", inventory.Port{Number: 80, Protocol: "tcp", Service: "http", Product: "nginx", Version: "1.18"},
		inventory.Port{Number: 3389, Protocol: "tcp", Service: "ms-wbt-server"})
	if shown, hidden := f.judged(); !slices.Contains(shown, idle) || len(hidden) != 0 {
		t.Errorf("after the device changed: shown %v hidden %v", shown, hidden)
	}
	st, err := f.svc.Acknowledgements(ctx)
	f.must(err)
	if len(st) != 1 || st[0].State != lifecycle.AckChanged || st[0].Current == nil {
		t.Errorf("acknowledgements after the change: %+v", st)
	}
	// Accepted again, then its time runs out.
	_, err = f.svc.Acknowledge(ctx, []string{idle}, "RDP is the vendor's, until spring too", until)
	f.must(err)
	if shown, _ := f.judged(); slices.Contains(shown, idle) {
		t.Errorf("acknowledged again, it still shows: %v", shown)
	}
	f.clock.t = until
	if shown, _ := f.judged(); !slices.Contains(shown, idle) {
		t.Errorf("at its expiry the finding is still hidden: %v", shown)
	}
	if st, _ := f.svc.Acknowledgements(ctx); len(st) != 1 || st[0].State != lifecycle.AckExpired {
		t.Errorf("acknowledgements after expiry: %+v", st)
	}
}

// Withdrawing an acknowledgement brings its finding back at once, and its
// asset's history says why; an unknown device can be acknowledged too.
func TestWithdrawingAnAcknowledgementShowsTheFindingAgain(t *testing.T) {
	f := newFixture(t)
	f.answer("192.0.2.99", inventory.Port{Number: 22, Protocol: "tcp", Service: "ssh"})
	orphan := f.add("SRV-1", inventory.StageActive, "192.0.2.21", func(a *inventory.Asset) { a.Owner = "" })
	unknown := lifecycle.FindingKey(lifecycle.FindingUnknown, 0, 0, "192.0.2.99")
	noOwner := lifecycle.FindingKey(lifecycle.FindingNoOwner, orphan.ID, 0, "")
	until := f.clock.now().Add(7 * 24 * time.Hour)
	_, err := f.svc.Acknowledge(ctx, []string{unknown, noOwner, unknown}, "lab week", until)
	f.must(err)
	if shown, hidden := f.judged(); len(shown) != 0 || len(hidden) != 2 {
		t.Fatalf("after acknowledging both: shown %v hidden %v", shown, hidden)
	}
	if us, err := f.svc.Unknowns(ctx); err != nil || len(us) != 0 {
		t.Errorf("unknown devices after acknowledging: %v, %v", us, err)
	}
	_, err = f.svc.Unacknowledge(ctx, []string{noOwner}, "owner left")
	f.must(err)
	if shown, _ := f.judged(); !slices.Equal(shown, []string{noOwner}) {
		t.Errorf("after withdrawing: shown %v", shown)
	}
	events, err := f.store.History(ctx, orphan.ID)
	f.must(err)
	if last := events[len(events)-1]; last.Action != inventory.ActionUnacknowledged || last.Reason != "owner left" {
		t.Errorf("history ends with %+v", last)
	}
	if _, err := f.svc.Unacknowledge(ctx, []string{noOwner}, "again"); !inventory.IsKind(err, inventory.ErrNotFound) {
		t.Errorf("withdrawing twice: %v", err)
	}
	var st []service.AckStatus
	st, err = f.svc.Acknowledgements(ctx)
	f.must(err)
	if len(st) != 1 || st[0].Current == nil || st[0].State != lifecycle.AckHolds {
		t.Errorf("acknowledgements: %+v", st)
	}
}

// An acknowledgement lasts a year at most, whichever front end makes it;
// acknowledging again records the expiry it replaces, to the second; and
// acks say in words what risk was accepted, never the fingerprint.
func TestAcknowledgementsAreCappedAndTheirHistoryShowsThePreviousExpiry(t *testing.T) {
	f := newFixture(t)
	f.clock.t = f.clock.t.Add(123456789 * time.Nanosecond) // a clock with nanoseconds
	f.answer("192.0.2.99", inventory.Port{Number: 18080, Protocol: "tcp"})
	orphan := f.add("SRV-1", inventory.StageActive, "192.0.2.21", func(a *inventory.Asset) { a.Owner = "" })
	noOwner := lifecycle.FindingKey(lifecycle.FindingNoOwner, orphan.ID, 0, "")
	unknown := lifecycle.FindingKey(lifecycle.FindingUnknown, 0, 0, "192.0.2.99")
	now := f.clock.now()

	for _, span := range []string{"100000d", "367d"} {
		until, err := inventory.ParseUntil(span, now)
		f.must(err)
		if _, err := f.svc.Acknowledge(ctx, []string{noOwner}, "forever", until); !inventory.IsKind(err, inventory.ErrInvalid) {
			t.Errorf("acknowledging for %s: %v, want it refused", span, err)
		}
	}
	year, err := inventory.ParseUntil("365d", now)
	f.must(err)
	_, err = f.svc.Acknowledge(ctx, []string{noOwner, unknown}, "a year", year)
	f.must(err)
	week := now.Add(7 * 24 * time.Hour)
	_, err = f.svc.Acknowledge(ctx, []string{noOwner}, "a week after all", week)
	f.must(err)

	events, err := f.store.History(ctx, orphan.ID)
	f.must(err)
	last := events[len(events)-1]
	want := []inventory.Change{{Field: "finding", To: noOwner},
		{Field: "until", From: year.UTC().Truncate(time.Second).Format(time.RFC3339), To: week.UTC().Truncate(time.Second).Format(time.RFC3339)}}
	if last.Action != inventory.ActionAcknowledged || !slices.Equal(last.Changes, want) {
		t.Errorf("second acknowledgement recorded %+v, want %+v", last.Changes, want)
	}

	st, err := f.svc.Acknowledgements(ctx)
	f.must(err)
	for _, s := range st {
		if s.Finding == unknown && s.Accepted != "low; 18080/tcp" && s.Accepted != "medium; 18080/tcp" && s.Accepted != "high; 18080/tcp" {
			t.Errorf("accepted = %q, want the severity and the port in words", s.Accepted)
		}
	}

	withdrawn, err := f.svc.Unacknowledge(ctx, []string{unknown, " " + unknown}, "lab gone")
	f.must(err)
	if !slices.Equal(withdrawn, []string{unknown}) {
		t.Errorf("withdrew %v, want only %s once", withdrawn, unknown)
	}
	if _, err := f.svc.Unacknowledge(ctx, []string{noOwner, unknown}, "again"); !inventory.IsKind(err, inventory.ErrNotFound) {
		t.Errorf("withdrawing one acknowledged and one not: %v, want not found", err)
	}
	if st, _ := f.svc.Acknowledgements(ctx); len(st) != 1 || st[0].Finding != noOwner {
		t.Errorf("a refused withdrawal withdrew something: %+v", st)
	}
}
