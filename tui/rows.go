package tui

import (
	"strings"
	"time"

	"github.com/sunset-tui/sunset/inventory"
	"github.com/sunset-tui/sunset/tui/safe"
)

// assetRow is one asset as the list shows it: display strings already made
// safe, and a lower-case search key built once so that filtering never
// allocates or re-escapes.
type assetRow struct {
	id       int64
	tag      string
	host     string
	kind     inventory.Kind
	stage    inventory.Stage
	owner    string
	ip       string
	lastSeen int64 // unix seconds; 0 when never seen
	// findings counts the asset's open findings; worst is the rank of the
	// worst severity among them (0 when none).
	findings int32
	worst    uint8
	// lastCheck is what the most recent check saw of the asset.
	lastCheck checkState
	key       string
}

// checkState is what the most recent check saw of an asset.
type checkState uint8

const (
	checkNone checkState = iota // not covered by the latest check
	checkAnswered
	checkDark
	checkUnknown
)

func (c checkState) String() string {
	switch c {
	case checkAnswered:
		return "answered"
	case checkDark:
		return "dark"
	case checkUnknown:
		return "unknown"
	}
	return "none"
}

// newAssetRow builds the row of a; its findings are filled in later.
func newAssetRow(a *inventory.AssetSummary) assetRow {
	r := assetRow{
		id:    a.ID,
		tag:   safe.Text(a.Tag),
		host:  safe.Text(a.Hostname),
		kind:  a.Kind,
		stage: a.Stage,
		owner: safe.Text(a.Owner),
		ip:    safe.Text(a.PrimaryIP),
	}
	if !a.LastSeen.IsZero() {
		r.lastSeen = a.LastSeen.Unix()
	}
	var b strings.Builder
	b.Grow(len(r.tag) + len(r.host) + len(r.kind) + len(r.stage) + len(r.owner) + len(a.Search) + 6)
	for _, s := range []string{r.tag, r.host, string(r.kind), string(r.stage), r.owner} {
		b.WriteString(s)
		b.WriteByte(0)
	}
	// The rest of the searchable text comes one value a line; a value
	// that held a newline itself is simply split in two.
	for rest := a.Search; rest != ""; {
		var v string
		v, rest, _ = strings.Cut(rest, "\n")
		b.WriteString(safe.Text(v))
		b.WriteByte(0)
	}
	r.key = strings.ToLower(b.String())
	return r
}

// seenAgo formats how long ago the row was last seen, relative to now.
func (r *assetRow) seenAgo(now time.Time) string {
	if r.lastSeen == 0 {
		return "never"
	}
	return ago(now, time.Unix(r.lastSeen, 0))
}

// ago says how long before now t was, in the largest sensible unit.
func ago(now, t time.Time) string {
	d := now.Sub(t)
	switch {
	case d < 0:
		return "just now"
	case d < time.Minute:
		return "just now"
	case d < time.Hour:
		return itoa(int(d/time.Minute)) + "m ago"
	case d < 48*time.Hour:
		return itoa(int(d/time.Hour)) + "h ago"
	default:
		return itoa(int(d/(24*time.Hour))) + "d ago"
	}
}
