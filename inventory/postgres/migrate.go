package postgres

import (
	"context"
	"database/sql"
	"embed"
	"fmt"

	"github.com/sunset-tui/sunset/inventory/sqlstore"
)

//go:embed migrations/*.sql
var migrationFiles embed.FS

// migration is one numbered .sql file of the schema.
type migration = sqlstore.Migration

// migrations lists the embedded schema files in version order.
func migrations() ([]migration, error) { return sqlstore.ReadMigrations(migrationFiles, "migrations") }

// schemaState reads the newest applied migration: 0 with no schema at all.
func schemaState(ctx context.Context, q interface {
	QueryRowContext(context.Context, string, ...any) *sql.Row
}) (int, error) {
	var exists bool
	if err := q.QueryRowContext(ctx, `SELECT to_regclass('schema_migrations') IS NOT NULL`).Scan(&exists); err != nil {
		return 0, err
	}
	if !exists {
		return 0, nil
	}
	var newest int
	err := q.QueryRowContext(ctx, `SELECT coalesce(max(version), 0) FROM schema_migrations`).Scan(&newest)
	return newest, err
}

// migrate brings the schema up to date in one transaction, holding the
// write lock, so that two processes opening a new database at once apply
// each file once and a failed migration leaves nothing. It reports whether
// it created the schema.
func migrate(ctx context.Context, db *sql.DB) (created bool, err error) {
	all, err := migrations()
	if err != nil {
		return false, err
	}
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return false, err
	}
	defer tx.Rollback()
	if _, err := tx.ExecContext(ctx, lockSQL, writeLock); err != nil {
		return false, err
	}
	newest, err := schemaState(ctx, tx)
	if err != nil {
		return false, err
	}
	if newest > len(all) {
		return false, fmt.Errorf("the database has schema version %d but this sunset knows only up to %d: use a newer sunset", newest, len(all))
	}
	if newest == len(all) {
		return false, nil
	}
	if newest == 0 {
		if _, err := tx.ExecContext(ctx, `CREATE TABLE schema_migrations (
			version    integer PRIMARY KEY,
			name       text COLLATE "C" NOT NULL,
			applied_at text COLLATE "C" NOT NULL
		)`); err != nil {
			return false, fmt.Errorf("create schema_migrations: %w", err)
		}
	}
	for _, m := range all[newest:] {
		if _, err := tx.ExecContext(ctx, m.SQL); err != nil {
			return false, fmt.Errorf("migration %s: %w", m.Name, err)
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO schema_migrations (version, name, applied_at) VALUES ($1, $2, $3)`,
			m.Version, m.Name, sqlstore.TimeText(sqlstore.NowUTC())); err != nil {
			return false, fmt.Errorf("migration %s: %w", m.Name, err)
		}
	}
	return newest == 0, tx.Commit()
}
