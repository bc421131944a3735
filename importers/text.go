package importers

import (
	"bufio"
	"fmt"
	"io"
	"strconv"
	"strings"
	"unicode"
)

// WriteText writes the report for people: one line per row (with each
// change as field "from" → "to"), how each file was read, the status
// values that need a --stage-map, and a summary that says whether anything
// was written.
func (r *Report) WriteText(w io.Writer) error {
	tw := NewTextWriter(w, len(r.Files))
	if err := tw.WriteRows(r.Rows); err != nil {
		return err
	}
	return tw.Finish(r)
}

// TextWriter writes a report for people as it is made: the rows of each
// batch as they come (Options.Rows), then, with Finish, what is known only
// at the end.
type TextWriter struct {
	// Buffered: a report has a line per row, and a write each would cost
	// a large import a system call per row.
	bw *bufio.Writer
	p  printer
	// files is how many files the import reads: with several, a row's
	// place names its file.
	files int
	// width is what the rows' places are padded to: the widest so far,
	// so that a batch's rows line up.
	width int
	line  []byte
}

// NewTextWriter writes the report of an import of files inputs to w.
func NewTextWriter(w io.Writer, files int) *TextWriter {
	bw := bufio.NewWriterSize(w, 64<<10)
	return &TextWriter{bw: bw, p: printer{w: bw}, files: files}
}

// WriteRows writes the lines of rows, and flushes them.
func (tw *TextWriter) WriteRows(rows []Row) error {
	// The row lines are made by hand, not with fmt: a large import has
	// hundreds of thousands of them.
	for _, row := range rows {
		tw.line = tw.appendPlace(tw.line[:0], row)
		tw.width = max(tw.width, len(tw.line))
	}
	p := &tw.p
	for _, row := range rows {
		line := tw.appendPlace(tw.line[:0], row)
		line = appendPadded(line, len(line), tw.width)
		line = append(line, "  "...)
		line = append(line, row.Action...)
		line = appendPadded(line, len(row.Action), 9)
		line = append(line, "  "...)
		line = append(appendRowText(line, row), '\n')
		p.write(line)
		tw.line = line
		for _, warn := range row.Warnings {
			p.printf("%-*s  %-9s  warning: %s\n", tw.width, "", "", clean(warn))
		}
	}
	return tw.flush()
}

// Finish writes how each file was read, the status values with no stage
// and the summary.
func (tw *TextWriter) Finish(r *Report) error {
	p := &tw.p
	for _, f := range r.Files {
		r.writeFile(p, f)
	}
	for _, sk := range r.SkippedClasses {
		where := ""
		if tw.files > 1 {
			where = " in " + clean(sk.File)
		}
		why := "not devices"
		if isDeviceClass(sk.Class) {
			why = "devices, but --classes leaves them out"
		}
		p.printf("%s of class %s skipped%s: %s (import them with --classes %s, or --classes all)\n",
			thousands(sk.Rows, "row"), clean(sk.Class), where, why, shellQuote("devices,"+sk.Class))
	}
	if len(r.UnknownStatuses) > 0 {
		p.printf("Status values with no sunset stage; say what each means with --stage-map VALUE=STAGE (stages: planned, spare, active, decommissioning, retired, disposed):\n")
		for _, u := range r.UnknownStatuses {
			p.printf("  %q in %s: %s\n", u.Value, clean(u.File), lineList(u.Lines))
		}
	}
	for _, w := range r.Warnings {
		p.printf("warning: %s\n", clean(w))
	}
	p.printf("%s\n", r.summary())
	return tw.flush()
}

func (tw *TextWriter) flush() error {
	if tw.p.err != nil {
		return tw.p.err
	}
	tw.p.err = tw.bw.Flush()
	return tw.p.err
}

type printer struct {
	w   io.Writer
	err error
}

func (p *printer) write(b []byte) {
	if p.err == nil {
		_, p.err = p.w.Write(b)
	}
}

