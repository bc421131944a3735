// Package postgres keeps sunset's inventory in a PostgreSQL database
// through github.com/jackc/pgx/v5, for a team that shares one inventory.
// It passes the same conformance suite as the SQLite store
// (inventory/storetest) and keeps the same tables and columns, so that an
// admin reads both alike (see migrations/0001_init.sql for how they
// differ).
//
// Writes are serialised, as SQLite serialises them: every Update takes one
// transaction-scoped advisory lock when it begins, so two sunset processes
// writing at once wait for each other instead of interleaving (and ids
// handed out in bulk come in one run). Reads run in REPEATABLE READ
// read-only transactions, each seeing one state of the database. The
// schema lives in numbered .sql files embedded in the binary and is
// migrated when the store is opened, under the same lock.
//
// The queries and writes themselves are inventory/sqlstore's, shared with
// the SQLite store; this package gives them its dialect (txn.go).
//
// The URL given to Open may hold a password; nothing the store says
// (Location, errors) repeats it. Prefer a password file (PGPASSFILE,
// ~/.pgpass) to a password in the URL.
package postgres
