package tui

import (
	"bufio"
	"bytes"
	"fmt"
	"maps"
	"os"
	"os/exec"
	"runtime"
	"runtime/debug"
	"runtime/pprof"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/sunset-tui/sunset/inventory/sqlite"
)

// The session benchmark runs the TUI in a child process of its own, so
// that the resident memory it reports is the TUI's alone: not the
// benchmark's, nor that of writing the generated inventory.
const (
	sessionDBEnv   = "SUNSET_TUI_SESSION_DB"
	sessionHeapEnv = "SUNSET_TUI_SESSION_HEAP"
	sessionMark    = "session-metric "
)

// sessionDB is the inventory the session runs on: the generated one, or
// the database SUNSET_BENCH_DB names (which the session reads only).
func sessionDB(b *testing.B) string {
	if path := os.Getenv("SUNSET_BENCH_DB"); path != "" {
		return path
	}
	return benchFile(b)
}

// sessionBudgetMB is the resident memory a session may end with, at any
// size up to a million assets.
const sessionBudgetMB = 300

// BenchmarkSession measures a whole session on the generated inventory (or
// sessionDB's):
// the first frame (dashboard, then asset list), the list complete, the
// findings counted, a filter keystroke, a sort by each column, a reload,
// and the resident memory after the load (MB-RSS), its peak (MB-peak) and
// the live heap. It fails when the resident memory after the load is over
// sessionBudgetMB. SUNSET_TUI_SESSION_HEAP names a file for a heap profile
// taken once the load is complete.
func BenchmarkSession(b *testing.B) {
	path := sessionDB(b)
	var metrics map[string]float64
	for b.Loop() {
		metrics = runSessionChild(b, path)
	}
	for name, v := range metrics {
		b.ReportMetric(v, name)
	}
	if rss := metrics["MB-RSS"]; rss > sessionBudgetMB {
		b.Errorf("resident memory after the load %.0f MB is over %d MB; the session measured %s",
			rss, sessionBudgetMB, describeMetrics(metrics))
	}
}

// describeMetrics lists metrics by name, for a failure's message: a
// failed benchmark prints none of those it reported.
func describeMetrics(metrics map[string]float64) string {
	names := slices.Sorted(maps.Keys(metrics))
	parts := make([]string, len(names))
	for i, name := range names {
		parts[i] = fmt.Sprintf("%s %.3f", name, metrics[name])
	}
	return strings.Join(parts, ", ")
}

// runSessionChild runs TestSessionChild in a new process of this test
// binary and reads the metrics it prints.
func runSessionChild(b *testing.B, path string) map[string]float64 {
	b.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^TestSessionChild$", "-test.v", "-test.timeout=30m")
	cmd.Env = append(os.Environ(), sessionDBEnv+"="+path)
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	if err := cmd.Run(); err != nil {
		b.Fatalf("session: %v\n%s", err, out.String())
	}
	metrics := map[string]float64{}
	sc := bufio.NewScanner(&out)
	for sc.Scan() {
		name, value, ok := strings.Cut(strings.TrimPrefix(sc.Text(), sessionMark), " ")
		if !ok || !strings.HasPrefix(sc.Text(), sessionMark) {
			continue
		}
		v, err := strconv.ParseFloat(value, 64)
		if err != nil {
			b.Fatalf("session metric %q: %v", sc.Text(), err)
		}
		metrics[name] = v
	}
	if len(metrics) == 0 {
		b.Fatalf("the session printed no metrics:\n%s", out.String())
	}
	return metrics
}

// TestSessionChild is the session BenchmarkSession runs; on its own it
// skips.
func TestSessionChild(t *testing.T) {
	path := os.Getenv(sessionDBEnv)
	if path == "" {
		t.Skip("run by BenchmarkSession")
	}
	debug.SetMemoryLimit(MemoryLimit) // as the command does
	s, err := sqlite.Open(path, sqlite.Options{Actor: "bench", Now: fixedNow, MustExist: true})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	r := sessionRun{t: t}
	m := r.load(New(svcOf(s), Options{Now: fixedNow}))
	r.writeHeapProfile(os.Getenv(sessionHeapEnv))
	m = r.filter(m)
	m = r.sort(m)
	m = r.lists(m)
	r.memory("")
	m = r.reload(m)
	r.memory("-reload")
	runtime.KeepAlive(m)
}

// sessionRun drives one session and prints what it measures.
type sessionRun struct {
	t     *testing.T
	start time.Time
	// listed is set once the whole list is in.
	listed bool
}

func (r *sessionRun) report(name string, v float64) {
	fmt.Printf("%s%s %.3f\n", sessionMark, name, v)
}

func (r *sessionRun) reportMS(name string, d time.Duration) {
	r.report(name, float64(d.Microseconds())/1000)
}

