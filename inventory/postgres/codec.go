package postgres

import (
	"database/sql"
	"encoding/json"
	"fmt"
	"time"

	"github.com/sunset-tui/sunset/inventory"
)

// timeLayout is RFC 3339 with a fixed nine-digit fraction, always in UTC,
// so that comparing the text compares the times (time.RFC3339Nano drops
// trailing zeros and would not sort).
const timeLayout = "2006-01-02T15:04:05.000000000Z07:00"

// stamp is t as the store keeps it: UTC, no monotonic reading.
func stamp(t time.Time) time.Time { return t.Round(0).UTC() }

func nowUTC() time.Time { return stamp(time.Now()) }

// timeText is t as stored text, or NULL when t is zero.
func timeText(t time.Time) any {
	if t.IsZero() {
		return nil
	}
	return t.UTC().Format(timeLayout)
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

// jsonText stores a list as JSON text; an empty list is "[]".
func jsonText[T any](v []T) (string, error) {
	if len(v) == 0 {
		return "[]", nil
	}
	b, err := json.Marshal(v)
	return string(b), err
}

// nullText stores "" as NULL, for optional keys.
func nullText(s string) any {
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
