package postgres

import (
	"context"
	"syscall"
	"testing"
	"time"

	"github.com/sunset-tui/sunset/inventory"
	"github.com/sunset-tui/sunset/inventory/postgres/pgtest"
	"github.com/sunset-tui/sunset/inventory/storetest"
)

// The benchmarks of inventory/sqlite's bench_test.go, on PostgreSQL, so
// that `go test -bench . ./inventory/sqlite ./inventory/postgres` puts the
// two stores side by side. The cluster is the tests' throwaway one
// (fsync off): the figures are of the store and the server's work, not
// of a disk.

// BenchmarkCreateAssets100k measures what an import of 100,000 rows costs:
// one Update creating 100,000 assets as the import benchmark's CSV has
// them, 512 at a time, as the importer calls CreateAssets.
func BenchmarkCreateAssets100k(b *testing.B) {
	const n = 100000
	ctx := context.Background()
	var cpu time.Duration
	for i := 0; i < b.N; i++ {
		b.StopTimer()
		s, err := Open(pgtest.NewDatabase(b), Options{Actor: "bench"})
		if err != nil {
			b.Fatal(err)
		}
		assets := make([]inventory.Asset, n)
		for j := range assets {
			assets[j] = storetest.BenchAsset(j)
		}
		b.StartTimer()
		began := cpuTime()
		err = s.Update(ctx, func(w inventory.Writer) error { return storetest.CreateInBatches(ctx, w, assets) })
		b.StopTimer()
		cpu += cpuTime() - began
		if err != nil {
			b.Fatal(err)
		}
		s.Close()
		b.StartTimer()
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/n, "ns/asset")
	b.ReportMetric(cpu.Seconds()/float64(b.N), "client-cpu-s/op")
}

// BenchmarkFindAssetByIP100k measures `sunset asset show IP`'s lookup in
// an inventory of 100,000 assets.
func BenchmarkFindAssetByIP100k(b *testing.B) {
	const n = 100000
	ctx := context.Background()
	s, err := Open(pgtest.NewDatabase(b), Options{Actor: "bench"})
	if err != nil {
		b.Fatal(err)
	}
	defer s.Close()
	assets := make([]inventory.Asset, n)
	for j := range assets {
		assets[j] = storetest.BenchAsset(j)
	}
	if err := s.Update(ctx, func(w inventory.Writer) error { return storetest.CreateInBatches(ctx, w, assets) }); err != nil {
		b.Fatal(err)
	}
	i := 0
	for b.Loop() {
		i = (i + 7919) % n
		if a, err := s.FindAsset(ctx, assets[i].IPs()[0]); err != nil || a.ID != assets[i].ID {
			b.Fatal(a.ID, err)
		}
	}
}

// cpuTime is the CPU time this process has used (the server's is not in
// it).
func cpuTime() time.Duration {
	var ru syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
