package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/sunset-tui/sunset/tui/safe"
)

// schemaVersion is carried by every JSON document sunset prints.
const schemaVersion = 1

// writeJSON prints one JSON document: {"schema": 1, key: value, ...}.
// Characters a terminal would act on are written as \u escapes, which
// encoding/json leaves as they are beyond the C0 controls.
func writeJSON(w io.Writer, fields map[string]any) error {
	doc := map[string]any{"schema": schemaVersion}
	for k, v := range fields {
		doc[k] = v
	}
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetIndent("", "  ")
	if err := enc.Encode(doc); err != nil {
		return err
	}
	_, err := io.WriteString(w, escapeJSON(b.String()))
	return err
}

// escapeJSON writes every unsafe character of a JSON document as a \u
// escape. They can only stand inside its strings, where the escape means
// the same character.
func escapeJSON(doc string) string {
	var b strings.Builder
	for _, r := range doc {
		if r > 0x7f && safe.Unsafe(r) {
			fmt.Fprintf(&b, `\u%04x`, r)
			continue
		}
		b.WriteRune(r)
	}
	return b.String()
}

// terminalOf is the writer underneath an escaping one: where sunset
// draws on the terminal itself.
func terminalOf(w io.Writer) io.Writer {
	if u, ok := w.(interface{ Unwrap() io.Writer }); ok {
		return u.Unwrap()
	}
	return w
}

// table writes aligned columns; every cell is made safe for the terminal.
type table struct{ tw *tabwriter.Writer }

func newTable(w io.Writer, header ...string) *table {
	t := &table{tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)}
	t.row(header...)
	return t
}

func (t *table) row(cells ...string) {
	for i, c := range cells {
		c = safe.Text(c)
		if c == "" {
			c = "-"
		}
		cells[i] = c
	}
	fmt.Fprintln(t.tw, strings.Join(cells, "\t"))
}

func (t *table) flush() error { return t.tw.Flush() }

func formatTime(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.Local().Format("2006-01-02 15:04")
}
