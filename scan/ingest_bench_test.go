package scan

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/sunset-tui/sunset/inventory"
	"github.com/sunset-tui/sunset/inventory/sqlite"
	"github.com/sunset-tui/sunset/scan/internal/sweepxml"
)

// writeSweep16 writes nmap XML shaped like a root SYN sweep of the
// loopback /16 127.1.0.0/16 in which every address answered: each host
// with its discovery reason, every fourth with a MAC, and four probed
// ports (one open on every tenth host).
func writeSweep16(w io.Writer) { writeSweep(w, 1<<16) }

// writeSweep writes the first hosts of writeSweep16's document, closed
// as a finished scan.
func writeSweep(w io.Writer, hosts int) {
	sweepxml.Write(w, "127.1.0.0/16", hosts, func(i int) sweepxml.Host {
		h := sweepxml.Host{IP: fmt.Sprintf("127.1.%d.%d", i>>8, i&255)}
		if i%4 == 0 {
			h.MAC = fmt.Sprintf("02:00:7f:01:%02X:%02X", i>>8, i&255)
		}
		return h
	})
}

// ingestAssets is how many assets the ingest benchmarks' inventory holds:
// one in every 32 addresses of the sweep, each with its IP and MAC.
const ingestAssets = 2000

// ingestTemplate writes a database holding the benchmark's inventory and
// returns its path; each round ingests into a fresh copy of it, so that
// every round starts from the same state.
func ingestTemplate(b testing.TB) string {
	b.Helper()
	path := filepath.Join(b.TempDir(), "template.db")
	st, err := sqlite.Open(path, sqlite.Options{Actor: "bench"})
	if err != nil {
		b.Fatal(err)
	}
	ctx := context.Background()
	err = st.Update(ctx, func(w inventory.Writer) error {
		for i := 0; i < ingestAssets; i++ {
			a := asset(0, fmt.Sprintf("A-%04d", i), inventory.StageActive,
				fmt.Sprintf("127.1.%d.%d", i*32>>8, i*32&255), fmt.Sprintf("02:00:7f:01:%02x:%02x", i*32>>8, i*32&255))
			if err := w.CreateAsset(ctx, &a, "bench"); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		b.Fatal(err)
	}
	if err := st.Close(); err != nil {
		b.Fatal(err)
	}
	return path
}

// copyDB copies the database at from (and its WAL, if one was left) to a
// new file in dir.
func copyDB(b testing.TB, from, dir string) string {
	b.Helper()
	to := filepath.Join(dir, fmt.Sprintf("ingest-%d.db", time.Now().UnixNano()))
	for _, suffix := range []string{"", "-wal"} {
		data, err := os.ReadFile(from + suffix)
		if suffix != "" && errors.Is(err, fs.ErrNotExist) {
			continue
		}
		if err != nil {
			b.Fatal(err)
		}
		if err := os.WriteFile(to+suffix, data, 0o600); err != nil {
			b.Fatal(err)
		}
	}
	return to
}

func removeDB(path string) {
	for _, suffix := range []string{"", "-wal", "-shm"} {
		os.Remove(path + suffix)
	}
}

// BenchmarkIngestSweep16 measures `sunset import` of a /16 sweep file in
// this process: decode, observe, match against 2,000 assets and store
// 65,536 observations in one transaction, into a fresh copy of the same
// database each time. For its peak memory and a comparison with the nmap
// library's parser, see BenchmarkIngestSweep16Child.
func BenchmarkIngestSweep16(b *testing.B) {
	var doc bytes.Buffer
	writeSweep16(&doc)
	ctx := context.Background()
	template := ingestTemplate(b)
	dir := b.TempDir()
	b.SetBytes(int64(doc.Len()))
	b.ReportAllocs()
	var cpu time.Duration
	for b.Loop() {
		b.StopTimer()
		path := copyDB(b, template, dir)
		st, err := sqlite.Open(path, sqlite.Options{Actor: "bench"})
		if err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
		began := processCPU()
		res, err := ImportReader(ctx, st, bytes.NewReader(doc.Bytes()), "sweep16.xml")
		cpu += processCPU() - began
		b.StopTimer()
		if err != nil {
			b.Fatal(err)
		}
		checkSweepResult(b, res)
		st.Close()
		removeDB(path)
		b.StartTimer()
	}
	b.ReportMetric(cpu.Seconds()/float64(b.N), "cpu-s/op")
}

func checkSweepResult(b *testing.B, res Result) {
	b.Helper()
	if res.Check.HostsAnswered != 1<<16 || len(res.Conflicts) != 0 {
		b.Fatalf("answered=%d conflicts=%d", res.Check.HostsAnswered, len(res.Conflicts))
	}
	matched := 0
	for _, o := range res.Observations {
		if o.AssetID != 0 {
			matched++
		}
	}
	if matched != ingestAssets {
		b.Fatalf("matched %d observations, want %d", matched, ingestAssets)
	}
}

// BenchmarkIngestSweep16Child runs, in every round and one right after the
// other so that load on the machine hits both alike, two child processes
// on the same /16 sweep file (65,536 hosts, about 70 MB): the nmap
// library's own Parse, which stores nothing, and sunset's whole ingest
// (decode, match, store into a fresh copy of a database of 2,000 assets).
// It reports each one's median wall and CPU time of the ingest and its
// peak resident memory (VmHWM). The target: sunset's ingest within 1.1 s
// with a peak under 100 MB.
//
//	go test -run '^$' -bench IngestSweep16Child -benchtime 5x ./scan/
func BenchmarkIngestSweep16Child(b *testing.B) {
	dir := b.TempDir()
	xmlPath := filepath.Join(dir, "sweep16.xml")
	f, err := os.Create(xmlPath)
	if err != nil {
		b.Fatal(err)
	}
	writeSweep16(f)
	if err := f.Close(); err != nil {
		b.Fatal(err)
	}
	template := ingestTemplate(b)
	runs := map[string]*childRuns{}
	for b.Loop() {
		for _, mode := range []string{"nmap-parse", "sunset"} {
			db := ""
			if mode == "sunset" {
				db = copyDB(b, template, dir)
			}
			r := runIngestChild(b, mode, xmlPath, db)
			if db != "" {
				removeDB(db)
			}
			if runs[mode] == nil {
				runs[mode] = &childRuns{}
			}
			runs[mode].add(r)
		}
	}
	for mode, r := range runs {
		b.ReportMetric(r.median(func(c childRun) float64 { return c.wall.Seconds() }), mode+"-s")
		b.ReportMetric(r.median(func(c childRun) float64 { return c.cpu.Seconds() }), mode+"-cpu-s")
		b.ReportMetric(r.median(func(c childRun) float64 { return c.peakMB }), mode+"-peak-MB")
	}
}

// childRun is what one ingest child reported.
type childRun struct {
	wall, cpu time.Duration
	peakMB    float64
}

type childRuns struct{ list []childRun }

func (r *childRuns) add(c childRun) { r.list = append(r.list, c) }

func (r *childRuns) median(of func(childRun) float64) float64 {
	v := make([]float64, len(r.list))
	for i, c := range r.list {
		v[i] = of(c)
	}
	slices.Sort(v)
	if len(v)%2 == 1 {
		return v[len(v)/2]
	}
	return (v[len(v)/2-1] + v[len(v)/2]) / 2
}

func runIngestChild(b *testing.B, mode, xmlPath, db string) childRun {
	b.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), ingestChildEnv+"="+mode, ingestFileEnv+"="+xmlPath, ingestDBEnv+"="+db)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		b.Fatalf("child %s: %v: %s", mode, err, stderr.String())
	}
	fields := strings.Fields(string(out))
	if len(fields) != 4 || fields[0] != strconv.Itoa(1<<16) {
		b.Fatalf("child %s said %q, want %d hosts, wall and CPU ns and its peak RSS", mode, out, 1<<16)
	}
	var n [3]int64
	for i := range n {
		if n[i], err = strconv.ParseInt(fields[i+1], 10, 64); err != nil {
			b.Fatalf("child %s said %q: %v", mode, out, err)
		}
	}
	return childRun{wall: time.Duration(n[0]), cpu: time.Duration(n[1]), peakMB: float64(n[2]) / 1024}
}
