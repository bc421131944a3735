package main

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"syscall"
	"testing"
	"time"

	"github.com/sunset-tui/sunset/inventory"
	"github.com/sunset-tui/sunset/inventory/sqlite"
)

// The notify benchmark: `sunset notify --dry-run` over 100,000 assets
// held by 5,000 owners, each with an e-mail address, end-of-life dates
// spread from a month ago to four months ahead so that most assets have
// an item due. The goal is 5 s and 300 MB; it reports the run's time and
// the process's peak resident memory.
//
//	go test ./cmd/sunset -run '^$' -bench NotifyDryRun -benchtime 3x

// SUNSET_BENCH_ASSETS changes the number of assets, to see that memory
// does not grow with them; SUNSET_BENCH_DB keeps the database.
const benchOwners = 5_000

func benchAssets() int {
	if n, err := strconv.Atoi(os.Getenv("SUNSET_BENCH_ASSETS")); err == nil && n > 0 {
		return n
	}
	return 100_000
}

// TestSeedNotifyBench writes the benchmark's inventory when the benchmark
// asks for it (SUNSET_BENCH_SEED names the file); otherwise it does
// nothing.
func TestSeedNotifyBench(t *testing.T) {
	if path := os.Getenv("SUNSET_BENCH_SEED"); path != "" {
		seedNotifyBench(t, path, time.Now())
	}
}

func seedNotifyBench(b testing.TB, path string, now time.Time) {
	b.Helper()
	ctx := context.Background()
	s, err := sqlite.Open(path, sqlite.Options{Actor: "bench", Now: func() time.Time { return now }})
	if err != nil {
		b.Fatal(err)
	}
	defer s.Close()
	err = s.Update(ctx, func(w inventory.Writer) error {
		for _, kv := range [][2]string{{"notify.fallback", "ops@example.org"}, {"notify.from", "sunset@example.org"}} {
			if err := w.SetPolicyValue(ctx, kv[0], kv[1]); err != nil {
				return err
			}
		}
		for i := range benchOwners {
			o := inventory.Owner{Name: fmt.Sprintf("team-%04d", i), Email: fmt.Sprintf("team-%04d@example.org", i)}
			if err := w.SetOwner(ctx, &o); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		b.Fatal(err)
	}
	const batch = 10_000
	today := inventory.DateOf(now)
	total := benchAssets()
	for start := 0; start < total; start += batch {
		as := make([]*inventory.Asset, min(batch, total-start))
		reasons := make([]string, len(as))
		for j := range as {
			i := start + j
			as[j] = &inventory.Asset{Tag: fmt.Sprintf("A-%06d", i), Hostname: fmt.Sprintf("host-%06d", i),
				Kind: inventory.KindServer, Stage: inventory.StageActive, Owner: fmt.Sprintf("team-%04d", i%benchOwners),
				EOLOn: today.AddDays(i%150 - 30), LastManagedOn: today.AddDays(-(i % 60))}
			reasons[j] = "bench"
		}
		if err := s.Update(ctx, func(w inventory.Writer) error { return w.CreateAssets(ctx, as, reasons) }); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkNotifyDryRun(b *testing.B) {
	db := filepath.Join(b.TempDir(), "sunset.db")
	if keep := os.Getenv("SUNSET_BENCH_DB"); keep != "" {
		db = keep // kept, to compare other commands on the same inventory
	}
	if _, err := os.Stat(db); err != nil {
		// Seeded by another process: a child's peak memory counts this
		// one's until it execs (they share it until then).
		seed := exec.Command(os.Args[0], "-test.run=^TestSeedNotifyBench$")
		seed.Env = append(os.Environ(), "SUNSET_BENCH_SEED="+db)
		if out, err := seed.CombinedOutput(); err != nil {
			b.Fatalf("seeding: %v\n%s", err, out)
		}
	}
	b.ResetTimer()
	var peak int64
	var items string
	for range b.N {
		cmd := exec.Command(sunsetBin, "--db", db, "notify", "--dry-run")
		// Only the end of the output is kept: this process's memory would
		// count as the child's (see above).
		var out tail
		cmd.Stdout = &out
		cmd.Stderr = &out
		if err := cmd.Run(); err != nil {
			b.Fatalf("%v\n%s", err, out.b)
		}
		if ru, ok := cmd.ProcessState.SysUsage().(*syscall.Rusage); ok {
			peak = max(peak, ru.Maxrss<<10)
		}
		last := out.b[:len(out.b)-1]
		items = string(last[bytes.LastIndexByte(last, '\n')+1:])
	}
	b.ReportMetric(float64(peak)/(1<<20), "peak-MB")
	b.Logf("last line: %s", items)
}

// tail keeps the last 4 KiB written to it.
type tail struct{ b []byte }

func (t *tail) Write(p []byte) (int, error) {
	t.b = append(t.b, p...)
	if len(t.b) > 8<<10 {
		t.b = append(t.b[:0], t.b[len(t.b)-4<<10:]...)
	}
	return len(p), nil
}
