package sqlite

import (
	"errors"

	driver "modernc.org/sqlite"
	lib "modernc.org/sqlite/lib"
)

// sqliteCode is the extended result code of a driver error, or 0.
func sqliteCode(err error) int {
	var e *driver.Error
	if errors.As(err, &e) {
		return e.Code()
	}
	return 0
}

func isUniqueViolation(err error) bool {
	c := sqliteCode(err)
	return c == lib.SQLITE_CONSTRAINT_UNIQUE || c == lib.SQLITE_CONSTRAINT_PRIMARYKEY
}

func isForeignKeyViolation(err error) bool {
	return sqliteCode(err) == lib.SQLITE_CONSTRAINT_FOREIGNKEY
}

func isBusy(err error) bool {
	c := sqliteCode(err) & 0xff
	return c == lib.SQLITE_BUSY || c == lib.SQLITE_LOCKED
}

// isUnavailable reports whether err says the database could not be used,
// through no fault of the input: locks held too long, a full disk, I/O
// errors.
func isUnavailable(err error) bool {
	switch sqliteCode(err) & 0xff {
	case lib.SQLITE_BUSY, lib.SQLITE_LOCKED, lib.SQLITE_FULL, lib.SQLITE_IOERR, lib.SQLITE_CANTOPEN,
		lib.SQLITE_READONLY, lib.SQLITE_CORRUPT, lib.SQLITE_NOTADB, lib.SQLITE_PERM:
		return true
	}
	return false
}

// dbError turns a driver error into an *inventory.Error whose message says
// what sunset was doing (sqlstore.Dialect.DBError).
func dbError(op string, err error) error { return dialect.DBError(op, err) }
