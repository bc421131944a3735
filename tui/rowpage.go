package tui

import (
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/charmbracelet/x/ansi"
	"github.com/sunset-tui/sunset/inventory"
	"github.com/sunset-tui/sunset/tui/safe"
)

// rowPage is one page of rows as a load reads it. The texts of its rows
// are parts of one string. A search value more than one of its rows has (a
// model, a location) is not in their texts: each row numbers the set of
// such values it has in common, and the snapshot renumbers them in its
// commonValues as it adds the page.
type rowPage struct {
	rows []assetRow
	// common holds each set of shared values, joined, by the number the
	// rows use; 0 is the empty set.
	common []string
	// widths is the widest value of each display field of the rows.
	widths rowWidths
}

// rowWidths holds the widest value, in cells, of each display field of
// some rows: the asset list sizes its columns to them.
type rowWidths [displayFields]int

// grow widens w to hold o.
func (w *rowWidths) grow(o rowWidths) {
	for i := range w {
		w[i] = max(w[i], o[i])
	}
}

// newRowPage builds the rows of a page of summaries.
func newRowPage(ss []inventory.AssetSummary) rowPage {
	values := make([][]string, len(ss))
	counts := map[string]int{}
	for i := range ss {
		values[i] = searchValues(&ss[i])
		for _, v := range values[i] {
			counts[v]++
		}
	}
	page := rowPage{rows: make([]assetRow, len(ss)), common: []string{""}}
	numbers := map[string]uint32{"": 0}
	var text strings.Builder
	ends := make([]int, len(ss))
	var shared []string
	for i := range ss {
		a := &ss[i]
		page.widths.grow(writeDisplayFields(&text, a))
		shared = shared[:0]
		for _, v := range values[i] {
			if counts[v] > 1 {
				shared = append(shared, v)
			} else {
				writeValue(&text, v)
			}
		}
		ends[i] = text.Len()
		set := joinValues(shared)
		n, ok := numbers[set]
		if !ok {
			n = uint32(len(page.common))
			numbers[set] = n
			page.common = append(page.common, set)
		}
		page.rows[i] = assetRow{id: a.ID, common: n, lastSeen: unixSeconds(a.LastSeen), stage: uint8(stageRank(a.Stage))}
	}
	// A copy holds only the text, not the room the builder grew.
	all, start := strings.Clone(text.String()), 0
	for i := range page.rows {
		page.rows[i].text = all[start:ends[i]]
		start = ends[i]
	}
	return page
}

// searchValues are the values of the summary's search text a plain word of
// the filter matches besides its display fields: made safe, in lower case,
// without the primary address (a display field) and empty ones. A value
// that held a newline itself is simply split in two.
func searchValues(a *inventory.AssetSummary) []string {
	ip := strings.ToLower(safe.Text(a.PrimaryIP))
	var out []string
	for rest := a.Search; rest != ""; {
		var v string
		v, rest, _ = strings.Cut(rest, "\n")
		if v = strings.ToLower(safe.Text(v)); v != "" && v != ip {
			out = append(out, v)
		}
	}
	return out
}

// writeDisplayFields writes the display fields of a row's text and
// returns their widths. When they are not all ASCII, it adds them again in
// lower case as a search value, since the filter folds only ASCII letters
// of display fields.
func writeDisplayFields(b *strings.Builder, a *inventory.AssetSummary) rowWidths {
	start := b.Len()
	var widths rowWidths
	host := a.Hostname
	if host == "" {
		host = a.Name // a device known by a name that is no hostname ("AP 0A")
	}
	for k, v := range [displayFields]string{a.Tag, host, string(a.Kind), a.Owner, a.PrimaryIP} {
		v = safe.Text(v)
		widths[k] = len(v)
		if !isASCII(v) {
			widths[k] = ansi.StringWidth(v)
		}
		writeValue(b, v)
	}
	if a.Tag == "" {
		widths[fieldTag] = len("#") + len(strconv.FormatInt(a.ID, 10)) // listedTag
	}
	// The builder's text so far is never changed, only added to.
	fields := b.String()[start:]
	if !isASCII(fields) {
		b.WriteString(strings.ToLower(fields))
	}
	return widths
}

func writeValue(b *strings.Builder, v string) {
	b.WriteString(v)
	b.WriteByte(0)
}

// joinValues joins a set of values as a row's text does, in one order
// whatever order they came in.
func joinValues(vs []string) string {
	if len(vs) == 0 {
		return ""
	}
	slices.Sort(vs)
	var b strings.Builder
	for _, v := range slices.Compact(vs) {
		writeValue(&b, v)
	}
	return b.String()
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}

// commonValues numbers the sets of search values rows share, across the
// pages of a snapshot.
type commonValues struct {
	sets    []string
	numbers map[string]uint32
}

func newCommonValues() commonValues {
	return commonValues{sets: []string{""}, numbers: map[string]uint32{"": 0}}
}

// number returns the number of a set, adding it when new.
func (c *commonValues) number(set string) uint32 {
	n, ok := c.numbers[set]
	if !ok {
		n = uint32(len(c.sets))
		c.numbers[set] = n
		c.sets = append(c.sets, set)
	}
	return n
}
