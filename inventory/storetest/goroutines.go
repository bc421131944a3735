package storetest

import (
	"context"
	"errors"

	"github.com/sunset-tui/sunset/inventory"
)

// goroutineCases state what the Store's contract says of goroutines and
// of cancellation inside an Update:
//
//   - A Store is safe for concurrent use: Updates from many goroutines
//     run one after another, each whole.
//   - The Writer an Update hands fn, and the Reader a View hands fn, may
//     be used from another goroutine while fn waits for it, one call at a
//     time: they are not safe for calls that overlap. Neither may be kept
//     after fn returns: a kept Writer writes nothing and says so.
//   - An Update whose context is cancelled before it commits keeps
//     nothing, however much fn wrote, and returns the context's error.
var goroutineCases = []suiteCase{
	{"Goroutines/AWriterMayBeUsedFromAnotherGoroutineWhileFnWaits", func(e *env) {
		existing := e.create(inventory.Asset{Tag: "OLD-1", Hostname: "old1"})
		rev := e.revision()
		err := e.s.Update(ctx, func(w inventory.Writer) error {
			done := make(chan error)
			go func() { done <- busyUpdate(w, existing) }()
			return <-done
		})
		if err != nil {
			e.t.Fatalf("Update written from another goroutine: %v", err)
		}
		if got := e.revision(); got != rev+1 {
			e.t.Fatalf("revision %d after one Update from %d", got, rev)
		}
		if _, err := e.s.FindAsset(ctx, "NEW-1"); err != nil {
			e.t.Fatalf("the asset created from another goroutine: %v", err)
		}
		var read []inventory.Asset
		err = e.s.View(ctx, func(r inventory.Reader) error {
			done := make(chan error)
			go func() {
				var err error
				read, err = r.Assets(ctx, inventory.AssetFilter{})
				done <- err
			}()
			return <-done
		})
		if err != nil || len(read) != 2 {
			e.t.Fatalf("View read from another goroutine: %d assets, %v", len(read), err)
		}
	}},
	{"Goroutines/AWriterKeptAfterItsUpdateWritesNothing", func(e *env) {
		var kept inventory.Writer
		e.update(func(w inventory.Writer) error { kept = w; return nil })
		rev := e.revision()
		a := inventory.Asset{Tag: "LATE-1"}
		if err := kept.CreateAsset(ctx, &a, ""); err == nil {
			e.t.Fatal("CreateAsset on a Writer kept after its Update succeeded")
		}
		if _, err := e.s.FindAsset(ctx, "LATE-1"); !inventory.IsKind(err, inventory.ErrNotFound) {
			e.t.Fatalf("the asset written through a kept Writer is there: %v", err)
		}
		if got := e.revision(); got != rev {
			e.t.Fatalf("revision moved from %d to %d", rev, got)
		}
	}},
	{"Goroutines/ConcurrentUpdatesEachCommitWhole", func(e *env) {
		const writers, each = 4, 5
		errs := make(chan error, writers)
		for g := range writers {
			go func() {
				for i := range each {
					errs <- e.s.Update(ctx, func(w inventory.Writer) error {
						a := inventory.Asset{Tag: "G" + itoa(int64(g)) + "-" + itoa(int64(i))}
						if err := w.CreateAsset(ctx, &a, ""); err != nil {
							return err
						}
						return w.AddEvent(ctx, &inventory.Event{AssetID: a.ID, Action: "note", Reason: "second write"})
					})
				}
			}()
		}
		for range writers * each {
			if err := <-errs; err != nil {
				e.t.Fatalf("concurrent Update: %v", err)
			}
		}
		all := e.all(inventory.AssetFilter{})
		if len(all) != writers*each {
			e.t.Fatalf("%d assets after %d Updates", len(all), writers*each)
		}
		for _, a := range all {
			if h := e.history(a.ID); len(h) != 2 {
				e.t.Fatalf("%s has %d events, want its creation and its note", a.Tag, len(h))
			}
		}
		if got := e.revision(); got != writers*each {
			e.t.Fatalf("revision %d after %d Updates", got, writers*each)
		}
	}},
	{"Cancellation/AnUpdateCancelledBeforeItCommitsKeepsNothing", func(e *env) {
		existing := e.create(inventory.Asset{Tag: "OLD-1", Hostname: "old1"})
		rev := e.revision()
		cctx, cancel := context.WithCancel(ctx)
		defer cancel()
		err := e.s.Update(cctx, func(w inventory.Writer) error {
			if err := busyUpdate(w, existing); err != nil {
				return err
			}
			cancel() // after every write, before the commit
			return nil
		})
		if !errors.Is(err, context.Canceled) {
			e.t.Fatalf("Update cancelled before its commit: %v, want context.Canceled", err)
		}
		e.untouched(existing, rev)
		// The store goes on working.
		e.create(inventory.Asset{Tag: "AFTER-1"})
	}},
}
