package tui

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/sunset-tui/sunset/inventory"
	"github.com/sunset-tui/sunset/inventory/sqlite"
)

// benchAssets is the size of the generated inventory the benchmarks run
// on: 100,000 assets, or as many as SUNSET_BENCH_ASSETS says (1000000 for
// the figures of a million assets).
var benchAssets = benchSize(os.Getenv("SUNSET_BENCH_ASSETS"))

func benchSize(env string) int {
	if n, err := strconv.Atoi(env); err == nil && n > 0 {
		return n
	}
	return 100_000
}

var (
	benchOnce sync.Once
	benchPath string
	benchErr  error
)

// benchStore opens a generated inventory of benchAssets assets. The file is
// built once and kept in the temporary directory between runs, since
// writing 100,000 assets takes a while.
func benchStore(b *testing.B) *sqlite.Store {
	b.Helper()
	s, err := sqlite.Open(benchFile(b), sqlite.Options{Actor: "bench", Now: fixedNow})
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { s.Close() })
	return s
}

// benchFile returns the path of the generated inventory, writing it first
// when it is not there yet.
func benchFile(b *testing.B) string {
	b.Helper()
	benchOnce.Do(func() {
		benchPath = filepath.Join(os.TempDir(), fmt.Sprintf("sunset-tui-bench-%d-v4.db", benchAssets))
		if _, err := os.Stat(benchPath); err == nil {
			return
		}
		tmp := benchPath + ".part"
		os.Remove(tmp)
		s, err := sqlite.Open(tmp, sqlite.Options{Actor: "bench", Now: fixedNow})
		if err != nil {
			benchErr = err
			return
		}
		benchErr = generateInventory(s, benchAssets)
		s.Close()
		if benchErr == nil {
			benchErr = os.Rename(tmp, benchPath)
		}
	})
	if benchErr != nil {
		b.Fatal(benchErr)
	}
	return benchPath
}

// benchStages spreads the generated assets over the stages roughly as a
// real inventory does: most active, a tail of retired and disposed ones, a
// few in decommissioning (each of those costs one checklist read).
var benchStages = func() []inventory.Stage {
	var out []inventory.Stage
	for st, n := range map[inventory.Stage]int{inventory.StagePlanned: 3, inventory.StageSpare: 5,
		inventory.StageActive: 70, inventory.StageDecommissioning: 2, inventory.StageRetired: 12, inventory.StageDisposed: 8} {
		for range n {
			out = append(out, st)
		}
	}
	slices.Sort(out) // map order is random; the inventory must not be
	return out
}()

var (
	benchKinds  = []inventory.Kind{inventory.KindServer, inventory.KindCamera, inventory.KindSwitch, inventory.KindPrinter, inventory.KindLaptop, inventory.KindNVR}
	benchOwners = []string{"infra", "facilities", "net", "office", "it", "security", "dev", "ops"}
)

// generateInventory writes n assets spread over every stage, kind and
// owner, each with an IP address, in batches; one in nine has no owner
// (a finding when it is in service), every other one a deployment date
// and every fifth a warranty end (reminders). A check then saw every
// twentieth asset: half of those answered, the other half were dark
// (findings for the active ones).
func generateInventory(s inventory.Store, n int) error {
	ctx := context.Background()
	const batch = 5000
	var seen []inventory.Observation
	for start := 0; start < n; start += batch {
		err := s.Update(ctx, func(w inventory.Writer) error {
			for i := start; i < min(start+batch, n); i++ {
				a := generatedAsset(i)
				if err := w.CreateAsset(ctx, &a, "bench"); err != nil {
					return err
				}
				if i%20 == 0 {
					seen = append(seen, generatedObservation(i, a))
				}
			}
			return nil
		})
		if err != nil {
			return err
		}
	}
	return s.Update(ctx, func(w inventory.Writer) error {
		at := testNow.Add(-time.Hour)
		c := inventory.Check{StartedAt: at, EndedAt: at.Add(time.Minute), Source: "live", Targets: []string{"2001:db8::/32"}}
		return w.SaveCheck(ctx, &c, seen)
	})
}

