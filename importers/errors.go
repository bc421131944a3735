package importers

import (
	"fmt"

	"github.com/sunset-tui/sunset/inventory"
)

// FileError is a problem that stops a whole file from being read as a table:
// it cannot be opened, is not text, is too large, or its quoting is broken.
// Line is 0 when the problem belongs to no line.
type FileError struct {
	File string
	Line int
	Msg  string
}

func (e *FileError) Error() string {
	if e.Line > 0 {
		return fmt.Sprintf("%s: line %d: %s", e.File, e.Line, e.Msg)
	}
	return e.File + ": " + e.Msg
}

// Unwrap lets callers classify a FileError as invalid input.
func (e *FileError) Unwrap() error { return &inventory.Error{Kind: inventory.ErrInvalid, Msg: e.Msg} }

func fileErr(file string, line int, format string, args ...any) *FileError {
	return &FileError{File: file, Line: line, Msg: fmt.Sprintf(format, args...)}
}
