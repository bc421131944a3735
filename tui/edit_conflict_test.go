package tui

import (
	"context"
	"testing"
	"time"

	"github.com/charmbracelet/x/exp/teatest"
	"github.com/sunset-tui/sunset/inventory"
)

// ownerEditRacedBy opens the edit form of A-0001, lets another writer
// change the asset with meanwhile, then types the owner "facilities" and
// saves.
func ownerEditRacedBy(t *testing.T, s inventory.Store, id int64, meanwhile func(a *inventory.Asset)) *teatest.TestModel {
	t.Helper()
	tm := startProgram(t, s, Options{})
	waitFor(t, tm, "Assets by stage")
	tm.Send(openAssetMsg{id: id})
	waitFor(t, tm, "srv-db-01")
	press(tm, "e")
	waitFor(t, tm, "Edit A-0001")
	update(t, s, func(ctx context.Context, w inventory.Writer) error {
		a, err := w.Asset(ctx, id)
		if err != nil {
			return err
		}
		meanwhile(&a)
		_, err = w.UpdateAsset(ctx, &a, "another admin")
		return err
	})
	press(tm, "tab", "tab", "tab", "ctrl+u")
	tm.Type("facilities")
	press(tm, "enter")
	return tm
}

// quit ends the program and waits for it.
func quit(t *testing.T, tm *teatest.TestModel) {
	t.Helper()
	if err := tm.Quit(); err != nil {
		t.Fatal(err)
	}
	tm.WaitFinished(t, teatest.WithFinalTimeout(5*time.Second))
}

// Someone else changes the owner while the edit form is open: saving a
// different owner is refused, naming what changed, and theirs stays.
func TestFlowAnEditOfAFieldChangedMeanwhileIsRefused(t *testing.T) {
	s := openStore(t)
	ids := seedInventory(t, s)
	tm := ownerEditRacedBy(t, s, ids.db, func(a *inventory.Asset) { a.Owner = "net" })
	waitFor(t, tm, `owner "infra" → "net"`, "reloaded")
	a, err := s.Asset(context.Background(), ids.db)
	if err != nil || a.Owner != "net" {
		t.Fatalf("owner after the refused save: %q, %v", a.Owner, err)
	}

	// The form reloaded the asset: a second enter applies the person's
	// owner onto it, knowingly.
	press(tm, "enter")
	waitFor(t, tm, "saved A-0001")
	quit(t, tm)
	if a, err = s.Asset(context.Background(), ids.db); err != nil || a.Owner != "facilities" {
		t.Fatalf("owner after saving again: %q, %v", a.Owner, err)
	}
}

// A field the person left alone shows what someone else saved meanwhile,
// once a refusal reloaded the form, and saving keeps it.
func TestFlowAReloadedEditKeepsOthersChangesToUntouchedFields(t *testing.T) {
	s := openStore(t)
	ids := seedInventory(t, s)
	tm := ownerEditRacedBy(t, s, ids.db, func(a *inventory.Asset) { a.Owner, a.Department = "net", "Networks" })
	waitFor(t, tm, "reloaded")
	press(tm, "enter")
	waitFor(t, tm, "saved A-0001")
	quit(t, tm)
	a, err := s.Asset(context.Background(), ids.db)
	if err != nil || a.Owner != "facilities" || a.Department != "Networks" {
		t.Fatalf("after the reloaded save: owner %q, department %q, %v", a.Owner, a.Department, err)
	}
}
