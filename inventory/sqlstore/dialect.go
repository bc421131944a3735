package sqlstore

import (
	"context"
	"sync"
)

// Dialect is what one database does differently from the other: plain
// values and functions a store sets once, in a variable of its own.
// Bulk inserts are the store's own too, made per transaction (Batcher).
type Dialect struct {
	// Rebind turns the store's placeholders (? in order, ?N by number)
	// into the driver's; nil when the driver reads them as they are.
	Rebind func(query string) string
	// Prepare: each statement is prepared once per transaction and reused
	// (the driver keeps no prepared statements of its own).
	Prepare bool
	// ReturningID: an INSERT reads the new row's id with RETURNING id
	// rather than from the driver's LastInsertId.
	ReturningID bool
	// Savepoints: a write that may break a constraint runs under a
	// savepoint, for a database that refuses every statement of a
	// transaction after an error until it rolls back.
	Savepoints bool
	// IsUniqueViolation and IsForeignKeyViolation recognise the driver's
	// errors for a broken UNIQUE (or primary key) and FOREIGN KEY
	// constraint.
	IsUniqueViolation     func(error) bool
	IsForeignKeyViolation func(error) bool
	// NextIDs takes n ids in a run for new rows of table, in an Update
	// that holds the write lock, and returns the first.
	NextIDs func(ctx context.Context, t *Tx, table string, n int) (int64, error)
	// BatchRows is how many rows one statement of a bulk write carries.
	BatchRows int
	// ArrayLists: a list is one parameter of an array type, compared with
	// = ANY and read with unnest (PostgreSQL), rather than JSON text read
	// with json_each (SQLite).
	ArrayLists bool
	// KeyColumns: owner names folded as inventory.FoldCase folds them are
	// kept in columns of their own, for their indexes (assets.owner_key,
	// owners.name_key: PostgreSQL), rather than folded by the SQL function
	// sunset_fold (SQLite).
	KeyColumns bool
	// False is the SQL of a condition that holds for no row.
	False string
	// Like is the operator that matches a pattern ignoring the case of
	// ASCII letters only.
	Like string
	// OrderedJoin joins two tables in the order written, for a lookup
	// that must start from the first one's index (CROSS JOIN in SQLite).
	OrderedJoin string
	// TypedValues: a VALUES list of parameters has its types given and
	// its columns named (PostgreSQL), rather than read as column1,
	// column2 (SQLite).
	TypedValues bool
	// NoLimit is the argument of a LIMIT that keeps every row.
	NoLimit any
	// LateralSightings: Evidence reads the newest sightings at many
	// addresses, or of many assets, in one statement (a LATERAL join):
	// a round trip to the server costs more than the search. Else one
	// statement each, as an embedded database runs them fastest.
	LateralSightings bool
	// BoolColumns: booleans are a type of their own (PostgreSQL), rather
	// than integers 0 and 1 (SQLite).
	BoolColumns bool
	// IDSequences: each table's ids come from a sequence, which rows put
	// with their ids (TableWriter.PutRows) leave behind (PostgreSQL).
	IDSequences bool
	// Newline is the SQL of the text "\n"; GroupConcat names the aggregate
	// that joins texts with a separator (in an ORDER BY of its own).
	Newline, GroupConcat string
	// Unavailable reports whether a driver error says the database could
	// not be used, through no fault of the input (ErrUnavailable).
	Unavailable func(error) bool

	evidenceOnce sync.Once
	evidence     *EvidenceQueries // EvidenceQueries, made once
}

// in is the condition that expr is one of the list given as the parameter
// param ("?", or "?N"), of elements of the SQL type typ (text, bigint),
// looked up element by element in an index on expr.
func (d *Dialect) in(expr, param, typ string) string {
	if d.ArrayLists {
		return expr + ` = ANY(` + param + `::` + typ + `[])`
	}
	return expr + ` IN (SELECT value FROM json_each(` + param + `))`
}

// elements is a table of the elements of the list given as the parameter
// param, of the SQL type typ, in a column named value.
func (d *Dialect) elements(param, typ string) string {
	if d.ArrayLists {
		return `unnest(` + param + `::` + typ + `[]) AS value`
	}
	return `json_each(` + param + `)`
}

// listArg is list as the parameter of in.
func listArg[T any](d *Dialect, list []T) (any, error) {
	if d.ArrayLists {
		return list, nil
	}
	return JSONText(list)
}

// folded is the SQL of column folded as inventory.FoldCase folds it (see
// KeyColumns).
func (d *Dialect) folded(column string) string {
	if d.KeyColumns {
		return column + `_key`
	}
	return `sunset_fold(` + column + `)`
}
