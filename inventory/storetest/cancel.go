package storetest

import (
	"context"
	"errors"

	"github.com/sunset-tui/sunset/inventory"
)

// cancelCases check that what may take long (bulk writes, reads of many
// assets or addresses) stops when its context is cancelled, inside an
// Update as in a View, and that an Update keeps nothing of it.
var cancelCases = []suiteCase{
	{"Cancellation/LongReadsAndBulkWritesStopWithTheContextsError", func(e *env) {
		a := e.create(inventory.Asset{Tag: "A", Serial: "SN-A", Addresses: []inventory.Address{ip("192.0.2.1")}})
		e.sight("192.0.2.1", a.ID, inventory.Answered, false)
		cancelled, cancel := context.WithCancel(ctx)
		cancel()
		reads := map[string]func(r inventory.Reader) error{
			"Assets": func(r inventory.Reader) error { _, err := r.Assets(cancelled, inventory.AssetFilter{}); return err },
			"AssetsAfter": func(r inventory.Reader) error {
				_, err := r.AssetsAfter(cancelled, inventory.AssetFilter{}, 0, 10)
				return err
			},
			"AssetsByKeys": func(r inventory.Reader) error {
				_, err := r.AssetsByKeys(cancelled, inventory.AssetKeys{Tags: []string{"A"}})
				return err
			},
			"AssetSummaries": func(r inventory.Reader) error {
				_, err := r.AssetSummaries(cancelled, inventory.AssetFilter{}, inventory.Page{})
				return err
			},
			"Histories":  func(r inventory.Reader) error { _, err := r.Histories(cancelled, inventory.AssetFilter{}); return err },
			"Checklists": func(r inventory.Reader) error { _, err := r.Checklists(cancelled, inventory.AssetFilter{}); return err },
			"Evidence": func(r inventory.Reader) error {
				_, err := r.Evidence(cancelled, inventory.EvidenceFilter{Addresses: []string{"192.0.2.1"}, AssetIDs: []int64{a.ID}})
				return err
			},
		}
		writes := map[string]func(w inventory.Writer) error{
			"CreateAssets": func(w inventory.Writer) error {
				return w.CreateAssets(cancelled, []*inventory.Asset{{Tag: "B"}, {Tag: "C"}}, []string{"", ""})
			},
			"PutChecklists": func(w inventory.Writer) error {
				return w.PutChecklists(cancelled, map[int64][]inventory.ChecklistItem{a.ID: {{ID: "x", Title: "x"}}})
			},
			"SaveCheck": func(w inventory.Writer) error {
				c := inventory.Check{Source: "live"}
				return w.SaveCheck(cancelled, &c, []inventory.Observation{{Address: "192.0.2.9", State: inventory.Answered}})
			},
		}
		for name, read := range reads {
			if err := e.s.View(ctx, read); !errors.Is(err, context.Canceled) {
				e.t.Fatalf("%s in a View with a cancelled context: %v, want context.Canceled", name, err)
			}
			writes[name] = func(w inventory.Writer) error { return read(w) }
		}
		rev := e.revision()
		for name, call := range writes {
			var callErr error
			err := e.s.Update(ctx, func(w inventory.Writer) error {
				callErr = call(w)
				return nil
			})
			if !errors.Is(callErr, context.Canceled) {
				e.t.Fatalf("%s in an Update with a cancelled context: %v, want context.Canceled", name, callErr)
			}
			if err != nil && !errors.Is(err, context.Canceled) {
				e.t.Fatalf("the Update of %s: %v", name, err)
			}
		}
		if got := e.revision(); got != rev {
			e.t.Fatalf("revision moved from %d to %d: a cancelled call wrote", rev, got)
		}
		if all := e.all(inventory.AssetFilter{}); len(all) != 1 {
			e.t.Fatalf("%d assets, want A alone", len(all))
		}
	}},
}