// generatedAsset is the i-th asset of the generated inventory.
func generatedAsset(i int) inventory.Asset {
	a := inventory.Asset{
		Tag:      fmt.Sprintf("A-%06d", i),
		Hostname: fmt.Sprintf("%s-%05d", benchKinds[i%len(benchKinds)], i),
		Kind:     benchKinds[i%len(benchKinds)],
		Stage:    benchStages[(i*37)%len(benchStages)],
		Owner:    benchOwners[i%len(benchOwners)],
		Location: "site-" + strconv.Itoa(i%40),
		Serial:   fmt.Sprintf("SN%08x", i*7919),
		LastSeen: testNow.Add(-time.Duration(i%400) * 24 * time.Hour),
		// Documentation addresses only (RFC 3849).
		Addresses: []inventory.Address{{Kind: inventory.AddrIP, Primary: true,
			Value: fmt.Sprintf("2001:db8::%x:%x", i>>16, i&0xffff)}},
	}
	if i%9 == 0 {
		a.Owner = ""
	}
	if i%2 == 0 {
		a.DeployedOn = inventory.DateOf(testNow.AddDate(0, 0, -i%2000))
	}
	if i%5 == 0 {
		a.WarrantyEnds = inventory.DateOf(testNow.AddDate(0, 0, i%60))
	}
	return a
}

// generatedObservation is what the generated check saw of asset a, the
// i-th.
func generatedObservation(i int, a inventory.Asset) inventory.Observation {
	o := inventory.Observation{AssetID: a.ID, Address: a.Addresses[0].Value, State: inventory.Dark,
		Reason: "no-response", SeenAt: testNow.Add(-time.Hour)}
	if i%40 == 0 {
		o.State, o.Reason = inventory.Answered, "echo-reply"
	}
	return o
}

// BenchmarkLoadingFrame measures start-up to the very first frame: the
// model is built, sized and drawn while the inventory is read.
func BenchmarkLoadingFrame(b *testing.B) {
	s := benchStore(b)
	for b.Loop() {
		m := New(svcOf(s), Options{Now: fixedNow})
		_ = m.Init()
		m = step(b, m, tea.WindowSizeMsg{Width: 120, Height: 40})
		if !strings.Contains(m.View(), "Loading") {
			b.Fatal("first frame is not the loading screen")
		}
	}
}

// BenchmarkFirstFrame measures start-up to the first frame with the
// inventory's numbers: the model built and sized, the head of the
// inventory read from the store (stage counts, the last check, the first
// page of assets) and the dashboard drawn with the assets by stage.
func BenchmarkFirstFrame(b *testing.B) {
	s := benchStore(b)
	for b.Loop() {
		m := New(svcOf(s), Options{Now: fixedNow})
		_ = m.Init()
		m = step(b, m, tea.WindowSizeMsg{Width: 120, Height: 40})
		m = step(b, m, m.loadCmd(m.loadTask)())
		if v := m.View(); !strings.Contains(v, "Assets by stage") || !strings.Contains(v, itoa(benchAssets*70/100)) {
			b.Fatalf("the first frame does not show the stage counts:\n%s", v)
		}
	}
}

// BenchmarkFirstListFrame is BenchmarkFirstFrame on the asset list: the
// first screen of rows drawn while the rest are read.
func BenchmarkFirstListFrame(b *testing.B) {
	s := benchStore(b)
	for b.Loop() {
		m := New(svcOf(s), Options{Now: fixedNow})
		_ = m.Init()
		m = step(b, m, tea.WindowSizeMsg{Width: 120, Height: 40})
		m = step(b, m, keyMsg("2"))
		m = step(b, m, m.loadCmd(m.loadTask)())
		if v := m.View(); !strings.Contains(v, "A-000000") || !strings.Contains(v, "of "+itoa(benchAssets)+" loaded") {
			b.Fatalf("the first frame does not show the first assets:\n%s", v)
		}
	}
}

// BenchmarkListFrame measures start-up to the frame of the whole asset
// list: every page of rows read and added, before findings are derived.
// It also reports the longest Update of the load (max-update-ms): while
// the pages arrive the screen must stay responsive.
func BenchmarkListFrame(b *testing.B) {
	s := benchStore(b)
	var longest time.Duration
	for b.Loop() {
		m := New(svcOf(s), Options{Now: fixedNow})
		m = step(b, m, tea.WindowSizeMsg{Width: 120, Height: 40})
		m = step(b, m, keyMsg("2"))
		cmd := m.loadCmd(m.loadTask)
		for m.snap == nil || !m.snap.complete {
			msg := cmd()
			start := time.Now()
			m, cmd = stepCmd(b, m, msg)
			_ = m.View()
			longest = max(longest, time.Since(start))
		}
		if !strings.Contains(m.View(), itoa(benchAssets)+" shown") {
			b.Fatal("the list is not shown")
		}
	}
	b.ReportMetric(float64(longest.Microseconds())/1000, "max-update-ms")
}

