package sqlite

import (
	"database/sql"
	"errors"
	"fmt"
	"io/fs"
	"net/url"
	"os"
	"path/filepath"
	"syscall"

	"github.com/sunset-tui/sunset/inventory"
)

// DefaultPath is where the database lives when neither --db nor SUNSET_DB
// says otherwise: $XDG_DATA_HOME/sunset/sunset.db, or
// ~/.local/share/sunset/sunset.db when XDG_DATA_HOME is unset or not an
// absolute path (the XDG specification says to ignore relative ones).
func DefaultPath() (string, error) {
	if dir := os.Getenv("XDG_DATA_HOME"); filepath.IsAbs(dir) {
		return filepath.Join(dir, "sunset", "sunset.db"), nil
	}
	home, err := os.UserHomeDir()
	if err != nil {
		return "", &inventory.Error{Kind: inventory.ErrUnavailable,
			Msg: "cannot find the default database location (set --db or SUNSET_DB)", Err: err}
	}
	return filepath.Join(home, ".local", "share", "sunset", "sunset.db"), nil
}

// Modes of what sunset creates: the database may hold credential
// references and the network's layout, so only its owner reads it.
const (
	fileMode fs.FileMode = 0o600
	dirMode  fs.FileMode = 0o700
)

// made is what opening a database created, so that a first open that
// fails can take it back and leave nothing behind.
type made struct {
	dirs []string // outermost first
	file bool
	// companions lists the -wal, -shm and -journal files there were
	// before: only the others are SQLite's doing.
	companions map[string]bool
}

// prepareFile makes sure the database's directory and file exist with
// sunset's modes before SQLite opens them, or, when mustExist, that the
// file exists. Modes are set with chmod after creating, so a permissive or
// odd umask cannot widen or narrow them. Existing directories and files
// keep the modes their owner gave them. A new file gets its page size
// (see newFilePragmas).
func prepareFile(path string, mustExist bool) (made, error) {
	if mustExist {
		return made{}, requireFile(path)
	}
	var m made
	var err error
	if m.dirs, err = makeDirs(filepath.Dir(path)); err != nil {
		return m, err
	}
	// Again: a directory another process made meanwhile must pass too.
	if err := checkDirs(path); err != nil {
		return m, err
	}
	// SQLite would open a -wal it cannot write read-only, and say only
	// that the database is read-only.
	if why := unwritable(path); why != "" {
		return m, notWritable(path, why, nil)
	}
	m.companions = existingCompanions(path)
	m.file, err = createFile(path)
	return m, err
}

// requireFile refuses a missing database, and an empty file, which
// SQLite would take for an empty database and the migrations would fill.
func requireFile(path string) error {
	st, err := os.Stat(path)
	if errors.Is(err, fs.ErrNotExist) || err == nil && st.Size() == 0 {
		return &inventory.Error{Kind: inventory.ErrNotFound, Msg: "no inventory at " + path}
	}
	return err
}

// makeDirs creates dir and the directories above it that are missing,
// and returns those it created, outermost first.
func makeDirs(dir string) ([]string, error) {
	var missing []string
	for d := dir; ; d = filepath.Dir(d) {
		if _, err := os.Stat(d); err == nil {
			break
		} else if !errors.Is(err, fs.ErrNotExist) {
			return nil, err
		}
		missing = append([]string{d}, missing...)
	}
	var created []string
	for _, d := range missing {
		err := os.Mkdir(d, dirMode)
		if errors.Is(err, fs.ErrExist) {
			continue // another process made it first
		}
		if err != nil {
			return created, err
		}
		created = append(created, d)
		if err := os.Chmod(d, dirMode); err != nil {
			return created, err
		}
	}
	return created, nil
}

// createFile creates the database file, or opens the one another process
// created meanwhile to see that it can be written. It never follows a
// link: one put there since checkPath looked is refused.
func createFile(path string) (created bool, err error) {
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE|os.O_EXCL|syscall.O_NOFOLLOW, fileMode)
	if errors.Is(err, fs.ErrExist) {
		if err := checkFile(path, path); err != nil {
			return false, err
		}
		f, err = os.OpenFile(path, os.O_RDWR|syscall.O_NOFOLLOW, 0)
		if err != nil {
			return false, err
		}
		return false, f.Close()
	}
	if err != nil {
		return false, err
	}
	if err := f.Chmod(fileMode); err != nil {
		f.Close()
		return true, err
	}
	if err := f.Close(); err != nil {
		return true, err
	}
	initFile(path)
	return true, nil
}

