package main

import (
	"runtime/debug"
	"strconv"
	"strings"

	"github.com/sunset-tui/sunset/tui"
)

// importHeap is the soft memory limit an import runs under when the
// machine has memory to spare. An import streams its files a batch at a
// time and holds about 60 MB whatever their size, so the limit does not
// grow with them; the collector waits until the heap nears it instead of
// running each time the heap doubles, which measured about 6% more CPU
// time for an import of 100,000 rows. A limit much nearer what the import
// holds (96 MiB) costs as much as the default.
const importHeap = 128 << 20

// importMemoryLimit is the soft memory limit of an import on a machine, or
// in a cgroup, that has available bytes of memory: importHeap, or a
// quarter of what is available when that is less, so that a small
// machine or container is not pushed into swap or its OOM killer by a
// collector told to wait.
func importMemoryLimit(available int64) int64 {
	if available <= 0 {
		return importHeap
	}
	return min(importHeap, available/4)
}

// tuneMemoryForImport applies importMemoryLimit, with the collector
// running only near the limit, unless GOGC or GOMEMLIMIT says otherwise.
// It returns what puts the collector back as it was.
func tuneMemoryForImport(getenv func(string) string, readFile func(string) ([]byte, error)) (restore func()) {
	if getenv("GOGC") != "" || getenv("GOMEMLIMIT") != "" {
		return func() {}
	}
	percent := debug.SetGCPercent(-1)
	limit := debug.SetMemoryLimit(importMemoryLimit(availableMemory(readFile)))
	return func() {
		debug.SetGCPercent(percent)
		debug.SetMemoryLimit(limit)
	}
}

// Where Linux says how much memory there is: the machine's, and the
// limit of the cgroup sunset runs in (version 2, then version 1).
const (
	memInfoPath  = "/proc/meminfo"
	cgroupV2Max  = "/sys/fs/cgroup/memory.max"
	cgroupV1Max  = "/sys/fs/cgroup/memory/memory.limit_in_bytes"
	noMemoryInfo = 0
)

// availableMemory is the least of the machine's memory and its cgroup's
// limits, in bytes, or 0 when none can be read.
func availableMemory(readFile func(string) ([]byte, error)) int64 {
	least := int64(noMemoryInfo)
	consider := func(n int64) {
		if n > 0 && (least == noMemoryInfo || n < least) {
			least = n
		}
	}
	if b, err := readFile(memInfoPath); err == nil {
		consider(memTotal(string(b)))
	}
	for _, p := range []string{cgroupV2Max, cgroupV1Max} {
		if b, err := readFile(p); err == nil {
			// "max" (version 2) and a huge number (version 1) say there
			// is no limit; either way the machine's memory is less.
			n, _ := strconv.ParseInt(strings.TrimSpace(string(b)), 10, 64)
			consider(n)
		}
	}
	return least
}

// memTotal reads MemTotal from the text of /proc/meminfo, in bytes.
func memTotal(meminfo string) int64 {
	for _, line := range strings.Split(meminfo, "\n") {
		if rest, ok := strings.CutPrefix(line, "MemTotal:"); ok {
			kb, _ := strconv.ParseInt(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(rest), "kB")), 10, 64)
			return kb << 10
		}
	}
	return 0
}

// tuneMemoryForTUI gives the Go runtime the soft memory limit the TUI
// wants, unless GOMEMLIMIT says otherwise.
func tuneMemoryForTUI(getenv func(string) string) {
	if getenv("GOMEMLIMIT") == "" {
		debug.SetMemoryLimit(tui.MemoryLimit)
	}
}
