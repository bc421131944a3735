package main

import (
	"os"
	"path/filepath"
	"runtime/debug"
	"testing"
)

func TestImportMemoryLimitGrowsWithTheInput(t *testing.T) {
	if got := importMemoryLimit(15 << 20); got != 150<<20 {
		t.Errorf("limit for 15 MiB: %d, want 150 MiB", got)
	}
	if got := importMemoryLimit(100 << 20); got != 1000<<20 {
		t.Errorf("limit for 100 MiB: %d, want ten times the input", got)
	}
}

func TestTuneMemoryForImportYieldsToTheEnvironment(t *testing.T) {
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
	tuneMemoryForImport([]string{big, big}, func(k string) string { return map[string]string{"GOGC": "50"}[k] })
	if got := debug.SetMemoryLimit(-1); got != 1<<40 {
		t.Errorf("with GOGC set the limit changed to %d", got)
	}
	tuneMemoryForImport([]string{big, big, big + ".missing"}, func(string) string { return "" })
	if got := debug.SetMemoryLimit(-1); got != 400<<20 {
		t.Errorf("limit %d, want ten times the 40 MiB of input", got)
	}
	if got := debug.SetGCPercent(100); got != -1 {
		t.Errorf("GC percent %d, want the collector to wait for the limit", got)
	}
}
