package tui

import (
	"context"
	"fmt"
	"strings"
	"testing"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/sunset-tui/sunset/inventory"
)

// A stage change of a selection too large to judge at once reads it in
// the background, saying how far it got; the reason can be typed
// meanwhile, and the verdict counts every asset once it is in.
func TestStageDialogOnALargeSelectionShowsProgressAndKeepsTyping(t *testing.T) {
	s := openStore(t)
	n := stageSyncLimit + 500
	as := make([]*inventory.Asset, n)
	reasons := make([]string, n)
	for i := range as {
		as[i] = &inventory.Asset{Tag: fmt.Sprintf("P-%05d", i), Stage: inventory.StagePlanned, Owner: "it"}
		reasons[i] = "seed"
	}
	update(t, s, func(ctx context.Context, w inventory.Writer) error { return w.CreateAssets(ctx, as, reasons) })
	ids := make([]int64, n)
	for i, a := range as {
		ids[i] = a.ID
	}
	m := New(svcOf(s), Options{Now: fixedNow})
	d := newStageDialog(m.c, ids).(*stageDialog)
	d.SetSize(100, 30)
	batch := d.Init()().(tea.BatchMsg)
	read, listen := batch[0], batch[1]
	facts := make(chan tea.Msg, 1)
	go func() { facts <- read() }()
	progress, ok := listen().(stageReadMsg)
	if !ok {
		t.Fatal("no progress while reading")
	}
	d.Update(progress)
	view := d.View()
	if !strings.Contains(view, "judging ") || !strings.Contains(view, " of 2,500 assets") {
		t.Errorf("while reading the dialog shows:\n%s", view)
	}
	d.Update(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune("back to planning")})
	if got := d.reason.Value(); got != "back to planning" {
		t.Errorf("typed while reading, the reason is %q", got)
	}
	d.Update(<-facts)
	judge := d.Update(stageJudgeMsg{dialog: d, seq: d.seq})
	if judge == nil {
		t.Fatal("nothing judges the change once the facts are in")
	}
	d.Update(judge())
	if view := d.View(); !strings.Contains(view, "2,500 may move") {
		t.Errorf("after judging the dialog shows:\n%s", view)
	}
}
