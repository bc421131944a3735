package sqlite

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	"github.com/sunset-tui/sunset/inventory"
)

func mode(t *testing.T, path string) os.FileMode {
	t.Helper()
	st, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	return st.Mode().Perm()
}

// TestFileModesWhateverTheUmask opens a new database in a missing
// directory under a permissive umask and under one that would strip the
// owner's write bit, and finds the directory 0700 and the database, its
// -wal and its -shm 0600 both times.
func TestFileModesWhateverTheUmask(t *testing.T) {
	for _, umask := range []int{0o000, 0o022, 0o277} {
		t.Run(fmt.Sprintf("umask%04o", umask), func(t *testing.T) {
			dir := filepath.Join(t.TempDir(), "data")
			path := filepath.Join(dir, "sunset.db")
			old := syscall.Umask(umask)
			s, err := Open(path, Options{Actor: "t"})
			syscall.Umask(old)
			if err != nil {
				t.Fatal(err)
			}
			defer s.Close()
			if err := s.Update(context.Background(), func(w inventory.Writer) error {
				return w.CreateAsset(context.Background(), &inventory.Asset{Tag: "A"}, "")
			}); err != nil {
				t.Fatal(err)
			}
			if m := mode(t, dir); m != 0o700 {
				t.Errorf("directory mode %v, want 0700", m)
			}
			for _, f := range []string{path, path + "-wal", path + "-shm"} {
				if m := mode(t, f); m != 0o600 {
					t.Errorf("%s mode %v, want 0600", filepath.Base(f), m)
				}
			}
		})
	}
}

// TestExistingDirectoryKeepsItsMode: sunset tightens only what it creates.
func TestExistingDirectoryKeepsItsMode(t *testing.T) {
	dir := t.TempDir()
	if err := os.Chmod(dir, 0o750); err != nil {
		t.Fatal(err)
	}
	s, err := Open(filepath.Join(dir, "sunset.db"), Options{})
	if err != nil {
		t.Fatal(err)
	}
	s.Close()
	if m := mode(t, dir); m != 0o750 {
		t.Fatalf("existing directory mode changed to %v", m)
	}
	if m := mode(t, filepath.Join(dir, "sunset.db")); m != 0o600 {
		t.Fatalf("database mode %v, want 0600", m)
	}
}

// TestUnwritablePathIsUnavailableNamingIt uses a regular file where a
// directory should be, which stops root as well as anyone else.
func TestUnwritablePathIsUnavailableNamingIt(t *testing.T) {
	blocker := filepath.Join(t.TempDir(), "not-a-dir")
	if err := os.WriteFile(blocker, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	for _, path := range []string{
		filepath.Join(blocker, "sunset.db"),
		filepath.Join(blocker, "deeper", "sunset.db"),
		t.TempDir(), // a directory, not a file
	} {
		_, err := Open(path, Options{})
		if !inventory.IsKind(err, inventory.ErrUnavailable) {
			t.Fatalf("Open(%s) = %v, want an unavailable error", path, err)
		}
		if !strings.Contains(err.Error(), path) {
			t.Fatalf("error %q does not name %s", err, path)
		}
	}
	if _, err := Open("", Options{}); !inventory.IsKind(err, inventory.ErrUnavailable) {
		t.Fatalf("Open(\"\") = %v, want an unavailable error", err)
	}
}

// TestMustExistCreatesNothing: opening a missing database to read makes
// no file and no directory.
func TestMustExistCreatesNothing(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "typo")
	path := filepath.Join(dir, "sunset.db")
	_, err := Open(path, Options{MustExist: true})
	if !inventory.IsKind(err, inventory.ErrNotFound) || err.Error() != "no inventory at "+path {
		t.Fatalf("Open of a missing database = %v, want not found naming it", err)
	}
	if _, err := os.Stat(dir); !errors.Is(err, fs.ErrNotExist) {
		t.Fatalf("%s was made: %v", dir, err)
	}
	for _, created := range []bool{true, false} {
		s, err := Open(path, Options{})
		if err != nil {
			t.Fatal(err)
		}
		if s.Created() != created {
			t.Errorf("Created() = %v, want %v", s.Created(), created)
		}
		s.Close()
	}
}

// TestNotADatabaseIsUnavailable: a file that is not SQLite is refused,
// not overwritten.
func TestNotADatabaseIsUnavailable(t *testing.T) {
	path := filepath.Join(t.TempDir(), "notes.txt")
	text := strings.Repeat("not a database\n", 100)
	if err := os.WriteFile(path, []byte(text), 0o600); err != nil {
		t.Fatal(err)
	}
	_, err := Open(path, Options{})
	if !inventory.IsKind(err, inventory.ErrUnavailable) || !strings.Contains(err.Error(), path+": it is not a SQLite database") {
		t.Fatalf("Open = %v, want an unavailable error naming the file", err)
	}
	if b, _ := os.ReadFile(path); string(b) != text {
		t.Fatal("the file was changed")
	}
}

// TestOddPathCharacters: '?', '#' and '%' in a path name a file, not URI
// parameters.
func TestOddPathCharacters(t *testing.T) {
	path := filepath.Join(t.TempDir(), "odd ?x=1 #frag 100%", "sunset.db")
	s, err := Open(path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if _, err := os.Stat(path); err != nil {
		t.Fatalf("database not at %s: %v", path, err)
	}
	if s.Location() != path {
		t.Fatalf("Location = %q, want %q", s.Location(), path)
	}
	if _, err := s.Revision(context.Background()); err != nil {
		t.Fatal(err)
	}
}

func TestDefaultPathFollowsXDG(t *testing.T) {
	t.Setenv("XDG_DATA_HOME", "/srv/xdg")
	t.Setenv("HOME", "/home/someone")
	if got, err := DefaultPath(); err != nil || got != "/srv/xdg/sunset/sunset.db" {
		t.Fatalf("with XDG_DATA_HOME: %q, %v", got, err)
	}
	for _, v := range []string{"", "relative/dir"} {
		t.Setenv("XDG_DATA_HOME", v)
		if got, err := DefaultPath(); err != nil || got != "/home/someone/.local/share/sunset/sunset.db" {
			t.Fatalf("with XDG_DATA_HOME=%q: %q, %v", v, got, err)
		}
	}
}

// Discard takes back a database Open made, with the files SQLite made
// beside it and the directories made for it; a database Open found is
// only closed.
func TestDiscardTakesBackOnlyWhatOpenMade(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "new", "sunset.db")
	s, err := Open(path, Options{Actor: "tester"})
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Discard(); err != nil {
		t.Fatal(err)
	}
	for _, gone := range []string{path, path + "-wal", path + "-shm", filepath.Dir(path)} {
		if _, err := os.Lstat(gone); !errors.Is(err, fs.ErrNotExist) {
			t.Errorf("%s is still there after Discard: %v", gone, err)
		}
	}

	found := filepath.Join(dir, "found.db")
	if s, err = Open(found, Options{Actor: "tester"}); err != nil {
		t.Fatal(err)
	}
	s.Close()
	if s, err = Open(found, Options{Actor: "tester"}); err != nil {
		t.Fatal(err)
	}
	if err := s.Discard(); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Lstat(found); err != nil {
		t.Errorf("a database Open found went with Discard: %v", err)
	}
}
