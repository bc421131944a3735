package sqlite

import (
	"path/filepath"
	"testing"

	"github.com/sunset-tui/sunset/inventory"
	"github.com/sunset-tui/sunset/inventory/storetest"
)

// openTest opens a new store in a temporary directory with the suite's
// actor and clock.
func openTest(t *testing.T) *Store {
	t.Helper()
	s, err := Open(filepath.Join(t.TempDir(), "sunset.db"), Options{Actor: storetest.Actor, Now: storetest.Now(t)})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

func TestConformance(t *testing.T) {
	storetest.Run(t, func(t *testing.T) inventory.Store { return openTest(t) })
}
