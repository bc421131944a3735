package postgres

import (
	"context"
	"database/sql"

	"github.com/sunset-tui/sunset/inventory"
	"github.com/sunset-tui/sunset/inventory/sqlstore"
)

// SplitView opens n read transactions that see one state: the first
// exports its snapshot and the others take it (SET TRANSACTION
// SNAPSHOT), so that they all read what the first one reads, whatever
// commits meanwhile.
func (s *Store) SplitView(ctx context.Context, n int, fn func([]inventory.Reader) error) error {
	n = min(max(n, 1), maxConns-1)
	var txs []*sql.Tx
	defer func() {
		for _, tx := range txs {
			tx.Rollback()
		}
	}()
	var snapshot string
	for i := range n {
		tx, err := s.db.BeginTx(ctx, readTx)
		if err != nil {
			return s.fail(dbError("begin read", err))
		}
		txs = append(txs, tx)
		if i == 0 {
			err = tx.QueryRowContext(ctx, `SELECT pg_export_snapshot()`).Scan(&snapshot)
		} else {
			_, err = tx.ExecContext(ctx, `SET TRANSACTION SNAPSHOT '`+snapshot+`'`)
		}
		if err != nil {
			return s.fail(dbError("begin read", err))
		}
	}
	readers := make([]inventory.Reader, len(txs))
	for i, tx := range txs {
		readers[i] = sqlstore.ReadOnly(newTxn(ctx, tx, s.actor, s.now, false).Tx)
	}
	return s.fail(fn(readers))
}
