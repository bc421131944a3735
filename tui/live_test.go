package tui

import (
	"context"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/charmbracelet/x/exp/teatest"
	"github.com/jackc/pgx/v5"

	"github.com/sunset-tui/sunset/inventory"
	"github.com/sunset-tui/sunset/inventory/postgres"
	"github.com/sunset-tui/sunset/inventory/postgres/pgtest"
	"github.com/sunset-tui/sunset/inventory/sqlite"
)

func TestMain(m *testing.M) { os.Exit(pgtest.Main(m)) }

// liveWithin is how soon a TUI must show what another wrote.
const liveWithin = 2 * time.Second

// startLive starts a TUI on s as a person would run it: its own context,
// polling every opts.PollInterval (every second when zero).
func startLive(t *testing.T, s inventory.Store, opts Options) *teatest.TestModel {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	opts.Context, opts.Now = ctx, fixedNow
	tm := teatest.NewTestModel(t, New(svcOf(s), opts), teatest.WithInitialTermSize(120, 36))
	t.Cleanup(func() { tm.Quit(); cancel() })
	return tm
}

// shownWithin waits until tm draws text and returns how long that took
// from since; it fails when that is longer than liveWithin.
func shownWithin(t *testing.T, tm *teatest.TestModel, since time.Time, text string) time.Duration {
	t.Helper()
	waitFor(t, tm, text)
	took := time.Since(since)
	if took > liveWithin {
		t.Errorf("%q shown %v after the change, want within %v", text, took, liveWithin)
	}
	return took
}

// twoTUIs runs two TUIs, each on its own Store of one inventory (as two
// admins' processes would), and a third Store writing as a cron check
// would: each one's change shows in the other TUI within liveWithin.
func twoTUIs(t *testing.T, open func(t *testing.T) inventory.Store, opts Options) {
	first, second, cron := open(t), open(t), open(t)
	ids := seedInventory(t, cron)
	a, b := startLive(t, first, opts), startLive(t, second, opts)
	press(b, "2")
	waitFor(t, b, "srv-legacy")

	// A write by someone else (a cron check, an import): from its commit.
	start := time.Now()
	update(t, cron, func(ctx context.Context, w inventory.Writer) error {
		return w.CreateAsset(ctx, &inventory.Asset{Tag: "A-0100", Hostname: "made-by-cron", Kind: inventory.KindServer}, "cron")
	})
	t.Logf("a write by another process: shown %v after its commit", shownWithin(t, b, start, "made-by-cron"))

	// A change made in one TUI: from the key that saves it.
	for _, tm := range []*teatest.TestModel{a, b} {
		tm.Send(openAssetMsg{id: ids.legacy})
		waitFor(t, tm, "decommissioning since")
		press(tm, "right", "right", "right")
		waitFor(t, tm, "0 of 6 required items done")
	}
	press(a, "x")
	waitFor(t, a, "Tick: Back up")
	a.Type("restore test of backup job 42 passed")
	start = time.Now()
	press(a, "enter")
	took := shownWithin(t, b, start, "1 of 6 required items done")
	t.Logf("a tick in one TUI: shown in the other %v after the key that saved it", took)
}

func openPostgres(dsn string) func(t *testing.T) inventory.Store {
	return func(t *testing.T) inventory.Store {
		s, err := postgres.Open(dsn, postgres.Options{Actor: "tester", Now: fixedNow})
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { s.Close() })
		return s
	}
}

// On PostgreSQL the TUIs hear of changes (LISTEN/NOTIFY): they never
// poll here.
func TestTwoTUIsOnPostgreSQL(t *testing.T) {
	twoTUIs(t, openPostgres(pgtest.NewDatabase(t)), Options{PollInterval: time.Hour})
}

// On SQLite they poll the revision, every second by default.
func TestTwoTUIsOnSQLite(t *testing.T) {
	path := filepath.Join(t.TempDir(), "sunset.db")
	twoTUIs(t, func(t *testing.T) inventory.Store {
		s, err := sqlite.Open(path, sqlite.Options{Actor: "tester", Now: fixedNow})
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { s.Close() })
		return s
	}, Options{})
}

