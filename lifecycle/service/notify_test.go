package service_test

import (
	"context"
	"slices"
	"strings"
	"testing"

	"github.com/sunset-tui/sunset/inventory"
	"github.com/sunset-tui/sunset/lifecycle/service"
	"github.com/sunset-tui/sunset/notify"
)

// notifyRun runs Notify, delivering to memory, and returns what each
// recipient got as "subject step owner" lines.
func (f *fixture) notifyRun() map[string][]string {
	f.t.Helper()
	got := map[string][]string{}
	_, err := f.svc.Notify(ctx, service.NotifyRequest{Deliver: func(_ context.Context, d notify.Digest) error {
		for _, it := range d.Items {
			got[d.To.Name()] = append(got[d.To.Name()], strings.Join([]string{it.Subject, it.Step, it.Owner}, " "))
		}
		return nil
	}})
	f.must(err)
	for _, items := range got {
		slices.Sort(items)
	}
	return got
}

func TestNotifyRoutesByOwnerFallbackSeverityAndEscalation(t *testing.T) {
	f := newFixture(t)
	today := inventory.DateOf(f.clock.t)
	web := f.add("web-01", inventory.StageActive, "192.0.2.10", func(a *inventory.Asset) { a.EOLOn = today.AddDays(20) })
	f.add("far-02", inventory.StageActive, "192.0.2.11", func(a *inventory.Asset) { a.EOLOn = today.AddDays(100) })
	m := inventory.PortMapping{ExternalAddr: "192.0.2.200", ExternalPort: 3389, Protocol: "tcp", Owner: "contractor",
		ExpiresOn: today.AddDays(-10)}
	f.must(f.svc.AddMapping(ctx, web.Tag, &m, "test"))
	f.must(f.svc.SetPolicy(ctx, "notify.fallback", "ops@example.org"))
	f.must(f.svc.SetPolicy(ctx, "notify.min-severity", "critical"))
	_, err := f.svc.SetOwnerContacts(ctx, "infra", func(o *inventory.Owner) { o.Email = "infra@example.org" })
	f.must(err)

	got := f.notifyRun()
	want := map[string][]string{
		"infra@example.org": {"end-of-life 30d infra"},
		// The fallback gets the escalation instead of the overdue step,
		// and the high finding its owner is not told of (min critical).
		"ops@example.org": {"finding exposed-mapping finding contractor", "mapping-expiry escalated contractor"},
	}
	if !equalRuns(got, want) {
		t.Fatalf("first run: %v\nwant %v", got, want)
	}

	// The contractor gets a contact: the overdue step reaches them, and
	// nothing reaches anyone twice.
	_, err = f.svc.SetOwnerContacts(ctx, "Contractor", func(o *inventory.Owner) { o.Email = "contractor@example.org" })
	f.must(err)
	got = f.notifyRun()
	want = map[string][]string{"contractor@example.org": {"mapping-expiry overdue contractor"}}
	if !equalRuns(got, want) {
		t.Fatalf("second run: %v\nwant %v", got, want)
	}
	if got = f.notifyRun(); len(got) != 0 {
		t.Fatalf("third run sent %v", got)
	}
}

func TestNotifyKeepsWhatFailedForTheNextRun(t *testing.T) {
	f := newFixture(t)
	today := inventory.DateOf(f.clock.t)
	f.add("web-01", inventory.StageActive, "192.0.2.10", func(a *inventory.Asset) { a.EOLOn = today.AddDays(5) })
	_, err := f.svc.SetOwnerContacts(ctx, "infra", func(o *inventory.Owner) { o.Email = "infra@example.org" })
	f.must(err)
	sum, err := f.svc.Notify(ctx, service.NotifyRequest{Deliver: func(context.Context, notify.Digest) error {
		return context.DeadlineExceeded
	}})
	if err != nil || sum.Failed != 1 || sum.Sent != 0 {
		t.Fatalf("%+v %v", sum, err)
	}
	if got := f.notifyRun(); !equalRuns(got, map[string][]string{"infra@example.org": {"end-of-life 7d infra"}}) {
		t.Fatalf("after a failure: %v", got)
	}
}

func equalRuns(a, b map[string][]string) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if !slices.Equal(v, b[k]) {
			return false
		}
	}
	return true
}

func TestNotifySendsReviewsOnlyWhenDue(t *testing.T) {
	f := newFixture(t)
	today := inventory.DateOf(f.clock.t)
	f.add("soon-01", inventory.StageActive, "192.0.2.10", func(a *inventory.Asset) { a.LastManagedOn = today.AddDays(-70) })
	f.add("late-02", inventory.StageActive, "192.0.2.11", func(a *inventory.Asset) { a.LastManagedOn = today.AddDays(-100) })
	_, err := f.svc.SetOwnerContacts(ctx, "infra", func(o *inventory.Owner) { o.Email = "infra@example.org" })
	f.must(err)
	got := f.notifyRun()
	if !equalRuns(got, map[string][]string{"infra@example.org": {"review overdue infra"}}) {
		t.Fatalf("a review 20 days off was sent ahead, or the overdue one not: %v", got)
	}
}
