package sqlite

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"syscall"

	"github.com/sunset-tui/sunset/inventory"
	driver "modernc.org/sqlite"
	lib "modernc.org/sqlite/lib"
)

// SQLite's errors about files ("unable to open database file", "attempt
// to write a readonly database", "database or disk is full") do not say
// which file: the database, its -wal, its -shm, or the directory they must
// be created in. These functions find out and say so.

// fail names the file behind an error of an Update or a read, and makes
// the store refuse every later write once SQLite found the file damaged.
// Other errors are returned as they are.
func (s *Store) fail(err error) error {
	if isCorrupt(err) {
		return s.markDamaged(damaged(s.path, "SQLite: "+sqliteMessage(err)))
	}
	if e := fileProblem(s.path, err); e != nil {
		return e
	}
	return err
}

// openError is why Open could not use the database at path.
func openError(path string, err error) error {
	var ie *inventory.Error
	switch {
	case isCorrupt(err) && !looksLikeSQLite(path):
		return &inventory.Error{Kind: inventory.ErrUnavailable, Msg: fmt.Sprintf("cannot open database %s: it is not a SQLite database", path)}
	case isCorrupt(err):
		return damaged(path, "SQLite: "+sqliteMessage(err))
	case errors.As(err, &ie):
		return err
	}
	if e := fileProblem(path, err); e != nil {
		return e
	}
	return unavailable(path, err)
}

// fileProblem describes a full disk or a file sunset may not write, or
// returns nil when err is neither.
func fileProblem(path string, err error) error {
	switch {
	case isDiskFull(err):
		return &inventory.Error{Kind: inventory.ErrUnavailable, Err: err,
			Msg: fmt.Sprintf("cannot write database %s: the file system holding %s is full", path, filepath.Dir(path))}
	case isAccessProblem(err):
		if why := unwritable(path); why != "" {
			return notWritable(path, why, err)
		}
		return &inventory.Error{Kind: inventory.ErrUnavailable, Msg: "database " + path, Err: err}
	}
	return nil
}

func notWritable(path, why string, err error) error {
	return &inventory.Error{Kind: inventory.ErrUnavailable, Err: err,
		Msg: fmt.Sprintf("cannot write database %s: %s", path, why)}
}

func isDiskFull(err error) bool {
	return sqliteCode(err)&0xff == lib.SQLITE_FULL || errors.Is(err, syscall.ENOSPC)
}

func isAccessProblem(err error) bool {
	switch sqliteCode(err) & 0xff {
	case lib.SQLITE_CANTOPEN, lib.SQLITE_READONLY, lib.SQLITE_PERM, lib.SQLITE_IOERR:
		return true
	}
	return errors.Is(err, fs.ErrPermission) || errors.Is(err, syscall.EROFS)
}

// access(2) modes.
const (
	writeOK  = 0x2
	searchOK = 0x1
)

// unwritable says which of the database's files the user running sunset
// cannot write, or else, when one of them is missing, whether that user
// cannot create files in their directory; "" when it finds nothing.
func unwritable(path string) string {
	missing := false
	for _, f := range []string{path, path + "-wal", path + "-shm"} {
		fi, err := os.Lstat(f)
		switch {
		case errors.Is(err, fs.ErrNotExist):
			missing = true
		case err != nil:
			return err.Error()
		case !fi.Mode().IsRegular():
			return f + " is not a regular file"
		case syscall.Access(f, writeOK) != nil:
			return fmt.Sprintf("%s is not writable by %s", f, userName(os.Geteuid()))
		}
	}
	if dir := nearestDir(path); missing && syscall.Access(dir, writeOK|searchOK) != nil {
		return fmt.Sprintf("directory %s is not writable by %s", dir, userName(os.Geteuid()))
	}
	return ""
}

// nearestDir is the directory of path, or the nearest one above it that
// exists.
func nearestDir(path string) string {
	dir := filepath.Dir(path)
	for {
		_, err := os.Stat(dir)
		if parent := filepath.Dir(dir); errors.Is(err, fs.ErrNotExist) && parent != dir {
			dir = parent
			continue
		}
		return dir
	}
}

// sqliteMessage is the text of SQLite's error without the driver's code
// at its end: "database disk image is malformed".
func sqliteMessage(err error) string {
	var e *driver.Error
	if !errors.As(err, &e) {
		return err.Error()
	}
	return strings.TrimSuffix(e.Error(), fmt.Sprintf(" (%d)", e.Code()))
}
