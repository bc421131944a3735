package postgres

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"os/user"
	"strings"
	"sync"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/stdlib"

	"github.com/sunset-tui/sunset/inventory"
	"github.com/sunset-tui/sunset/inventory/sqlstore"
)

// Options adjust a Store.
type Options struct {
	// Actor is recorded on every history event, check and checklist tick;
	// empty means the name of the user running sunset.
	Actor string
	// Now is the store's clock; nil means time.Now.
	Now func() time.Time
	// MustExist opens a database that holds an inventory already: when it
	// has no sunset schema, Open creates nothing and returns an
	// ErrNotFound error. For what only reads.
	MustExist bool
}

// Store is the PostgreSQL inventory.Store.
type Store struct {
	// Reads answers the Store's queries, each in a View of its own.
	sqlstore.Reads
	db       *sql.DB
	location string   // the URL without its password
	secrets  []string // what errors must not repeat
	actor    string
	now      func() time.Time
	created  bool

	closeOnce sync.Once
	closeErr  error
}

var (
	_ inventory.Store       = (*Store)(nil)
	_ inventory.SplitViewer = (*Store)(nil)
)

// maxConns bounds the connections a Store holds: one writer at a time
// (the write lock) and readers, as many as SplitView uses.
const maxConns = 8

// writeLock is the key of the transaction-scoped advisory lock every
// Update and every migration holds: "sunset" in ASCII.
const writeLock int64 = 0x73756e736574

const lockSQL = `SELECT pg_advisory_xact_lock($1)`

// lockWait is how long an Update waits for another's write lock before it
// gives up (ErrUnavailable).
const lockWait = 60 * time.Second

// Open connects to the database dsn names (a postgres:// URL, or any
// connection string pgx reads, with PG* variables and PGPASSFILE as libpq
// reads them) and brings its schema up to date. The database must exist;
// Open creates its tables. No error it returns holds the password.
func Open(dsn string, opts Options) (*Store, error) {
	s := &Store{location: Redact(dsn), secrets: secrets(dsn), actor: opts.Actor, now: opts.Now}
	s.Reads = sqlstore.ReadsIn(s.View)
	if s.actor == "" {
		s.actor = currentUser()
	}
	if s.now == nil {
		s.now = time.Now
	}
	if IsURL(dsn) { // pgx reads the scheme in lower case only
		i := strings.Index(dsn, "://")
		dsn = strings.ToLower(dsn[:i]) + dsn[i:]
	}
	cfg, err := pgx.ParseConfig(dsn)
	if err != nil {
		return nil, s.openError("cannot read database URL %s", err)
	}
	s.db = stdlib.OpenDB(*cfg)
	s.db.SetMaxOpenConns(maxConns)
	s.db.SetMaxIdleConns(maxConns)
	ctx, cancel := context.WithTimeout(context.Background(), lockWait)
	defer cancel()
	if err := s.db.PingContext(ctx); err != nil {
		s.db.Close()
		return nil, s.openError("cannot connect to database %s", err)
	}
	newest, err := schemaState(ctx, s.db)
	if err != nil {
		s.db.Close()
		return nil, s.openError("cannot read database %s", err)
	}
	if newest == 0 && opts.MustExist {
		s.db.Close()
		return nil, &inventory.Error{Kind: inventory.ErrNotFound, Msg: fmt.Sprintf("database %s holds no sunset inventory", s.location)}
	}
	all, err := migrations()
	if err != nil {
		s.db.Close()
		return nil, err
	}
	if newest == len(all) {
		return s, nil // up to date: no lock to take
	}
	if s.created, err = migrate(ctx, s.db); err != nil {
		s.db.Close()
		return nil, s.openError("cannot set up database %s", err)
	}
	return s, nil
}

// openError is an ErrUnavailable error naming the database (without its
// password), with err's text scrubbed of the password too: it is not
// wrapped, so that nothing prints the original.
func (s *Store) openError(format string, err error) error {
	return &inventory.Error{Kind: inventory.ErrUnavailable,
		Msg: scrub(fmt.Sprintf(format, s.location)+": "+err.Error(), s.secrets)}
}

func currentUser() string {
	if u, err := user.Current(); err == nil && u.Username != "" {
		return u.Username
	}
	return "unknown"
}

