package postgres

import (
	"os"
	"testing"

	"github.com/sunset-tui/sunset/inventory"
	"github.com/sunset-tui/sunset/inventory/postgres/pgtest"
	"github.com/sunset-tui/sunset/inventory/storetest"
)

func TestMain(m *testing.M) { os.Exit(pgtest.Main(m)) }

// openTest opens a store on a new database of the throwaway cluster, with
// the suite's actor and clock.
func openTest(t *testing.T) *Store {
	t.Helper()
	s, err := Open(pgtest.NewDatabase(t), Options{Actor: storetest.Actor, Now: storetest.Now(t)})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

func TestConformance(t *testing.T) {
	storetest.Run(t, func(t *testing.T) inventory.Store { return openTest(t) })
}
