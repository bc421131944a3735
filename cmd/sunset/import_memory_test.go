package main

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// memoryChildEnv, when set, makes TestImportMemoryChild import the file it
// names, into the database SUNSET_DB names, and print its peak resident
// memory.
const memoryChildEnv = "SUNSET_IMPORT_MEMORY_CHILD"

// importMemoryLimitForTest is the soft memory limit the child runs under
// (GOMEMLIMIT, which sunset's own setting yields to): what the import
// holds must stay under it, so that the collector keeps the peak there
// whatever the file's size.
const importMemoryLimitForTest = "64MiB"

// TestImportPeakMemoryDoesNotGrowWithTheFile imports generated files of
// 20,000 and 200,000 rows, each in a child process with a soft memory
// limit, and finds the same peak resident memory for both: an import
// streams its input and holds a batch of rows at a time, whatever the
// file's size.
func TestImportPeakMemoryDoesNotGrowWithTheFile(t *testing.T) {
	if testing.Short() {
		t.Skip("imports large files")
	}
	peaks := map[int]int{}
	for _, rows := range []int{20_000, 200_000} {
		e := newEnv(t)
		e.ok("policy", "set", "check.fresh", "24h")
		csv := filepath.Join(e.dir, "assets.csv")
		writeAssets(t, csv, rows)
		peaks[rows] = childPeakKB(t, e.db, csv)
		t.Logf("%d rows: peak RSS %d MB", rows, peaks[rows]>>10)
		if n := strings.Count(e.ok("asset", "list").stdout, "AT-"); n != rows {
			t.Fatalf("%d assets listed after importing %d rows", n, rows)
		}
	}
	small, large := peaks[20_000], peaks[200_000]
	if large > small+small/10 || large > 300<<10 {
		t.Fatalf("peak RSS %d MB for 200,000 rows, %d MB for 20,000: it grows with the file", large>>10, small>>10)
	}
}

// childPeakKB runs the import of csv into db in a child process and
// returns its peak resident memory in kB.
func childPeakKB(t *testing.T, db, csv string) int {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^TestImportMemoryChild$")
	cmd.Env = append(os.Environ(), memoryChildEnv+"="+csv, "SUNSET_DB="+db, "SUNSET_ACTOR=tester",
		"GOMEMLIMIT="+importMemoryLimitForTest, "GOGC=")
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("child: %v\n%s", err, out)
	}
	for _, line := range strings.Split(string(out), "\n") {
		if v, ok := strings.CutPrefix(line, "peak kB "); ok {
			kb, err := strconv.Atoi(v)
			if err != nil {
				t.Fatal(err)
			}
			return kb
		}
	}
	t.Fatalf("child said no peak:\n%s", out)
	return 0
}

// TestImportMemoryChild is the child of
// TestImportPeakMemoryDoesNotGrowWithTheFile.
func TestImportMemoryChild(t *testing.T) {
	csv := os.Getenv(memoryChildEnv)
	if csv == "" {
		t.Skip("run by TestImportPeakMemoryDoesNotGrowWithTheFile")
	}
	var stderr strings.Builder
	if code := run(context.Background(), []string{"import", csv}, nil, io.Discard, &stderr); code != 0 {
		t.Fatalf("import: exit %d: %s", code, stderr.String())
	}
	fmt.Printf("peak kB %d\n", peakRSSkB(t))
}

// peakRSSkB reads the process's peak resident set (VmHWM) from Linux's
// /proc. Unlike getrusage's ru_maxrss it is not inherited from the parent
// the process was forked from.
func peakRSSkB(t *testing.T) int {
	f, err := os.Open("/proc/self/status")
	if err != nil {
		t.Skipf("LOUD SKIP: no /proc/self/status to read the peak memory from: %v", err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if v, ok := strings.CutPrefix(sc.Text(), "VmHWM:"); ok {
			kb, err := strconv.Atoi(strings.TrimSuffix(strings.TrimSpace(v), " kB"))
			if err != nil {
				t.Fatal(err)
			}
			return kb
		}
	}
	t.Fatal("no VmHWM in /proc/self/status")
	return 0
}
