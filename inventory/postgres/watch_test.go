package postgres

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/sunset-tui/sunset/inventory"
	"github.com/sunset-tui/sunset/inventory/postgres/pgtest"
)

// nextRevision waits for the watch to report a revision.
func nextRevision(t *testing.T, ch <-chan int64, within time.Duration) int64 {
	t.Helper()
	select {
	case rev, ok := <-ch:
		if !ok {
			t.Fatal("the watch ended")
		}
		return rev
	case <-time.After(within):
		t.Fatalf("no change reported within %v", within)
	}
	return 0
}

// A write committed by another Store (another pool, as another process
// has) or by any other session is reported at its commit, with the
// revision it made; a rolled-back one is not.
func TestWatchChangesReportsWritesOfOthers(t *testing.T) {
	dsn := pgtest.NewDatabase(t)
	watcher, err := Open(dsn, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer watcher.Close()
	other, err := Open(dsn, Options{Actor: "someone else"})
	if err != nil {
		t.Fatal(err)
	}
	defer other.Close()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	ch, err := watcher.WatchChanges(ctx)
	if err != nil {
		t.Fatal(err)
	}

	start := time.Now()
	if err := other.Update(ctx, func(w inventory.Writer) error {
		return w.CreateAsset(ctx, &inventory.Asset{Tag: "A-1", Hostname: "made-elsewhere"}, "")
	}); err != nil {
		t.Fatal(err)
	}
	committed := time.Now()
	got := nextRevision(t, ch, 2*time.Second)
	t.Logf("reported %v after the commit (the write took %v)", time.Since(committed), committed.Sub(start))
	if want, _ := other.Revision(ctx); got != want {
		t.Errorf("reported revision %d, the store is at %d", got, want)
	}

	// Rolled back: nothing to report.
	boom := errors.New("changed my mind")
	if err := other.Update(ctx, func(w inventory.Writer) error {
		if err := w.CreateAsset(ctx, &inventory.Asset{Tag: "A-2"}, ""); err != nil {
			return err
		}
		return boom
	}); !errors.Is(err, boom) {
		t.Fatalf("Update = %v", err)
	}
	// Any session bumping the revision is reported, sunset or not.
	conn := connect(t, dsn)
	if _, err := conn.Exec(ctx, `UPDATE meta SET value = value + 1 WHERE key = 'revision'`); err != nil {
		t.Fatal(err)
	}
	if got2 := nextRevision(t, ch, 2*time.Second); got2 != got+1 {
		t.Errorf("after a rollback and a commit: reported %d, want %d", got2, got+1)
	}

	cancel()
	select {
	case _, ok := <-ch:
		if ok {
			t.Fatal("a change reported after the watch's context ended")
		}
	case <-time.After(5 * time.Second):
		t.Fatal("the watch did not end with its context")
	}
}

// Changes faster than the reader reads them wait as one: the newest.
func TestWatchChangesKeepsTheNewest(t *testing.T) {
	s := openTest(t)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	ch, err := s.WatchChanges(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for i := range 5 {
		if err := s.Update(ctx, func(w inventory.Writer) error {
			return w.CreateAsset(ctx, &inventory.Asset{Tag: "B-" + string(rune('a'+i))}, "")
		}); err != nil {
			t.Fatal(err)
		}
	}
	want, err := s.Revision(ctx)
	if err != nil {
		t.Fatal(err)
	}
	deadline := time.After(5 * time.Second)
	for n := 0; ; n++ {
		select {
		case rev := <-ch:
			if rev == want {
				if n > 1 {
					t.Logf("read %d revisions for 5 writes", n+1)
				}
				return
			}
		case <-deadline:
			t.Fatalf("revision %d never reported", want)
		}
	}
}

// A watch whose connection is lost ends (its channel closes), and a new
// one listens again.
func TestWatchChangesEndsWhenItsConnectionIsLost(t *testing.T) {
	dsn := pgtest.NewDatabase(t)
	s, err := Open(dsn, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	ch, err := s.WatchChanges(ctx)
	if err != nil {
		t.Fatal(err)
	}
	conn := connect(t, dsn)
	var n int
	if err := conn.QueryRow(ctx, `SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity
		WHERE datname = current_database() AND application_name = 'sunset watch'`).Scan(&n); err != nil || n != 1 {
		t.Fatalf("terminated %d watching sessions: %v", n, err)
	}
	select {
	case _, ok := <-ch:
		if ok {
			t.Fatal("a change reported by a lost connection")
		}
	case <-time.After(5 * time.Second):
		t.Fatal("the watch did not end when its connection was lost")
	}

	ch, err = s.WatchChanges(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Update(ctx, func(w inventory.Writer) error {
		return w.CreateAsset(ctx, &inventory.Asset{Tag: "C-1"}, "")
	}); err != nil {
		t.Fatal(err)
	}
	nextRevision(t, ch, 2*time.Second)
}