var companionSuffixes = []string{"-wal", "-shm", "-journal"}

func existingCompanions(path string) map[string]bool {
	found := map[string]bool{}
	for _, suffix := range companionSuffixes {
		if _, err := os.Lstat(path + suffix); err == nil {
			found[path+suffix] = true
		}
	}
	return found
}

// failed says why the open failed, then takes back what it made.
func (m made) failed(path string, err error) error {
	err = openError(path, err) // first: it looks at the files undo removes
	m.undo(path)
	return err
}

// undo removes what prepareFile created and the companion files SQLite
// created next to a new database; an existing database is left alone.
func (m made) undo(path string) {
	if m.file {
		for _, suffix := range companionSuffixes {
			if !m.companions[path+suffix] {
				os.Remove(path + suffix)
			}
		}
		os.Remove(path)
	}
	for i := len(m.dirs) - 1; i >= 0; i-- {
		os.Remove(m.dirs[i]) // fails, as it should, on what is not empty
	}
}

// newFilePragmas set up a new, empty database file. A page size can be
// chosen only before the file is first written, and the writer's DSN puts
// it in WAL mode as soon as it connects, so this runs first, on a
// connection of its own. Pages of 16 KiB make a bulk insert (an import of
// 100,000 assets) about a tenth faster than the default 4 KiB: fewer
// pages to split and balance, fewer writes to the WAL.
const newFilePragmas = `PRAGMA page_size = 16384; PRAGMA journal_mode = WAL`

// initFile gives a new file its page size. It is a speed-up, not a need:
// when it fails (another process opening the same new file took it first,
// say) the file keeps the default size, and a real problem with the file
// is reported by the connections that follow.
func initFile(path string) {
	db, err := sql.Open("sqlite", fileURI(path))
	if err != nil {
		return
	}
	defer db.Close()
	_, _ = db.Exec(newFilePragmas) // see above
}

// tightenSidecars gives the -wal and -shm files the database file's mode
// when the database file has sunset's mode. SQLite already creates them
// with the database's mode; this also covers files left by an older run.
func tightenSidecars(path string) error {
	st, err := os.Stat(path)
	if err != nil {
		return err
	}
	if st.Mode().Perm() != fileMode {
		return nil
	}
	for _, suffix := range []string{"-wal", "-shm"} {
		err := os.Chmod(path+suffix, fileMode)
		if err != nil && !errors.Is(err, fs.ErrNotExist) {
			return err
		}
	}
	return nil
}

// openExisting stops SQLite from creating the database file: prepareFile
// made it, and if it went missing since, SQLite must not make one without
// sunset's checks and mode.
const openExisting = "mode=rw"

// Every connection gets these pragmas, busy_timeout first so that the
// others wait for a lock instead of failing. The driver applies them in
// this order on each new connection of the pool.
const connPragmas = "_pragma=busy_timeout(5000)&_pragma=foreign_keys(1)&_pragma=journal_mode(WAL)&_pragma=synchronous(FULL)"

// writerDSN makes every transaction of the writer begin IMMEDIATE: it takes
// the write lock up front (waiting under busy_timeout) rather than failing
// with "database is locked" when a read turns into a write.
//
// Its page cache may grow to 8 MiB. A larger one keeps more of a big
// transaction's pages until the commit, but was measured no faster: an
// import of 100,000 assets or a check of 65,536 addresses writes mostly new
// pages at the ends of tables and indexes, which SQLite may as well spill
// to the WAL early. 64 MiB cost the import about 100 MB more peak memory
// and the check about 25 MB, for nothing.
//
// temp_store(MEMORY) keeps the statement journal of a multi-row INSERT in
// memory: in a temporary file, every page a statement first touches would
// cost a write system call.
func writerDSN(path string) string {
	return fileURI(path) + "?" + openExisting + "&" + connPragmas + "&_pragma=cache_size(-8192)&_pragma=temp_store(MEMORY)&_txlock=immediate"
}

// readerDSN adds query_only, so that nothing can write through the read
// pool.
func readerDSN(path string) string {
	return fileURI(path) + "?" + openExisting + "&" + connPragmas + "&_pragma=query_only(1)"
}

// fileURI turns an absolute path into a file: URI, escaping what would
// otherwise end the path ('?', '#', '%').
func fileURI(path string) string {
	return (&url.URL{Scheme: "file", Path: filepath.ToSlash(path)}).String()
}

func unavailable(path string, err error) error {
	return &inventory.Error{Kind: inventory.ErrUnavailable, Msg: fmt.Sprintf("cannot open database %s", path), Err: err}
}
