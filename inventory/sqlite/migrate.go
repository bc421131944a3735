package sqlite

import (
	"context"
	"database/sql"
	sqldriver "database/sql/driver"
	"embed"
	"fmt"

	"github.com/sunset-tui/sunset/inventory"
	"github.com/sunset-tui/sunset/inventory/sqlstore"
	driver "modernc.org/sqlite"
)

//go:embed migrations/*.sql
var migrationFiles embed.FS

// migration is one numbered .sql file of the schema.
type migration = sqlstore.Migration

// migrations lists the embedded schema files in version order.
func migrations() ([]migration, error) { return sqlstore.ReadMigrations(migrationFiles, "migrations") }

// migrate brings the schema up to date. Each migration runs in its own
// write transaction, which re-reads what is applied after taking the write
// lock, so two processes opening a new file at once apply each file once.
func migrate(ctx context.Context, db *sql.DB) error {
	all, err := migrations()
	if err != nil {
		return err
	}
	if _, err := db.ExecContext(ctx, `CREATE TABLE IF NOT EXISTS schema_migrations (
		version    INTEGER PRIMARY KEY,
		name       TEXT NOT NULL,
		applied_at TEXT NOT NULL
	)`); err != nil {
		return fmt.Errorf("create schema_migrations: %w", err)
	}
	// A migration may rewrite every row of a large table: its statement
	// journals and sorts go to temporary files instead of the memory the
	// writer gives them (writerDSN), so that an upgrade of a file of a
	// million assets takes tens of megabytes, not hundreds.
	if _, err := db.ExecContext(ctx, `PRAGMA temp_store = FILE`); err != nil {
		return err
	}
	for _, m := range all {
		if err := applyMigration(ctx, db, m, len(all)); err != nil {
			return err
		}
	}
	_, err = db.ExecContext(ctx, `PRAGMA temp_store = MEMORY`)
	return err
}

func applyMigration(ctx context.Context, db *sql.DB, m migration, known int) error {
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("migration %s: %w", m.Name, err)
	}
	defer tx.Rollback()
	var newest int
	if err := tx.QueryRowContext(ctx, `SELECT coalesce(max(version), 0) FROM schema_migrations`).Scan(&newest); err != nil {
		return fmt.Errorf("migration %s: %w", m.Name, err)
	}
	if newest > known {
		return fmt.Errorf("the database has schema version %d but this sunset knows only up to %d: use a newer sunset", newest, known)
	}
	if newest >= m.Version {
		return nil
	}
	if _, err := tx.ExecContext(ctx, m.SQL); err != nil {
		return fmt.Errorf("migration %s: %w", m.Name, err)
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)`,
		m.Version, m.Name, sqlstore.TimeText(sqlstore.NowUTC())); err != nil {
		return fmt.Errorf("migration %s: %w", m.Name, err)
	}
	return tx.Commit()
}

// Migration 0012 keys the serials a file already holds with
// sunset_serial_key, which is inventory.SerialKey, so that they are keyed
// exactly as the store keys new ones. Only that migration calls it.
func init() {
	driver.MustRegisterDeterministicScalarFunction("sunset_serial_key", 1, sqlSerialKey)
	driver.MustRegisterDeterministicScalarFunction("sunset_fold", 1, sqlFold)
}

// sqlFold is inventory.FoldCase as an SQL function, so that what is
// compared in any case (owners) folds every script as Go does, not ASCII
// alone as NOCASE and lower() do.
func sqlFold(_ *driver.FunctionContext, args []sqldriver.Value) (sqldriver.Value, error) {
	s, ok := args[0].(string)
	if !ok {
		return args[0], nil
	}
	return inventory.FoldCase(s), nil
}

// sqlSerialKey is inventory.SerialKey as an SQL function: NULL for no key.
func sqlSerialKey(_ *driver.FunctionContext, args []sqldriver.Value) (sqldriver.Value, error) {
	serial, _ := args[0].(string)
	return sqlstore.NullText(inventory.SerialKey(serial)), nil
}
