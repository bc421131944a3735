package main

import (
	"os"
	"path/filepath"
	"runtime/debug"
	"testing"

	"github.com/sunset-tui/sunset/tui"
)

func TestImportMemoryLimitGrowsWithTheWork(t *testing.T) {
	for _, c := range []struct {
		input    int64
		existing int
		want     int64
	}{
		{15 << 20, 0, 150 << 20},
		{100 << 20, 0, 1000 << 20},
		{1 << 20, 100000, 10<<20 + 100000*4<<10},
	} {
		if got := importMemoryLimit(c.input, c.existing); got != c.want {
			t.Errorf("limit for %d bytes into %d assets: %d, want %d", c.input, c.existing, got, c.want)
		}
	}
}

func TestTuneMemoryForImportYieldsAndRestores(t *testing.T) {
	defer debug.SetGCPercent(debug.SetGCPercent(100))
	defer debug.SetMemoryLimit(debug.SetMemoryLimit(-1))
	big := filepath.Join(t.TempDir(), "big.csv")
	if err := os.WriteFile(big, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.Truncate(big, 20<<20); err != nil {
		t.Fatal(err)
	}
	debug.SetMemoryLimit(1 << 40)
	tuneMemoryForImport([]string{big, big}, 0, func(k string) string { return map[string]string{"GOGC": "50"}[k] })()
	if got := debug.SetMemoryLimit(-1); got != 1<<40 {
		t.Errorf("with GOGC set the limit changed to %d", got)
	}
	restore := tuneMemoryForImport([]string{big, big, big + ".missing"}, 0, func(string) string { return "" })
	if got := debug.SetMemoryLimit(-1); got != 400<<20 {
		t.Errorf("limit %d, want ten times the 40 MiB of input", got)
	}
	if got := debug.SetGCPercent(-1); got != -1 {
		t.Errorf("GC percent %d, want the collector to wait for the limit", got)
	}
	restore()
	if got := debug.SetMemoryLimit(-1); got != 1<<40 {
		t.Errorf("after the import the limit is %d, want the one before", got)
	}
	if got := debug.SetGCPercent(-1); got != 100 {
		t.Errorf("after the import the GC percent is %d, want the one before", got)
	}
}

func TestTuneMemoryForTUIYieldsToTheEnvironment(t *testing.T) {
	defer debug.SetMemoryLimit(debug.SetMemoryLimit(-1))
	debug.SetMemoryLimit(1 << 40)
	tuneMemoryForTUI(func(k string) string { return map[string]string{"GOMEMLIMIT": "1GiB"}[k] })
	if got := debug.SetMemoryLimit(-1); got != 1<<40 {
		t.Errorf("with GOMEMLIMIT set the limit changed to %d", got)
	}
	tuneMemoryForTUI(func(string) string { return "" })
	if got := debug.SetMemoryLimit(-1); got != tui.MemoryLimit {
		t.Errorf("limit %d, want the TUI's %d", got, tui.MemoryLimit)
	}
}
