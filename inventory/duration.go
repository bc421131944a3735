package inventory

import (
	"fmt"
	"strconv"
	"strings"
	"time"
)

// Duration is a span of time as policy writes it: "90d", "2w", "24h",
// "30m", or any time.ParseDuration form. Days are 24 hours.
type Duration time.Duration

const (
	Day  = Duration(24 * time.Hour)
	Week = 7 * Day
)

// ParseDuration reads a positive policy duration.
func ParseDuration(s string) (Duration, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return 0, fmt.Errorf("empty duration")
	}
	var d time.Duration
	if n, unit := s[:len(s)-1], s[len(s)-1]; unit == 'd' || unit == 'w' {
		v, err := strconv.Atoi(n)
		if err != nil {
			return 0, fmt.Errorf("%q is not a duration (want e.g. 90d, 2w, 24h)", s)
		}
		d = time.Duration(v) * 24 * time.Hour
		if unit == 'w' {
			d *= 7
		}
	} else {
		v, err := time.ParseDuration(s)
		if err != nil {
			return 0, fmt.Errorf("%q is not a duration (want e.g. 90d, 2w, 24h)", s)
		}
		d = v
	}
	if d <= 0 {
		return 0, fmt.Errorf("%q: duration must be positive", s)
	}
	return Duration(d), nil
}

// String writes whole days as "Nd" and anything else in time.Duration form.
func (d Duration) String() string {
	td := time.Duration(d)
	if td%(24*time.Hour) == 0 && td != 0 {
		return strconv.Itoa(int(td/(24*time.Hour))) + "d"
	}
	return td.String()
}

func (d Duration) Std() time.Duration { return time.Duration(d) }
