// Package sqlstore is the inventory's tables in SQL, for any database/sql
// driver: the queries and writes behind inventory.Reader, inventory.Writer
// and the whole-table copy that the SQLite and PostgreSQL stores share.
//
// A Tx runs them in one transaction that a store began; Reads answers a
// Store's own queries, each in a View of its own. A Dialect says what the
// databases do differently: placeholders, statement preparation, new ids,
// how a broken constraint is recognised and recovered from (savepoints),
// list parameters (JSON or arrays), case-folded owner keys, a few SQL
// spellings, and Evidence's reads in one statement or many. Bulk inserts
// are each store's own (Batcher): multi-row INSERTs on SQLite's driver
// statements, COPY on PostgreSQL.
//
// Opening the database, its migrations, locking and isolation, and
// whatever else is a store's own stay in inventory/sqlite and
// inventory/postgres.
package sqlstore
