package tui

import (
	"context"
	"strings"
	"testing"

	"github.com/sunset-tui/sunset/inventory"
)

// save presses enter in a form and runs the write it starts, failing the
// test when the store refuses it.
func save(t *testing.T, m Model) Model {
	t.Helper()
	m, cmd := stepCmd(t, m, keyMsg("enter"))
	if cmd == nil {
		t.Fatalf("enter started no write; the form says:\n%s", plainView(m))
	}
	msg := cmd()
	done, ok := msg.(writeDoneMsg)
	if !ok {
		t.Fatalf("enter sent %#v, want a write", msg)
	}
	if done.err != nil {
		t.Fatalf("write refused: %v", done.err)
	}
	return step(t, m, done)
}

// fill types into the focused field after clearing it.
func fill(t *testing.T, m Model, text string) Model {
	for i := 0; i < 64; i++ {
		m = step(t, m, keyMsg("backspace"))
	}
	return typeText(t, m, text)
}

func TestAdoptUnknownDevicePrefillsFromTheObservation(t *testing.T) {
	s := openStore(t)
	seedInventory(t, s)
	m := loaded(t, s, Options{}, 120, 40)
	m = keys(t, m, "5", "a")
	if !strings.Contains(plainView(m), "Adopt 192.0.2.99") {
		t.Fatalf("no adoption form:\n%s", plainView(m))
	}
	v := m.dialog.(*form).values()
	if v["hostname"] != "guest-phone.example.org" || v["ip"] != "192.0.2.99" || v["mac"] != "02:00:00:00:00:99" {
		t.Fatalf("not prefilled from the observation: %v", v)
	}
	m = fill(t, m, "A-0099")
	m = save(t, m)
	a, err := s.FindAsset(context.Background(), "A-0099")
	if err != nil || a.Hostname != "guest-phone.example.org" || a.PrimaryIP() != "192.0.2.99" {
		t.Fatalf("adopted asset %+v, %v", a, err)
	}
	hist, _ := s.History(context.Background(), a.ID)
	if hist[len(hist)-1].Action != inventory.ActionAdopted {
		t.Fatalf("no adoption in history: %+v", hist)
	}
}

func TestDismissUnknownDeviceNeedsAReason(t *testing.T) {
	s := openStore(t)
	seedInventory(t, s)
	m := loaded(t, s, Options{}, 120, 40)
	m = keys(t, m, "5", "d")
	if _, cmd := stepCmd(t, m, keyMsg("enter")); cmd != nil {
		t.Fatal("a dismissal without a reason was submitted")
	}
	m = typeText(t, m, "guest phone on the visitor network")
	save(t, m)
	ds, err := s.Dismissals(context.Background())
	if err != nil || len(ds) != 1 || ds[0].Address != "192.0.2.99" || ds[0].Signature != "tcp/23" || ds[0].By != "tester" {
		t.Fatalf("dismissals %+v, %v", ds, err)
	}
	if u := loaded(t, s, Options{}, 120, 40).snap.unknowns; len(u) != 0 {
		t.Fatalf("the dismissed device is still listed: %+v", u)
	}
}

func TestAssetFormValidatesAsYouType(t *testing.T) {
	s := openStore(t)
	seedInventory(t, s)
	m := loaded(t, s, Options{}, 120, 40)
	m = keys(t, m, "2", "n")
	f := m.dialog.(*form)
	if f.errs["tag"] == "" {
		t.Fatal("an empty asset is not flagged")
	}
	m = typeText(t, m, "A-0500")
	if len(f.errs) != 0 {
		t.Fatalf("errors after a tag: %v", f.errs)
	}
	m = keys(t, m, "tab", "tab") // kind
	m = fill(t, m, "toaster")
	if !strings.Contains(f.errs["kind"], "not a kind") {
		t.Fatalf("a bad kind is not flagged: %v", f.errs)
	}
	m = fill(t, m, "camera")
	for i := 0; i < 5; i++ { // to the IP addresses
		m = step(t, m, keyMsg("tab"))
	}
	m = typeText(t, m, "192.0.2.300")
	if f.errs["ip"] == "" {
		t.Fatalf("a bad IP is not flagged: %v", f.errs)
	}
	if _, cmd := stepCmd(t, m, keyMsg("enter")); cmd != nil {
		t.Fatal("a form with errors was submitted")
	}
	m = fill(t, m, "192.0.2.31")
	save(t, m)
	a, err := s.FindAsset(context.Background(), "A-0500")
	if err != nil || a.Kind != inventory.KindCamera || a.PrimaryIP() != "192.0.2.31" {
		t.Fatalf("saved %+v, %v", a, err)
	}
}

