package main

import (
	"os"
	"runtime/debug"

	"github.com/sunset-tui/sunset/tui"
)

// importMemoryLimit is the soft memory limit of an import of files of
// inputBytes in all into an inventory of existing assets: an import
// allocates several times its input and keeps little of it, so the
// collector waits until the heap nears the limit instead of running each
// time the heap doubles, which cost a large import a tenth of its time,
// most of it spent waiting for a processor the collector held. The limit
// grows with what the import holds at once (about four to five times its
// input, and each existing asset it matches rows against), so that a large
// import is not collected over and over.
func importMemoryLimit(inputBytes int64, existing int) int64 {
	return max(150<<20, 10*inputBytes+4<<10*int64(existing))
}

// tuneMemoryForImport applies importMemoryLimit, with the collector
// running only near the limit, unless GOGC or GOMEMLIMIT says otherwise.
// It returns what puts the collector back as it was.
func tuneMemoryForImport(files []string, existing int, getenv func(string) string) (restore func()) {
	if getenv("GOGC") != "" || getenv("GOMEMLIMIT") != "" {
		return func() {}
	}
	var total int64
	for _, f := range files {
		if info, err := os.Stat(f); err == nil {
			total += info.Size()
		}
	}
	percent := debug.SetGCPercent(-1)
	limit := debug.SetMemoryLimit(importMemoryLimit(total, existing))
	return func() {
		debug.SetGCPercent(percent)
		debug.SetMemoryLimit(limit)
	}
}

// tuneMemoryForTUI gives the Go runtime the soft memory limit the TUI
// wants, unless GOMEMLIMIT says otherwise.
func tuneMemoryForTUI(getenv func(string) string) {
	if getenv("GOMEMLIMIT") == "" {
		debug.SetMemoryLimit(tui.MemoryLimit)
	}
}
