package storetest

import (
	"github.com/sunset-tui/sunset/inventory"
)

var storeCases = []suiteCase{
	{"Location/NamesWhereDataLives", func(e *env) {
		if e.s.Location() == "" {
			e.t.Fatal("Location is empty")
		}
	}},
	{"Close/ThenQueriesFailCleanly", func(e *env) {
		if err := e.s.Close(); err != nil {
			e.t.Fatalf("Close: %v", err)
		}
		if _, err := e.s.Assets(ctx, inventory.AssetFilter{}); err == nil {
			e.t.Fatal("Assets after Close succeeded")
		}
		if err := e.s.Update(ctx, func(inventory.Writer) error { return nil }); err == nil {
			e.t.Fatal("Update after Close succeeded")
		}
	}},
}
