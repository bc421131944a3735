package main

import (
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"maps"
	"net/netip"
	"slices"
	"strings"
	"text/tabwriter"

	"github.com/sunset-tui/sunset/lifecycle"
	"github.com/sunset-tui/sunset/tui/safe"
)

// What the command line prints about a whole inventory comes from the
// service a chunk of assets at a time and goes out through a spool, sorted,
// without ever being held whole.

// listing is one list a command prints: as a table of columns, or as the
// elements of one JSON array.
type listing struct {
	a      *app
	asJSON bool
	header []string
	sp     *spool
}

func newListing(a *app, asJSON bool, header ...string) (*listing, error) {
	sp, err := newSpool()
	if err != nil {
		return nil, err
	}
	return &listing{a: a, asJSON: asJSON, header: header, sp: sp}, nil
}

func (l *listing) close() { l.sp.close() }

// add keeps one item, to be printed in key order: v as a JSON element, or
// cells as a row of the table.
func (l *listing) add(key string, v any, cells ...string) error {
	if l.asJSON {
		b, err := jsonElement(v)
		if err != nil {
			return err
		}
		return l.sp.add(key, b)
	}
	for i, c := range cells {
		if c = safe.Text(c); c == "" {
			c = "-"
		}
		cells[i] = c
	}
	return l.sp.add(key, []byte(strings.Join(cells, "\t")+"\n"))
}

// rowsPerBlock is how many rows line up in columns at a time: a table of
// a million rows is aligned a block at a time, not held whole.
const rowsPerBlock = 1000

// writeTable prints the rows under the header, or none when there are
// none.
func (l *listing) writeTable(none string) error {
	if l.sp.len() == 0 {
		_, err := fmt.Fprintln(l.a.stdout, none)
		return err
	}
	var tw *tabwriter.Writer
	err := l.sp.each(func(i int, line []byte) error {
		if i%rowsPerBlock == 0 {
			if tw != nil {
				if err := tw.Flush(); err != nil {
					return err
				}
			}
			tw = tabwriter.NewWriter(l.a.stdout, 0, 4, 2, ' ', 0)
			if i == 0 {
				fmt.Fprintln(tw, strings.Join(l.header, "\t"))
			}
		}
		_, err := tw.Write(line)
		return err
	})
	if err != nil {
		return err
	}
	return tw.Flush()
}

// writeJSONList prints one JSON document: {"schema": 1, fields..., key:
// [the elements]}.
func (l *listing) writeJSONList(key string, fields map[string]any) error {
	j := &jsonWriter{w: l.a.stdout}
	j.raw("{")
	j.field("  ", "schema", schemaVersion)
	for _, k := range slices.Sorted(maps.Keys(fields)) {
		j.field("  ", k, fields[k])
	}
	j.list("  ", key, l.sp.rows())
	j.raw("\n}\n")
	return j.err
}

// rowList is a list of rows: how many there are, and a way to hand them
// out in order.
type rowList struct {
	rows int
	each func(write func(i int, row []byte) error) error
}

// rows hands out the spool's lines in key order.
func (s *spool) rows() rowList { return rowList{s.len(), s.each} }

// jsonElement is v as one line of JSON, with what a terminal would act on
// escaped.
func jsonElement(v any) ([]byte, error) {
	b, err := json.Marshal(v)
	if err != nil {
		return nil, err
	}
	return []byte(escapeJSON(string(b))), nil
}

// jsonWriter writes one JSON document a piece at a time, each field on a
// line of its own and each element of a list on one line. The first error
// stops it.
type jsonWriter struct {
	w   io.Writer
	err error
	// opened is set right after a { or [, where no comma goes.
	opened bool
}

// raw writes text as it is.
func (j *jsonWriter) raw(text string) {
	if j.err == nil {
		_, j.err = io.WriteString(j.w, text)
		j.opened = strings.HasSuffix(text, "{") || strings.HasSuffix(text, "[")
	}
}

// key starts a field of the object being written.
func (j *jsonWriter) key(indent, name string) {
	sep := ","
	if j.opened {
		sep = ""
	}
	j.raw(fmt.Sprintf("%s\n%s%q: ", sep, indent, name))
}

// field writes name: v, an object or a list indented under name like
// the rest of the document.
func (j *jsonWriter) field(indent, name string, v any) {
	j.key(indent, name)
	b, err := json.MarshalIndent(v, indent, "  ")
	if err != nil && j.err == nil {
		j.err = err
	}
	j.raw(escapeJSON(string(b)))
}

// list writes name: [the rows], each row one element.
func (j *jsonWriter) list(indent, name string, rows rowList) {
	j.key(indent, name)
	j.raw("[")
	if j.err != nil {
		return
	}
	j.err = rows.each(func(i int, row []byte) error {
		sep := ",\n" + indent + "  "
		if i == 0 {
			sep = "\n" + indent + "  "
		}
		if _, err := io.WriteString(j.w, sep); err != nil {
			return err
		}
		_, err := j.w.Write(row)
		return err
	})
	if rows.rows > 0 {
		j.raw("\n" + indent)
	}
	j.raw("]")
}

// findingKey orders findings as lifecycle.SortFindings does: worst first,
// then by asset, kind and address.
func findingKey(f lifecycle.Finding) string {
	return string(rune('9'-f.Severity.Rank())) + f.Asset + "\x00" + string(f.Kind) + "\x00" + addressKey(f.Address)
}

// addressKey orders addresses numerically, anything else as text after
// them.
func addressKey(s string) string {
	if ip, err := netip.ParseAddr(s); err == nil {
		b := ip.As16()
		return "0" + hex.EncodeToString(b[:])
	}
	return "1" + s
}

// reminderKey orders reminders as lifecycle.SortReminders does: by date,
// then by asset, kind, mapping and item.
func reminderKey(r lifecycle.Reminder) string {
	return fmt.Sprintf("%s\x00%s\x00%s\x00%020d\x00%s", r.Date, r.Asset, r.Kind, r.MappingID, r.Item)
}