// load starts the model as the program does and reads the whole
// inventory: the first frames, every page of rows, the findings.
func (r *sessionRun) load(m Model) Model {
	t := r.t
	r.start = time.Now()
	m = step(t, m, tea.WindowSizeMsg{Width: 120, Height: 40})
	m, cmd := stepCmd(t, m, m.loadCmd(m.loadTask)())
	if !strings.Contains(m.View(), "Assets by stage") {
		t.Fatal("the first frame is not the dashboard")
	}
	r.reportMS("first-frame-ms", time.Since(r.start))
	m = step(t, m, keyMsg("2"))
	if !strings.Contains(m.View(), " loaded") {
		t.Fatal("the first list frame is not the list loading")
	}
	r.reportMS("first-list-frame-ms", time.Since(r.start))
	// The rest of the rows come with the judgement, in one step or after
	// it.
	var longest, last time.Duration
	for !m.snap.derived {
		if m.snap.complete && !r.listed {
			r.listDone()
		}
		msg := cmd()
		began := time.Now()
		m, cmd = stepCmd(t, m, msg)
		_ = m.View()
		last = time.Since(began)
		longest = max(longest, last)
	}
	if !r.listed {
		r.listDone()
	}
	r.reportMS("max-update-ms", longest)
	r.reportMS("findings-update-ms", last)
	if m = step(t, m, keyMsg("1")); strings.Contains(m.View(), "working them out") {
		t.Fatal("the findings were not counted")
	}
	r.report("findings-s", time.Since(r.start).Seconds())
	r.peak("-findings")
	return m
}

// listDone reports the time to the whole list, and the memory then.
func (r *sessionRun) listDone() {
	r.listed = true
	r.report("list-s", time.Since(r.start).Seconds())
	r.peak("-list")
}

// peak reports the peak resident memory so far, its name ending in
// suffix.
func (r *sessionRun) peak(suffix string) {
	_, peak := residentMB(r.t)
	r.report("MB-peak"+suffix, peak)
}

// timeKeys presses each key in turn, drawing the frame after each, and
// returns the mean and the longest time one took.
func (r *sessionRun) timeKeys(m Model, keys ...string) (Model, time.Duration, time.Duration) {
	var total, longest time.Duration
	for _, k := range keys {
		began := time.Now()
		m = step(r.t, m, keyMsg(k))
		_ = m.View()
		d := time.Since(began)
		total += d
		longest = max(longest, d)
	}
	return m, total / time.Duration(len(keys)), longest
}

// filter types in the filter box of the asset list: a plain word, then
// field terms, each keystroke filtering every row.
func (r *sessionRun) filter(m Model) Model {
	m = step(r.t, m, keyMsg("2"))
	m = step(r.t, m, keyMsg("/"))
	m, mean, longest := r.timeKeys(m, "c", "a", "m", "e", "r", "backspace", "r", "backspace", "r", "backspace")
	r.reportMS("filter-ms", mean)
	r.reportMS("filter-max-ms", longest)
	m = step(r.t, m, keyMsg("esc"))
	m = step(r.t, m, keyMsg("/"))
	m = typeText(r.t, m, "stage:act owner:inf seen:>30d ")
	m, mean, _ = r.timeKeys(m, "1", "backspace", "1", "backspace")
	r.reportMS("filter-terms-ms", mean)
	return step(r.t, m, keyMsg("esc"))
}

// sort sorts the list by each column in turn, then the other way.
func (r *sessionRun) sort(m Model) Model {
	var total, longest time.Duration
	for range assetColumns {
		var d time.Duration
		m, d, _ = r.timeKeys(m, "s")
		col := assetColumns[m.assets.table.sortCol].title
		r.reportMS("sort-"+strings.ToLower(strings.ReplaceAll(col, " ", "-"))+"-ms", d)
		total += d
		longest = max(longest, d)
	}
	r.reportMS("sort-ms", total/time.Duration(len(assetColumns)))
	r.reportMS("sort-max-ms", longest)
	m, mean, _ := r.timeKeys(m, "S", "S")
	r.reportMS("sort-reverse-ms", mean)
	m, mean, _ = r.timeKeys(m, "down", "down", "down", "pgdown", "pgdown", "up")
	r.reportMS("cursor-ms", mean)
	return m
}

// lists draws the findings and the reminders and scrolls them.
func (r *sessionRun) lists(m Model) Model {
	m, mean, _ := r.timeKeys(m, "3", "down", "pgdown", "4", "down", "pgdown", "G", "1")
	r.reportMS("lists-ms", mean)
	return m
}

// reload reads the whole inventory again while the loaded one is shown.
func (r *sessionRun) reload(m Model) Model {
	began := time.Now()
	m = step(r.t, m, keyMsg("ctrl+r"))
	m, derive := readAll(r.t, m, m.loadCmd(m.loadTask))
	m = step(r.t, m, derive())
	if !m.snap.derived {
		r.t.Fatal("the reload did not end with findings derived")
	}
	r.report("reload-s", time.Since(began).Seconds())
	return m
}

// memory reports the resident memory now, its peak so far and the live
// heap, each name ending in suffix.
func (r *sessionRun) memory(suffix string) {
	rss, peak := residentMB(r.t)
	r.report("MB-RSS"+suffix, rss)
	r.report("MB-peak"+suffix, peak)
	runtime.GC()
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	r.report("MB-live"+suffix, float64(ms.HeapAlloc)/(1<<20))
}

func (r *sessionRun) writeHeapProfile(path string) {
	if path == "" {
		return
	}
	runtime.GC()
	f, err := os.Create(path)
	if err != nil {
		r.t.Fatal(err)
	}
	defer f.Close()
	if err := pprof.WriteHeapProfile(f); err != nil {
		r.t.Fatal(err)
	}
}
