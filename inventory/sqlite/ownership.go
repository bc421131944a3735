package sqlite

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"os/user"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"

	"github.com/sunset-tui/sunset/inventory"
)

// Run as root on a path another user controls, sunset would follow that
// user's link (SQLite resolves links in a database's path) and turn any
// file into a database, or leave root's files in that user's directory.
// So the database and its companion files (-wal, -shm, -journal) must be
// real files of the user running sunset, and every directory on the way to
// them must belong to that user or to root: then nobody else can swap a
// file for a link between these checks and SQLite opening it (in a
// directory anyone may write, like /tmp, its sticky bit sees to that).
//
// A refusal is an ErrInvalid error: what is wrong is the path given (--db,
// SUNSET_DB), and trying again will not help.

// checkPath refuses a database path another user could redirect. What
// does not exist yet passes: sunset creates it as the user running it.
func checkPath(path string) error {
	if err := checkDirs(path); err != nil {
		return err
	}
	if err := checkFile(path, path); err != nil {
		return err
	}
	for _, suffix := range companionSuffixes {
		if err := checkFile(path, path+suffix); err != nil {
			return err
		}
	}
	return nil
}

// checkDirs checks the directories leading to path as written, which
// covers the links on the way, and with those links resolved, which covers
// the directories they lead into.
func checkDirs(path string) error {
	dir := filepath.Dir(path)
	resolved, err := realDir(dir)
	if err != nil {
		return unavailable(path, err)
	}
	for _, d := range []string{dir, resolved} {
		if err := checkAncestors(path, d); err != nil {
			return err
		}
	}
	return nil
}

// checkAncestors checks dir and each directory above it, down from the
// root, up to the first one missing (which sunset would create).
func checkAncestors(path, dir string) error {
	for _, d := range ancestors(dir) {
		fi, err := os.Lstat(d)
		if errors.Is(err, fs.ErrNotExist) {
			return nil
		}
		if err != nil {
			return unavailable(path, err)
		}
		if uid := ownerOf(fi); uid != os.Geteuid() && uid != 0 {
			return refused(path, "directory %s belongs to %s; sunset, run by %s, uses only directories that belong to %s, so that no one else can swap its files for links",
				d, userName(uid), userName(os.Geteuid()), trustedOwners())
		}
	}
	return nil
}

// checkFile refuses f, the database or one of its companion files, when
// it is a link or belongs to someone else.
func checkFile(path, f string) error {
	fi, err := os.Lstat(f)
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	if err != nil {
		return unavailable(path, err)
	}
	name := f
	if f == path {
		name = "it"
	}
	if fi.Mode()&fs.ModeSymlink != 0 {
		return refused(path, "%s is a symbolic link, which sunset does not follow", name)
	}
	if uid := ownerOf(fi); uid != os.Geteuid() {
		return refused(path, "%s belongs to %s, not to %s, who runs sunset; run sunset as its owner", name, userName(uid), userName(os.Geteuid()))
	}
	return nil
}

// realDir is dir with its links resolved, as far as it exists.
func realDir(dir string) (string, error) {
	var missing []string
	for {
		resolved, err := filepath.EvalSymlinks(dir)
		if err == nil {
			return filepath.Join(append([]string{resolved}, missing...)...), nil
		}
		parent := filepath.Dir(dir)
		if !errors.Is(err, fs.ErrNotExist) || parent == dir {
			return "", err
		}
		missing = append([]string{filepath.Base(dir)}, missing...)
		dir = parent
	}
}

// ancestors lists the directories from the root down to dir, an absolute
// path: /, /a, /a/b for /a/b.
func ancestors(dir string) []string {
	out := []string{string(filepath.Separator)}
	for _, part := range strings.Split(dir, string(filepath.Separator)) {
		if part != "" {
			out = append(out, filepath.Join(out[len(out)-1], part))
		}
	}
	return out
}

func ownerOf(fi fs.FileInfo) int {
	if st, ok := fi.Sys().(*syscall.Stat_t); ok {
		return int(st.Uid)
	}
	return -1
}

// userName says who uid is: "alice (uid 1000)", or "uid 1000" when the
// system does not know the name.
func userName(uid int) string {
	id := strconv.Itoa(uid)
	if u, err := user.LookupId(id); err == nil && u.Username != "" {
		return fmt.Sprintf("%s (uid %s)", u.Username, id)
	}
	return "uid " + id
}

func trustedOwners() string {
	if os.Geteuid() == 0 {
		return "root"
	}
	return userName(os.Geteuid()) + " or to root"
}

func refused(path, format string, args ...any) error {
	return &inventory.Error{Kind: inventory.ErrInvalid,
		Msg: fmt.Sprintf("cannot use database %s: ", path) + fmt.Sprintf(format, args...)}
}
