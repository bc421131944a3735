package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"path/filepath"
	"strings"
	"testing"

	"github.com/sunset-tui/sunset/inventory"
	driver "modernc.org/sqlite"
)

type pragmaValues struct {
	foreignKeys, busyTimeout, synchronous, queryOnly int
	journalMode                                      string
}

func readPragmas(t *testing.T, c *sql.Conn) pragmaValues {
	t.Helper()
	ctx := context.Background()
	var p pragmaValues
	for _, q := range []struct {
		pragma string
		into   any
	}{
		{"foreign_keys", &p.foreignKeys}, {"busy_timeout", &p.busyTimeout}, {"synchronous", &p.synchronous},
		{"query_only", &p.queryOnly}, {"journal_mode", &p.journalMode},
	} {
		if err := c.QueryRowContext(ctx, "PRAGMA "+q.pragma).Scan(q.into); err != nil {
			t.Fatalf("PRAGMA %s: %v", q.pragma, err)
		}
	}
	return p
}

// TestPragmasOnEveryPooledConnection holds every connection of the read
// pool at once, so that all but the first are new connections, and checks
// that each has the pragmas; and the writer's too.
func TestPragmasOnEveryPooledConnection(t *testing.T) {
	s := openTest(t)
	ctx := context.Background()
	want := pragmaValues{foreignKeys: 1, busyTimeout: 5000, synchronous: 2, journalMode: "wal", queryOnly: 1}
	var held []*sql.Conn
	for i := 0; i < readerConns; i++ {
		c, err := s.reader.Conn(ctx)
		if err != nil {
			t.Fatal(err)
		}
		held = append(held, c)
		if got := readPragmas(t, c); got != want {
			t.Errorf("reader connection %d: %+v, want %+v", i+1, got, want)
		}
	}
	if n := s.reader.Stats().OpenConnections; n != readerConns {
		t.Fatalf("%d reader connections open, want %d distinct ones", n, readerConns)
	}
	for _, c := range held {
		c.Close()
	}
	w, err := s.writer.Conn(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer w.Close()
	want.queryOnly = 0
	if got := readPragmas(t, w); got != want {
		t.Errorf("writer connection: %+v, want %+v", got, want)
	}
	// The writer's own: statement journals in memory, an 8 MiB cache.
	var tempStore, cacheSize int
	if err := w.QueryRowContext(ctx, `PRAGMA temp_store`).Scan(&tempStore); err != nil {
		t.Fatal(err)
	}
	if err := w.QueryRowContext(ctx, `PRAGMA cache_size`).Scan(&cacheSize); err != nil {
		t.Fatal(err)
	}
	if tempStore != 2 || cacheSize != -8192 {
		t.Errorf("writer temp_store %d cache_size %d, want 2 (memory) and -8192", tempStore, cacheSize)
	}
}

// TestReadersCannotWrite: the read pool is query_only.
func TestReadersCannotWrite(t *testing.T) {
	s := openTest(t)
	_, err := s.reader.Exec(`UPDATE meta SET value = 99`)
	if err == nil {
		t.Fatal("a write through the read pool succeeded")
	}
}

// TestUpdateTakesWriteLockAtBegin: while an Update is open, before it has
// written anything, another connection cannot start a write transaction.
func TestUpdateTakesWriteLockAtBegin(t *testing.T) {
	s := openTest(t)
	ctx := context.Background()
	other, err := sql.Open("sqlite", fileURI(s.path)+"?_pragma=busy_timeout(0)")
	if err != nil {
		t.Fatal(err)
	}
	defer other.Close()
	err = s.Update(ctx, func(w inventory.Writer) error {
		_, err := other.Exec(`BEGIN IMMEDIATE`)
		if err == nil {
			other.Exec(`ROLLBACK`)
			t.Error("another connection took the write lock while an Update was open")
			return nil
		}
		var se *driver.Error
		if !errors.As(err, &se) || !strings.Contains(err.Error(), "locked") {
			t.Errorf("BEGIN IMMEDIATE elsewhere: %v, want database is locked", err)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

// TestNewFilePageSize: a new file gets 16 KiB pages; a file that exists
// keeps the size it was made with.
func TestNewFilePageSize(t *testing.T) {
	s := openTest(t)
	if n := count(t, s, `PRAGMA page_size`); n != 16384 {
		t.Errorf("new file: page size %d, want 16384", n)
	}
	path := filepath.Join(t.TempDir(), "old.db")
	db, err := sql.Open("sqlite", fileURI(path))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.Exec(`PRAGMA page_size = 4096; CREATE TABLE before_sunset (x)`); err != nil {
		t.Fatal(err)
	}
	db.Close()
	old, err := Open(path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer old.Close()
	if n := count(t, old, `PRAGMA page_size`); n != 4096 {
		t.Errorf("existing file: page size %d, want its 4096 kept", n)
	}
}
