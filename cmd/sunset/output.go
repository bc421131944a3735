package main

import (
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
func writeJSON(w io.Writer, fields map[string]any) error {
	doc := map[string]any{"schema": schemaVersion}
	for k, v := range fields {
		doc[k] = v
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(doc)
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
