package nmapxml

import (
	"io"
	"runtime"
	"testing"
)

// TestMemoryDoesNotGrowWithHosts streams generated sweeps through a pipe
// (the document never exists whole) and samples the heap as hosts arrive:
// sixteen times the hosts must not need more memory.
func TestMemoryDoesNotGrowWithHosts(t *testing.T) {
	if testing.Short() {
		t.Skip("SKIPPED in -short mode: streams a 74 MB generated sweep")
	}
	peak := func(hosts int) uint64 {
		pr, pw := io.Pipe()
		go func() {
			_, err := writeSweep(pw, hosts)
			pw.CloseWithError(err)
		}()
		runtime.GC()
		var ms runtime.MemStats
		var highest uint64
		n := 0
		sum, err := Decode(pr, func(h Host) error {
			Observe(h, h.EndTime)
			if n++; n%1024 == 0 {
				runtime.ReadMemStats(&ms)
				highest = max(highest, ms.HeapInuse)
			}
			return nil
		})
		if err != nil || sum.Decoded != hosts {
			t.Fatalf("%d hosts: decoded %d, err %v", hosts, sum.Decoded, err)
		}
		return highest
	}
	small, large := peak(4096), peak(65536)
	t.Logf("peak heap in use: %.1f MiB for 4,096 hosts, %.1f MiB for 65,536 hosts (about 74 MB of XML)",
		float64(small)/(1<<20), float64(large)/(1<<20))
	if large > 32<<20 || large > small+16<<20 {
		t.Errorf("heap grows with the number of hosts: %d bytes for 4,096 hosts, %d for 65,536", small, large)
	}
}
