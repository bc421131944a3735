package sqlite

import (
	"context"
	"testing"

	"github.com/sunset-tui/sunset/inventory"
	"github.com/sunset-tui/sunset/inventory/storetest"
)

func TestOwnersAreFoundInAnyCaseAndReplaced(t *testing.T) {
	ctx := context.Background()
	s := openTest(t)
	set := func(o inventory.Owner) error {
		return s.Update(ctx, func(w inventory.Writer) error { return w.SetOwner(ctx, &o) })
	}
	if err := set(inventory.Owner{Name: " infra ", Email: "infra@example.org"}); err != nil {
		t.Fatal(err)
	}
	if err := set(inventory.Owner{Name: "INFRA", Webhook: "https://hooks.example.org/x"}); err != nil {
		t.Fatal(err)
	}
	o, err := s.Owner(ctx, "Infra")
	if err != nil || o.Name != "INFRA" || o.Email != "" || o.Webhook != "https://hooks.example.org/x" || o.UpdatedBy != storetest.Actor {
		t.Fatalf("%+v %v", o, err)
	}
	for _, bad := range []inventory.Owner{{Name: "x", Email: "Ops <ops@example.org>"}, {Name: "x", Webhook: "ftp://example.org"},
		{Name: "x", Webhook: "https://u:p@example.org/"}, {Name: " ", Email: "a@example.org"}} {
		if err := set(bad); !inventory.IsKind(err, inventory.ErrInvalid) {
			t.Errorf("%+v: %v", bad, err)
		}
	}
	if err := s.Update(ctx, func(w inventory.Writer) error { return w.DeleteOwner(ctx, "infra") }); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Owner(ctx, "infra"); !inventory.IsKind(err, inventory.ErrNotFound) {
		t.Fatalf("deleted owner: %v", err)
	}
	if err := s.Update(ctx, func(w inventory.Writer) error { return w.DeleteOwner(ctx, "infra") }); !inventory.IsKind(err, inventory.ErrNotFound) {
		t.Fatalf("deleting twice: %v", err)
	}
}

func TestSentLogKeepsOneRowPerItemStepAndRecipient(t *testing.T) {
	ctx := context.Background()
	s := openTest(t)
	a := inventory.Asset{Tag: "web-01", Hostname: "web-01", Stage: inventory.StageActive}
	if err := s.Update(ctx, func(w inventory.Writer) error { return w.CreateAsset(ctx, &a, "test") }); err != nil {
		t.Fatal(err)
	}
	record := func(items ...inventory.NotificationSent) error {
		d := inventory.Delivery{Recipient: "ops@example.org", Channel: "email", Items: items}
		return s.Update(ctx, func(w inventory.Writer) error { return w.RecordDelivery(ctx, &d) })
	}
	eol := inventory.NotificationSent{Owner: "infra", AssetID: a.ID, Subject: "end-of-life", Item: "end-of-life asset 1 2030-01-30", Step: "30d"}
	unknown := inventory.NotificationSent{Subject: "finding unknown", Item: "finding unknown address 127.0.0.9", Step: "finding"}
	if err := record(eol, unknown); err != nil {
		t.Fatal(err)
	}
	if err := record(eol); err != nil { // a rerun after a crash: kept once
		t.Fatal(err)
	}
	eol.Step = "7d"
	if err := record(eol); err != nil {
		t.Fatal(err)
	}
	got, err := s.NotificationsSent(ctx, []int64{a.ID})
	if err != nil || len(got) != 2 || got[0].Recipient != "ops@example.org" || got[0].SentAt.IsZero() {
		t.Fatalf("%+v %v", got, err)
	}
	if got, err = s.NotificationsSent(ctx, []int64{0}); err != nil || len(got) != 1 || got[0].AssetID != 0 {
		t.Fatalf("unknown devices' log: %+v %v", got, err)
	}
	bad := inventory.NotificationSent{AssetID: 999, Item: "x", Step: "day"}
	if err := record(bad); !inventory.IsKind(err, inventory.ErrNotFound) {
		t.Fatalf("no such asset: %v", err)
	}
}