// Location is the database's URL without its password.
func (s *Store) Location() string { return s.location }

// Created reports whether Open made the inventory's tables, rather than
// finding them there.
func (s *Store) Created() bool { return s.created }

// Close closes the connections; closing again does nothing.
func (s *Store) Close() error {
	s.closeOnce.Do(func() { s.closeErr = s.db.Close() })
	return s.closeErr
}

// fail makes sure no error leaves the store holding the password.
func (s *Store) fail(err error) error {
	if err == nil || len(s.secrets) == 0 {
		return err
	}
	if text := err.Error(); scrub(text, s.secrets) != text {
		return &inventory.Error{Kind: inventory.KindOf(err), Msg: scrub(text, s.secrets)}
	}
	return err
}

// Update runs fn in one write transaction that holds the write lock from
// its beginning. It commits only when fn returns nil and no write inside
// it failed: a write whose error fn ignored still undoes the whole Update.
// Every committed Update that wrote something bumps the revision.
func (s *Store) Update(ctx context.Context, fn func(inventory.Writer) error) error {
	return s.fail(s.update(ctx, fn))
}

func (s *Store) update(ctx context.Context, fn func(inventory.Writer) error) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	// Without the caller's cancellation, as in the SQLite store: each
	// write checks the context first, and Update checks it again before
	// it commits, so that a cancelled Update ends soon and keeps nothing.
	conn, err := s.db.Conn(context.WithoutCancel(ctx))
	if err != nil {
		return dbError("begin write", err)
	}
	defer conn.Close()
	tx, err := conn.BeginTx(context.WithoutCancel(ctx), nil)
	if err != nil {
		return dbError("begin write", err)
	}
	defer tx.Rollback()
	if _, err := tx.ExecContext(ctx, `SELECT set_config('lock_timeout', $1, true)`, fmt.Sprintf("%dms", lockWait.Milliseconds())); err != nil {
		return dbError("begin write", err)
	}
	if _, err := tx.ExecContext(ctx, lockSQL, writeLock); err != nil {
		if errors.Is(ctx.Err(), context.Canceled) || errors.Is(ctx.Err(), context.DeadlineExceeded) {
			return ctx.Err()
		}
		return dbError("wait for the write lock", err)
	}
	t := newTxn(ctx, tx, s.actor, s.now, true)
	t.conn = conn
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
	if err := analyzeAfterCopy(ctx, t); err != nil {
		return err
	}
	if t.Dirty() {
		if _, err := t.Exec(ctx, `UPDATE meta SET value = value + 1 WHERE key = 'revision'`); err != nil {
			return dbError("bump revision", err)
		}
	}
	if err := tx.Commit(); err != nil {
		return dbError("commit", err)
	}
	return nil
}

// View runs fn in one read-only REPEATABLE READ transaction: every query
// sees the database as it was at fn's first query, whatever is committed
// meanwhile. fn gets a Reader only.
func (s *Store) View(ctx context.Context, fn func(inventory.Reader) error) error {
	return s.view(ctx, func(t *txn) error { return fn(sqlstore.ReadOnly(t.Tx)) })
}

var readTx = &sql.TxOptions{Isolation: sql.LevelRepeatableRead, ReadOnly: true}

// view runs fn in one read transaction, so that a method making several
// queries sees one state of the database.
func (s *Store) view(ctx context.Context, fn func(t *txn) error) error {
	tx, err := s.db.BeginTx(ctx, readTx)
	if err != nil {
		return s.fail(dbError("begin read", err))
	}
	defer tx.Rollback()
	return s.fail(fn(newTxn(ctx, tx, s.actor, s.now, false)))
}

// analyzeRows is how many rows COPY must have written into a table for
// the write to refresh its statistics before it commits.
const analyzeRows = 10_000

// analyzeAfterCopy refreshes the statistics of the tables a bulk write
// grew. Without it the first reads after importing a million assets
// were planned for an empty inventory (findings: 46 s instead of 7 s)
// until autovacuum caught up.
func analyzeAfterCopy(ctx context.Context, t *txn) error {
	for table, n := range t.copied {
		if n < analyzeRows {
			continue
		}
		if _, err := t.Exec(ctx, "ANALYZE "+pgx.Identifier{table}.Sanitize()); err != nil {
			return dbError("analyze "+table, err)
		}
	}
	return nil
}