// appendPadded pads what was appended last, n bytes of it, with spaces to
// width.
func appendPadded(b []byte, n, width int) []byte {
	for ; n < width; n++ {
		b = append(b, ' ')
	}
	return b
}

func (p *printer) printf(format string, args ...any) {
	if p.err == nil {
		_, p.err = fmt.Fprintf(p.w, format, args...)
	}
}

func (r *Report) writeFile(p *printer, f FileReport) {
	how := string(f.Format)
	if f.Detected != "" {
		how += " (recognised: " + f.Detected + ")"
	}
	if f.Error != "" {
		p.printf("%s\n", clean(f.Error))
		return
	}
	p.printf("%s: %s; %s, delimiter %q, %s", clean(f.File), how, f.Encoding, f.Delimiter, plural(f.Rows, "row"))
	if f.BlankRows > 0 {
		p.printf(" (%d blank rows skipped)", f.BlankRows)
	}
	p.printf("\n")
	var fields, partly, notes, ignored []string
	for _, c := range f.Columns {
		switch {
		case c.Use == UseField && c.After != "":
			s := fmt.Sprintf("%s → %s only where %q is empty (%s)", clean(c.Column), targetLabel(c.Field), clean(c.After), plural(c.RowsFilled, "row"))
			if c.RowsKept > 0 {
				s += fmt.Sprintf("; kept as an imported column in %s", plural(c.RowsKept, "row"))
			}
			partly = append(partly, s)
		case c.Use == UseField && c.RowsKept > 0:
			partly = append(partly, fmt.Sprintf("%s → %s in %s; kept as an imported column in %s", clean(c.Column), targetLabel(c.Field),
				plural(c.RowsFilled, "row"), plural(c.RowsKept, "row")))
		case c.Use == UseField:
			fields = append(fields, fmt.Sprintf("%s → %s", clean(c.Column), targetLabel(c.Field)))
		case c.Use == UseKept:
			notes = append(notes, clean(c.Column))
		case c.Use == UseIgnored:
			ignored = append(ignored, clean(c.Column))
		}
	}
	if len(fields) > 0 {
		p.printf("  columns: %s\n", strings.Join(fields, ", "))
	}
	for _, s := range partly {
		p.printf("  %s\n", s)
	}
	if len(notes) > 0 {
		p.printf("  not asset fields, kept as imported columns (apart from notes): %s\n", strings.Join(notes, ", "))
	}
	if len(ignored) > 0 {
		p.printf("  ignored: %s\n", strings.Join(ignored, ", "))
	}
}

// targetLabels say in words what the reader targets that are no asset
// field fill.
var targetLabels = map[string]string{
	targetDeviceName: "hostname or name",
	targetNames:      "hostname, name and DNS names",
	targetExternalID: "source id",
	targetClass:      "class (skips rows of no device)",
	targetLastSeen:   "last seen",
	targetSource:     "source (the tool the id is from)",
}

func targetLabel(target string) string {
	if l, ok := targetLabels[target]; ok {
		return l
	}
	return target
}

// appendPlace appends where a row is: its line, and its file when the
// import reads several.
func (tw *TextWriter) appendPlace(b []byte, row Row) []byte {
	if tw.files > 1 {
		b = append(append(b, clean(row.File)...), ':')
	} else {
		b = append(b, "line "...)
	}
	return strconv.AppendInt(b, int64(row.Line), 10)
}

// appendRowText appends what happens to a row's asset: its name, its
// changes (field "from" → "to") and the reason.
func appendRowText(b []byte, row Row) []byte {
	start := len(b)
	if row.Asset != "" {
		b = append(b, clean(row.Asset)...)
		if row.AssetID != 0 {
			b = append(strconv.AppendInt(append(b, " (#"...), row.AssetID, 10), ')')
		}
	}
	if len(row.Changes) > 0 {
		b = append(b, ": "...)
		for i, c := range row.Changes {
			if i > 0 {
				b = append(b, "; "...)
			}
			b = append(append(b, c.Field...), ' ')
			b = append(strconv.AppendQuote(b, c.From), " → "...)
			b = strconv.AppendQuote(b, c.To)
		}
	}
	if row.Reason != "" {
		if len(b) > start {
			b = append(b, ": "...)
		}
		b = append(b, clean(row.Reason)...)
	}
	return b
}

