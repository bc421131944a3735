package inventory

import (
	"errors"
	"fmt"
)

// Kind of failure, so that callers (the command line's exit codes, the TUI's
// status line, tests) can decide what to do without parsing messages.
type ErrorKind int

const (
	ErrOther       ErrorKind = iota
	ErrInvalid               // input failed validation; Field names what
	ErrNotFound              // no such asset, mapping, item
	ErrConflict              // a unique value is already taken, or a ref is ambiguous
	ErrRefused               // a guard or rule said no
	ErrUnavailable           // the database or a tool could not be used
)

func (k ErrorKind) String() string {
	switch k {
	case ErrInvalid:
		return "invalid"
	case ErrNotFound:
		return "not found"
	case ErrConflict:
		return "conflict"
	case ErrRefused:
		return "refused"
	case ErrUnavailable:
		return "unavailable"
	}
	return "error"
}

// Error carries what failed (Field, for validation) and the kind of failure.
// Its message reads as one line: "field: problem".
type Error struct {
	Kind  ErrorKind
	Field string
	Msg   string
	Err   error
}

func (e *Error) Error() string {
	msg := e.Msg
	if e.Err != nil {
		if msg != "" {
			msg += ": " + e.Err.Error()
		} else {
			msg = e.Err.Error()
		}
	}
	if e.Field != "" {
		return e.Field + ": " + msg
	}
	return msg
}

func (e *Error) Unwrap() error { return e.Err }

// Errorf builds an *Error of the given kind.
func Errorf(kind ErrorKind, format string, args ...any) error {
	return &Error{Kind: kind, Msg: fmt.Sprintf(format, args...)}
}

// FieldError reports a validation problem with one named field.
func FieldError(field, format string, args ...any) error {
	return &Error{Kind: ErrInvalid, Field: field, Msg: fmt.Sprintf(format, args...)}
}

// KindOf returns the kind of the first *Error in err's chain, or ErrOther.
func KindOf(err error) ErrorKind {
	var e *Error
	if errors.As(err, &e) {
		return e.Kind
	}
	return ErrOther
}

// IsKind reports whether err carries the given kind.
func IsKind(err error, kind ErrorKind) bool { return err != nil && KindOf(err) == kind }