// BenchmarkFirstFullFrame measures start-up to the first frame that shows
// the whole inventory judged: every asset read, findings and reminders
// derived, the dashboard drawn.
func BenchmarkFirstFullFrame(b *testing.B) {
	s := benchStore(b)
	for b.Loop() {
		m := loaded(b, s, Options{}, 120, 40)
		if !strings.Contains(m.View(), "Assets by stage") {
			b.Fatal("no dashboard")
		}
	}
}

// benchAssetsPage is a model on the asset list of the generated inventory.
func benchAssetsPage(b *testing.B) Model {
	s := benchStore(b)
	m := loaded(b, s, Options{}, 120, 40)
	m = step(b, m, keyMsg("2"))
	if len(m.assets.table.view) != benchAssets {
		b.Fatalf("%d rows shown, want %d", len(m.assets.table.view), benchAssets)
	}
	return m
}

// BenchmarkFilterKeystroke measures one keystroke in the filter box: every
// row filtered again and the frame drawn.
func BenchmarkFilterKeystroke(b *testing.B) {
	m := benchAssetsPage(b)
	m = step(b, m, keyMsg("/"))
	m = typeText(b, m, "came")
	b.ResetTimer()
	i := 0
	for b.Loop() {
		// Alternate typing and deleting a character so that every
		// iteration filters all rows.
		if i%2 == 0 {
			m = step(b, m, keyMsg("r"))
		} else {
			m = step(b, m, keyMsg("backspace"))
		}
		_ = m.View()
		i++
	}
}

// BenchmarkFilterKeystrokeTerms is a keystroke with field terms.
func BenchmarkFilterKeystrokeTerms(b *testing.B) {
	m := benchAssetsPage(b)
	m = step(b, m, keyMsg("/"))
	m = typeText(b, m, "stage:act owner:inf seen:>30d 1")
	b.ResetTimer()
	i := 0
	for b.Loop() {
		if i%2 == 0 {
			m = step(b, m, keyMsg("2"))
		} else {
			m = step(b, m, keyMsg("backspace"))
		}
		_ = m.View()
		i++
	}
}

// BenchmarkCursorMove measures moving the cursor one row and drawing.
func BenchmarkCursorMove(b *testing.B) {
	m := benchAssetsPage(b)
	m = step(b, m, keyMsg("G"))
	m = step(b, m, keyMsg("g"))
	i := 0
	for b.Loop() {
		if i%2000 < 1000 {
			m = step(b, m, keyMsg("down"))
		} else {
			m = step(b, m, keyMsg("up"))
		}
		_ = m.View()
		i++
	}
}

// BenchmarkSort measures re-sorting all rows by another column.
func BenchmarkSort(b *testing.B) {
	m := benchAssetsPage(b)
	for b.Loop() {
		m = step(b, m, keyMsg("s"))
		_ = m.View()
	}
}

// BenchmarkMemoryRSS reports the process's memory with the generated
// inventory loaded and shown: resident set size (MB-RSS) once the garbage
// of the load is collected, the peak (MB-peak) and the live heap; it fails
// when the resident size is above 150 MB.
func BenchmarkMemoryRSS(b *testing.B) {
	s := benchStore(b)
	defer debug.SetMemoryLimit(debug.SetMemoryLimit(MemoryLimit))
	var m Model
	for b.Loop() {
		m = loaded(b, s, Options{}, 120, 40)
		m = step(b, m, keyMsg("2"))
		_ = m.View()
	}
	debug.FreeOSMemory()
	rss, peak := residentMB(b)
	b.ReportMetric(rss, "MB-RSS")
	b.ReportMetric(peak, "MB-peak")
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	b.ReportMetric(float64(ms.HeapInuse)/(1<<20), "MB-heap")
	if rss > 150 {
		b.Errorf("resident memory %.0f MB is over 150 MB", rss)
	}
	runtime.KeepAlive(m)
}

// residentMB reads this process's resident set size and its peak.
func residentMB(b testing.TB) (rss, peak float64) {
	data, err := os.ReadFile("/proc/self/status")
	if err != nil {
		b.Skipf("cannot read resident memory here: %v", err)
	}
	for _, line := range strings.Split(string(data), "\n") {
		f := strings.Fields(line)
		if len(f) < 2 {
			continue
		}
		kb, _ := strconv.Atoi(f[1])
		switch f[0] {
		case "VmRSS:":
			rss = float64(kb) / 1024
		case "VmHWM:":
			peak = float64(kb) / 1024
		}
	}
	if rss == 0 {
		b.Skip("no VmRSS in /proc/self/status")
	}
	return rss, peak
}
