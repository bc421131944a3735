package tui

import (
	"context"
	"slices"
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

	// Reopened, the form shows what was saved: the webhook by its host
	// and a hash, as its URL may be a secret.
	press(tm, "o")
	waitFor(t, tm, "https://hooks.example.org/… #")
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
	if v := plainView(m); !strings.Contains(v, "https://hooks.example.org/… #") {
		t.Fatalf("the webhook is not shown:\n%s", v)
	}
	m = keys(t, m, "tab", "ctrl+u")
	m = run(t, m, keyMsg("enter"))
	if _, err := s.Owner(context.Background(), "facilities"); !inventory.IsKind(err, inventory.ErrNotFound) {
		t.Fatalf("contacts still stored: %v", err)
	}
}

// A webhook URL may be a secret: the owner form and the policy screen
// and form show it by its host and a hash only, and a webhook left as
// shown is kept as it was.
func TestWebhookTokensAppearOnNoScreen(t *testing.T) {
	const hook = "https://hooks.example.org/services/T0KEN-SECRET"
	s := openStore(t)
	ids := seedInventory(t, s)
	update(t, s, func(ctx context.Context, w inventory.Writer) error {
		if err := w.SetPolicyValue(ctx, "notify.fallback", hook); err != nil {
			return err
		}
		return w.SetOwner(ctx, &inventory.Owner{Name: "facilities", Webhook: hook})
	})
	shown := inventory.RedactWebhook(hook)

	m := loaded(t, s, Options{}, 200, 50)
	m = keys(t, run(t, m, openAssetMsg{id: ids.cam}), "o")
	if v := plainView(m); strings.Contains(v, "T0KEN") || !strings.Contains(v, shown) {
		t.Fatalf("owner form shows the webhook token, or not its name %q:\n%s", shown, v)
	}
	m = keys(t, m, "enter") // saved unchanged
	if v := plainView(m); strings.Contains(v, "T0KEN") || m.dialog != nil {
		t.Fatalf("after saving the owner form (dialog %T):\n%s", m.dialog, v)
	}
	if o, err := s.Owner(context.Background(), "facilities"); err != nil || o.Webhook != hook {
		t.Fatalf("owner after saving the form unchanged: %+v %v", o, err)
	}

	m = keys(t, loaded(t, s, Options{}, 200, 80), "6")
	if v := plainView(m); strings.Contains(v, "T0KEN") || !strings.Contains(v, shown) {
		t.Fatalf("policy screen shows the webhook token, or not its name %q:\n%s", shown, v)
	}
	at := slices.IndexFunc(inventory.PolicyKeys, func(k inventory.PolicyKey) bool { return k.Name == "notify.fallback" })
	for range at {
		m = keys(t, m, "down")
	}
	m = keys(t, m, "enter")
	if v := plainView(m); strings.Contains(v, "T0KEN") || !strings.Contains(v, "Policy: notify.fallback") {
		t.Fatalf("policy form shows the webhook token:\n%s", v)
	}
	m = keys(t, m, "enter") // kept as shown
	if v := plainView(m); strings.Contains(v, "T0KEN") {
		t.Fatalf("after saving, the screen shows the webhook token:\n%s", v)
	}
	if values, err := s.PolicyValues(context.Background()); err != nil || values["notify.fallback"] != hook {
		t.Fatalf("notify.fallback after saving the form unchanged: %q %v", values["notify.fallback"], err)
	}
}
