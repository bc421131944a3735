package inventory

import (
	"testing"
	"time"
)

// An acknowledgement's expiry is a span from now or the end of a date,
// and never in the past.
func TestParseUntilReadsSpansAndDates(t *testing.T) {
	now := time.Date(2026, 3, 5, 12, 0, 0, 0, time.UTC)
	for _, c := range []struct {
		in   string
		want time.Time
	}{
		{"30d", now.AddDate(0, 0, 30)},
		{"2w", now.AddDate(0, 0, 14)},
		{"12h", now.Add(12 * time.Hour)},
		{"2026-03-05", time.Date(2026, 3, 5, 23, 59, 59, 0, time.UTC)},
		{" 2027-01-31 ", time.Date(2027, 1, 31, 23, 59, 59, 0, time.UTC)},
	} {
		got, err := ParseUntil(c.in, now)
		if err != nil || !got.Equal(c.want) {
			t.Errorf("ParseUntil(%q) = %v, %v; want %v", c.in, got, err, c.want)
		}
	}
	for _, bad := range []string{"", "soon", "2026-03-04", "-3d", "2026-02-30"} {
		if _, err := ParseUntil(bad, now); err == nil {
			t.Errorf("ParseUntil(%q) accepted", bad)
		}
	}
}
