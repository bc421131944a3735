package sqlstore

import "context"

// Batch inserts rows into one table many at a time, as the database does
// it fastest: multi-row INSERTs on driver statements for SQLite, COPY for
// PostgreSQL. Rows carry their ids, which the caller takes from
// Dialect.NextIDs, so that the ids are known without asking for each row's.
type Batch interface {
	// Add queues one row, values in the batch's column order, inserting
	// the batch when it is full.
	Add(ctx context.Context, values ...any) error
	// Flush inserts the rows queued so far. It is where a bulk write
	// notices that ctx was cancelled: an Update's statements run without
	// the caller's cancellation.
	Flush(ctx context.Context) error
}

// Batcher makes the batches of a transaction: rows for columns of table.
// When key is not nil, a row replaces any of the same key (those columns)
// rather than breaking the table's constraint.
type Batcher func(table string, key []string, columns ...string) Batch

// SetBatcher sets how the transaction's bulk inserts are made.
func (t *Tx) SetBatcher(b Batcher) { t.batcher = b }

func (t *Tx) newBatch(table string, columns ...string) Batch {
	return t.batcher(table, nil, columns...)
}

// newReplacingBatch is a batch whose rows replace those of the same key.
func (t *Tx) newReplacingBatch(table string, key []string, columns ...string) Batch {
	return t.batcher(table, key, columns...)
}

// nextIDs takes n ids in a run for table's rows and returns the first.
func (t *Tx) nextIDs(ctx context.Context, table string, n int) (int64, error) {
	return t.d.NextIDs(ctx, t, table, n)
}
