package inventory

import (
	"fmt"
	"strings"
	"time"
)

// Acknowledgement records that a person looked at a finding and accepted
// its risk for a while: until Until, and only as long as the finding still
// says what it said then (its Substance). lifecycle decides what that
// means; the store keeps one acknowledgement per finding.
type Acknowledgement struct {
	// Finding is the key of the finding acknowledged (lifecycle's
	// Finding.Key), e.g. "idle:#12", "exposed-mapping:m7",
	// "unknown:192.0.2.7".
	Finding string `json:"finding"`
	// AssetID is the asset the finding is about, whose history records
	// the acknowledgement; 0 for an unknown device.
	AssetID int64 `json:"asset_id,omitempty"`
	// Substance is what the finding said when it was acknowledged, as
	// lifecycle compares findings: a change brings the finding back. It
	// is a fingerprint, not for output (lifecycle.DescribeSubstance
	// words it).
	Substance string    `json:"-"`
	Reason    string    `json:"reason"`
	Until     time.Time `json:"until"`
	By        string    `json:"by"`
	At        time.Time `json:"at"`
}

// Event actions of acknowledgements.
const (
	ActionAcknowledged   = "acknowledged"
	ActionUnacknowledged = "unacknowledged"
)

// Validate checks what a store refuses to keep.
func (a Acknowledgement) Validate() error {
	switch {
	case strings.TrimSpace(a.Finding) == "":
		return FieldError("finding", "an acknowledgement names its finding")
	case len(a.Finding) > MaxShortText || len(a.Substance) > MaxNotes:
		return FieldError("finding", "longer than %d bytes", MaxShortText)
	case strings.TrimSpace(a.Reason) == "":
		return FieldError("reason", "an acknowledgement needs a reason")
	case len(a.Reason) > MaxNotes:
		return FieldError("reason", "longer than %d bytes", MaxNotes)
	case a.Until.IsZero():
		return FieldError("until", "an acknowledgement needs an expiry")
	}
	return nil
}

// ParseUntil reads when an acknowledgement made at now expires: a span
// from now ("90d", "2w", "24h") or a date ("2027-03-31", the end of that
// day in now's location). It must lie after now.
func ParseUntil(s string, now time.Time) (time.Time, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return time.Time{}, fmt.Errorf("give how long the risk is accepted (e.g. 30d, 12w) or until when (YYYY-MM-DD)")
	}
	var until time.Time
	if d, err := ParseDate(s); err == nil {
		until = time.Date(d.Year, d.Month, d.Day, 0, 0, 0, 0, now.Location()).AddDate(0, 0, 1).Add(-time.Second)
	} else if span, err := ParseDuration(s); err == nil {
		until = now.Add(span.Std())
	} else {
		return time.Time{}, fmt.Errorf("%q is neither a span (e.g. 30d, 12w) nor a date (YYYY-MM-DD)", s)
	}
	if !until.After(now) {
		return time.Time{}, fmt.Errorf("%s has passed: an acknowledgement expires in the future", s)
	}
	return until, nil
}

// HistoryChanges is what the "acknowledged" event of a's asset records:
// the finding, and the expiry it had before (prev, zero when it was not
// acknowledged) and has now, to the second in UTC, as history writes
// times.
func (a Acknowledgement) HistoryChanges(prev time.Time) []Change {
	return []Change{{Field: "finding", To: a.Finding}, {Field: "until", From: historyTime(prev), To: historyTime(a.Until)}}
}

func historyTime(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Truncate(time.Second).Format(time.RFC3339)
}
