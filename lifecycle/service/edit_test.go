package service_test

import (
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/sunset-tui/sunset/inventory"
	"github.com/sunset-tui/sunset/inventory/sqlite"
	"github.com/sunset-tui/sunset/lifecycle/service"
)

// Two people edit one asset: a change to another field is kept beside
// the other's, a change to the same field is refused, naming it and who
// changed it; nobody's change is overwritten unseen.
func TestSaveEditNeverOverwritesAnotherPersonsChange(t *testing.T) {
	f := newFixture(t)
	f.add("SRV-1", inventory.StageActive, "192.0.2.10", nil)
	read, err := f.store.FindAsset(ctx, "SRV-1")
	f.must(err)

	// Alice, in another process, moves the owner while the form is open.
	path := filepath.Join(filepath.Dir(f.store.Location()), "sunset.db")
	other, err := sqlite.Open(path, sqlite.Options{Actor: "alice", Now: f.clock.now})
	f.must(err)
	defer other.Close()
	f.clock.t = f.clock.t.Add(time.Minute)
	alice := service.New(other, service.Options{Actor: "alice", Now: f.clock.now})
	_, _, err = alice.UpdateAsset(ctx, "SRV-1", func(a *inventory.Asset) error { a.Owner = "net"; return nil }, "alice's edit")
	f.must(err)

	f.clock.t = f.clock.t.Add(time.Minute)
	edited := read
	edited.Location = "Room 2"
	saved, changed, err := f.svc.SaveEdit(ctx, read, edited, "form")
	if err != nil || !changed || saved.Owner != "net" || saved.Location != "Room 2" {
		t.Fatalf("an edit of another field: %+v, %v, %v; want alice's owner kept beside the new location", saved, changed, err)
	}

	edited = read
	edited.Owner = "facilities"
	_, _, err = f.svc.SaveEdit(ctx, read, edited, "form")
	if !inventory.IsKind(err, inventory.ErrConflict) || !strings.Contains(err.Error(), `owner "infra" → "net"`) ||
		!strings.Contains(err.Error(), "alice") {
		t.Fatalf("an edit of the same field: %v; want a conflict naming the owner and alice", err)
	}
	now, err := f.store.FindAsset(ctx, "SRV-1")
	f.must(err)
	if now.Owner != "net" || now.Location != "Room 2" {
		t.Fatalf("after the refusal: owner %q, location %q", now.Owner, now.Location)
	}

	// The same value both ways is no clash.
	edited = read
	edited.Owner = "net"
	if _, _, err := f.svc.SaveEdit(ctx, read, edited, "form"); err != nil {
		t.Fatalf("the same change as alice's: %v", err)
	}
	history, err := f.store.History(ctx, now.ID)
	f.must(err)
	owners, locations := 0, 0
	for _, e := range history {
		for _, c := range e.Changes {
			switch c.Field {
			case "owner":
				owners++
			case "location":
				locations++
			}
		}
	}
	if owners != 1 || locations != 1 {
		t.Fatalf("history records %d owner and %d location changes; want each accepted change once", owners, locations)
	}
}
