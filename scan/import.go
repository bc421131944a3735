package scan

import (
	"errors"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/sunset-tui/sunset/inventory"
	"github.com/sunset-tui/sunset/scan/nmapxml"
)

// DecodeXML turns an nmap XML document into an unmatched, unsaved result:
// every host nmap wrote becomes observations under the liveness rule. The
// check's times and arguments come from the document when it has them.
// A document with times later than now allows, or whose DOCTYPE declares
// entities, is refused whole (inventory.ErrInvalid, naming the file).
// Values over the caps on what one host may bring are cut, and counted in
// Result.Cut. now is the clock; nil means time.Now.
func DecodeXML(r io.Reader, name string, now func() time.Time) (Result, error) {
	if now == nil {
		now = time.Now
	}
	// A file's hosts were seen when nmap finished them, not now: a zero
	// time makes Observe use each host's own end time.
	col := newCollector(nil, true, func() time.Time { return time.Time{} })
	var lastHost time.Time
	summary, err := decodeAhead(r, func(h nmapxml.Host) error {
		lastHost = latest(lastHost, h.StartTime, h.EndTime)
		return col.host(h)
	})
	check := inventory.Check{Source: "import:" + name, StartedAt: summary.Start, EndedAt: summary.End,
		Args: strings.Fields(summary.Args), Ports: []int{}, Targets: []string{}}
	switch {
	case errors.Is(err, nmapxml.ErrEntities):
		return Result{}, &inventory.Error{Kind: inventory.ErrInvalid, Field: name,
			Msg: "declares entities in its DOCTYPE; nmap never writes those, so the file was edited: refusing it"}
	case err != nil && errors.Is(err, nmapxml.ErrTruncated):
		if summary.Decoded == 0 && summary.Scanner == "" {
			return Result{}, &inventory.Error{Kind: inventory.ErrInvalid, Field: name, Msg: "not an nmap XML file", Err: err}
		}
		check.Partial, check.PartialReason = true, "the file ends before the scan finished"
	case err != nil && col.hosts == 0:
		return Result{}, &inventory.Error{Kind: inventory.ErrInvalid, Field: name, Msg: "not readable as nmap XML", Err: err}
	case err != nil:
		check.Partial, check.PartialReason = true, "the file is unreadable after its last complete host: "+err.Error()
	case !summary.Finished:
		// The document is whole (it closes </nmaprun>) but lacks the
		// <runstats><finished> nmap writes when a scan ends: another tool
		// wrote it (masscan), or it was edited.
		check.Partial, check.PartialReason = true, "the file has no <runstats><finished> element, "+
			"which nmap writes when a scan ends (another tool wrote it, or it was edited), so it cannot show that the scan finished"
	case summary.ErrorMsg != "":
		check.Partial, check.PartialReason = true, "nmap reported an error: "+summary.ErrorMsg
	}
	at := now()
	if err := refuseFuture(name, summary, lastHost, at); err != nil {
		return Result{}, err
	}
	if check.StartedAt.IsZero() {
		check.StartedAt = at
	}
	if check.EndedAt.IsZero() {
		check.EndedAt = check.StartedAt
	}
	obs := col.finish(check.Partial, check.EndedAt)
	clampToNow(&check, obs, at)
	tally(&check, obs)
	return Result{Check: check, Observations: obs, Cut: summary.Cut}, nil
}

// refuseFuture refuses a file whose times lie further ahead of now than
// inventory.MaxClockSkew (two machines' clocks may disagree by a few
// minutes, not more): nothing is seen in the future, so the scanner's clock was
// wrong or the file was forged, and either way its evidence would outrank
// the checks that come after it.
func refuseFuture(name string, summary nmapxml.Summary, lastHost, now time.Time) error {
	what, when := "nmap started at", summary.Start
	if summary.End.After(when) {
		what, when = "nmap finished at", summary.End
	}
	if lastHost.After(when) {
		what, when = "nmap scanned a host at", lastHost
	}
	if !when.After(now.Add(inventory.MaxClockSkew)) {
		return nil
	}
	return &inventory.Error{Kind: inventory.ErrInvalid, Field: name, Msg: fmt.Sprintf(
		"times in the file lie in the future (%s %s, this machine's clock says %s): a scanner with a wrong clock, "+
			"or a forged file, cannot be evidence; fix the clock or the file", what, minuteUTC(when), minuteUTC(now))}
}

// clampToNow moves the times of a file that lie ahead of now, by no more
// than inventory.MaxClockSkew, back to now: a scanner's clock may run a little fast,
// but evidence must never be dated after the moment sunset recorded it.
func clampToNow(c *inventory.Check, obs []inventory.Observation, now time.Time) {
	c.StartedAt, c.EndedAt = notAfter(c.StartedAt, now), notAfter(c.EndedAt, now)
	for i := range obs {
		obs[i].SeenAt = notAfter(obs[i].SeenAt, now)
	}
}

func notAfter(t, limit time.Time) time.Time {
	if t.After(limit) {
		return limit
	}
	return t
}

func latest(t time.Time, more ...time.Time) time.Time {
	for _, m := range more {
		if m.After(t) {
			t = m
		}
	}
	return t
}

func minuteUTC(t time.Time) string { return t.UTC().Format("2006-01-02 15:04 MST") }
