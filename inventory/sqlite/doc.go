// Package sqlite keeps sunset's inventory in one SQLite file through
// modernc.org/sqlite (pure Go, no cgo).
//
// The file is opened in WAL mode with foreign keys on and a busy timeout on
// every connection. Writes go through a single writer connection whose
// transactions take the write lock when they begin, so two sunset processes
// writing at once wait for each other instead of failing. Reads go through a
// separate pool of read-only connections. The schema lives in numbered .sql
// files embedded in the binary and is migrated when the file is opened.
//
// The queries and writes themselves are inventory/sqlstore's, shared with
// the PostgreSQL store; this package gives them its dialect (txn.go).
package sqlite
