package tui

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/charmbracelet/lipgloss"
	"github.com/muesli/termenv"
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

func TestNoColorMeansTheASCIIProfile(t *testing.T) {
	defer lipgloss.SetColorProfile(lipgloss.ColorProfile())
	lipgloss.SetColorProfile(termenv.TrueColor)
	applyEnv(func(k string) string { return map[string]string{"GOMEMLIMIT": "1GiB"}[k] })
	if lipgloss.ColorProfile() != termenv.TrueColor {
		t.Fatal("colours were turned off without NO_COLOR")
	}
	applyEnv(func(k string) string { return map[string]string{"NO_COLOR": "1"}[k] })
	if lipgloss.ColorProfile() != termenv.Ascii {
		t.Fatal("NO_COLOR did not turn colours off")
	}
	// Without colour, the cursor row is still marked.
	s := openStore(t)
	seedInventory(t, s)
	m := keys(t, loaded(t, s, Options{}, 100, 20), "2")
	if !strings.Contains(m.View(), "› A-0001") {
		t.Fatal("the cursor row is not marked without colour")
	}
}
