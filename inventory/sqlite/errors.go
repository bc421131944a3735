package sqlite

import (
	"context"
	"errors"

	"github.com/sunset-tui/sunset/inventory"
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

// dbError turns a driver error into an *inventory.Error whose message says
// what sunset was doing. Locks held too long, a full disk and I/O errors
// are ErrUnavailable: the database could not be used, through no fault of
// the input. A cancelled context is no database error: it is returned as
// it is.
func dbError(op string, err error) error {
	if err == nil {
		return nil
	}
	var ie *inventory.Error
	if errors.As(err, &ie) || errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
		return err
	}
	kind := inventory.ErrOther
	switch sqliteCode(err) & 0xff {
	case lib.SQLITE_BUSY, lib.SQLITE_LOCKED, lib.SQLITE_FULL, lib.SQLITE_IOERR, lib.SQLITE_CANTOPEN,
		lib.SQLITE_READONLY, lib.SQLITE_CORRUPT, lib.SQLITE_NOTADB, lib.SQLITE_PERM:
		kind = inventory.ErrUnavailable
	}
	return &inventory.Error{Kind: kind, Msg: op, Err: err}
}
