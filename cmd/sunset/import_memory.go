package main

import (
	"os"
	"runtime/debug"
)

// importMemoryLimit is the soft memory limit of an import of files of
// inputBytes in all: an import allocates several times its input and keeps
// little of it, so the collector waits until the heap nears the limit
// instead of running each time the heap doubles, which cost a large import
// a tenth of its time, most of it spent waiting for a processor the
// collector held. The limit grows with the input (an import holds about
// four to five times its input at once), so that a large file is not
// collected over and over.
func importMemoryLimit(inputBytes int64) int64 {
	return max(150<<20, 10*inputBytes)
}

// tuneMemoryForImport applies importMemoryLimit, with the collector
// running only near the limit, unless GOGC or GOMEMLIMIT says otherwise.
func tuneMemoryForImport(files []string, getenv func(string) string) {
	if getenv("GOGC") != "" || getenv("GOMEMLIMIT") != "" {
		return
	}
	var total int64
	for _, f := range files {
		if info, err := os.Stat(f); err == nil {
			total += info.Size()
		}
	}
	debug.SetGCPercent(-1)
	debug.SetMemoryLimit(importMemoryLimit(total))
}
