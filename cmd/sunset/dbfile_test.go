package main

import (
	"bytes"
	"crypto/sha256"
	"database/sql"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	_ "modernc.org/sqlite" // to find a page of the assets table
)

// Tests of the database file: which paths sunset refuses, when it creates
// a database, what it does with a damaged one, and what a failed first
// open leaves behind. Those about other users run as root, and run the
// binary as nobody where root's disregard of file modes would hide the
// problem.

const nobodyID = 65534

func needRoot(t *testing.T) {
	t.Helper()
	if os.Geteuid() != 0 {
		t.Skip("needs root: makes files of other users and runs sunset as nobody")
	}
}

func TestReadOnAMissingDatabaseCreatesNothing(t *testing.T) {
	e := newEnv(t)
	dir := filepath.Join(e.dir, "x")
	db := filepath.Join(dir, "typo.db")
	for _, cmd := range [][]string{{"asset", "list"}, {"findings"}} {
		e.fails(2, []string{"no inventory at " + db + ":", "--db", "SUNSET_DB", "commands that write create one"},
			append(cmd, "--db", db)...)
	}
	if _, err := os.Stat(dir); !errors.Is(err, fs.ErrNotExist) {
		t.Fatalf("a read left %s behind (%v)", dir, err)
	}
}

func TestFirstWriteCreatesTheDatabaseAndSaysSoOnce(t *testing.T) {
	e := newEnv(t)
	r := e.ok("asset", "add", "--tag", "A-1", "--hostname", "a1")
	if want := "sunset: created a new inventory at " + e.db + "\n"; r.stderr != want {
		t.Fatalf("stderr %q, want %q", r.stderr, want)
	}
	for path, want := range map[string]fs.FileMode{e.db: 0o600, filepath.Dir(e.db): 0o700} {
		st, err := os.Stat(path)
		if err != nil {
			t.Fatal(err)
		}
		if st.Mode().Perm() != want {
			t.Errorf("%s: mode %v, want %v", path, st.Mode().Perm(), want)
		}
	}
	if r := e.ok("asset", "add", "--tag", "A-2", "--hostname", "a2"); r.stderr != "" {
		t.Fatalf("second write: stderr %q, want nothing", r.stderr)
	}
}

// TestSymlinksAreRefused: a link at the database's path, or at its -wal's,
// would turn the file it points to into a database.
func TestSymlinksAreRefused(t *testing.T) {
	e := newEnv(t)
	victim := filepath.Join(e.dir, "victim")
	mustWrite(t, victim, "")
	mustMkdir(t, filepath.Dir(e.db))
	mustSymlink(t, victim, e.db)
	e.fails(2, []string{e.db, "symbolic link"}, "asset", "add", "--tag", "A-1", "--hostname", "a1")
	e.fails(2, []string{e.db, "symbolic link"}, "asset", "list")

	os.Remove(e.db)
	e.ok("asset", "add", "--tag", "A-1", "--hostname", "a1")
	mustSymlink(t, victim, e.db+"-wal")
	e.fails(2, []string{e.db + "-wal", "symbolic link"}, "asset", "add", "--tag", "A-2", "--hostname", "a2")
	if st, err := os.Stat(victim); err != nil || st.Size() != 0 {
		t.Fatalf("the file the links point to was written: %v, %d bytes", err, st.Size())
	}
}

func TestAnotherUsersDatabaseIsRefused(t *testing.T) {
	needRoot(t)
	e := newEnv(t)
	e.ok("asset", "add", "--tag", "A-1", "--hostname", "a1")
	before := fileHash(t, e.db)

	mustChown(t, e.db, nobodyID)
	e.fails(2, []string{e.db, "belongs to nobody (uid 65534)", "not to root"}, "asset", "add", "--tag", "A-2", "--hostname", "a2")
	mustChown(t, e.db, 0)

	// nobody may pass through the directories, and finds root's database.
	openUp(t, filepath.Dir(e.dir), e.dir, filepath.Dir(e.db))
	r := runAsNobody(t, e.db, "asset", "list")
	wantOneLine(t, r, 2, e.db, "belongs to root (uid 0)", "not to nobody")
	if fileHash(t, e.db) != before {
		t.Fatal("the database was changed")
	}
}

