package importers

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/sunset-tui/sunset/inventory"
)

// DateOrder says how to read a numeric date whose day and month could be
// swapped (03/04/2024).
type DateOrder string

const (
	DateOrderUnknown DateOrder = ""    // decide from the column; ambiguous values are errors
	DateOrderDMY     DateOrder = "dmy" // 03/04/2024 is 3 April
	DateOrderMDY     DateOrder = "mdy" // 03/04/2024 is 4 March
)

var monthNames = map[string]time.Month{}

func init() {
	for m := time.January; m <= time.December; m++ {
		full := strings.ToLower(m.String())
		monthNames[full] = m
		monthNames[full[:3]] = m
	}
	monthNames["sept"] = time.September
}

var weekdayNames = map[string]bool{}

func init() {
	for d := time.Sunday; d <= time.Saturday; d++ {
		full := strings.ToLower(d.String())
		weekdayNames[full] = true
		weekdayNames[full[:3]] = true
	}
}

// dateEvidence tells what one value shows about the day/month order: a
// first number above 12 shows day-first, a second above 12 month-first.
func dateEvidence(v string) (dmy, mdy bool) {
	a, b, _, sep, ok := numericDate(stripTime(strings.TrimSpace(v)))
	if !ok || sep == '.' || len(a) == 4 {
		return false, false
	}
	x, _ := strconv.Atoi(a)
	y, _ := strconv.Atoi(b)
	return x > 12 && y <= 12, y > 12 && x <= 12
}

// parseDate reads the date forms spreadsheets and CMDBs write: ISO
// (2024-03-01, 2024/03/01, 20240301, with or without a time), numeric
// day/month/year in either order (decided by order when both numbers are
// 12 or less), dotted day.month.year, and forms with month names (1 Mar
// 2024, Mar 1, 2024, 01-Mar-24). Two-digit years are 2000-2029 or
// 1930-1999, as spreadsheets read them.
func parseDate(s string, order DateOrder) (inventory.Date, error) {
	s = stripTime(strings.TrimSpace(s))
	if s == "" {
		return inventory.Date{}, nil
	}
	if len(s) == 8 && allDigits(s) {
		return makeDate(s, s[:4], s[4:6], s[6:])
	}
	if a, b, c, sep, ok := numericDate(s); ok {
		switch {
		case len(a) == 4:
			return makeDate(s, a, b, c)
		case len(c) != 4 && len(c) != 2:
			return inventory.Date{}, notADate(s)
		case sep == '.':
			return makeDate(s, c, b, a)
		}
		x, _ := strconv.Atoi(a)
		y, _ := strconv.Atoi(b)
		switch {
		case x > 12 || x == y:
			return makeDate(s, c, b, a)
		case y > 12:
			return makeDate(s, c, a, b)
		case order == DateOrderDMY:
			return makeDate(s, c, b, a)
		case order == DateOrderMDY:
			return makeDate(s, c, a, b)
		}
		year := fullYear(c)
		dm, err1 := makeDate(s, c, b, a)
		md, err2 := makeDate(s, c, a, b)
		if err1 != nil || err2 != nil {
			return inventory.Date{}, notADate(s)
		}
		return inventory.Date{}, ambiguousDate{fmt.Errorf("%q is ambiguous: %d %s or %d %s %d? Write dates as YYYY-MM-DD, or give the date order",
			s, dm.Day, dm.Month, md.Day, md.Month, year)}
	}
	return namedMonthDate(s)
}

// stripTime drops a time of day (and zone) after a date.
func stripTime(s string) string {
	if len(s) > 10 && s[4] == '-' && s[7] == '-' && (s[10] == 'T' || s[10] == ' ') {
		return s[:10]
	}
	if !strings.Contains(s, ":") {
		return s
	}
	var kept []string
	for _, f := range strings.Fields(s) {
		switch strings.ToLower(f) {
		case "am", "pm", "utc", "gmt", "z":
			continue
		}
		if strings.Contains(f, ":") {
			continue
		}
		kept = append(kept, f)
	}
	return strings.Join(kept, " ")
}

// numericDate splits "a/b/c" (or with - or .) into its three numbers.
func numericDate(s string) (a, b, c string, sep byte, ok bool) {
	for _, sp := range []byte{'/', '-', '.'} {
		i := strings.IndexByte(s, sp)
		if i < 0 {
			continue
		}
		j := strings.IndexByte(s[i+1:], sp)
		if j < 0 {
			return "", "", "", 0, false
		}
		j += i + 1
		a, b, c = s[:i], s[i+1:j], s[j+1:]
		for _, p := range []string{a, b, c} {
			if len(p) > 4 || !allDigits(p) {
				return "", "", "", 0, false
			}
		}
		return a, b, c, sp, true
	}
	return "", "", "", 0, false
}

