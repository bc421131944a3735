package sqlstore

import (
	"context"
	"database/sql"
	"strconv"
	"time"

	"github.com/sunset-tui/sunset/inventory"
)

// Tx is one transaction: a read transaction for a store's queries, or the
// write transaction handed to Update's fn as an inventory.Writer.
type Tx struct {
	ctx context.Context // the one the transaction began with
	tx  *sql.Tx
	d   *Dialect
	// stmts holds the statements prepared in this transaction, when the
	// dialect prepares them (Dialect.Prepare), so that an import of many
	// rows compiles each statement once.
	stmts map[string]*sql.Stmt
	actor string
	now   func() time.Time
	// dirty is set by the first statement that writes; only then does the
	// Update bump the revision.
	dirty bool
	// failed holds the first error a write returned; the Update will not
	// commit after it, whatever fn returns.
	failed error
	// writable marks the transaction of an Update. Its statements run
	// without the caller's cancellation, each checking the context before
	// it runs: the SQLite driver would start a watcher goroutine for every
	// statement of an import, doubling its cost, and a PostgreSQL
	// statement cancelled half way would leave the transaction unusable
	// for the Update's own error handling. Cancelling still ends the
	// Update soon: a loop over many rows checks the context as it goes
	// (stopped), and the Update checks it before it commits. A read
	// transaction's statements stop on their own.
	writable bool
	// savepoints counts the savepoints taken, to name each.
	savepoints int
	// batcher makes the batches of bulk inserts (SetBatcher).
	batcher Batcher
}

var _ inventory.Writer = (*Tx)(nil)

// NewTx runs the inventory's queries and writes in tx, in dialect d. actor
// and now are recorded on what it writes; writable marks the transaction
// of an Update. ctx is the one the transaction began with.
func NewTx(ctx context.Context, tx *sql.Tx, d *Dialect, actor string, now func() time.Time, writable bool) *Tx {
	t := &Tx{ctx: ctx, tx: tx, d: d, actor: actor, now: now, writable: writable}
	if d.Prepare {
		t.stmts = map[string]*sql.Stmt{}
	}
	return t
}

// Dirty reports whether a statement of the transaction wrote.
func (t *Tx) Dirty() bool { return t.dirty }

// MarkDirty records that the transaction wrote, for a write that did not
// go through Exec.
func (t *Tx) MarkDirty() { t.dirty = true }

// Failed is the first error a write returned, or nil.
func (t *Tx) Failed() error { return t.failed }

// Actor is who the transaction records as making its changes.
func (t *Tx) Actor() string { return t.actor }

// clock reads the store's clock as the store keeps times.
func (t *Tx) clock() time.Time { return t.now().Round(0).UTC() }

// StatementContext is the context a statement runs under; an error when
// the statement of an Update should not run, its caller having given up.
func (t *Tx) StatementContext(ctx context.Context) (context.Context, error) {
	if t.writable {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		return context.WithoutCancel(ctx), nil
	}
	return ctx, nil
}

// stmt is query prepared in this transaction, once (Dialect.Prepare).
func (t *Tx) stmt(ctx context.Context, query string) (*sql.Stmt, context.Context, error) {
	sctx, err := t.StatementContext(ctx)
	if err != nil {
		return nil, nil, err
	}
	if st, ok := t.stmts[query]; ok {
		return st, sctx, nil
	}
	st, err := t.tx.PrepareContext(sctx, query)
	if err != nil {
		return nil, nil, err
	}
	t.stmts[query] = st
	return st, sctx, nil
}

func (t *Tx) rebind(query string) string {
	if t.d.Rebind != nil {
		return t.d.Rebind(query)
	}
	return query
}

// Exec runs a statement that writes.
func (t *Tx) Exec(ctx context.Context, query string, args ...any) (sql.Result, error) {
	if t.stmts != nil {
		st, sctx, err := t.stmt(ctx, query)
		if err != nil {
			return nil, err
		}
		t.dirty = true
		return st.ExecContext(sctx, args...)
	}
	sctx, err := t.StatementContext(ctx)
	if err != nil {
		return nil, err
	}
	t.dirty = true
	return t.tx.ExecContext(sctx, t.rebind(query), args...)
}