// TestRootCreatesNothingInAnotherUsersDirectory: that user could swap
// root's new files for links, so root refuses, directly in the directory,
// below it, or through a link of that user's.
func TestRootCreatesNothingInAnotherUsersDirectory(t *testing.T) {
	needRoot(t)
	e := newEnv(t)
	alice := filepath.Join(e.dir, "alice")
	mustMkdir(t, alice)
	mustChown(t, alice, nobodyID)
	for _, db := range []string{filepath.Join(alice, "sunset.db"), filepath.Join(alice, "new", "sunset.db")} {
		e.fails(2, []string{db, "directory " + alice, "belongs to nobody", "only directories that belong to root"},
			"asset", "add", "--tag", "A-1", "--hostname", "a1", "--db", db)
	}
	if names := dirNames(t, alice); len(names) != 0 {
		t.Fatalf("root left %v in another user's directory", names)
	}

	// Another user's link in a directory anyone may write, like /tmp.
	rootsDir := filepath.Join(e.dir, "etc")
	mustMkdir(t, rootsDir)
	victim := filepath.Join(rootsDir, "victim")
	mustWrite(t, victim, "")
	link := filepath.Join(e.dir, "link")
	mustSymlink(t, rootsDir, link)
	if err := os.Lchown(link, nobodyID, nobodyID); err != nil {
		t.Fatal(err)
	}
	e.fails(2, []string{"directory " + link + " belongs to nobody"},
		"asset", "add", "--tag", "A-1", "--hostname", "a1", "--db", filepath.Join(link, "victim"))
	if st, err := os.Stat(victim); err != nil || st.Size() != 0 {
		t.Fatalf("the file behind another user's link was written: %v", err)
	}
}

// TestDamagedDatabaseRefusesWrites damages a page in the middle of the
// assets table, which adding an asset or setting the policy never reads.
func TestDamagedDatabaseRefusesWrites(t *testing.T) {
	e := newEnv(t)
	var csv strings.Builder
	csv.WriteString("Asset Tag,Computer Name,IP Address\n")
	for i := range 2000 {
		fmt.Fprintf(&csv, "T-%04d,host-%04d,127.1.%d.%d\n", i, i, i/250, i%250+1)
	}
	file := filepath.Join(e.dir, "assets.csv")
	mustWrite(t, file, csv.String())
	e.ok("import", file)
	damagePage(t, e.db, middleLeafOf(t, e.db, "assets"))
	before := fileHash(t, e.db)

	want := []string{"the database at " + e.db + " is damaged", "sunset will not write to it",
		"sqlite3 " + e.db + " .recover > recovered.sql", "restore the last backup"}
	e.fails(2, want, "asset", "add", "--tag", "NEW-1", "--hostname", "new-1")
	e.fails(2, want, "policy", "set", "idle.after", "30d")
	if fileHash(t, e.db) != before {
		t.Fatal("a write changed the damaged database")
	}
}

func TestFailedFirstOpenNamesTheFileAndLeavesNothing(t *testing.T) {
	needRoot(t)
	add := []string{"asset", "add", "--tag", "A-1", "--hostname", "a1"}
	t.Run("directory not writable", func(t *testing.T) {
		dir := filepath.Join(nobodysTempDir(t), "roots")
		mustMkdir(t, dir)
		openUp(t, dir)
		for _, db := range []string{filepath.Join(dir, "sunset.db"), filepath.Join(dir, "new", "sunset.db")} {
			r := runAsNobody(t, db, add...)
			wantOneLine(t, r, 2, db, "directory "+dir+" is not writable by nobody")
		}
		if names := dirNames(t, dir); len(names) != 0 {
			t.Fatalf("left %v", names)
		}
	})
	t.Run("read-only -wal", func(t *testing.T) {
		dir := filepath.Join(nobodysTempDir(t), "nobodys")
		mustMkdir(t, dir)
		mustChown(t, dir, nobodyID)
		db := filepath.Join(dir, "sunset.db")
		mustWrite(t, db+"-wal", "")
		mustChown(t, db+"-wal", nobodyID)
		if err := os.Chmod(db+"-wal", 0o400); err != nil {
			t.Fatal(err)
		}
		r := runAsNobody(t, db, add...)
		wantOneLine(t, r, 2, db+"-wal is not writable by nobody")
		if names := dirNames(t, dir); len(names) != 1 || names[0] != "sunset.db-wal" {
			t.Fatalf("left %v, want only the -wal that was there", names)
		}
	})
	t.Run("-wal cannot be created", func(t *testing.T) {
		e := newEnv(t)
		mustMkdir(t, e.db+"-wal") // stops root too
		e.fails(2, []string{e.db + "-wal is not a regular file"}, add...)
		if names := dirNames(t, filepath.Dir(e.db)); len(names) != 1 || names[0] != "sunset.db-wal" {
			t.Fatalf("left %v, want only the -wal directory", names)
		}
	})
	t.Run("disk full", func(t *testing.T) {
		e := newEnv(t)
		disk := filepath.Join(e.dir, "disk")
		mustMkdir(t, disk)
		if out, err := exec.Command("mount", "-t", "tmpfs", "-o", "size=64k", "tmpfs", disk).CombinedOutput(); err != nil {
			t.Skipf("cannot mount a small tmpfs: %v %s", err, out)
		}
		t.Cleanup(func() { exec.Command("umount", disk).Run() })
		db := filepath.Join(disk, "data", "sunset.db")
		e.fails(2, []string{"cannot write database " + db, "is full"}, append(add, "--db", db)...)
		if names := dirNames(t, disk); len(names) != 0 {
			t.Fatalf("left %v", names)
		}
	})
}

