package sqlstore

import (
	"context"
	"fmt"
	"slices"

	"github.com/sunset-tui/sunset/inventory"
)

// The columns of imported files that are no asset field are rows of
// imported_columns (migration 0013), one per asset and column.

// importedOfIDsSQL reads the imported columns of the assets whose ids are
// given as a list.
func (d *Dialect) importedOfIDsSQL() string {
	return `SELECT asset_id, column_name, value, source FROM imported_columns
	WHERE ` + d.in(`asset_id`, `?`, `bigint`) + ` ORDER BY asset_id, column_name`
}

// ImportedColumns reads the imported columns of the assets, through the
// table's key.
func (t *Tx) ImportedColumns(ctx context.Context, assetIDs []int64) (map[int64][]inventory.ImportedColumn, error) {
	out := map[int64][]inventory.ImportedColumn{}
	if len(assetIDs) == 0 {
		return out, nil
	}
	ids, err := listArg(t.d, assetIDs)
	if err != nil {
		return nil, err
	}
	rows, err := t.Query(ctx, t.d.importedOfIDsSQL(), ids)
	if err != nil {
		return nil, t.dbError("read imported columns", err)
	}
	defer rows.Close()
	for n := 0; rows.Next(); n++ {
		if err := stopped(ctx, n); err != nil {
			return nil, err
		}
		var id int64
		var c inventory.ImportedColumn
		if err := rows.Scan(&id, &c.Column, &c.Value, &c.Source); err != nil {
			return nil, t.dbError("read imported columns", err)
		}
		out[id] = append(out[id], c)
	}
	return out, t.dbError("read imported columns", rows.Err())
}

// checkImported validates the columns of one asset, each named once.
func checkImported(assetID int64, cols []inventory.ImportedColumn) error {
	for i, c := range cols {
		if err := c.Validate(); err != nil {
			return fmt.Errorf("asset #%d: %w", assetID, err)
		}
		if slices.ContainsFunc(cols[:i], func(b inventory.ImportedColumn) bool { return b.Column == c.Column }) {
			return inventory.FieldError("imported", "asset #%d: column %q given twice", assetID, c.Column)
		}
	}
	return nil
}

// AddImportedColumns writes the columns of new assets in multi-row
// statements, each row replacing one of the same asset and column.
func (t *Tx) AddImportedColumns(ctx context.Context, cols map[int64][]inventory.ImportedColumn) error {
	return t.write(func() error {
		ids := make([]int64, 0, len(cols))
		for id, list := range cols {
			if err := checkImported(id, list); err != nil {
				return err
			}
			ids = append(ids, id)
		}
		slices.Sort(ids) // in key order, which an index takes fastest
		b := t.newReplacingBatch("imported_columns", []string{"asset_id", "column_name"}, "asset_id", "column_name", "value", "source")
		for _, id := range ids {
			for _, c := range cols[id] {
				if err := b.Add(ctx, id, c.Column, c.Value, c.Source); err != nil {
					return t.importedError(ctx, id, err)
				}
			}
		}
		if err := b.Flush(ctx); err != nil {
			return t.importedError(ctx, 0, err)
		}
		return nil
	})
}

const putImportedSQL = `INSERT INTO imported_columns (asset_id, column_name, value, source) VALUES (?, ?, ?, ?)
	ON CONFLICT (asset_id, column_name) DO UPDATE SET value = excluded.value, source = excluded.source`

// SetImportedColumns writes the columns whose value changed and records
// each change in one "updated" event.
func (t *Tx) SetImportedColumns(ctx context.Context, assetID int64, cols []inventory.ImportedColumn, reason string) (changed bool, err error) {
	err = t.write(func() error {
		if err := checkImported(assetID, cols); err != nil {
			return err
		}
		have, err := t.ImportedColumns(ctx, []int64{assetID})
		if err != nil {
			return err
		}
		var changes []inventory.Change
		for _, c := range cols {
			i := slices.IndexFunc(have[assetID], func(h inventory.ImportedColumn) bool { return h.Column == c.Column })
			from := ""
			if i >= 0 {
				from = have[assetID][i].Value
				if from == c.Value && have[assetID][i].Source == c.Source {
					continue
				}
			}
			if _, err := t.Exec(ctx, putImportedSQL, assetID, c.Column, c.Value, c.Source); err != nil {
				return t.importedError(ctx, assetID, err)
			}
			if from != c.Value {
				changes = append(changes, inventory.Change{Field: inventory.ImportedField(c.Column), From: from, To: c.Value})
			}
		}
		if len(changes) == 0 {
			return nil
		}
		changed = true
		now := t.clock()
		if _, err := t.Exec(ctx, `UPDATE assets SET updated_at = ? WHERE id = ?`, TimeText(now), assetID); err != nil {
			return t.dbError("update asset", err)
		}
		return t.writeEvent(ctx, &inventory.Event{AssetID: assetID, At: now, Action: inventory.ActionUpdated,
			Changes: changes, Reason: reason})
	})
	return changed && err == nil, err
}

// importedError words a failed write of imported columns: an asset that
// is not there is ErrNotFound.
func (t *Tx) importedError(ctx context.Context, assetID int64, err error) error {
	if t.d.IsForeignKeyViolation(err) {
		if assetID == 0 {
			return inventory.Errorf(inventory.ErrNotFound, "imported columns: an asset is not there")
		}
		return inventory.Errorf(inventory.ErrNotFound, "imported columns: no asset #%d", assetID)
	}
	if ctx.Err() != nil {
		return err
	}
	return t.dbError("write imported columns", err)
}