func TestMappingAddAndCloseKeepTheChecklistInStep(t *testing.T) {
	s := openStore(t)
	ids := seedInventory(t, s)
	m := loaded(t, s, Options{}, 120, 40)
	m = run(t, m, openAssetMsg{id: ids.legacy})
	m = keys(t, m, "m")
	m = typeText(t, m, "198.51.100.5:5900")
	m = keys(t, m, "tab", "tab", "tab")
	m = typeText(t, m, "vendor VNC")
	m = save(t, m)
	ctx := context.Background()
	ms, _ := s.Mappings(ctx, inventory.MappingFilter{AssetID: ids.legacy})
	if len(ms) != 2 || ms[1].InternalPort != 5900 || ms[1].Purpose != "vendor VNC" {
		t.Fatalf("mappings %+v", ms)
	}
	items, _ := s.Checklist(ctx, ids.legacy)
	if !hasItem(items, "close-mapping-"+itoa(int(ms[1].ID))) {
		t.Fatalf("no checklist item for the new mapping: %+v", items)
	}

	m = run(t, m, openAssetMsg{id: ids.legacy}) // reload the detail
	m = keys(t, m, "right", "right", "D")
	m = typeText(t, m, "firewall change 1234")
	save(t, m)
	mp, _ := s.Mapping(ctx, ids.mapping)
	if mp.Open() || mp.ClosedEvidence != "firewall change 1234" {
		t.Fatalf("mapping after closing: %+v", mp)
	}
}

func hasItem(items []inventory.ChecklistItem, id string) bool {
	for _, it := range items {
		if it.ID == id {
			return true
		}
	}
	return false
}

func TestSanitizationRecordIsValidatedAndStored(t *testing.T) {
	s := openStore(t)
	ids := seedInventory(t, s)
	m := loaded(t, s, Options{}, 120, 40)
	m = run(t, m, openAssetMsg{id: ids.nvr})
	m = keys(t, m, "z")
	f := m.dialog.(*form)
	if f.errs["media-type"] == "" {
		t.Fatal("an empty record is not flagged")
	}
	for _, v := range []string{"HDD", "", "", "", "shred"} {
		m = typeText(t, m, v)
		m = step(t, m, keyMsg("tab"))
	}
	if !strings.Contains(f.errs["method"], "clear, purge, destroy") {
		t.Fatalf("a bad method is not explained: %v", f.errs)
	}
	if f.errs["technique"] == "" || f.errs["destination"] == "" {
		t.Fatalf("not every missing field is flagged: %v", f.errs)
	}
	m = step(t, m, keyMsg("shift+tab")) // back to the method
	for _, v := range []string{"destroy", "physical shred", "shredder vendor X", "visual inspection", "J. Doe", "2025-06-14", "destroyed"} {
		m = fill(t, m, v)
		m = step(t, m, keyMsg("tab"))
	}
	if len(f.errs) != 0 {
		t.Fatalf("errors: %v", f.errs)
	}
	save(t, m)
	rec, ok, err := s.Sanitization(context.Background(), ids.nvr)
	if err != nil || !ok || rec.Method != "destroy" || rec.Destination != "destroyed" || rec.Date.String() != "2025-06-14" {
		t.Fatalf("record %+v %v %v", rec, ok, err)
	}
}
