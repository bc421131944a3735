package main

import (
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"github.com/charmbracelet/x/term"
)

// progressBar draws one self-overwriting line on stderr, and only when
// stderr is a terminal: logs and pipes get nothing.
type progressBar struct {
	w       io.Writer
	label   string
	started time.Time
	last    time.Time
	drawn   bool
}

func newProgressBar(w io.Writer, label string) *progressBar {
	w = terminalOf(w)
	f, ok := w.(*os.File)
	if !ok || !term.IsTerminal(f.Fd()) {
		return nil
	}
	return &progressBar{w: w, label: label, started: time.Now()}
}

// update draws the bar at percent (0-100) with extra text; calls closer
// together than a tenth of a second are skipped.
func (p *progressBar) update(percent float64, remaining time.Duration, extra string) {
	if p == nil {
		return
	}
	now := time.Now()
	if now.Sub(p.last) < 100*time.Millisecond && percent < 100 {
		return
	}
	p.last = now
	const width = 30
	percent = max(0, min(100, percent))
	filled := int(percent / 100 * width)
	eta := ""
	if remaining > 0 {
		eta = " ~" + remaining.Round(time.Second).String() + " left"
	}
	fmt.Fprintf(p.w, "\r\x1b[2K%s [%s%s] %3.0f%% %s%s %s", p.label, strings.Repeat("#", filled), strings.Repeat(" ", width-filled),
		percent, time.Since(p.started).Round(time.Second), eta, extra)
	p.drawn = true
}

// done clears the line so results start on a clean one.
func (p *progressBar) done() {
	if p != nil && p.drawn {
		fmt.Fprint(p.w, "\r\x1b[2K")
	}
}
