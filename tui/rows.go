package tui

import (
	"math"
	"strings"
	"time"

	"github.com/sunset-tui/sunset/inventory"
)

// assetRow is one asset as the list shows it. An inventory of a million
// assets is a million rows, so a row is small: its strings are parts of
// one text that shares memory with the other rows of its page (see
// rowPage), the search values it has in common with other rows are one
// number, its stage is a number and its time whole seconds.
type assetRow struct {
	id int64
	// text holds the row's display fields (tag, hostname, kind, owner and
	// address), made safe and each ended by a 0 byte, then its own search
	// values, in lower case and ended likewise. Safe text holds no 0 byte.
	text string
	// common numbers the search values the row shares with other rows (a
	// model, a location) in its snapshot's commonValues.
	common uint32
	// lastSeen is in unix seconds; 0 when never seen.
	lastSeen uint32
	// findings counts the asset's open findings; worst is the rank of the
	// worst severity among them (0 when none).
	findings int32
	worst    uint8
	// stage is the index of the asset's stage in inventory.Stages.
	stage uint8
	// lastCheck is what the most recent check saw of the asset.
	lastCheck checkState
}

// The display fields of a row's text, in order.
const (
	fieldTag = iota
	fieldHost
	fieldKind
	fieldOwner
	fieldIP
	displayFields
)

// field returns display field k of the row.
func (r *assetRow) field(k int) string {
	s := r.text
	for ; k > 0; k-- {
		s = s[strings.IndexByte(s, 0)+1:]
	}
	return s[:strings.IndexByte(s, 0)]
}

func (r *assetRow) tag() string          { return r.field(fieldTag) }
func (r *assetRow) host() string         { return r.field(fieldHost) }
func (r *assetRow) kind() inventory.Kind { return inventory.Kind(r.field(fieldKind)) }
func (r *assetRow) owner() string        { return r.field(fieldOwner) }
func (r *assetRow) ip() string           { return r.field(fieldIP) }

// listedTag is what the TAG column shows: the tag, or for an asset
// without one its id as `sunset asset show` takes it (#12), as `sunset
// asset list` shows it.
func (r *assetRow) listedTag() string {
	if tag := r.tag(); tag != "" {
		return tag
	}
	return "#" + itoa(int(r.id))
}

// stageName is the row's stage; "" for one the store cannot hold.
func (r *assetRow) stageName() inventory.Stage {
	if int(r.stage) < len(inventory.Stages) {
		return inventory.Stages[r.stage]
	}
	return ""
}

// ref names the asset as lifecycle does (inventory.Asset.Ref): its tag,
// else its hostname, else its id.
func (r *assetRow) ref() string {
	if tag := r.tag(); tag != "" {
		return tag
	}
	if host := r.host(); host != "" {
		return host
	}
	return "#" + itoa(int(r.id))
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

func checkStateOf(l inventory.Liveness) checkState {
	switch l {
	case inventory.Answered:
		return checkAnswered
	case inventory.Dark:
		return checkDark
	case inventory.Unknown:
		return checkUnknown
	}
	return checkNone
}

// unixSeconds is t as lastSeen keeps it: 0 for the zero time, and times
// outside what 32 bits of seconds hold clamped to their ends.
func unixSeconds(t time.Time) uint32 {
	if t.IsZero() {
		return 0
	}
	return uint32(min(max(t.Unix(), 1), math.MaxUint32))
}

// seenAgo formats how long ago the row was last seen, relative to now.
func (r *assetRow) seenAgo(now time.Time) string {
	if r.lastSeen == 0 {
		return "never"
	}
	return ago(now, time.Unix(int64(r.lastSeen), 0))
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
