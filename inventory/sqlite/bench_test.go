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
// events included, committed to a new file: one CreateAsset per asset
// ("each") and CreateAssets 512 at a time, as the importer calls it
// ("bulk").
func BenchmarkCreateAssets100k(b *testing.B) {
	const n = 100000
	create := map[string]func(ctx context.Context, w inventory.Writer, as []inventory.Asset) error{
		"each": func(ctx context.Context, w inventory.Writer, as []inventory.Asset) error {
			for j := range as {
				if err := w.CreateAsset(ctx, &as[j], "import"); err != nil {
					return err
				}
			}
			return nil
		},
		"bulk": createInBatches,
	}
	for _, name := range []string{"each", "bulk"} {
		b.Run(name, func(b *testing.B) {
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
				err = s.Update(ctx, func(w inventory.Writer) error { return create[name](ctx, w, assets) })
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
		})
	}
}

// createInBatches creates the assets 512 at a time, as the importer does.
func createInBatches(ctx context.Context, w inventory.Writer, as []inventory.Asset) error {
	const batch = 512
	ptrs := make([]*inventory.Asset, 0, batch)
	reasons := make([]string, 0, batch)
	for j := range as {
		ptrs, reasons = append(ptrs, &as[j]), append(reasons, fmt.Sprintf("import bench.csv:%d", j+2))
		if len(ptrs) == batch || j == len(as)-1 {
			if err := w.CreateAssets(ctx, ptrs, reasons); err != nil {
				return err
			}
			ptrs, reasons = ptrs[:0], reasons[:0]
		}
	}
	return nil
}

// BenchmarkCheckBeforeFirstWrite100k measures what a store's first write
// pays for the quick_check it runs first (damage.go), on a database of
// 100,000 assets: the file is in the OS's cache, as it is for commands run
// one after another.
func BenchmarkCheckBeforeFirstWrite100k(b *testing.B) {
	ctx := context.Background()
	path := filepath.Join(b.TempDir(), "bench.db")
	s, err := Open(path, Options{Actor: "bench"})
	if err != nil {
		b.Fatal(err)
	}
	assets := make([]inventory.Asset, 100000)
	for j := range assets {
		assets[j] = testAsset(fmt.Sprintf("BENCH-%06d", j), j)
	}
	if err := s.Update(ctx, func(w inventory.Writer) error { return createInBatches(ctx, w, assets) }); err != nil {
		b.Fatal(err)
	}
	s.Close()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		b.StopTimer()
		s, err := Open(path, Options{Actor: "bench", MustExist: true})
		if err != nil {
			b.Fatal(err)
		}
		conn, err := s.writer.Conn(ctx)
		if err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
		err = s.checkOnce(ctx, conn)
		b.StopTimer()
		conn.Close()
		s.Close()
		if err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
	}
}

// cpuTime is the CPU time this process has used, which the benchmark
// reports besides wall time because a shared machine makes wall time noisy.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
