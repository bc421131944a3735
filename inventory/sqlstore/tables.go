package sqlstore

import (
	"context"
	"database/sql"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/sunset-tui/sunset/inventory"
)

// The inventory as whole tables (inventory.TableReader, TableWriter), for
// sunset migrate. The tables and columns are the store's own: a row is
// read and written as it is stored, but for what the store derives from
// it (the lookup keys of an asset, the site of an observation, the counts
// per stage), which a copy writes again.

var (
	_ inventory.TableReader = (*Tx)(nil)
	_ inventory.TableWriter = (*Tx)(nil)
)

// tableOf is the table named, or an error naming it.
func tableOf(name string) (inventory.Table, error) {
	t, ok := inventory.TableNamed(name)
	if !ok {
		return t, inventory.Errorf(inventory.ErrInvalid, "no table %q in the inventory", name)
	}
	return t, nil
}

func columnNames(t inventory.Table) []string {
	out := make([]string, len(t.Columns))
	for i, c := range t.Columns {
		out[i] = c.Name
	}
	return out
}

// TableRows lists a page of the table's rows in the order of its key.
func (t *Tx) TableRows(ctx context.Context, table string, after []any, limit int) ([][]any, error) {
	tab, err := tableOf(table)
	if err != nil {
		return nil, err
	}
	var args []any
	if after != nil {
		if len(after) != tab.Key {
			return nil, inventory.Errorf(inventory.ErrInvalid, "table %s: a key of %d values, want %d", table, len(after), tab.Key)
		}
		for i, v := range after {
			a, err := t.d.toStored(tab.Columns[i], v)
			if err != nil {
				return nil, err
			}
			args = append(args, a)
		}
	}
	rows, err := t.Query(ctx, TableRowsSQL(tab, after != nil), append(args, t.d.limitArg(limit))...)
	if err != nil {
		return nil, t.dbError("read "+table, err)
	}
	defer rows.Close()
	var out [][]any
	for n := 0; rows.Next(); n++ {
		if err := stopped(ctx, n); err != nil {
			return nil, err
		}
		row, err := t.d.scanTableRow(rows, tab)
		if err != nil {
			return nil, t.dbError("read "+table, err)
		}
		out = append(out, row)
	}
	return out, t.dbError("read "+table, rows.Err())
}

// TableRowsSQL reads a page of tab in key order, after a key when after.
func TableRowsSQL(tab inventory.Table, after bool) string {
	names := columnNames(tab)
	key := strings.Join(names[:tab.Key], ", ")
	q := `SELECT ` + strings.Join(names, ", ") + ` FROM ` + tab.Name
	if after {
		q += ` WHERE (` + key + `) > (` + strings.TrimSuffix(strings.Repeat("?, ", tab.Key), ", ") + `)`
	}
	return q + ` ORDER BY ` + key + ` LIMIT ?`
}

// scanTableRow reads one row of tab's columns, typed as they travel.
func (d *Dialect) scanTableRow(rows *sql.Rows, tab inventory.Table) ([]any, error) {
	dest := make([]any, len(tab.Columns))
	for i, c := range tab.Columns {
		switch {
		case c.Type == inventory.ColBool && d.BoolColumns:
			dest[i] = new(sql.NullBool)
		case c.Type == inventory.ColInt, c.Type == inventory.ColBool:
			dest[i] = new(sql.NullInt64)
		default:
			dest[i] = new(sql.NullString)
		}
	}
	if err := rows.Scan(dest...); err != nil {
		return nil, err
	}
	row := make([]any, len(tab.Columns))
	for i, c := range tab.Columns {
		switch d := dest[i].(type) {
		case *sql.NullBool:
			if d.Valid {
				row[i] = d.Bool
			}
		case *sql.NullInt64:
			switch {
			case !d.Valid:
				row[i] = nil
			case c.Type == inventory.ColBool:
				row[i] = d.Int64 != 0
			default:
				row[i] = d.Int64
			}
		case *sql.NullString:
			switch {
			case !d.Valid:
				row[i] = nil
			case c.Type == inventory.ColTime:
				tm, err := parseTime(c.Name, *d)
				if err != nil {
					return nil, err
				}
				row[i] = tm
			default:
				row[i] = d.String
			}
		}
	}
	return row, nil
}

// toStored is a value of column c as the database keeps it.
func (d *Dialect) toStored(c inventory.Column, v any) (any, error) {
	if v == nil {
		if !c.Null {
			return nil, inventory.FieldError(c.Name, "NULL in a column that is never NULL")
		}
		return nil, nil
	}
	switch c.Type {
	case inventory.ColInt:
		if n, ok := v.(int64); ok {
			return n, nil
		}
	case inventory.ColText:
		if s, ok := v.(string); ok {
			return s, nil
		}
	case inventory.ColBool:
		if b, ok := v.(bool); ok {
			if d.BoolColumns {
				return b, nil
			}
			if b {
				return int64(1), nil
			}
			return int64(0), nil
		}
	case inventory.ColTime:
		if tm, ok := v.(time.Time); ok {
			if tm.IsZero() {
				return nil, inventory.FieldError(c.Name, "a zero time")
			}
			return Stamp(tm).Format(TimeLayout), nil
		}
	}
	return nil, inventory.FieldError(c.Name, "a value of type %T", v)
}

