package sqlite

import (
	"context"
	"fmt"
	"path/filepath"
	"syscall"
	"testing"
	"time"

	"github.com/sunset-tui/sunset/inventory"
)

// BenchmarkCreateAssets100k measures what an import of 100,000 rows costs:
// one Update creating 100,000 assets with one IP address each, history
// events included, committed to a new file.
func BenchmarkCreateAssets100k(b *testing.B) {
	const n = 100000
	// A cancellable context, as the command line's signal handling gives.
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var cpu time.Duration
	for i := 0; i < b.N; i++ {
		b.StopTimer()
		s, err := Open(filepath.Join(b.TempDir(), fmt.Sprintf("bench%d.db", i)), Options{Actor: "bench"})
		if err != nil {
			b.Fatal(err)
		}
		assets := make([]inventory.Asset, n)
		for j := range assets {
			assets[j] = testAsset(fmt.Sprintf("BENCH-%06d", j), j)
		}
		b.StartTimer()
		began := cpuTime()
		err = s.Update(ctx, func(w inventory.Writer) error {
			for j := range assets {
				if err := w.CreateAsset(ctx, &assets[j], "import"); err != nil {
					return err
				}
			}
			return nil
		})
		b.StopTimer()
		cpu += cpuTime() - began
		if err != nil {
			b.Fatal(err)
		}
		s.Close()
		b.StartTimer()
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/n, "ns/asset")
	b.ReportMetric(cpu.Seconds()/float64(b.N), "cpu-s/op")
}

// cpuTime is the CPU time this process has used, which the benchmark
// reports besides wall time because a shared machine makes wall time noisy.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
