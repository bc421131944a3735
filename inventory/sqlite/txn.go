package sqlite

import (
	"context"
	"database/sql"
	"time"

	"github.com/sunset-tui/sunset/inventory"
)

// txn is one transaction: a read transaction for the Store's queries, or
// the write transaction handed to Update's fn as an inventory.Writer.
// Statements are prepared once per transaction and reused, so an import of
// many rows compiles each statement once.
type txn struct {
	ctx   context.Context // the one the transaction began with
	tx    *sql.Tx
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
	// without the caller's cancellation: the driver would start a watcher
	// goroutine for every statement of an import, doubling its cost.
	// Cancelling still ends the Update soon: each statement checks the
	// context before it runs (stmt), a loop over many rows checks it as it
	// goes (stopped), and the Update checks it before it commits.
	writable bool
	// bulk runs the batches of an Update's bulk inserts; nil in a read
	// transaction.
	bulk *driverStmts
}

var _ inventory.Writer = (*txn)(nil)

func newTxn(ctx context.Context, tx *sql.Tx, actor string, now func() time.Time, writable bool) *txn {
	return &txn{ctx: ctx, tx: tx, stmts: map[string]*sql.Stmt{}, actor: actor, now: now, writable: writable}
}

// clock reads the store's clock as the store keeps times.
func (t *txn) clock() time.Time { return stamp(t.now()) }

// statementContext is the context a statement runs under.
func (t *txn) statementContext(ctx context.Context) context.Context {
	if t.writable {
		return context.WithoutCancel(ctx)
	}
	return ctx
}

func (t *txn) stmt(ctx context.Context, query string) (*sql.Stmt, error) {
	if t.writable {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
	}
	if st, ok := t.stmts[query]; ok {
		return st, nil
	}
	st, err := t.tx.PrepareContext(t.statementContext(ctx), query)
	if err != nil {
		return nil, err
	}
	t.stmts[query] = st
	return st, nil
}

func (t *txn) exec(ctx context.Context, query string, args ...any) (sql.Result, error) {
	st, err := t.stmt(ctx, query)
	if err != nil {
		return nil, err
	}
	t.dirty = true
	return st.ExecContext(t.statementContext(ctx), args...)
}

// insert runs an INSERT and returns the new row's id.
func (t *txn) insert(ctx context.Context, query string, args ...any) (int64, error) {
	res, err := t.exec(ctx, query, args...)
	if err != nil {
		return 0, err
	}
	return res.LastInsertId()
}

func (t *txn) query(ctx context.Context, query string, args ...any) (*sql.Rows, error) {
	st, err := t.stmt(ctx, query)
	if err != nil {
		return nil, err
	}
	return st.QueryContext(t.statementContext(ctx), args...)
}

// queryRow runs a query expected to return at most one row; the error from
// preparing it, if any, comes out of Scan.
func (t *txn) queryRow(ctx context.Context, query string, args ...any) rowScanner {
	st, err := t.stmt(ctx, query)
	if err != nil {
		return errRow{err}
	}
	return st.QueryRowContext(t.statementContext(ctx), args...)
}

type rowScanner interface{ Scan(dest ...any) error }

type errRow struct{ err error }

func (r errRow) Scan(...any) error { return r.err }

// write runs one Writer method. After a write has failed, the transaction
// is spoiled: later writes are refused with that first error, and Update
// rolls back.
func (t *txn) write(do func() error) error {
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

// stopped is ctx's error every cancelStride rows, else nil. The
// statements of an Update run without the caller's cancellation (see
// writable), so a loop that may read many rows inside one looks itself;
// a read transaction's statements stop on their own.
func stopped(ctx context.Context, row int) error {
	if row%cancelStride != 0 {
		return nil
	}
	return ctx.Err()
}
