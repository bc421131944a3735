package postgres

import (
	"context"
	"database/sql"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/sunset-tui/sunset/inventory"
)

// txn is one transaction: a read transaction for the Store's queries, or
// the write transaction handed to Update's fn as an inventory.Writer.
// pgx prepares each statement once per connection and keeps it.
type txn struct {
	ctx   context.Context // the one the transaction began with
	tx    *sql.Tx
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
	// it runs: a statement cancelled half way would leave the transaction
	// unusable for the Update's own error handling. A read transaction's
	// statements stop on their own.
	writable bool
	// savepoints counts the savepoints taken, to name each.
	savepoints int
	// conn is the connection of an Update's transaction, on which bulk
	// inserts run as COPY (see batch); nil in a read transaction.
	conn *sql.Conn
}

var _ inventory.Writer = (*txn)(nil)

func newTxn(ctx context.Context, tx *sql.Tx, actor string, now func() time.Time, writable bool) *txn {
	return &txn{ctx: ctx, tx: tx, actor: actor, now: now, writable: writable}
}

// clock reads the store's clock as the store keeps times.
func (t *txn) clock() time.Time { return stamp(t.now()) }

// statementContext is the context a statement runs under.
func (t *txn) statementContext(ctx context.Context) (context.Context, error) {
	if t.writable {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		return context.WithoutCancel(ctx), nil
	}
	return ctx, nil
}

var rebinds sync.Map // query with ? -> query with $n

// rebind turns the store's placeholders (? in order, ?N by number) into
// PostgreSQL's ($N). No query of this package has a ? in a literal.
func rebind(query string) string {
	if q, ok := rebinds.Load(query); ok {
		return q.(string)
	}
	var sb strings.Builder
	n := 0
	for i := 0; i < len(query); i++ {
		c := query[i]
		if c != '?' {
			sb.WriteByte(c)
			continue
		}
		j := i + 1
		for j < len(query) && query[j] >= '0' && query[j] <= '9' {
			j++
		}
		sb.WriteByte('$')
		if j > i+1 {
			sb.WriteString(query[i+1 : j])
			i = j - 1
		} else {
			n++
			sb.WriteString(strconv.Itoa(n))
		}
	}
	q := sb.String()
	rebinds.Store(query, q)
	return q
}

func (t *txn) exec(ctx context.Context, query string, args ...any) (sql.Result, error) {
	sctx, err := t.statementContext(ctx)
	if err != nil {
		return nil, err
	}
	t.dirty = true
	return t.tx.ExecContext(sctx, rebind(query), args...)
}

// insert runs an INSERT and returns the new row's id.
func (t *txn) insert(ctx context.Context, query string, args ...any) (int64, error) {
	var id int64
	err := t.queryRow(ctx, query+` RETURNING id`, args...).Scan(&id)
	t.dirty = true
	return id, err
}

func (t *txn) query(ctx context.Context, query string, args ...any) (*sql.Rows, error) {
	sctx, err := t.statementContext(ctx)
	if err != nil {
		return nil, err
	}
	return t.tx.QueryContext(sctx, rebind(query), args...)
}

// queryRow runs a query expected to return at most one row; an error
// before it ran comes out of Scan.
func (t *txn) queryRow(ctx context.Context, query string, args ...any) rowScanner {
	sctx, err := t.statementContext(ctx)
	if err != nil {
		return errRow{err}
	}
	return t.tx.QueryRowContext(sctx, rebind(query), args...)
}

type rowScanner interface{ Scan(dest ...any) error }

type errRow struct{ err error }

func (r errRow) Scan(...any) error { return r.err }

// guarded runs a write that may break a constraint under a savepoint:
// PostgreSQL refuses every statement of a transaction after an error
// until it rolls back, and explain, given the error, asks which asset
// holds what the write claimed.
func (t *txn) guarded(ctx context.Context, write func() error, explain func(error) error) error {
	t.savepoints++
	name := "sunset_" + strconv.Itoa(t.savepoints)
	if _, err := t.exec(ctx, `SAVEPOINT `+name); err != nil {
		return dbError("savepoint", err)
	}
	err := write()
	if err == nil {
		_, err = t.exec(ctx, `RELEASE SAVEPOINT `+name)
		return dbError("release savepoint", err)
	}
	if !isUniqueViolation(err) && !isForeignKeyViolation(err) {
		return explain(err)
	}
	if _, rerr := t.exec(context.WithoutCancel(ctx), `ROLLBACK TO SAVEPOINT `+name); rerr != nil {
		return dbError("roll back to savepoint", rerr)
	}
	return explain(err)
}

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

// stopped is ctx's error every cancelStride rows, else nil: the
// statements of an Update run without the caller's cancellation, so a
// loop that may read many rows inside one looks itself.
func stopped(ctx context.Context, row int) error {
	if row%cancelStride != 0 {
		return nil
	}
	return ctx.Err()
}
