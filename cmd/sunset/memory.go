package main

import (
	"runtime/debug"
	"strconv"
	"strings"

	"github.com/sunset-tui/sunset/tui"
)

// bulkHeap is the soft memory limit of work that goes through much of
// the inventory (an import, findings, due, the report, a list or export of
// every asset) when the machine has memory to spare. Such work holds a
// batch or a chunk of assets at a time, about 60 MB whatever the size of
// the inventory, so the limit does not grow with it; the collector waits
// until the heap nears it instead of running each time the heap doubles.
// Measured at 1,000,000 assets on 2 cores: findings 6.7 → 5.3 s, due
// 7.1 → 6.1 s; an import of 100,000 rows used about 6% less CPU time. A
// limit much nearer what the work holds (96 MiB) costs as much as the
// default.
const bulkHeap = 128 << 20

// bulkMemoryLimit is the soft memory limit of bulk work on a machine, or
// in a cgroup, that has available bytes of memory: bulkHeap, or a quarter
// of what is available when that is less, so that a small machine or
// container is not pushed into swap or its OOM killer by a collector told
// to wait.
func bulkMemoryLimit(available int64) int64 {
	if available <= 0 {
		return bulkHeap
	}
	return min(bulkHeap, available/4)
}

// tuneMemoryForBulk applies bulkMemoryLimit, with the collector running
// only near the limit, unless GOGC or GOMEMLIMIT says otherwise. It
// returns what puts the collector back as it was.
func tuneMemoryForBulk(getenv func(string) string, readFile func(string) ([]byte, error)) (restore func()) {
	if getenv("GOGC") != "" || getenv("GOMEMLIMIT") != "" {
		return func() {}
	}
	percent := debug.SetGCPercent(-1)
	limit := debug.SetMemoryLimit(bulkMemoryLimit(availableMemory(readFile)))
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
