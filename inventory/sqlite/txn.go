package sqlite

import (
	"context"
	"database/sql"
	"time"

	"github.com/sunset-tui/sunset/inventory"
	"github.com/sunset-tui/sunset/inventory/sqlstore"
)

// txn is one transaction (sqlstore.Tx) with what is SQLite's own: the
// driver statements of an Update's bulk inserts.
type txn struct {
	*sqlstore.Tx
	// bulk runs the batches of an Update's bulk inserts; nil in a read
	// transaction.
	bulk *driverStmts
}

var _ inventory.Writer = (*txn)(nil)

// dialect is how the inventory's SQL (inventory/sqlstore) runs on SQLite:
// statements prepared once per transaction and reused, so that an import
// of many rows compiles each statement once; ? placeholders as they are;
// new ids from the driver; lists as JSON text; owners folded by the
// sunset_fold function (migrate.go); CROSS JOIN to keep the join order;
// bulk inserts as multi-row INSERTs on driver statements (batch.go).
var dialect = &sqlstore.Dialect{
	Prepare:               true,
	NextIDs:               nextID,
	BatchRows:             batchRows,
	False:                 `0`,
	Like:                  `LIKE`,
	OrderedJoin:           `CROSS JOIN`,
	NoLimit:               -1,
	Newline:               `char(10)`,
	GroupConcat:           `group_concat`,
	IsUniqueViolation:     isUniqueViolation,
	IsForeignKeyViolation: isForeignKeyViolation,
	Unavailable:           isUnavailable,
}

func newTxn(ctx context.Context, tx *sql.Tx, actor string, now func() time.Time, writable bool) *txn {
	t := &txn{Tx: sqlstore.NewTx(ctx, tx, dialect, actor, now, writable)}
	t.SetBatcher(t.batcher)
	return t
}

// batcher makes the batches of the transaction's bulk inserts: a row of a
// batch with a key replaces one of the same key (INSERT OR REPLACE).
func (t *txn) batcher(table string, key []string, columns ...string) sqlstore.Batch {
	b := t.newBatch(table, columns...)
	if key != nil {
		b.verb = "INSERT OR REPLACE"
	}
	return b
}
