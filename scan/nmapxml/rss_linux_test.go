//go:build linux

package nmapxml

import (
	"os"
	"os/exec"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"
)

// BenchmarkPeakRSS ingests the generated /16 sweep in a child process, with
// Decode+Observe and with nmap.Parse, and reports each child's peak
// resident memory, wall time and CPU time.
func BenchmarkPeakRSS(b *testing.B) {
	path, truth := sweepFile(b)
	for _, mode := range []string{"decode", "parse"} {
		b.Run(mode, func(b *testing.B) {
			var rssMB, wall, cpu float64
			for b.Loop() {
				cmd := exec.Command(os.Args[0], "-test.run=^$")
				cmd.Env = append(os.Environ(), rssChildEnv+"="+mode, rssFileEnv+"="+path)
				start := time.Now()
				out, err := cmd.Output()
				wall = time.Since(start).Seconds()
				if err != nil {
					b.Fatalf("child %s: %v", mode, err)
				}
				fields := strings.Fields(string(out))
				if len(fields) != 2 || fields[0] != strconv.Itoa(truth.hosts) {
					b.Fatalf("child %s said %q, want %d hosts and its peak RSS", mode, out, truth.hosts)
				}
				kB, _ := strconv.Atoi(fields[1])
				rssMB = float64(kB) / 1024
				ru := cmd.ProcessState.SysUsage().(*syscall.Rusage)
				cpu = time.Duration(ru.Utime.Nano() + ru.Stime.Nano()).Seconds()
			}
			b.ReportMetric(rssMB, "peak-RSS-MB")
			b.ReportMetric(wall, "child-wall-s")
			b.ReportMetric(cpu, "child-cpu-s")
		})
	}
}
