package sqlite

import (
	"context"
	"database/sql"
	"math/rand/v2"
	"os/user"
	"path/filepath"
	"sync"
	"sync/atomic"
	"time"

	"github.com/sunset-tui/sunset/inventory"
	"github.com/sunset-tui/sunset/inventory/sqlstore"
	_ "modernc.org/sqlite" // registers the "sqlite" driver
)

// Options adjust a Store.
type Options struct {
	// Actor is recorded on every history event, check and checklist tick;
	// empty means the name of the user running sunset.
	Actor string
	// Now is the store's clock; nil means time.Now.
	Now func() time.Time
	// MustExist opens an existing database only: when the file is
	// missing, Open creates nothing (no file, no directory) and returns an
	// ErrNotFound error naming the path. For what only reads, so that a
	// mistyped path is not answered from a new, empty inventory.
	MustExist bool
}

// Store is the SQLite inventory.Store.
type Store struct {
	// Reads answers the Store's queries, each in a View of its own.
	sqlstore.Reads
	path   string
	writer *sql.DB // one connection: SQLite has one writer at a time anyway
	reader *sql.DB
	actor  string
	now    func() time.Time
	// created: Open made the database file; made is all that Open made.
	created bool
	made    made
	// checked: quick_check passed before the first write (damage.go).
	checked atomic.Bool
	// damage, once set, is the answer to every write (damage.go).
	damage atomic.Pointer[inventory.Error]

	closeOnce sync.Once
	closeErr  error
}

var _ inventory.Store = (*Store)(nil)

// readerConns bounds the read pool; readers never block each other or the
// writer in WAL mode.
const readerConns = 4

// Open opens the database file at path, creating it (and its directory)
// when missing unless opts.MustExist, and brings its schema up to date.
// It refuses a path another user could redirect (see checkPath) with an
// ErrInvalid error. Any other failure to use the file is an
// ErrUnavailable error naming the file it is about; a new database that
// could not be opened is removed, with the directories made for it.
func Open(path string, opts Options) (*Store, error) {
	if path == "" {
		return nil, &inventory.Error{Kind: inventory.ErrUnavailable, Msg: "no database path given"}
	}
	abs, err := filepath.Abs(path)
	if err != nil {
		return nil, unavailable(path, err)
	}
	if err := checkPath(abs); err != nil {
		return nil, err
	}
	m, err := prepareFile(abs, opts.MustExist)
	if err != nil {
		return nil, m.failed(abs, err)
	}
	s, err := connect(abs, opts)
	if err != nil {
		return nil, m.failed(abs, err)
	}
	s.created, s.made = m.file, m
	return s, nil
}

// connect opens the writer and the read pool on the prepared file and
// brings the schema up to date.
func connect(path string, opts Options) (*Store, error) {
	s := &Store{path: path, actor: opts.Actor, now: opts.Now}
	s.Reads = sqlstore.ReadsIn(s.View)
	if s.actor == "" {
		s.actor = currentUser()
	}
	if s.now == nil {
		s.now = time.Now
	}
	var err error
	if s.writer, err = sql.Open("sqlite", writerDSN(path)); err != nil {
		return nil, err
	}
	s.writer.SetMaxOpenConns(1)
	s.writer.SetMaxIdleConns(1)
	s.writer.SetConnMaxLifetime(0)
	s.writer.SetConnMaxIdleTime(0)
	if err := migrateWaiting(context.Background(), s.writer); err != nil {
		s.writer.Close()
		return nil, err
	}
	if err := tightenSidecars(path); err != nil {
		s.writer.Close()
		return nil, err
	}
	if s.reader, err = sql.Open("sqlite", readerDSN(path)); err != nil {
		s.writer.Close()
		return nil, err
	}
	s.reader.SetMaxOpenConns(readerConns)
	s.reader.SetMaxIdleConns(readerConns)
	if err := s.reader.Ping(); err != nil {
		s.Close()
		return nil, err
	}
	return s, nil
}

func currentUser() string {
	if u, err := user.Current(); err == nil && u.Username != "" {
		return u.Username
	}
	return "unknown"
}

// Location is the absolute path of the database file.
func (s *Store) Location() string { return s.path }

// Created reports whether Open made the database file, rather than
// finding it there.
func (s *Store) Created() bool { return s.created }

// Discard closes the store and, when Open made its database, takes back
// what it made: the file, the companion files SQLite made beside it and
// the directories made for it. For a database a command must not leave
// behind (a failed copy into it); one Open found is only closed.
func (s *Store) Discard() error {
	err := s.Close()
	if s.created {
		s.made.undo(s.path)
	}
	return err
}

