package tui

import (
	"context"
	"strings"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/sunset-tui/sunset/inventory"
)

// stageDialogRun opens the stage dialog on every asset of the generated
// inventory, as the program would: the facts read in the background, then
// the change judged in the background. It returns the dialog once it
// shows a verdict, how long that took, and how many progress messages
// arrived meanwhile.
func stageDialogRun(tb testing.TB, s inventory.Store) (*stageDialog, time.Duration, int) {
	tb.Helper()
	ctx := context.Background()
	var ids []int64
	page := inventory.Page{Limit: 10000}
	for {
		sums, err := s.AssetSummaries(ctx, inventory.AssetFilter{}, page)
		if err != nil {
			tb.Fatal(err)
		}
		for _, a := range sums {
			ids = append(ids, a.ID)
		}
		if len(sums) < page.Limit {
			break
		}
		last := sums[len(sums)-1]
		page.AfterTag, page.AfterID = last.Tag, last.ID
	}
	m := New(svcOf(s), Options{Now: fixedNow})
	start := time.Now()
	d := newStageDialog(m.c, ids).(*stageDialog)
	d.SetSize(120, 36)
	batch := d.Init()().(tea.BatchMsg)
	read, listen := batch[0], batch[1]
	// The progress feed, as the program would drain it while reading.
	progress := 0
	done := make(chan struct{})
	go func() {
		defer close(done)
		for cmd := listen; cmd != nil; {
			msg, ok := cmd().(stageReadMsg)
			if !ok {
				return
			}
			progress++
			cmd = d.listen(msg.feed)
		}
	}()
	facts := read()
	<-done
	cmd := d.Update(facts)
	if cmd == nil || d.facts == nil {
		tb.Fatalf("the facts did not arrive: %v", d.loadErr)
	}
	// The pause before judging is the dialog's own; judge at once.
	judge := d.Update(stageJudgeMsg{dialog: d, seq: d.seq})
	d.Update(judge())
	if !d.current() {
		tb.Fatal("no verdict after the facts")
	}
	return d, time.Since(start), progress
}

// typeInStage types one rune into the dialog's reason and draws it, as
// the program does for a key; it returns how long that took.
func typeInStage(d *stageDialog, r rune) time.Duration {
	start := time.Now()
	d.Update(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune{r}})
	_ = d.View()
	return time.Since(start)
}

// BenchmarkStageDialog100k times the stage dialog on 100,000 selected
// assets (SUNSET_BENCH_ASSETS for another size): the time until the
// selection is judged, and each key typed in the reason meanwhile and
// after.
func BenchmarkStageDialog100k(b *testing.B) {
	s := benchStore(b)
	for b.Loop() {
		d, judged, progress := stageDialogRun(b, s)
		var worst, total time.Duration
		const typed = 40
		for i := range typed {
			took := typeInStage(d, rune('a'+i%26))
			total += took
			worst = max(worst, took)
		}
		// Typing pauses: the new reason is judged again, in the background.
		start := time.Now()
		judge := d.Update(stageJudgeMsg{dialog: d, seq: d.seq})
		d.Update(judge())
		if !d.current() {
			b.Fatal("no verdict after typing")
		}
		b.ReportMetric(time.Since(start).Seconds(), "s-rejudged")
		b.ReportMetric(judged.Seconds(), "s-to-judged")
		b.ReportMetric(float64(progress), "progress-msgs")
		b.ReportMetric(float64(total.Microseconds())/typed/1000, "ms/key")
		b.ReportMetric(float64(worst.Microseconds())/1000, "ms-worst-key")
	}
}

// BenchmarkStageDialogFromTheList is the whole path a person takes on the
// generated inventory: the asset list, A to select every row, t for the
// stage dialog; it reports how long the key press took (ms-open), the
// time until the selection is judged (s-to-judged), and each key typed
// in the reason through the program's Update and View (ms/key and
// ms-worst-key).
func BenchmarkStageDialogFromTheList(b *testing.B) {
	s := benchStore(b)
	m := New(svcOf(s), Options{Now: fixedNow})
	m = step(b, m, tea.WindowSizeMsg{Width: 120, Height: 40})
	m = step(b, m, keyMsg("2"))
	cmd := m.loadCmd(m.loadTask)
	for m.snap == nil || !m.snap.complete {
		m, cmd = stepCmd(b, m, cmd())
	}
	m = step(b, m, keyMsg("A"))
	if !strings.Contains(m.View(), itoa(benchAssets)+" selected") {
		b.Fatalf("A did not select every row:\n%s", m.View())
	}
	for b.Loop() {
		start := time.Now()
		opened, open := stepCmd(b, m, keyMsg("t"))
		opened, initCmd := stepCmd(b, opened, open())
		_ = opened.View()
		openTook := time.Since(start)
		d, ok := opened.dialog.(*stageDialog)
		if !ok || len(d.ids) != benchAssets {
			b.Fatalf("t opened %T", opened.dialog)
		}
		batch := initCmd().(tea.BatchMsg)
		var read tea.Cmd
		for _, c := range batch {
			if c != nil {
				read = c
				break
			}
		}
		opened = step(b, opened, read())
		judge := d.Update(stageJudgeMsg{dialog: d, seq: d.seq})
		opened = step(b, opened, judge())
		judged := time.Since(start)
		if !d.current() {
			b.Fatal("no verdict")
		}
		var worst, total time.Duration
		const typed = 40
		for i := range typed {
			t0 := time.Now()
			opened = step(b, opened, keyMsg(string(rune('a'+i%26))))
			_ = opened.View()
			took := time.Since(t0)
			total += took
			worst = max(worst, took)
		}
		b.ReportMetric(float64(openTook.Microseconds())/1000, "ms-open")
		b.ReportMetric(judged.Seconds(), "s-to-judged")
		b.ReportMetric(float64(total.Microseconds())/typed/1000, "ms/key")
		b.ReportMetric(float64(worst.Microseconds())/1000, "ms-worst-key")
		d.closed()
	}
}