// runAsNobody runs a copy of sunset that nobody can execute, as nobody,
// on db.
func runAsNobody(t *testing.T, db string, args ...string) result {
	t.Helper()
	bin := filepath.Join(nobodysTempDir(t), "sunset")
	copyExecutable(t, sunsetBin, bin)
	cmd := exec.Command(bin, args...)
	cmd.Env = append(os.Environ(), "SUNSET_DB="+db, "SUNSET_ACTOR=tester", "HOME=/nonexistent")
	cmd.SysProcAttr = &syscall.SysProcAttr{Credential: &syscall.Credential{Uid: nobodyID, Gid: nobodyID}}
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	err := cmd.Run()
	var ee *exec.ExitError
	if err != nil && !errors.As(err, &ee) {
		t.Fatalf("running sunset as nobody: %v", err)
	}
	return result{cmd.ProcessState.ExitCode(), out.String(), errb.String()}
}

// wantOneLine checks the exit code and that stderr is one line holding
// every word of want.
func wantOneLine(t *testing.T, r result, code int, want ...string) {
	t.Helper()
	if r.code != code || strings.Count(r.stderr, "\n") != 1 || !strings.HasPrefix(r.stderr, "sunset: ") {
		t.Fatalf("exit %d, stderr %q; want exit %d and one line", r.code, r.stderr, code)
	}
	for _, w := range want {
		if !strings.Contains(r.stderr, w) {
			t.Errorf("stderr %q lacks %q", r.stderr, w)
		}
	}
}

// middleLeafOf is the number of a leaf page in the middle of table.
func middleLeafOf(t *testing.T, db, table string) int64 {
	t.Helper()
	conn, err := sql.Open("sqlite", "file:"+db+"?mode=ro")
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	var pages []int64
	rows, err := conn.Query(`SELECT pageno FROM dbstat WHERE name = ? AND pagetype = 'leaf' ORDER BY pageno`, table)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	for rows.Next() {
		var p int64
		if err := rows.Scan(&p); err != nil {
			t.Fatal(err)
		}
		pages = append(pages, p)
	}
	if len(pages) < 3 {
		t.Fatalf("table %s has %d leaf pages; the test needs one in the middle", table, len(pages))
	}
	return pages[len(pages)/2]
}

// damagePage overwrites the start of a page, its b-tree header, with
// bytes no page has there.
func damagePage(t *testing.T, db string, page int64) {
	t.Helper()
	f, err := os.OpenFile(db, os.O_RDWR, 0)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	header := make([]byte, 2)
	if _, err := f.ReadAt(header, 16); err != nil {
		t.Fatal(err)
	}
	pageSize := int64(header[0])<<8 | int64(header[1])
	if _, err := f.WriteAt(bytes.Repeat([]byte{0xa5}, 64), (page-1)*pageSize); err != nil {
		t.Fatal(err)
	}
}

func fileHash(t *testing.T, path string) [sha256.Size]byte {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return sha256.Sum256(b)
}

// nobodysTempDir is a t.TempDir that nobody may pass through.
func nobodysTempDir(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	openUp(t, filepath.Dir(dir), dir)
	return dir
}

// openUp lets other users through dirs, which t.TempDir makes 0700.
func openUp(t *testing.T, dirs ...string) {
	t.Helper()
	for _, d := range dirs {
		if err := os.Chmod(d, 0o755); err != nil {
			t.Fatal(err)
		}
	}
}

func copyExecutable(t *testing.T, from, to string) {
	t.Helper()
	src, err := os.Open(from)
	if err != nil {
		t.Fatal(err)
	}
	defer src.Close()
	dst, err := os.OpenFile(to, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o755)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := io.Copy(dst, src); err != nil {
		t.Fatal(err)
	}
	if err := dst.Close(); err != nil {
		t.Fatal(err)
	}
}

func dirNames(t *testing.T, dir string) []string {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	return names
}

func mustWrite(t *testing.T, path, content string) {
	t.Helper()
	if err := os.WriteFile(path, []byte(content), 0o600); err != nil {
		t.Fatal(err)
	}
}

func mustMkdir(t *testing.T, dir string) {
	t.Helper()
	if err := os.MkdirAll(dir, 0o700); err != nil {
		t.Fatal(err)
	}
}

func mustSymlink(t *testing.T, target, link string) {
	t.Helper()
	if err := os.Symlink(target, link); err != nil {
		t.Fatal(err)
	}
}

func mustChown(t *testing.T, path string, uid int) {
	t.Helper()
	if err := os.Chown(path, uid, uid); err != nil {
		t.Fatal(err)
	}
}
