package postgres

import (
	"context"
	"fmt"
	"syscall"
	"testing"
	"time"

	"github.com/sunset-tui/sunset/inventory"
	"github.com/sunset-tui/sunset/inventory/postgres/pgtest"
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
			assets[j] = benchAsset(j)
		}
		b.StartTimer()
		began := cpuTime()
		err = s.Update(ctx, func(w inventory.Writer) error { return createInBatches(ctx, w, assets) })
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
		assets[j] = benchAsset(j)
	}
	if err := s.Update(ctx, func(w inventory.Writer) error { return createInBatches(ctx, w, assets) }); err != nil {
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

// benchAsset is asset i as importers/bench/gen writes its row (the
// SQLite store's benchmark has the same).
func benchAsset(i int) inventory.Asset {
	pick := func(list []string) string { return list[(i*7919+len(list[0]))%len(list)] }
	stages := []inventory.Stage{inventory.StageActive, inventory.StageActive, inventory.StageActive, inventory.StageSpare,
		inventory.StagePlanned, inventory.StageRetired}
	y := 2015 + i%10
	return inventory.Asset{Tag: fmt.Sprintf("AT-%06d", i), Hostname: fmt.Sprintf("host-%06d", i),
		Kind:   []inventory.Kind{inventory.KindServer, inventory.KindSwitch, inventory.KindCamera, inventory.KindLaptop}[i%4],
		Vendor: pick([]string{"Dell", "HPE", "Lenovo", "Cisco", "Juniper", "Axis"}), Model: pick([]string{"PowerEdge R650", "EX4300", "U6-Pro"}),
		Serial: fmt.Sprintf("SN%04X%06d", i*40503&0xffff, i), Owner: pick([]string{"alice", "bob", "carol", "dave"}),
		Department: pick([]string{"IT", "Facilities", "Finance"}), Location: pick([]string{"HQ > Floor 1", "HQ > Server Room", "Warehouse"}),
		Stage: stages[i%len(stages)], DeployedOn: inventory.Date{Year: y, Month: time.Month(1 + i%12), Day: 1 + i%28},
		WarrantyEnds: inventory.Date{Year: y + 3, Month: time.Month(1 + i%12), Day: 1 + i%28},
		Addresses: []inventory.Address{
			{Kind: inventory.AddrIP, Value: fmt.Sprintf("2001:db8::%x:%x", (i+1)>>16, (i+1)&0xffff), Primary: true},
			{Kind: inventory.AddrMAC, Value: fmt.Sprintf("02:00:%02x:%02x:%02x:%02x", i>>24&0xff, i>>16&0xff, i>>8&0xff, i&0xff)},
		}}
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

// cpuTime is the CPU time this process has used (the server's is not in
// it).
func cpuTime() time.Duration {
	var ru syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
