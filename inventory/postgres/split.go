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
// commits meanwhile. The assets are shared out by id in equal ranges.
func (s *Store) SplitView(ctx context.Context, n int, fn func([]inventory.Slice) error) error {
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
	var last int64
	if err := txs[0].QueryRowContext(ctx, `SELECT coalesce(max(id), 0) FROM assets`).Scan(&last); err != nil {
		return s.fail(dbError("begin read", err))
	}
	use := txs
	if last < int64(len(use)) {
		use = use[:1] // too few to share: one reader covers all
	}
	out := make([]inventory.Slice, len(use))
	for i, tx := range use {
		out[i] = inventory.Slice{Reader: sqlstore.ReadOnly(newTxn(ctx, tx, s.actor, s.now, false).Tx),
			After: last * int64(i) / int64(len(use)), Last: last * int64(i+1) / int64(len(use))}
	}
	out[len(out)-1].Last = 0 // and whatever has a higher id than last
	return s.fail(fn(out))
}
