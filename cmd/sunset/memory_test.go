package main

import (
	"context"
	"os"
	"runtime/debug"
	"strings"
	"testing"

	"github.com/sunset-tui/sunset/tui"
)

func TestBulkMemoryLimitIsCappedByTheMemoryThere(t *testing.T) {
	for _, c := range []struct {
		available, want int64
	}{
		{0, bulkHeap},         // nothing could be read
		{24 << 30, bulkHeap},  // a large machine
		{256 << 20, 64 << 20}, // a small container: a quarter of it
		{4 * bulkHeap, bulkHeap},
	} {
		if got := bulkMemoryLimit(c.available); got != c.want {
			t.Errorf("limit with %d bytes available: %d, want %d", c.available, got, c.want)
		}
	}
}

// systemFiles fakes what availableMemory reads.
func systemFiles(files map[string]string) func(string) ([]byte, error) {
	return func(path string) ([]byte, error) {
		if s, ok := files[path]; ok {
			return []byte(s), nil
		}
		return nil, os.ErrNotExist
	}
}

func TestAvailableMemoryIsTheLeastOfMachineAndCgroup(t *testing.T) {
	meminfo := "MemTotal:       24576000 kB\nMemFree:        20000000 kB\n"
	for _, c := range []struct {
		name  string
		files map[string]string
		want  int64
	}{
		{"nothing to read", nil, 0},
		{"machine only", map[string]string{memInfoPath: meminfo}, 24576000 << 10},
		{"cgroup v2 without a limit", map[string]string{memInfoPath: meminfo, cgroupV2Max: "max\n"}, 24576000 << 10},
		{"cgroup v2 limit", map[string]string{memInfoPath: meminfo, cgroupV2Max: "536870912\n"}, 512 << 20},
		{"cgroup v1 without a limit", map[string]string{memInfoPath: meminfo, cgroupV1Max: "9223372036854771712\n"}, 24576000 << 10},
		{"cgroup v1 limit", map[string]string{memInfoPath: meminfo, cgroupV1Max: "268435456\n"}, 256 << 20},
	} {
		if got := availableMemory(systemFiles(c.files)); got != c.want {
			t.Errorf("%s: %d, want %d", c.name, got, c.want)
		}
	}
}

func TestTuneMemoryForBulkYieldsAndRestores(t *testing.T) {
	defer debug.SetGCPercent(debug.SetGCPercent(100))
	defer debug.SetMemoryLimit(debug.SetMemoryLimit(-1))
	small := systemFiles(map[string]string{cgroupV2Max: "268435456"})
	debug.SetMemoryLimit(1 << 40)
	for _, env := range []string{"GOGC", "GOMEMLIMIT"} {
		tuneMemoryForBulk(func(k string) string { return map[string]string{env: "50"}[k] }, small)()
		if got := debug.SetMemoryLimit(-1); got != 1<<40 {
			t.Errorf("with %s set the limit changed to %d", env, got)
		}
	}
	restore := tuneMemoryForBulk(func(string) string { return "" }, small)
	if got := debug.SetMemoryLimit(-1); got != 64<<20 {
		t.Errorf("limit %d, want a quarter of the cgroup's 256 MiB", got)
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

// gcWatch is a standard output that notes the collector's setting each
// time a command writes to it.
type gcWatch struct {
	strings.Builder
	percents []int
}

func (w *gcWatch) Write(p []byte) (int, error) {
	percent := debug.SetGCPercent(-1)
	debug.SetGCPercent(percent)
	w.percents = append(w.percents, percent)
	return w.Builder.Write(p)
}

func TestCommandsThroughTheInventoryWaitForTheLimitAndPutTheCollectorBack(t *testing.T) {
	defer debug.SetGCPercent(debug.SetGCPercent(100))
	defer debug.SetMemoryLimit(debug.SetMemoryLimit(1 << 40))
	dir := t.TempDir()
	t.Setenv("GOGC", "")
	t.Setenv("GOMEMLIMIT", "")
	t.Setenv("SUNSET_DB", dir+"/sunset.db")
	t.Setenv("SUNSET_ACTOR", "tester")
	csv := dir + "/assets.csv"
	if err := os.WriteFile(csv, []byte("tag,hostname,kind,stage\nAT-2,srv-2,server,active\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	var errOut strings.Builder
	if code := run(context.Background(), []string{"asset", "add", "--tag", "AT-1", "--kind", "server"}, strings.NewReader(""), &strings.Builder{}, &errOut); code != 0 {
		t.Fatalf("asset add: exit %d: %s", code, errOut.String())
	}
	for _, args := range [][]string{{"import", csv}, {"findings"}, {"due"}, {"report"}, {"asset", "list"}, {"export"},
		{"unknown"}, {"notify", "--dry-run"}} {
		out := &gcWatch{}
		if code := run(context.Background(), args, strings.NewReader(""), out, &errOut); code != 0 {
			t.Fatalf("%v: exit %d: %s", args, code, errOut.String())
		}
		if len(out.percents) == 0 || out.percents[len(out.percents)-1] != -1 {
			t.Errorf("%v wrote its output with the collector at %v, want it waiting for the limit (-1)", args, out.percents)
		}
		if got := debug.SetGCPercent(100); got != 100 {
			t.Errorf("after %v the GC percent is %d, want 100 as before", args, got)
		}
		if got := debug.SetMemoryLimit(1 << 40); got != 1<<40 {
			t.Errorf("after %v the memory limit is %d, want the one before", args, got)
		}
	}
}
