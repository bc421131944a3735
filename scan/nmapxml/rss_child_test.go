package nmapxml

import (
	"bufio"
	"fmt"
	"os"
	"strings"
	"testing"

	nmap "github.com/Ullaakut/nmap/v3"
)

// TestMain lets a benchmark re-run this test binary as a child that only
// ingests one file, so the child's peak RSS measures that alone.
func TestMain(m *testing.M) {
	if mode := os.Getenv(rssChildEnv); mode != "" {
		os.Exit(rssChild(mode, os.Getenv(rssFileEnv)))
	}
	os.Exit(m.Run())
}

const (
	rssChildEnv = "NMAPXML_RSS_CHILD"
	rssFileEnv  = "NMAPXML_RSS_FILE"
)

// rssChild ingests path the way mode says and prints the host count and
// its peak resident memory in kB.
func rssChild(mode, path string) int {
	hosts := 0
	switch mode {
	case "decode":
		f, err := os.Open(path)
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			return 2
		}
		defer f.Close()
		if _, err := Decode(f, func(h Host) error {
			hosts++
			Observe(h, h.EndTime)
			return nil
		}); err != nil {
			fmt.Fprintln(os.Stderr, err)
			return 1
		}
	case "parse":
		b, err := os.ReadFile(path)
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			return 2
		}
		var run nmap.Run
		if err := nmap.Parse(b, &run); err != nil {
			fmt.Fprintln(os.Stderr, err)
			return 1
		}
		hosts = len(run.Hosts)
	default:
		fmt.Fprintf(os.Stderr, "unknown mode %q\n", mode)
		return 2
	}
	fmt.Println(hosts, peakRSSkB())
	return 0
}

// peakRSSkB reads the process's peak resident set (VmHWM) from Linux's
// /proc, or returns "0" elsewhere. Unlike getrusage's ru_maxrss it is not
// inherited from the parent the process was forked from.
func peakRSSkB() string {
	f, err := os.Open("/proc/self/status")
	if err != nil {
		return "0"
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if v, ok := strings.CutPrefix(sc.Text(), "VmHWM:"); ok {
			return strings.TrimSuffix(strings.TrimSpace(v), " kB")
		}
	}
	return "0"
}
