package sqlstore

import (
	"context"
	"errors"

	"github.com/sunset-tui/sunset/inventory"
)

// dbError turns a driver error into an *inventory.Error whose message says
// what sunset was doing; ErrUnavailable when the dialect finds that the
// database could not be used, through no fault of the input. A cancelled
// context is no database error: it is returned as it is.
func (d *Dialect) DBError(op string, err error) error {
	if err == nil {
		return nil
	}
	var ie *inventory.Error
	if errors.As(err, &ie) || errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
		return err
	}
	kind := inventory.ErrOther
	if d.Unavailable(err) {
		kind = inventory.ErrUnavailable
	}
	return &inventory.Error{Kind: kind, Msg: op, Err: err}
}

// dbError is the dialect's DBError.
func (t *Tx) dbError(op string, err error) error { return t.d.DBError(op, err) }
