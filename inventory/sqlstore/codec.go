package sqlstore

import (
	"database/sql"
	"encoding/json"
	"fmt"
	"time"

	"github.com/sunset-tui/sunset/inventory"
)

// TimeLayout is RFC 3339 with a fixed nine-digit fraction, always in UTC,
// so that comparing the text compares the times (time.RFC3339Nano drops
// trailing zeros and would not sort).
const TimeLayout = "2006-01-02T15:04:05.000000000Z07:00"

// Stamp is t as the store keeps it: UTC, no monotonic reading.
func Stamp(t time.Time) time.Time { return t.Round(0).UTC() }

func NowUTC() time.Time { return Stamp(time.Now()) }

// TimeText is t as stored text, or NULL when t is zero.
func TimeText(t time.Time) any {
	if t.IsZero() {
		return nil
	}
	return t.UTC().Format(TimeLayout)
}

func parseTime(column string, s sql.NullString) (time.Time, error) {
	if !s.Valid || s.String == "" {
		return time.Time{}, nil
	}
	t, err := time.Parse(time.RFC3339Nano, s.String)
	if err != nil {
		return time.Time{}, fmt.Errorf("%s: %q is not a stored time", column, s.String)
	}
	return t.UTC(), nil
}

// dateText is d as stored text (YYYY-MM-DD), or NULL when unset.
func dateText(d inventory.Date) any {
	if d.IsZero() {
		return nil
	}
	return d.String()
}

func parseDate(column string, s sql.NullString) (inventory.Date, error) {
	if !s.Valid {
		return inventory.Date{}, nil
	}
	d, err := inventory.ParseDate(s.String)
	if err != nil {
		return inventory.Date{}, fmt.Errorf("%s: %v", column, err)
	}
	return d, nil
}

// JSONText stores a list as JSON text; an empty list is "[]".
func JSONText[T any](v []T) (string, error) {
	if len(v) == 0 {
		return "[]", nil
	}
	b, err := json.Marshal(v)
	return string(b), err
}

// NullText stores "" as NULL, for optional keys.
func NullText(s string) any {
	if s == "" {
		return nil
	}
	return s
}

// nullID stores 0 as NULL, for optional references.
func nullID(id int64) any {
	if id == 0 {
		return nil
	}
	return id
}
