package sqlite

import (
	"context"
	"database/sql"
	"slices"

	"github.com/sunset-tui/sunset/inventory"
	"github.com/sunset-tui/sunset/inventory/sqlstore"
)

// splitAttempts is how many times SplitView tries to open its readers on
// one state while writes keep committing between them, before it reads
// through one transaction alone.
const splitAttempts = 5

// SplitView opens n read transactions on the read pool that see one
// state. In WAL mode a read transaction sees the database as it was at
// its first read; each one's first read is the revision, which every
// write that changes something bumps. So readers that read the same
// revision see the same state.
func (s *Store) SplitView(ctx context.Context, n int, fn func([]inventory.Reader) error) error {
	n = min(max(n, 1), readerConns)
	for attempt := 1; ; attempt++ {
		if attempt > splitAttempts {
			n = 1
		}
		txs, same, err := s.beginReads(ctx, n)
		if err == nil && !same {
			rollbackAll(txs)
			continue
		}
		if err != nil {
			rollbackAll(txs)
			return s.fail(dbError("begin read", err))
		}
		readers := make([]inventory.Reader, len(txs))
		for i, tx := range txs {
			readers[i] = sqlstore.ReadOnly(newTxn(ctx, tx, s.actor, s.now, false).Tx)
		}
		err = fn(readers)
		rollbackAll(txs)
		return s.fail(err)
	}
}

// beginReads begins n read transactions and reports whether they all read
// the same revision.
func (s *Store) beginReads(ctx context.Context, n int) (txs []*sql.Tx, same bool, err error) {
	revisions := make([]int64, n)
	for i := range revisions {
		tx, err := s.reader.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
		if err != nil {
			return txs, false, err
		}
		txs = append(txs, tx)
		if err := tx.QueryRowContext(ctx, `SELECT value FROM meta WHERE key = 'revision'`).Scan(&revisions[i]); err != nil {
			return txs, false, err
		}
	}
	return txs, !slices.ContainsFunc(revisions, func(r int64) bool { return r != revisions[0] }), nil
}

func rollbackAll(txs []*sql.Tx) {
	for _, tx := range txs {
		tx.Rollback()
	}
}
