package postgres

import (
	"context"
	"errors"
	"strconv"
	"strings"
	"sync"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/stdlib"

	"github.com/sunset-tui/sunset/inventory/sqlstore"
)

// batchRows is how many rows a bulk insert sends at a time: as COPY, in
// an Update, or as one multi-row INSERT (with an ON CONFLICT clause, or
// outside an Update). Each is a round trip to the server whatever its
// size.
const batchRows = 1024

// copyRows is the fewest rows sent as COPY: it costs more round trips
// than an INSERT, which is what a few rows (an asset's addresses) take.
const copyRows = 16

// insertRows bounds the rows of one multi-row INSERT: PostgreSQL takes
// at most 65,535 parameters a statement.
const insertRows = 256

// batch inserts rows into one table, many at a time. Rows carry their
// ids, which the caller takes from reserveIDs, so that the ids are known
// without asking for each row's.
type batch struct {
	t        *txn
	table    string
	columns  []string
	conflict string // an ON CONFLICT clause, or ""
	rows     [][]any
}

func (t *txn) newBatch(table string, columns ...string) *batch {
	return &batch{t: t, table: table, columns: columns}
}

// Add queues one row, values in the batch's column order, inserting the
// batch when it is full.
func (b *batch) Add(ctx context.Context, values ...any) error {
	b.rows = append(b.rows, append([]any(nil), values...))
	if len(b.rows) == batchRows {
		return b.Flush(ctx)
	}
	return nil
}

// Flush inserts the rows queued so far.
func (b *batch) Flush(ctx context.Context) error {
	if len(b.rows) == 0 {
		return nil
	}
	defer func() {
		clear(b.rows) // let the values go
		b.rows = b.rows[:0]
	}()
	if b.conflict == "" && b.t.conn != nil && len(b.rows) >= copyRows {
		return b.copy(ctx)
	}
	for rows := b.rows; len(rows) > 0; {
		n := min(len(rows), insertRows)
		args := make([]any, 0, n*len(b.columns))
		for _, r := range rows[:n] {
			args = append(args, r...)
		}
		if _, err := b.t.Exec(ctx, multiInsertSQL(b.table, b.columns, n, b.conflict), args...); err != nil {
			return err
		}
		rows = rows[n:]
	}
	return nil
}

// copy sends the rows with COPY, on the Update's connection, in its
// transaction.
func (b *batch) copy(ctx context.Context) error {
	sctx, err := b.t.StatementContext(ctx)
	if err != nil {
		return err
	}
	b.t.MarkDirty()
	if b.t.copied == nil {
		b.t.copied = map[string]int{}
	}
	b.t.copied[b.table] += len(b.rows)
	return b.t.conn.Raw(func(dc any) error {
		c, ok := dc.(*stdlib.Conn)
		if !ok {
			return errors.New("bulk insert: not a pgx connection")
		}
		_, err := c.Conn().CopyFrom(sctx, pgx.Identifier{b.table}, b.columns, pgx.CopyFromRows(b.rows))
		return err
	})
}

var multiInserts sync.Map // "table columns rows conflict" -> INSERT statement

// multiInsertSQL is the INSERT of rows rows into columns of table.
func multiInsertSQL(table string, columns []string, rows int, conflict string) string {
	key := table + " " + strings.Join(columns, ",") + " " + strconv.Itoa(rows) + " " + conflict
	if q, ok := multiInserts.Load(key); ok {
		return q.(string)
	}
	var sb strings.Builder
	sb.WriteString("INSERT INTO " + table + " (" + strings.Join(columns, ", ") + ") VALUES ")
	n := 0
	for i := range rows {
		if i > 0 {
			sb.WriteString(", ")
		}
		sb.WriteByte('(')
		for j := range columns {
			if j > 0 {
				sb.WriteString(", ")
			}
			n++
			sb.WriteString("$" + strconv.Itoa(n))
		}
		sb.WriteByte(')')
	}
	if conflict != "" {
		sb.WriteString(" " + conflict)
	}
	q := sb.String()
	multiInserts.Store(key, q)
	return q
}

// reserveIDs takes n ids in a run from table's identity sequence and
// returns the first (sqlstore.Dialect.NextIDs). The Update holds the write
// lock, so no other sunset takes ids meanwhile.
func reserveIDs(ctx context.Context, t *sqlstore.Tx, table string, n int) (int64, error) {
	var first int64
	err := t.QueryRow(ctx, `SELECT nextval(pg_get_serial_sequence($1, 'id'))`, table).Scan(&first)
	if err != nil || n <= 1 {
		return first, err
	}
	var last int64
	err = t.QueryRow(ctx, `SELECT setval(pg_get_serial_sequence($1, 'id'), $2)`, table, first+int64(n)-1).Scan(&last)
	return first, err
}