func (r *Report) summary() string {
	c := r.Counts
	s := fmt.Sprintf("%s: %d created, %d updated, %d unchanged, %d rejected (%d conflicts, %d errors)",
		plural(c.Rows, "row"), c.Created, c.Updated, c.Unchanged, c.Rejected, c.Conflicts, c.Errors)
	if c.Skipped > 0 {
		s += fmt.Sprintf(", %d skipped (by class)", c.Skipped)
	}
	s += "."
	// say ends the summary with what happened, or in a dry run what
	// would.
	say := func(done, dry string) string {
		if r.DryRun {
			return s + " Dry run: nothing written; " + dry
		}
		return s + " " + done
	}
	switch {
	case c.Rejected > 0 && r.DryRun:
		return s + fmt.Sprintf(" Dry run: nothing written; as it stands, the import would be refused (%s rejected).", plural(c.Rejected, "row"))
	case c.Rejected > 0:
		return s + fmt.Sprintf(" Nothing written: %s rejected. Fix them (or --map, --stage-map, --key) and import again.", plural(c.Rejected, "row"))
	case c.Rows == 0:
		return say("Nothing to import: the files have no rows.", "the files have no rows.")
	case c.Skipped == c.Rows:
		msg := fmt.Sprintf("every row was skipped by its class (%s).", classHint(r))
		return say("Nothing imported: "+msg, msg)
	case c.Created+c.Updated == 0 && c.Skipped > 0:
		msg := fmt.Sprintf("the inventory already matches every row imported, and %s skipped by class.", plural(c.Skipped, "row"))
		return say("Nothing to change: "+msg, "nothing would change: "+msg)
	case c.Created+c.Updated == 0:
		return say("Nothing to change: the inventory already matches every row.", "nothing would change: the inventory already matches every row.")
	case c.Skipped > 0:
		return say(fmt.Sprintf("Written in one transaction; %s skipped by class.", plural(c.Skipped, "row")),
			fmt.Sprintf("%s skipped by class.", plural(c.Skipped, "row")))
	}
	if r.DryRun {
		return s + " Dry run: nothing written."
	}
	return s + " Written in one transaction."
}

// classHint says how to import rows all skipped by class.
func classHint(r *Report) string {
	if len(r.Warnings) > 0 {
		return "see the warnings above"
	}
	return "--classes chooses which to import"
}

func lineList(lines []int) string {
	const show = 20
	parts := make([]string, 0, show)
	for i, l := range lines {
		if i == show {
			break
		}
		parts = append(parts, fmt.Sprint(l))
	}
	s := "line"
	if len(lines) > 1 {
		s = "lines"
	}
	s += " " + strings.Join(parts, ", ")
	if len(lines) > show {
		s += fmt.Sprintf(" and %d more", len(lines)-show)
	}
	return s
}

// clean keeps file text from steering the terminal: control characters and
// bidirectional overrides become '?'.
func clean(s string) string {
	if strings.IndexFunc(s, unsafeRune) < 0 {
		return s
	}
	return strings.Map(func(r rune) rune {
		if unsafeRune(r) {
			return '?'
		}
		return r
	}, s)
}

func unsafeRune(r rune) bool {
	return unicode.IsControl(r) || unicode.Is(unicode.Bidi_Control, r)
}

// thousands writes "1 row", "1,767 rows".
func thousands(n int, noun string) string {
	digits := strconv.Itoa(n)
	var b strings.Builder
	for i, d := range digits {
		if i > 0 && (len(digits)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(d)
	}
	if n != 1 {
		noun += "s"
	}
	return b.String() + " " + noun
}

// plural writes "1 row", "2 rows".
func plural(n int, noun string) string {
	if n == 1 {
		return fmt.Sprintf("1 %s", noun)
	}
	return fmt.Sprintf("%d %ss", n, noun)
}
