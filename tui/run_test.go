package tui

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestLogGoesToAPrivateFileInItsDirectory(t *testing.T) {
	path := filepath.Join(t.TempDir(), "state", "sunset", "tui.log")
	logger, closeLog, err := openLog(path)
	if err != nil {
		t.Fatal(err)
	}
	logger.Error("could not load", "err", "disk full")
	closeLog()
	data, err := os.ReadFile(path)
	if err != nil || !strings.Contains(string(data), "disk full") {
		t.Fatalf("log file: %q, %v", data, err)
	}
	for p, want := range map[string]os.FileMode{path: 0o600, filepath.Dir(path): 0o700} {
		if fi, err := os.Stat(p); err != nil || fi.Mode().Perm() != want {
			t.Errorf("%s: mode %v, want %v (%v)", p, fi.Mode().Perm(), want, err)
		}
	}
	if _, _, err := openLog(filepath.Join(path, "under-a-file.log")); err == nil {
		t.Error("a log path that cannot be created is not an error")
	}
}
