package sqlite

import (
	"context"
	"strconv"
	"strings"
	"sync"

	"github.com/sunset-tui/sunset/inventory/sqlstore"
)

// batchRows is how many rows one multi-row INSERT carries. Each statement
// costs a call into the driver and SQLite whatever its size, so a bulk
// write of many rows makes few statements; past about a hundred rows a
// bigger statement saves nothing more. Batches run on driver statements
// (see driverStmts), below database/sql.
const batchRows = 64

// batch inserts rows into one table, batchRows at a time, with one
// multi-row INSERT each: a statement for a full batch and one for the last,
// shorter one, both prepared once per Update. Rows carry their ids,
// which the caller assigns from nextID, so that the ids are known without
// asking for each row's.
type batch struct {
	t       *txn
	verb    string // INSERT, or INSERT OR REPLACE
	table   string
	columns []string
	args    []any
	rows    int
}

func (t *txn) newBatch(table string, columns ...string) *batch {
	return &batch{t: t, verb: "INSERT", table: table, columns: columns, args: make([]any, 0, batchRows*len(columns))}
}

// Add queues one row, values in the batch's column order, inserting the
// batch when it is full.
func (b *batch) Add(ctx context.Context, values ...any) error {
	b.args = append(b.args, values...)
	b.rows++
	if b.rows == batchRows {
		return b.Flush(ctx)
	}
	return nil
}

// Flush inserts the rows queued so far. It is where a bulk write notices
// that ctx was cancelled: an Update's statements run without the caller's
// cancellation (see sqlstore.Tx).
func (b *batch) Flush(ctx context.Context) error {
	if b.rows == 0 {
		return nil
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	sctx, err := b.t.StatementContext(ctx)
	if err != nil {
		return err
	}
	b.t.MarkDirty()
	err = b.t.bulk.exec(sctx, multiInsertSQL(b.verb, b.table, b.columns, b.rows), b.args)
	clear(b.args) // let the values go
	b.args, b.rows = b.args[:0], 0
	return err
}

var multiInserts sync.Map // "table columns rows" -> INSERT statement

// multiInsertSQL is the INSERT (verb) of rows rows into columns of table.
func multiInsertSQL(verb, table string, columns []string, rows int) string {
	key := verb + " " + table + " " + strings.Join(columns, ",") + " " + strconv.Itoa(rows)
	if q, ok := multiInserts.Load(key); ok {
		return q.(string)
	}
	row := "(?" + strings.Repeat(", ?", len(columns)-1) + ")"
	var sb strings.Builder
	sb.WriteString(verb + " INTO " + table + " (" + strings.Join(columns, ", ") + ") VALUES ")
	for i := range rows {
		if i > 0 {
			sb.WriteString(", ")
		}
		sb.WriteString(row)
	}
	q := sb.String()
	multiInserts.Store(key, q)
	return q
}

// nextID is the id the next row of table gets: one more than the largest,
// the first of the n ids that follow it (sqlstore.Dialect.NextIDs). The
// Update holds the write lock, so nothing else takes ids meanwhile.
func nextID(ctx context.Context, t *sqlstore.Tx, table string, _ int) (int64, error) {
	var max int64
	err := t.QueryRow(ctx, `SELECT coalesce(max(id), 0) FROM `+table).Scan(&max)
	return max + 1, err
}
