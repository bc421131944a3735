package sqlite

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/sunset-tui/sunset/inventory"
	"github.com/sunset-tui/sunset/inventory/storetest"
)

// BenchmarkCreateAssets100k measures what an import of 100,000 rows costs:
// one Update creating 100,000 assets as the import benchmark's CSV has
// them (storetest.BenchAsset), history events included, committed to a new file:
// one CreateAsset per asset ("each") and CreateAssets 512 at a time, as
// the importer calls it ("bulk").
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
		"bulk": storetest.CreateInBatches,
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
					assets[j] = storetest.BenchAsset(j)
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
	if err := s.Update(ctx, func(w inventory.Writer) error { return storetest.CreateInBatches(ctx, w, assets) }); err != nil {
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
		b.StartTimer()
		err = s.check(ctx)
		b.StopTimer()
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

// BenchmarkInventory1M measures the reads of a large inventory on
// 1,000,000 assets (storetest.BenchAsset, each with an external id and every tenth
// with a DNS name): reading all of them in pages, looking one up by what
// a person types, matching a batch of an import's keys, searching. The
// file takes a minute or two to build; SUNSET_BENCH_1M names where to keep
// it between runs (it is built there when missing).
func BenchmarkInventory1M(b *testing.B) {
	const n = 1000000
	ctx := context.Background()
	s := openMillion(b, n)
	perAsset := func(b *testing.B, count int) {
		b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(count), "ns/asset")
	}
	b.Run("AssetsAfterAllInPagesOf2000", func(b *testing.B) {
		began := cpuTime()
		for b.Loop() {
			read, after := 0, int64(0)
			for {
				page, err := s.AssetsAfter(ctx, inventory.AssetFilter{}, after, 2000)
				if err != nil {
					b.Fatal(err)
				}
				if len(page) == 0 {
					break
				}
				read, after = read+len(page), page[len(page)-1].ID
			}
			if read != n {
				b.Fatalf("read %d assets, want %d", read, n)
			}
		}
		perAsset(b, n)
		b.ReportMetric((cpuTime()-began).Seconds()/float64(b.N), "cpu-s/op")
	})
	lookups := map[string]func(i int) string{
		"IP":               func(i int) string { return storetest.BenchAsset(i).IPs()[0] },
		"MAC":              func(i int) string { return storetest.BenchAsset(i).MACs()[0] },
		"MACInCiscoFormat": func(i int) string { return ciscoMAC(storetest.BenchAsset(i).MACs()[0]) },
		"DNSName":          func(i int) string { return fmt.Sprintf("host-%06d.example.test", i/10*10) },
		"Hostname":         func(i int) string { return fmt.Sprintf("HOST-%06d", i) },
	}
	for _, by := range []string{"IP", "MAC", "MACInCiscoFormat", "DNSName", "Hostname"} {
		b.Run("FindAssetBy"+by, func(b *testing.B) {
			i := 0
			for b.Loop() {
				i = (i + 7919) % n
				if _, err := s.FindAsset(ctx, lookups[by](i)); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
	// An import's batch of 5,000 rows, each naming an asset by all five
	// keys, half of them rows of stored assets and half new ones.
	b.Run("AssetsByKeys5000OfEachKind", func(b *testing.B) {
		var k inventory.AssetKeys
		for j := range 5000 {
			i := (j*7919 + 17) % n
			if j%2 == 1 {
				i += n
			}
			a := storetest.BenchAsset(i)
			k.Tags, k.Hostnames, k.Serials = append(k.Tags, a.Tag), append(k.Hostnames, a.Hostname), append(k.Serials, a.Serial)
			k.MACs, k.ExternalIDs = append(k.MACs, a.MACs()[0]), append(k.ExternalIDs, fmt.Sprintf("ext-%d", i))
		}
		began := cpuTime()
		for b.Loop() {
			if as, err := s.AssetsByKeys(ctx, k); err != nil || len(as) != 2500 {
				b.Fatal(len(as), err)
			}
		}
		b.ReportMetric((cpuTime()-began).Seconds()*1000/float64(b.N), "cpu-ms/op")
	})
	for _, f := range []inventory.AssetFilter{{}, {Search: "alice"}, {Search: "host-0312"}, {Search: "no such text"}, {Address: "2001:db8::7a12"}} {
		name := "Search" + strings.ReplaceAll(f.Search, " ", "")
		switch {
		case f.Address != "":
			name = "Address"
		case f.Search == "":
			name = "Everything"
		}
		b.Run("SummariesFirstPage/"+name, func(b *testing.B) {
			for b.Loop() {
				if _, err := s.AssetSummaries(ctx, f, inventory.Page{Limit: 256}); err != nil {
					b.Fatal(err)
				}
			}
		})
		b.Run("StageCounts/"+name, func(b *testing.B) {
			for b.Loop() {
				if _, err := s.StageCounts(ctx, f); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// openMillion opens the benchmark's inventory of n assets, building it
// first when it is not there.
func openMillion(b *testing.B, n int) *Store {
	path := os.Getenv("SUNSET_BENCH_1M")
	if path == "" {
		path = filepath.Join(b.TempDir(), "million.db")
	}
	_, err := os.Stat(path)
	built := err == nil
	s, err := Open(path, Options{Actor: "bench"})
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { s.Close() })
	if built {
		return s
	}
	ctx := context.Background()
	const batch = 5000
	for from := 0; from < n; from += batch {
		as := make([]*inventory.Asset, 0, batch)
		for i := from; i < min(from+batch, n); i++ {
			a := storetest.BenchAsset(i)
			a.ExternalID = fmt.Sprintf("ext-%d", i)
			if i%10 == 0 {
				a.Addresses = append(a.Addresses, inventory.Address{Kind: inventory.AddrDNS, Value: a.Hostname + ".example.test"})
			}
			as = append(as, &a)
		}
		if err := s.Update(ctx, func(w inventory.Writer) error { return w.CreateAssets(ctx, as, make([]string, len(as))) }); err != nil {
			b.Fatal(err)
		}
	}
	return s
}

// ciscoMAC writes a MAC as Cisco does: aabb.ccdd.eeff.
func ciscoMAC(mac string) string {
	hex := strings.ReplaceAll(mac, ":", "")
	return hex[0:4] + "." + hex[4:8] + "." + hex[8:12]
}