// When the watch's connection is lost, the TUI catches up with what it
// missed and watches again, after a pause, without polling.
func TestLostWatchIsStartedAgain(t *testing.T) {
	dsn := pgtest.NewDatabase(t)
	open := openPostgres(dsn)
	s, cron := open(t), open(t)
	seedInventory(t, cron)
	tm := startLive(t, s, Options{PollInterval: time.Hour})
	press(tm, "2")
	waitFor(t, tm, "srv-legacy")

	ctx := context.Background()
	conn, err := pgx.Connect(ctx, dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(ctx)
	watching := func() (n int) {
		t.Helper()
		if err := conn.QueryRow(ctx, `SELECT count(*) FROM pg_stat_activity
			WHERE datname = current_database() AND application_name = 'sunset watch'`).Scan(&n); err != nil {
			t.Fatal(err)
		}
		return n
	}
	waitUntil := func(what string, ok func() bool) {
		t.Helper()
		for deadline := time.Now().Add(10 * time.Second); !ok(); time.Sleep(20 * time.Millisecond) {
			if time.Now().After(deadline) {
				t.Fatalf("%s: not within 10s", what)
			}
		}
	}
	waitUntil("the TUI watches", func() bool { return watching() == 1 })
	if _, err := conn.Exec(ctx, `SELECT pg_terminate_backend(pid) FROM pg_stat_activity
		WHERE datname = current_database() AND application_name = 'sunset watch'`); err != nil {
		t.Fatal(err)
	}
	// Written while nobody listens: seen when the watch starts again.
	start := time.Now()
	update(t, cron, func(ctx context.Context, w inventory.Writer) error {
		return w.CreateAsset(ctx, &inventory.Asset{Tag: "A-0100", Hostname: "while-deaf"}, "cron")
	})
	waitFor(t, tm, "while-deaf")
	t.Logf("a write while the watch was down: shown %v after its commit", time.Since(start))
	if took := time.Since(start); took > watchRetryMin+liveWithin {
		t.Errorf("shown %v after the commit, want within %v", took, watchRetryMin+liveWithin)
	}
	waitUntil("the TUI watches again", func() bool { return watching() == 1 })
	start = time.Now()
	update(t, cron, func(ctx context.Context, w inventory.Writer) error {
		return w.CreateAsset(ctx, &inventory.Asset{Tag: "A-0101", Hostname: "heard-again"}, "cron")
	})
	t.Logf("a write after the watch started again: shown %v after its commit", shownWithin(t, tm, start, "heard-again"))
}

// watchedStore is a SQLite store that reports its changes on a channel
// the test holds.
type watchedStore struct {
	*sqlite.Store
	watches chan chan int64
}

func (s watchedStore) WatchChanges(ctx context.Context) (<-chan int64, error) {
	ch := make(chan int64, 4) // room for a burst: the test sends them
	s.watches <- ch
	return ch, nil
}

// While a watch reports changes, the poll only reads the clock; when the
// watch ends, the poll reads the revision again until a new one starts.
func TestPollingStandsInForALostWatch(t *testing.T) {
	s := watchedStore{Store: openStore(t), watches: make(chan chan int64, 4)}
	seedInventory(t, s)
	m := loaded(t, s, Options{PollInterval: time.Millisecond}, 120, 36)
	if m.c.watcher == nil {
		t.Fatal("the store's watcher is not used")
	}
	polls := func(m Model) bool {
		t.Helper()
		_, cmd := stepCmd(t, m, pollMsg(testNow))
		_, read := cmd().(revisionMsg)
		return read
	}
	if !polls(m) {
		t.Fatal("no poll before the watch started")
	}
	m, _ = stepCmd(t, m, startWatch(m.c, 0)())
	ch := <-s.watches
	if !m.watching || polls(m) {
		t.Fatal("the poll reads the revision while a watch reports changes")
	}

	update(t, s, func(ctx context.Context, w inventory.Writer) error {
		return w.CreateAsset(ctx, &inventory.Asset{Tag: "A-0100"}, "")
	})
	rev, _ := s.Revision(context.Background())
	ch <- rev - 1 // a burst: the newest counts
	ch <- rev
	msg := waitChange(ch)()
	if c, ok := msg.(changeMsg); !ok || c.rev != rev {
		t.Fatalf("after a burst: %#v, want revision %d", msg, rev)
	}
	if m, _ = stepCmd(t, m, msg); !m.loading {
		t.Fatal("a reported change did not reload")
	}

	close(ch)
	msg = waitChange(ch)()
	if _, ok := msg.(watchEndedMsg); !ok {
		t.Fatalf("a closed watch: %#v", msg)
	}
	m, _ = stepCmd(t, m, msg)
	if m.watching || !polls(m) {
		t.Fatal("no poll once the watch ended")
	}
	if m.watchFails != 1 {
		t.Errorf("failures after a lost watch: %d", m.watchFails)
	}
	for fails, want := range map[int]time.Duration{1: time.Second, 2: 2 * time.Second, 3: 4 * time.Second, 6: 30 * time.Second, 40: 30 * time.Second} {
		if got := watchRetry(fails); got != want {
			t.Errorf("pause after %d failures: %v, want %v", fails, got, want)
		}
	}
}
