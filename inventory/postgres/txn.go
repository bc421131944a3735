package postgres

import (
	"context"
	"database/sql"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/sunset-tui/sunset/inventory"
	"github.com/sunset-tui/sunset/inventory/sqlstore"
)

// txn is one transaction (sqlstore.Tx) with what is PostgreSQL's own: the
// connection of an Update, for COPY.
type txn struct {
	*sqlstore.Tx
	// conn is the connection of an Update's transaction, on which bulk
	// inserts run as COPY (see batch); nil in a read transaction.
	conn *sql.Conn
	// copied counts the rows COPY wrote, per table: a large import
	// leaves the planner's statistics behind (see analyzeAfterCopy).
	copied map[string]int
}

var _ inventory.Writer = (*txn)(nil)

// dialect is how the inventory's SQL (inventory/sqlstore) runs on
// PostgreSQL: $N placeholders; pgx prepares each statement once per
// connection and keeps it; new ids from RETURNING and from the tables'
// sequences; a write that may break a constraint under a savepoint, since
// PostgreSQL refuses every statement of a transaction after an error until
// it rolls back; lists as arrays; owners' folded names in key columns of
// their own; bulk inserts as COPY (batch.go).
var dialect = &sqlstore.Dialect{
	Rebind:                rebind,
	ReturningID:           true,
	Savepoints:            true,
	NextIDs:               reserveIDs,
	BatchRows:             batchRows,
	ArrayLists:            true,
	KeyColumns:            true,
	False:                 `false`,
	Like:                  `ILIKE`, // under the columns' collation "C": ASCII letters only, as SQLite's LIKE
	OrderedJoin:           `JOIN`,
	TypedValues:           true,
	NoLimit:               nil, // NULL
	LateralSightings:      true,
	BoolColumns:           true,
	IDSequences:           true,
	Newline:               `chr(10)`,
	GroupConcat:           `string_agg`,
	IsUniqueViolation:     isUniqueViolation,
	IsForeignKeyViolation: isForeignKeyViolation,
	Unavailable:           unavailable,
}

func newTxn(ctx context.Context, tx *sql.Tx, actor string, now func() time.Time, writable bool) *txn {
	t := &txn{Tx: sqlstore.NewTx(ctx, tx, dialect, actor, now, writable)}
	t.SetBatcher(t.batcher)
	return t
}

// batcher makes the batches of the transaction's bulk inserts: a row of a
// batch with a key replaces the other columns of one of the same key.
func (t *txn) batcher(table string, key []string, columns ...string) sqlstore.Batch {
	b := t.newBatch(table, columns...)
	if key != nil {
		var set []string
		for _, c := range columns {
			if !slices.Contains(key, c) {
				set = append(set, c+" = excluded."+c)
			}
		}
		b.conflict = `ON CONFLICT (` + strings.Join(key, ", ") + `) DO UPDATE SET ` + strings.Join(set, ", ")
	}
	return b
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
