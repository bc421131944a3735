package scan

import (
	"bufio"
	"context"
	"fmt"
	"os"
	"strings"
	"syscall"
	"testing"
	"time"

	nmap "github.com/Ullaakut/nmap/v3"
	"github.com/sunset-tui/sunset/inventory/sqlite"
)

// TestMain lets the ingest benchmark re-run this test binary as a child
// that only ingests one file, so that the child's peak RSS and CPU time
// measure that ingest alone.
func TestMain(m *testing.M) {
	if mode := os.Getenv(ingestChildEnv); mode != "" {
		os.Exit(ingestChild(mode, os.Getenv(ingestFileEnv), os.Getenv(ingestDBEnv)))
	}
	os.Exit(m.Run())
}

const (
	ingestChildEnv = "SUNSET_INGEST_CHILD" // "sunset" or "nmap-parse"
	ingestFileEnv  = "SUNSET_INGEST_FILE"  // the nmap XML file
	ingestDBEnv    = "SUNSET_INGEST_DB"    // the database sunset stores into
)

// ingestChild ingests path the way mode says: "sunset" is the whole
// `sunset import` of an nmap XML file (decode, match, store) into the
// database at db; "nmap-parse" is the nmap library's own Parse of the
// file, which stores nothing. It prints the hosts ingested, the wall and
// CPU nanoseconds of the ingest and the process's peak resident memory
// in kB.
func ingestChild(mode, path, db string) int {
	start, startCPU := time.Now(), processCPU()
	hosts := 0
	switch mode {
	case "sunset":
		st, err := sqlite.Open(db, sqlite.Options{Actor: "bench"})
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			return 2
		}
		start, startCPU = time.Now(), processCPU()
		res, err := ImportXML(context.Background(), st, path)
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			return 1
		}
		hosts = res.Check.HostsAnswered + res.Check.HostsDark + res.Check.HostsUnknown
		wall, cpu := time.Since(start), processCPU()-startCPU
		if err := st.Close(); err != nil {
			fmt.Fprintln(os.Stderr, err)
			return 1
		}
		fmt.Println(hosts, wall.Nanoseconds(), cpu.Nanoseconds(), peakRSSkB())
		return 0
	case "nmap-parse":
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
	fmt.Println(hosts, time.Since(start).Nanoseconds(), (processCPU() - startCPU).Nanoseconds(), peakRSSkB())
	return 0
}

// processCPU is the CPU time, user and system, this process has used.
func processCPU() time.Duration {
	var ru syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
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
