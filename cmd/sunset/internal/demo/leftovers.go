package demo

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"

	"github.com/sunset-tui/sunset/scan/lab"
)

// dirPattern names the demo's temporary directories.
const dirPattern = "sunset-demo-*"

// pidFile, inside a demo directory, holds the pid of the process that
// made it.
const pidFile = "demo.pid"

func writePIDFile(dir string) error {
	return os.WriteFile(filepath.Join(dir, pidFile), []byte(strconv.Itoa(os.Getpid())+"\n"), 0o600)
}

// removeLeftovers removes what demo runs that died without Close left
// behind: their temporary directories and, as root, their lab namespaces.
// Those of demos still running are left alone. It returns a note for
// anything it could not remove; nothing here stops a new demo.
func removeLeftovers(ctx context.Context) []string {
	var notes []string
	if err := removeDeadDirs(os.TempDir()); err != nil {
		notes = append(notes, fmt.Sprintf("Could not remove what an earlier demo left: %v.", err))
	}
	if lab.Available() == nil {
		if err := lab.CleanLeftovers(ctx, labPrefix); err != nil {
			notes = append(notes, fmt.Sprintf("Could not remove an earlier demo's lab: %v.", err))
		}
	}
	return notes
}

// removeDeadDirs removes the demo directories in tmp whose pid file names
// a process that no longer runs. A directory without a readable pid file
// may belong to a demo that is starting right now, so it stays.
func removeDeadDirs(tmp string) error {
	dirs, err := filepath.Glob(filepath.Join(tmp, dirPattern))
	if err != nil {
		return err
	}
	var errs []error
	for _, dir := range dirs {
		if !ownDemoDir(dir) {
			continue
		}
		pid, ok := readPID(dir)
		if !ok || alive(pid) {
			continue
		}
		if err := os.RemoveAll(dir); err != nil {
			errs = append(errs, err)
		}
	}
	return errors.Join(errs...)
}

// ownDemoDir reports whether dir is a real directory (not a link) that
// this user may clean up: one of its own, or any as root.
func ownDemoDir(dir string) bool {
	fi, err := os.Lstat(dir)
	if err != nil || !fi.IsDir() {
		return false
	}
	st, ok := fi.Sys().(*syscall.Stat_t)
	return ok && (int(st.Uid) == os.Geteuid() || os.Geteuid() == 0)
}

func readPID(dir string) (int, bool) {
	b, err := os.ReadFile(filepath.Join(dir, pidFile))
	if err != nil {
		return 0, false
	}
	pid, err := strconv.Atoi(strings.TrimSpace(string(b)))
	return pid, err == nil && pid > 0
}

// alive reports whether a process with this pid exists (one owned by
// another user counts).
func alive(pid int) bool {
	err := syscall.Kill(pid, 0)
	return err == nil || errors.Is(err, syscall.EPERM)
}
