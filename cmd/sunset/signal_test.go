package main

import (
	"bufio"
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"strings"
	"syscall"
	"testing"
	"time"
)

// writeAssets writes a CSV of n generated assets, as the import benchmark
// (importers/bench/gen) does, to path.
func writeAssets(t *testing.T, path string, n int) {
	t.Helper()
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	w := bufio.NewWriter(f)
	fmt.Fprintln(w, "Asset Tag,Hostname,Type,Manufacturer,Model,Serial Number,Owner,Department,Location,Status,Deployed On,Warranty Ends,IP Address,MAC Address")
	statuses := []string{"active", "in use", "spare", "planned", "decommissioning", "retired"}
	for i := range n {
		fmt.Fprintf(w, "AT-%07d,host-%07d,server,Dell,PowerEdge R650,SN%08d,alice,IT,HQ > Floor 1,%s,2020-01-%02d,2025-06-%02d,2001:db8::%x:%x,02:00:%02x:%02x:%02x:%02x\n",
			i, i, i, statuses[i%len(statuses)], 1+i%28, 1+i%28, (i+1)>>16, (i+1)&0xffff, (i>>24)&0xff, (i>>16)&0xff, (i>>8)&0xff, i&0xff)
	}
	if err := w.Flush(); err != nil {
		t.Fatal(err)
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
}

// TestImportEndsOnSIGTERMWithNothingWritten: a signal ends a long import
// within a second or two, with exit code 2, one line on stderr, and
// nothing written.
func TestImportEndsOnSIGTERMWithNothingWritten(t *testing.T) {
	if testing.Short() {
		t.Skip("imports a large file")
	}
	e := newEnv(t)
	e.ok("policy", "set", "check.fresh", "24h") // creates the database
	csv := e.dir + "/big.csv"
	writeAssets(t, csv, 600_000)
	for _, sig := range []syscall.Signal{syscall.SIGTERM, syscall.SIGINT} {
		for _, args := range [][]string{{"import", csv}, {"import", "--dry-run", "--json", csv}} {
			if msg := endsOnSignal(t, e, sig, 500*time.Millisecond, args...); msg != "" {
				t.Fatal(msg)
			}
		}
	}
	if out := e.ok("asset", "list", "--json").stdout; strings.Contains(out, "AT-") {
		t.Fatalf("an interrupted import wrote assets:\n%.500s", out)
	}
}

// TestLongReadsEndOnSignals: the report and the export of a large
// inventory end within a second or two of SIGTERM or SIGINT, with exit
// code 2 and one line on stderr, however far they had come. (Each takes
// a second or more here; findings, which takes less, walks the same way.)
func TestLongReadsEndOnSignals(t *testing.T) {
	if testing.Short() {
		t.Skip("imports a large file")
	}
	e := newEnv(t)
	csv := e.dir + "/big.csv"
	writeAssets(t, csv, 60_000)
	e.ok("import", csv)
	for i, args := range [][]string{{"report", "--format", "html"}, {"report", "--format", "json"}, {"report"}, {"export"}} {
		sig := []syscall.Signal{syscall.SIGTERM, syscall.SIGINT}[i%2]
		if msg := endsOnSignal(t, e, sig, 150*time.Millisecond, args...); msg != "" {
			t.Error(msg)
		}
	}
}

// endsOnSignal runs sunset with args, sends it sig after a while, and
// says what was wrong with how it ended: "" when it ended within a second
// or two, with exit code 2 and one line on stderr that says it was
// interrupted.
func endsOnSignal(t *testing.T, e *env, sig syscall.Signal, after time.Duration, args ...string) string {
	t.Helper()
	cmd := exec.Command(sunsetBin, args...)
	cmd.Env = append(os.Environ(), "SUNSET_DB="+e.db, "SUNSET_ACTOR=tester")
	var stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = nil, &stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	time.Sleep(after)
	if err := cmd.Process.Signal(sig); err != nil {
		t.Fatal(err)
	}
	sent := time.Now()
	err := cmd.Wait()
	took := time.Since(sent)
	code := cmd.ProcessState.ExitCode()
	if code == 0 {
		return fmt.Sprintf("sunset %v ended before %v reached it: this test needs a larger input on this machine", args, sig)
	}
	lines := strings.Split(strings.TrimRight(stderr.String(), "\n"), "\n")
	if code != 2 || len(lines) != 1 || !strings.Contains(lines[0], "interrupted") || took > 2*time.Second {
		return fmt.Sprintf("%v on sunset %v: exit %d (%v) %v after the signal, stderr %q; want exit 2 within a second or two and one line",
			sig, args, code, err, took, stderr.String())
	}
	return ""
}
