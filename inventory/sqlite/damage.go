package sqlite

import (
	"context"
	"fmt"
	"io"
	"os"
	"regexp"
	"strings"
	"sync"

	"github.com/sunset-tui/sunset/inventory"
	lib "modernc.org/sqlite/lib"
)

// A damaged page is found only by a statement that reads it: an asset
// added at the end of a table whose middle is damaged goes in as if
// nothing were wrong, and every such write buries the damage deeper. So
// before its first write commits a store runs SQLite's quick_check, which
// reads every page (about 70 ms for 100,000 assets, a 25 MB file, once the
// file is in the OS's cache; 200 ms when it is not; 1.6 s for a million
// assets), beside the write's own work, and once SQLite reports
// damage, from the check or from any statement, the store refuses every
// write for the rest of its life.

// checkAside starts quick_check on a reader's connection, beside the
// store's first write, so that the write's own work hides the check's
// time; wait gives its verdict (the same each time it is asked), which the
// write needs before it commits.
// Once a check has passed, the store checks no more.
func (s *Store) checkAside(ctx context.Context) (wait func() error) {
	if s.checked.Load() {
		return func() error { return nil }
	}
	ctx, cancel := context.WithCancel(ctx)
	done := make(chan error, 1)
	go func() { done <- s.check(ctx) }()
	return sync.OnceValue(func() error {
		err := <-done
		cancel()
		return err
	})
}

// check runs quick_check on a connection of the read pool: what it reads
// is the file as it was before the write that asked.
func (s *Store) check(ctx context.Context) error {
	var result string
	if err := s.reader.QueryRowContext(ctx, `PRAGMA quick_check(1)`).Scan(&result); err != nil {
		return s.fail(dbError("check the database", err))
	}
	if result != "ok" {
		return s.markDamaged(damaged(s.path, "SQLite's quick_check: "+firstProblem(result)))
	}
	s.checked.Store(true)
	return nil
}

// refusal is the error every write gets once the file was found damaged.
func (s *Store) refusal() error {
	if d := s.damage.Load(); d != nil {
		return d
	}
	return nil
}

// markDamaged makes the store refuse every later write with the first
// damage found, which it returns.
func (s *Store) markDamaged(d *inventory.Error) error {
	s.damage.CompareAndSwap(nil, d)
	return s.damage.Load()
}

func isCorrupt(err error) bool {
	c := sqliteCode(err) & 0xff
	return c == lib.SQLITE_CORRUPT || c == lib.SQLITE_NOTADB
}

// looksLikeSQLite tells a damaged database from a file that never was
// one (a --db pointing at the wrong file), by the header every SQLite
// file starts with. A file it cannot read counts as a database.
func looksLikeSQLite(path string) bool {
	f, err := os.Open(path)
	if err != nil {
		return true
	}
	defer f.Close()
	header := make([]byte, len(sqliteHeader))
	if _, err := io.ReadFull(f, header); err != nil {
		return false
	}
	return string(header) == sqliteHeader
}

const sqliteHeader = "SQLite format 3\x00"

// damaged says the file is damaged, how sunset found out, and how to get
// back what it holds.
func damaged(path, cause string) *inventory.Error {
	return &inventory.Error{Kind: inventory.ErrUnavailable, Msg: fmt.Sprintf(
		"the database at %s is damaged (%s); sunset will not write to it. "+
			"Recover what it holds with `sqlite3 %s .recover > recovered.sql`, or restore the last backup",
		path, cause, shellQuote(path))}
}

// firstProblem is the first problem quick_check listed, without the
// "*** in database main ***" line that heads it.
func firstProblem(result string) string {
	lines := strings.Split(strings.TrimSpace(result), "\n")
	for _, l := range lines {
		if l = strings.TrimSpace(l); l != "" && !strings.HasPrefix(l, "***") {
			return l
		}
	}
	return lines[0]
}

var shellSafe = regexp.MustCompile(`^[A-Za-z0-9_./,:=@+-]+$`)

// shellQuote quotes path for a POSIX shell, when it needs it.
func shellQuote(path string) string {
	if shellSafe.MatchString(path) {
		return path
	}
	return "'" + strings.ReplaceAll(path, "'", `'\''`) + "'"
}