// PutRows inserts rows of the table named as they are, many to a
// statement, with what the store derives from them.
func (t *Tx) PutRows(ctx context.Context, table string, rows [][]any) error {
	return t.write(func() error {
		tab, err := tableOf(table)
		if err != nil {
			return err
		}
		names := columnNames(tab)
		derive := t.d.derivedColumns(table)
		for _, d := range derive {
			names = append(names, d.name)
		}
		batch := t.newBatch(tab.Name, names...)
		sites := map[int64]string{}
		for i, row := range rows {
			if len(row) != len(tab.Columns) {
				return inventory.Errorf(inventory.ErrInvalid, "table %s, row %d: %d values, want %d", table, i+1, len(row), len(tab.Columns))
			}
			values := make([]any, 0, len(names))
			for j, c := range tab.Columns {
				v, err := t.d.toStored(c, row[j])
				if err != nil {
					return fmt.Errorf("table %s, row %d: %w", table, i+1, err)
				}
				values = append(values, v)
			}
			for _, d := range derive {
				v, err := d.value(ctx, t, row, sites)
				if err != nil {
					return t.dbError("copy "+table, err)
				}
				values = append(values, v)
			}
			if err := batch.Add(ctx, values...); err != nil {
				return t.dbError("copy "+table, err)
			}
		}
		return t.dbError("copy "+table, batch.Flush(ctx))
	})
}

// derived is a column the store derives from a row of another store.
type derived struct {
	name  string
	value func(ctx context.Context, t *Tx, row []any, sites map[int64]string) (any, error)
}

// The columns of the assets table, as inventory.Tables lists them: where
// the lookup keys come from.
const (
	assetHostnameCol = 2
	assetNameCol     = 3
	assetSerialCol   = 7
	assetOwnerCol    = 8
	ownerNameCol     = 0
	observationCheck = 1
)

var derivedColumns = map[string][]derived{
	"assets": {
		{"hostname_key", func(_ context.Context, _ *Tx, row []any, _ map[int64]string) (any, error) {
			return strings.ToLower(row[assetHostnameCol].(string)), nil
		}},
		{"name_key", func(_ context.Context, _ *Tx, row []any, _ map[int64]string) (any, error) {
			return inventory.NameKey(row[assetNameCol].(string)), nil
		}},
		{"serial_key", func(_ context.Context, _ *Tx, row []any, _ map[int64]string) (any, error) {
			return NullText(inventory.SerialKey(row[assetSerialCol].(string))), nil
		}},
	},
	"observations": {
		{"site", func(ctx context.Context, t *Tx, row []any, sites map[int64]string) (any, error) {
			id := row[observationCheck].(int64)
			site, ok := sites[id]
			if !ok {
				if err := t.QueryRow(ctx, `SELECT site FROM checks WHERE id = ?`, id).Scan(&site); err != nil {
					return nil, fmt.Errorf("observation of check #%d: %w", id, err)
				}
				sites[id] = site
			}
			return site, nil
		}},
	},
}

// keyColumns are the derived columns of Dialect.KeyColumns.
var keyColumns = map[string][]derived{
	"assets": {
		{"owner_key", func(_ context.Context, _ *Tx, row []any, _ map[int64]string) (any, error) {
			return inventory.FoldCase(row[assetOwnerCol].(string)), nil
		}},
	},
	"owners": {
		{"name_key", func(_ context.Context, _ *Tx, row []any, _ map[int64]string) (any, error) {
			return ownerKey(row[ownerNameCol].(string)), nil
		}},
	},
}

// derivedColumns are the columns of table that d derives.
func (d *Dialect) derivedColumns(table string) []derived {
	if !d.KeyColumns {
		return derivedColumns[table]
	}
	return slices.Concat(derivedColumns[table], keyColumns[table])
}

// identityTables are the tables whose ids come from a sequence
// (Dialect.IDSequences).
var identityTables = []string{"assets", "events", "port_mappings", "checks", "observations", "dismissals",
	"notification_deliveries"}

// FinishRows counts the assets per stage again and, under
// Dialect.IDSequences, moves each id sequence past the largest id put.
func (t *Tx) FinishRows(ctx context.Context) error {
	return t.write(func() error {
		if _, err := t.Exec(ctx, `DELETE FROM stage_counts`); err != nil {
			return t.dbError("count stages", err)
		}
		if _, err := t.Exec(ctx, `INSERT INTO stage_counts (stage, n) SELECT stage, count(*) FROM assets GROUP BY stage`); err != nil {
			return t.dbError("count stages", err)
		}
		if !t.d.IDSequences {
			return nil
		}
		for _, table := range identityTables {
			if _, err := t.Exec(ctx, `SELECT setval(pg_get_serial_sequence('`+table+`', 'id'), coalesce(max(id), 0) + 1, false) FROM `+table); err != nil {
				return t.dbError("move the ids of "+table, err)
			}
		}
		return nil
	})
}

// ReadOnly is t as a Reader alone, its Writer methods hidden from a caller
// that would type-assert for them; a TableReader, for a copy.
func ReadOnly(t *Tx) inventory.Reader { return readOnly{t} }

type readOnly struct{ inventory.Reader }

// TableRows lets a View read the inventory whole, as a copy does.
func (r readOnly) TableRows(ctx context.Context, table string, after []any, limit int) ([][]any, error) {
	return r.Reader.(*Tx).TableRows(ctx, table, after, limit)
}

var _ inventory.TableReader = readOnly{}