func namedMonthDate(s string) (inventory.Date, error) {
	fields := strings.FieldsFunc(strings.ToLower(s), func(r rune) bool {
		return r == ' ' || r == ',' || r == '-' || r == '/' || r == '.'
	})
	month := time.Month(0)
	monthAt := -1
	var nums []string
	for _, f := range fields {
		if weekdayNames[f] {
			continue
		}
		if m, ok := monthNames[f]; ok && month == 0 {
			month, monthAt = m, len(nums)
			continue
		}
		if !allDigits(f) || len(f) > 4 {
			return inventory.Date{}, notADate(s)
		}
		nums = append(nums, f)
	}
	if month == 0 || len(nums) != 2 {
		return inventory.Date{}, notADate(s)
	}
	day, year := nums[0], nums[1]
	switch {
	case len(nums[0]) == 4:
		day, year = nums[1], nums[0]
	case len(nums[1]) == 4:
	case monthAt == 2:
		return inventory.Date{}, notADate(s) // "01 02 Mar": which is the year?
	}
	return makeDate(s, year, strconv.Itoa(int(month)), day)
}

func makeDate(orig, y, m, d string) (inventory.Date, error) {
	yy := fullYear(y)
	mm, err1 := strconv.Atoi(m)
	dd, err2 := strconv.Atoi(d)
	if err1 != nil || err2 != nil || yy < 1900 || yy > 2200 || mm < 1 || mm > 12 || dd < 1 || dd > 31 {
		return inventory.Date{}, notADate(orig)
	}
	t := time.Date(yy, time.Month(mm), dd, 0, 0, 0, 0, time.UTC)
	if t.Day() != dd {
		return inventory.Date{}, fmt.Errorf("%q is not a date: %s has no day %d", orig, time.Month(mm), dd)
	}
	return inventory.DateOf(t), nil
}

func fullYear(y string) int {
	n, err := strconv.Atoi(y)
	if err != nil {
		return -1
	}
	if len(y) == 2 {
		if n < 30 {
			return 2000 + n
		}
		return 1900 + n
	}
	return n
}

func notADate(s string) error {
	return fmt.Errorf("%q is not a date (write YYYY-MM-DD)", s)
}

func allDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return s != ""
}

// parseSeen reads when a tool last saw a device: seconds since 1970 (as
// runZero writes them; milliseconds too), or a date with or without a
// time of day, in UTC. A time more than inventory.MaxClockSkew after now
// is refused: nothing is seen in the future.
func parseSeen(v string, now time.Time) (time.Time, error) {
	v = strings.TrimSpace(v)
	var t time.Time
	if n, err := strconv.ParseInt(v, 10, 64); err == nil && n > 0 {
		switch {
		case n >= 1e11: // 13 digits and more: milliseconds
			t = time.UnixMilli(n).UTC()
		default:
			t = time.Unix(n, 0).UTC()
		}
	} else if t, err = parseDateTime(v); err != nil {
		return time.Time{}, fmt.Errorf("%q is neither a time nor seconds since 1970", v)
	}
	if t.After(now.Add(inventory.MaxClockSkew)) {
		return time.Time{}, fmt.Errorf("%s lies in the future (this machine's clock says %s): a wrong clock cannot tell when a device was seen",
			t.Format("2006-01-02 15:04 MST"), now.UTC().Format("2006-01-02 15:04 MST"))
	}
	return t, nil
}

// parseDateTime reads a time as exports write it: RFC 3339, or a date
// and a time of day separated by a space or a T (in UTC unless an offset
// is given), or a date alone.
func parseDateTime(v string) (time.Time, error) {
	for _, layout := range []string{time.RFC3339Nano, "2006-01-02 15:04:05Z07:00", "2006-01-02 15:04:05",
		"2006-01-02T15:04:05", "2006-01-02 15:04", "2006-01-02T15:04"} {
		if t, err := time.Parse(layout, v); err == nil {
			return t.UTC(), nil
		}
	}
	d, err := parseDate(v, DateOrderUnknown)
	if err != nil {
		return time.Time{}, err
	}
	return time.Date(d.Year, d.Month, d.Day, 0, 0, 0, 0, time.UTC), nil
}

// ambiguousDate is a date whose day and month could be swapped: the user
// says which (--date-order), even in an export that keeps unreadable
// values aside, since the value is readable, twice.
type ambiguousDate struct{ error }