// Close closes both connection pools; closing again does nothing.
func (s *Store) Close() error {
	s.closeOnce.Do(func() {
		if s.reader != nil {
			s.closeErr = s.reader.Close()
		}
		if err := s.writer.Close(); s.closeErr == nil {
			s.closeErr = err
		}
	})
	return s.closeErr
}

// Update runs fn in one write transaction that holds the write lock from
// its first statement. The transaction commits only when fn returns nil and
// no write inside it failed: a write whose error fn ignored still undoes
// the whole Update. Every committed Update that wrote something bumps the
// revision. fn must not call s.Update (the single writer connection is
// busy with this one). A store that found its file damaged refuses every
// Update (damage.go).
func (s *Store) Update(ctx context.Context, fn func(inventory.Writer) error) error {
	if err := s.refusal(); err != nil {
		return err
	}
	conn, err := s.writer.Conn(ctx)
	if err != nil {
		return s.fail(dbError("begin write", err))
	}
	defer conn.Close()
	checked := s.checkAside(ctx)
	err = s.update(ctx, conn, fn, checked)
	if err == nil {
		return nil
	}
	checked() // the check ends before the store may close
	return s.fail(err)
}

func (s *Store) update(ctx context.Context, conn *sql.Conn, fn func(inventory.Writer) error, checked func() error) error {
	tx, err := s.begin(ctx, conn)
	if err != nil {
		return dbError("begin write", err)
	}
	defer tx.Rollback()
	t := newTxn(ctx, tx, s.actor, s.now, true)
	t.bulk = newDriverStmts(conn)
	defer t.bulk.close()
	if err := fn(t); err != nil {
		return err
	}
	if t.Failed() != nil {
		return t.Failed()
	}
	// Cancelled after its last write: nothing is kept.
	if err := ctx.Err(); err != nil {
		return err
	}
	if t.Dirty() {
		if _, err := t.Exec(ctx, `UPDATE meta SET value = value + 1 WHERE key = 'revision'`); err != nil {
			return dbError("bump revision", err)
		}
	}
	// A damaged file takes no more writes, this one included.
	if err := checked(); err != nil {
		return err
	}
	if err := tx.Commit(); err != nil {
		return dbError("commit", err)
	}
	return nil
}

// lockWait is how long Update waits for another process's write
// transaction in all. busy_timeout alone gives up after 5s, and SQLite's
// lock is not fair: a process making Updates back to back can hold it for
// longer than that.
const lockWait = 60 * time.Second

// migrateWaiting runs the migrations, trying again while another process
// holds the lock, up to lockWait. Two processes creating the same new file
// race to switch it to WAL, and SQLite answers the loser "busy" at once,
// without waiting out busy_timeout. Each migration is its own transaction
// and skips what is applied, so trying again is safe.
func migrateWaiting(ctx context.Context, db *sql.DB) error {
	deadline := time.Now().Add(lockWait)
	for {
		err := migrate(ctx, db)
		if err == nil || !isBusy(err) || time.Now().After(deadline) {
			return err
		}
		time.Sleep(time.Duration(5+rand.IntN(20)) * time.Millisecond)
	}
}

// begin starts a write transaction, which takes the write lock, trying
// again while another process holds it, up to lockWait. Nothing has
// happened when BEGIN fails, so trying again is safe.
func (s *Store) begin(ctx context.Context, conn *sql.Conn) (*sql.Tx, error) {
	deadline := time.Now().Add(lockWait)
	for {
		// Without the caller's cancellation: database/sql would roll back
		// from a goroutine of its own and drop the connection under the
		// driver statements of bulk inserts. A cancelled Update still
		// ends and keeps nothing: each write checks the context first, and
		// Update checks it again before it commits.
		tx, err := conn.BeginTx(context.WithoutCancel(ctx), nil)
		if err == nil || !isBusy(err) || time.Now().After(deadline) {
			return tx, err
		}
		select {
		case <-ctx.Done():
			return nil, ctx.Err()
		case <-time.After(time.Duration(1+rand.IntN(20)) * time.Millisecond):
		}
	}
}

// View runs fn in one read transaction on the read pool: in WAL mode it
// reads the database as it was at fn's first query, whatever is committed
// meanwhile. fn gets a Reader only: the transaction cannot write.
func (s *Store) View(ctx context.Context, fn func(inventory.Reader) error) error {
	return s.view(ctx, func(t *txn) error { return fn(sqlstore.ReadOnly(t.Tx)) })
}

// view runs fn in one read transaction on the read pool, so that a method
// making several queries sees one state of the database.
func (s *Store) view(ctx context.Context, fn func(t *txn) error) error {
	tx, err := s.reader.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return s.fail(dbError("begin read", err))
	}
	defer tx.Rollback()
	return s.fail(fn(newTxn(ctx, tx, s.actor, s.now, false)))
}
