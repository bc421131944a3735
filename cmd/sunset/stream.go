package main

import (
	"bytes"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"net/netip"
	"strconv"
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
		b, err := json.Marshal(v)
		if err != nil {
			return err
		}
		return l.sp.add(key, []byte(escapeJSON(string(b))))
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
	var head bytes.Buffer
	head.WriteString("{\n  \"schema\": " + strconv.Itoa(schemaVersion) + ",\n")
	for k, v := range fields {
		b, err := json.Marshal(v)
		if err != nil {
			return err
		}
		fmt.Fprintf(&head, "  %q: %s,\n", k, escapeJSON(string(b)))
	}
	fmt.Fprintf(&head, "  %q: [", key)
	if _, err := io.Copy(l.a.stdout, &head); err != nil {
		return err
	}
	err := l.sp.each(func(i int, line []byte) error {
		sep := ",\n    "
		if i == 0 {
			sep = "\n    "
		}
		if _, err := io.WriteString(l.a.stdout, sep); err != nil {
			return err
		}
		_, err := l.a.stdout.Write(line)
		return err
	})
	if err != nil {
		return err
	}
	tail := "]\n}\n"
	if l.sp.len() > 0 {
		tail = "\n  ]\n}\n"
	}
	_, err = io.WriteString(l.a.stdout, tail)
	return err
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