// insert runs an INSERT and returns the new row's id.
func (t *Tx) insert(ctx context.Context, query string, args ...any) (int64, error) {
	if t.d.ReturningID {
		var id int64
		err := t.QueryRow(ctx, query+` RETURNING id`, args...).Scan(&id)
		t.dirty = true
		return id, err
	}
	res, err := t.Exec(ctx, query, args...)
	if err != nil {
		return 0, err
	}
	return res.LastInsertId()
}

// Query runs a query.
func (t *Tx) Query(ctx context.Context, query string, args ...any) (*sql.Rows, error) {
	if t.stmts != nil {
		st, sctx, err := t.stmt(ctx, query)
		if err != nil {
			return nil, err
		}
		return st.QueryContext(sctx, args...)
	}
	sctx, err := t.StatementContext(ctx)
	if err != nil {
		return nil, err
	}
	return t.tx.QueryContext(sctx, t.rebind(query), args...)
}

// QueryRow runs a query expected to return at most one row; an error
// before it ran comes out of Scan.
func (t *Tx) QueryRow(ctx context.Context, query string, args ...any) rowScanner {
	if t.stmts != nil {
		st, sctx, err := t.stmt(ctx, query)
		if err != nil {
			return errRow{err}
		}
		return st.QueryRowContext(sctx, args...)
	}
	sctx, err := t.StatementContext(ctx)
	if err != nil {
		return errRow{err}
	}
	return t.tx.QueryRowContext(sctx, t.rebind(query), args...)
}

// rowScanner is a row to scan: *sql.Row, or an error that came before it.
type rowScanner interface{ Scan(dest ...any) error }

type errRow struct{ err error }

func (r errRow) Scan(...any) error { return r.err }

// guarded runs a write that may break a constraint; explain, given its
// error, asks which asset holds what the write claimed. Under a dialect
// with Savepoints, the write runs under a savepoint rolled back when it
// breaks a constraint, so that explain can still query.
func (t *Tx) guarded(ctx context.Context, write func() error, explain func(error) error) error {
	if !t.d.Savepoints {
		if err := write(); err != nil {
			return explain(err)
		}
		return nil
	}
	t.savepoints++
	name := "sunset_" + strconv.Itoa(t.savepoints)
	if _, err := t.Exec(ctx, `SAVEPOINT `+name); err != nil {
		return t.dbError("savepoint", err)
	}
	err := write()
	if err == nil {
		_, err = t.Exec(ctx, `RELEASE SAVEPOINT `+name)
		return t.dbError("release savepoint", err)
	}
	if !t.d.IsUniqueViolation(err) && !t.d.IsForeignKeyViolation(err) {
		return explain(err)
	}
	if _, rerr := t.Exec(context.WithoutCancel(ctx), `ROLLBACK TO SAVEPOINT `+name); rerr != nil {
		return t.dbError("roll back to savepoint", rerr)
	}
	return explain(err)
}

// write runs one Writer method. After a write has failed, the transaction
// is spoiled: later writes are refused with that first error, and Update
// rolls back.
func (t *Tx) write(do func() error) error {
	if t.failed != nil {
		return &inventory.Error{Kind: inventory.KindOf(t.failed), Msg: "an earlier change in this update failed", Err: t.failed}
	}
	if err := t.ctx.Err(); err != nil {
		t.failed = err
		return err
	}
	if err := do(); err != nil {
		t.failed = err
		return err
	}
	return nil
}

// cancelStride is how many rows a loop over query results reads between
// looks at its context.
const cancelStride = 1024

// stopped is ctx's error every cancelStride rows, else nil: the
// statements of an Update run without the caller's cancellation, so a
// loop that may read many rows inside one looks itself.
func stopped(ctx context.Context, row int) error {
	if row%cancelStride != 0 {
		return nil
	}
	return ctx.Err()
}
