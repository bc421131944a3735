package nmapxml

import (
	"bufio"
	"errors"
	"io"
	"strconv"
	"strings"
	"time"
)

// ParseStatsLine reads one line of nmap's interactive output of the form
//
//	SYN Stealth Scan Timing: About 45.03% done; ETC: 14:22 (0:01:16 remaining)
//	Ping Scan Timing: About 0.50% done
//
// which nmap prints on stdout with --stats-every (or on a key press). nmap
// gives the ETC as a local time of day only; it is placed on the day that
// agrees with now plus the remaining time. At is now. ok is false for any
// other line.
func ParseStatsLine(line string, now time.Time) (p Progress, ok bool) {
	line = strings.TrimSpace(line)
	task, rest, found := strings.Cut(line, " Timing: About ")
	if !found || task == "" {
		return Progress{}, false
	}
	pct, rest, found := strings.Cut(rest, "% done")
	if !found {
		return Progress{}, false
	}
	percent, err := strconv.ParseFloat(pct, 64)
	if err != nil || percent < 0 || percent > 100 {
		return Progress{}, false
	}
	p = Progress{Task: task, Percent: percent, At: now}
	rest, found = strings.CutPrefix(rest, "; ETC: ")
	if !found {
		return p, rest == ""
	}
	clock, rest, found := strings.Cut(rest, " (")
	remaining, found2 := strings.CutSuffix(rest, " remaining)")
	if !found || !found2 {
		return Progress{}, false
	}
	left, ok := parseClockDuration(remaining)
	if !ok {
		return Progress{}, false
	}
	etc, ok := placeTimeOfDay(clock, now.Add(left))
	if !ok {
		return Progress{}, false
	}
	p.Remaining, p.ETC = left, etc
	return p, true
}

// parseElapsedLine reads "Stats: 0:01:02 elapsed; ..." and returns the
// elapsed time.
func parseElapsedLine(line string) (time.Duration, bool) {
	rest, found := strings.CutPrefix(strings.TrimSpace(line), "Stats: ")
	if !found {
		return 0, false
	}
	clock, _, found := strings.Cut(rest, " elapsed")
	if !found {
		return 0, false
	}
	return parseClockDuration(clock)
}

// parseClockDuration reads "H:MM:SS" (hours unbounded).
func parseClockDuration(s string) (time.Duration, bool) {
	parts := strings.Split(s, ":")
	if len(parts) != 3 {
		return 0, false
	}
	var n [3]int
	for i, part := range parts {
		v, err := strconv.Atoi(part)
		if err != nil || v < 0 || i > 0 && (v > 59 || len(part) != 2) {
			return 0, false
		}
		n[i] = v
	}
	return time.Duration(n[0])*time.Hour + time.Duration(n[1])*time.Minute + time.Duration(n[2])*time.Second, true
}

// placeTimeOfDay puts "HH:MM" on the day, in near's location, that brings
// it closest to near.
func placeTimeOfDay(clock string, near time.Time) (time.Time, bool) {
	t, err := time.Parse("15:04", clock)
	if err != nil {
		return time.Time{}, false
	}
	y, m, d := near.Date()
	best := time.Time{}
	for _, day := range []int{d - 1, d, d + 1} {
		c := time.Date(y, m, day, t.Hour(), t.Minute(), 0, 0, near.Location())
		if best.IsZero() || absDuration(c.Sub(near)) < absDuration(best.Sub(near)) {
			best = c
		}
	}
	return best, true
}

func absDuration(d time.Duration) time.Duration {
	if d < 0 {
		return -d
	}
	return d
}

// maxStatsLine bounds one line of nmap's stdout; longer lines are skipped.
const maxStatsLine = 64 << 10

// ReadStats reads nmap's interactive stdout from r until it ends and calls
// onProgress for each timing line, with Elapsed taken from the "Stats:"
// line nmap prints before it. now stamps each report. It returns nil at
// the end of r, or the read error.
func ReadStats(r io.Reader, now func() time.Time, onProgress func(Progress)) error {
	br := bufio.NewReaderSize(r, maxStatsLine)
	var elapsed time.Duration
	skipping := false
	for {
		line, err := br.ReadSlice('\n')
		if errors.Is(err, bufio.ErrBufferFull) {
			skipping = true
			continue
		}
		if !skipping && len(line) > 0 {
			s := string(line)
			if e, ok := parseElapsedLine(s); ok {
				elapsed = e
			} else if p, ok := ParseStatsLine(s, now()); ok {
				p.Elapsed = elapsed
				onProgress(p)
			}
		}
		skipping = false
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return err
		}
	}
}
