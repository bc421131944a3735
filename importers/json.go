package importers

import (
	"bufio"
	"encoding/json"
	"io"
)

// JSONWriter writes a report as one JSON object as it is made: the rows of
// each batch as they come (Options.Rows), one a line, then, with Finish,
// the rest. The object has the keys of Report's JSON form; it is valid
// JSON once Finish has written its end, also after a failure.
type JSONWriter struct {
	bw     *bufio.Writer
	indent string // of the object's closing brace
	rows   int    // rows written
	err    error
}

// NewJSONWriter writes to w an object whose closing brace stands at indent,
// for a document that holds it.
func NewJSONWriter(w io.Writer, indent string) *JSONWriter {
	return &JSONWriter{bw: bufio.NewWriterSize(w, 64<<10), indent: indent}
}

// WriteRows writes rows, and flushes them.
func (jw *JSONWriter) WriteRows(rows []Row) error {
	for i := range rows {
		b, err := json.Marshal(&rows[i])
		if err != nil {
			return err
		}
		if jw.rows == 0 {
			jw.write("{\n" + jw.indent + `  "rows": [` + "\n")
		} else {
			jw.write(",\n")
		}
		jw.write(jw.indent + "    ")
		jw.writeBytes(b)
		jw.rows++
	}
	return jw.flush()
}

// Finish writes the rest of the report and the object's end. A failure
// that ended the import is written as "error".
func (jw *JSONWriter) Finish(r *Report, failure error) error {
	if jw.rows == 0 {
		jw.write("{\n" + jw.indent + `  "rows": [],` + "\n")
	} else {
		jw.write("\n" + jw.indent + "  ],\n")
	}
	fields := []struct {
		name  string
		value any
	}{
		{"schema", r.Schema}, {"dry_run", r.DryRun}, {"written", r.Written}, {"keys", r.Keys},
		{"files", r.Files}, {"counts", r.Counts}, {"unknown_statuses", r.UnknownStatuses}, {"skipped_classes", r.SkippedClasses},
		{"warnings", append([]string{}, r.Warnings...)},
	}
	if failure != nil {
		fields = append(fields, struct {
			name  string
			value any
		}{"error", failure.Error()})
	}
	for i, f := range fields {
		b, err := json.MarshalIndent(f.value, jw.indent+"  ", "  ")
		if err != nil {
			return err
		}
		jw.write(jw.indent + `  "` + f.name + `": `)
		jw.writeBytes(b)
		if i < len(fields)-1 {
			jw.write(",")
		}
		jw.write("\n")
	}
	jw.write(jw.indent + "}")
	return jw.flush()
}

// Started reports whether anything was written.
func (jw *JSONWriter) Started() bool { return jw.rows > 0 }

func (jw *JSONWriter) write(s string) {
	if jw.err == nil {
		_, jw.err = jw.bw.WriteString(s)
	}
}

func (jw *JSONWriter) writeBytes(b []byte) {
	if jw.err == nil {
		_, jw.err = jw.bw.Write(b)
	}
}

func (jw *JSONWriter) flush() error {
	if jw.err == nil {
		jw.err = jw.bw.Flush()
	}
	return jw.err
}
