package main

import (
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/sunset-tui/sunset/inventory"
)

// Exit codes, a contract with scripts and monitoring (see README).
const (
	exitOK       = 0
	exitFindings = 1 // done, but findings at or above --fail-on, or rows rejected
	exitFailed   = 2 // could not do it
)

// exitError carries an exit code other than exitFailed, for results that are
// not failures of sunset itself (findings, rejected rows).
type exitError struct {
	code   int
	msg    string   // printed on stderr when not empty
	detail []string // further lines, e.g. each reason a guard refused
}

func (e *exitError) Error() string { return e.msg }

// usageError marks bad arguments.
func usageError(format string, args ...any) error {
	return &inventory.Error{Kind: inventory.ErrInvalid, Msg: fmt.Sprintf(format, args...)}
}

// report prints err as one line on stderr and returns the exit code it
// stands for.
func report(stderr io.Writer, err error) int {
	if err == nil {
		return exitOK
	}
	var ee *exitError
	if errors.As(err, &ee) {
		if ee.msg != "" {
			fmt.Fprintln(stderr, "sunset: "+ee.msg)
		}
		for _, d := range ee.detail {
			fmt.Fprintln(stderr, "  "+d)
		}
		return ee.code
	}
	msg := strings.ReplaceAll(strings.TrimSpace(err.Error()), "\n", "; ")
	fmt.Fprintln(stderr, "sunset: "+msg)
	return exitFailed
}
