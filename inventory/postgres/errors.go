package postgres

import (
	"errors"
	"net"
	"strings"

	"github.com/jackc/pgx/v5/pgconn"
)

// pgCode is the SQLSTATE of a server error, or "".
func pgCode(err error) string {
	var e *pgconn.PgError
	if errors.As(err, &e) {
		return e.Code
	}
	return ""
}

func isUniqueViolation(err error) bool     { return pgCode(err) == "23505" }
func isForeignKeyViolation(err error) bool { return pgCode(err) == "23503" }

// unavailable reports whether err says the database could not be used,
// through no fault of the input: no connection, the server shutting
// down or out of resources, a lock held too long.
func unavailable(err error) bool {
	code := pgCode(err)
	switch {
	case strings.HasPrefix(code, "08"), // connection exception
		strings.HasPrefix(code, "53"), // insufficient resources
		strings.HasPrefix(code, "57"), // operator intervention (shutdown)
		strings.HasPrefix(code, "58"), // system error
		code == "55P03",               // lock not available (lock_timeout)
		code == "40001", code == "40P01",
		code == "25006": // read-only transaction
		return true
	}
	var ne net.Error
	var ce *pgconn.ConnectError
	return errors.As(err, &ne) || errors.As(err, &ce) || pgconn.SafeToRetry(err) ||
		errors.Is(err, net.ErrClosed)
}

// dbError turns a driver error into an *inventory.Error whose message says
// what sunset was doing (sqlstore.Dialect.DBError).
func dbError(op string, err error) error { return dialect.DBError(op, err) }
