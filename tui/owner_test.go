package tui

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/charmbracelet/x/exp/teatest"
	"github.com/sunset-tui/sunset/inventory"
)

func TestFlowEditOwnerContacts(t *testing.T) {
	s := openStore(t)
	ids := seedInventory(t, s)
	update(t, s, func(ctx context.Context, w inventory.Writer) error {
		return w.SetOwner(ctx, &inventory.Owner{Name: "infra", Email: "old@example.org"})
	})
	tm := startProgram(t, s, Options{})
	waitFor(t, tm, "Assets by stage")
	tm.Send(openAssetMsg{id: ids.db})
	waitFor(t, tm, "srv-db-01")

	press(tm, "o")
	waitFor(t, tm, "Contacts of owner infra", "old@example.org", "Last set by tester")
	press(tm, "ctrl+u")
	tm.Type("infra@")
	waitFor(t, tm, "is not an e-mail address")
	press(tm, "enter") // invalid: nothing is written
	tm.Type("example.org")
	press(tm, "tab")
	tm.Type("https://hooks.example.org/sunset")
	press(tm, "enter")
	waitFor(t, tm, "saved the contacts of infra")

	// Reopened, the form shows what was saved.
	press(tm, "o")
	waitFor(t, tm, "https://hooks.example.org/sunset")
	press(tm, "esc")
	press(tm, "q")
	tm.WaitFinished(t, teatest.WithFinalTimeout(5*time.Second))

	o, err := s.Owner(context.Background(), "INFRA")
	if err != nil || o.Email != "infra@example.org" || o.Webhook != "https://hooks.example.org/sunset" || o.UpdatedBy != "tester" {
		t.Fatalf("owner after editing: %+v %v", o, err)
	}
}

func TestOwnerDialogRemovesContactsWhenBothAreEmptied(t *testing.T) {
	s := openStore(t)
	ids := seedInventory(t, s)
	update(t, s, func(ctx context.Context, w inventory.Writer) error {
		return w.SetOwner(ctx, &inventory.Owner{Name: "facilities", Webhook: "https://hooks.example.org/f"})
	})
	m := loaded(t, s, Options{}, 120, 36)
	m = keys(t, run(t, m, openAssetMsg{id: ids.cam}), "o")
	if d, ok := m.dialog.(*ownerDialog); !ok || !d.loaded {
		t.Fatalf("o opened %T, want the owner's contacts, read", m.dialog)
	}
	if v := plainView(m); !strings.Contains(v, "https://hooks.example.org/f") {
		t.Fatalf("the webhook is not shown:\n%s", v)
	}
	m = keys(t, m, "tab", "ctrl+u")
	m = run(t, m, keyMsg("enter"))
	if _, err := s.Owner(context.Background(), "facilities"); !inventory.IsKind(err, inventory.ErrNotFound) {
		t.Fatalf("contacts still stored: %v", err)
	}
}
