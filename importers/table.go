package importers

import (
	"strings"
)

// table is one delimited text file: its header, and where each data row
// starts. Rows are split into cells when they are used, so that a large
// file costs its text and a few bytes per row, not a string per cell.
type table struct {
	name       string
	text       string
	delim      byte
	header     []string
	headerLine int
	bodyOff    int // where the rows after the header begin
	bodyLine   int
	rows       []rowRef
	blank      int // data rows with every cell empty, skipped
}

type rowRef struct {
	off  int
	line int
}

// parseTable reads the header and indexes the rows.
func parseTable(name, text string) (*table, error) {
	t, err := newTable(name, text)
	if err != nil {
		return nil, err
	}
	return t, t.index(nil)
}

// newTable finds the delimiter and reads the header: the first record that
// is not blank.
func newTable(name, text string) (*table, error) {
	delim, err := detectDelimiter(name, text)
	if err != nil {
		return nil, err
	}
	t := &table{name: name, text: text, delim: delim}
	sc := &scanner{name: name, s: text, line: 1, delim: delim}
	for sc.pos < len(sc.s) {
		cells, line, err := sc.record(nil)
		if err != nil {
			return nil, err
		}
		if allEmpty(cells) {
			continue
		}
		t.header = make([]string, len(cells))
		for i, c := range cells {
			t.header[i] = strings.TrimSpace(c)
		}
		t.headerLine = line
		t.bodyOff, t.bodyLine = sc.pos, sc.line
		return t, nil
	}
	return nil, fileErr(name, 0, "is empty: no header line")
}

// index checks every row after the header and notes where each starts.
// Line ends may be CRLF, LF or a lone CR; quoted fields may hold
// delimiters, doubled quotes and line breaks, kept exactly as written; a
// quote inside an unquoted field is an ordinary character. A row that
// cannot be read (a bad quote, a size cap) is kept, for the import to
// reject with its line like any bad row, and reading goes on at the line
// after the one it starts on: every bad line is reported, not the first
// only. visit, if set, sees each readable data row's cells (valid only
// during the call).
func (t *table) index(visit func(cells []string)) error {
	sc := &scanner{name: t.name, s: t.text, pos: t.bodyOff, line: t.bodyLine, delim: t.delim}
	var buf []string
	for sc.pos < len(sc.s) {
		off := sc.pos
		cells, line, err := sc.record(buf[:0])
		if err != nil {
			sc.pos, sc.line = lineAfter(sc.s, off, line)
			if len(t.rows) >= MaxRows {
				return fileErr(t.name, line, "more than %d rows; split the file", MaxRows)
			}
			t.rows = append(t.rows, rowRef{off: off, line: line})
			continue
		}
		buf = cells
		if allEmpty(cells) {
			if len(cells) > 1 {
				t.blank++
			}
			continue
		}
		if len(t.rows) >= MaxRows {
			return fileErr(t.name, line, "more than %d rows; split the file", MaxRows)
		}
		t.rows = append(t.rows, rowRef{off: off, line: line})
		if visit != nil {
			visit(cells)
		}
	}
	return nil
}

// row splits data row i into cells, reusing buf. The row scans as it did
// when the table was indexed: a row that could not be read then gives the
// same error again.
func (t *table) row(i int, buf []string) ([]string, error) {
	r := t.rows[i]
	sc := &scanner{name: t.name, s: t.text, pos: r.off, line: r.line, delim: t.delim}
	cells, _, err := sc.record(buf[:0])
	return cells, err
}

// lineAfter is where the line after the one starting at off (line number
// line) begins, and its number.
func lineAfter(s string, off, line int) (int, int) {
	i := strings.IndexAny(s[off:], "\r\n")
	if i < 0 {
		return len(s), line
	}
	end := off + i + 1
	if s[off+i] == '\r' && end < len(s) && s[end] == '\n' {
		end++
	}
	return end, line + 1
}

func allEmpty(cells []string) bool {
	for _, c := range cells {
		if c != "" {
			return false
		}
	}
	return true
}

// detectDelimiter picks the most frequent of , ; and tab outside quotes on
// the first non-blank line.
func detectDelimiter(name, text string) (byte, error) {
	counts := map[byte]int{}
	inQuote := false
	seen := false
	for i := 0; i < len(text); i++ {
		c := text[i]
		if c == '"' {
			inQuote = !inQuote
			seen = true
			continue
		}
		if inQuote {
			continue
		}
		if c == '\r' || c == '\n' {
			if seen {
				break
			}
			continue
		}
		seen = true
		if c == ',' || c == ';' || c == '\t' {
			counts[c]++
		}
	}
	best, bestN := byte(0), 0
	for _, d := range []byte{',', ';', '\t'} {
		if counts[d] > bestN {
			best, bestN = d, counts[d]
		}
	}
	if bestN == 0 {
		if !seen {
			return 0, fileErr(name, 0, "is empty: no header line")
		}
		return 0, fileErr(name, 1, "only one column found: the header line has no comma, semicolon or tab outside quotes (is this a CSV file?)")
	}
	return best, nil
}

// scanner reads records from text one at a time.
type scanner struct {
	name  string
	s     string
	pos   int
	line  int
	delim byte
}

// record reads one record, appending its cells to cells, and the line it
// starts on.
func (sc *scanner) record(cells []string) ([]string, int, error) {
	line := sc.line
	if out, ok := sc.plainRecord(cells); ok {
		return out, line, nil
	}
	return sc.carefulRecord(cells)
}

// plainRecord reads a record that is one line with no quote and no lone
// CR in it, as most records of most files are, with byte searches instead
// of a byte at a time; a large import reads every record twice. ok is
// false, and nothing is read, for any other record, and for one that
// breaks a limit: carefulRecord reads those (and names what is wrong).
func (sc *scanner) plainRecord(cells []string) (out []string, ok bool) {
	s := sc.s[sc.pos:]
	end := strings.IndexByte(s, '\n')
	next, lineEnd := end+1, true
	if end < 0 {
		end, next, lineEnd = len(s), len(s), false
	}
	rec := s[:end]
	if len(rec) > MaxRecordBytes || strings.IndexByte(rec, '"') >= 0 {
		return cells, false
	}
	if i := strings.IndexByte(rec, '\r'); i >= 0 {
		if i != len(rec)-1 || !lineEnd { // a lone CR ends a record too
			return cells, false
		}
		rec = rec[:i]
	}
	first := len(cells)
	for {
		if len(cells)-first >= MaxColumns {
			return cells[:first], false
		}
		i := strings.IndexByte(rec, sc.delim)
		field := rec
		if i >= 0 {
			field = rec[:i]
		}
		if len(field) > MaxFieldBytes {
			return cells[:first], false
		}
		cells = append(cells, field)
		if i < 0 {
			break
		}
		rec = rec[i+1:]
	}
	sc.pos += next
	if lineEnd {
		sc.line++
	}
	return cells, true
}

// carefulRecord is record for any record: quoted fields, line ends of
// every kind, limits.
func (sc *scanner) carefulRecord(cells []string) ([]string, int, error) {
	start, line := sc.pos, sc.line
	first := len(cells)
	for {
		if len(cells)-first >= MaxColumns {
			return nil, line, fileErr(sc.name, line, "more than %d columns", MaxColumns)
		}
		cell, err := sc.field()
		if err != nil {
			return nil, line, err
		}
		cells = append(cells, cell)
		if sc.pos-start > MaxRecordBytes {
			return nil, line, fileErr(sc.name, line, "record longer than %d bytes", MaxRecordBytes)
		}
		if sc.pos >= len(sc.s) {
			return cells, line, nil
		}
		c := sc.s[sc.pos]
		sc.pos++
		if c == sc.delim {
			continue
		}
		if c == '\r' && sc.pos < len(sc.s) && sc.s[sc.pos] == '\n' {
			sc.pos++
		}
		sc.line++
		return cells, line, nil
	}
}

// field reads one cell and leaves pos on the delimiter, line end or end of
// text that follows it.
func (sc *scanner) field() (string, error) {
	s := sc.s
	if sc.pos < len(s) && s[sc.pos] == '"' {
		return sc.quoted()
	}
	begin := sc.pos
	for sc.pos < len(s) {
		c := s[sc.pos]
		if c == sc.delim || c == '\r' || c == '\n' {
			break
		}
		sc.pos++
	}
	if sc.pos-begin > MaxFieldBytes {
		return "", fileErr(sc.name, sc.line, "a field is longer than %d bytes", MaxFieldBytes)
	}
	return s[begin:sc.pos], nil
}

func (sc *scanner) quoted() (string, error) {
	s := sc.s
	openLine := sc.line
	sc.pos++ // opening quote
	segment := sc.pos
	var b *strings.Builder
	for {
		i := strings.IndexByte(s[sc.pos:], '"')
		if i < 0 {
			return "", fileErr(sc.name, openLine, "a quoted field opened here is never closed (unterminated quote)")
		}
		q := sc.pos + i
		sc.line += countLineEnds(s[sc.pos:q])
		if q-segment > MaxFieldBytes || (b != nil && b.Len()+q-segment > MaxFieldBytes) {
			return "", fileErr(sc.name, openLine, "a field is longer than %d bytes", MaxFieldBytes)
		}
		if q+1 < len(s) && s[q+1] == '"' {
			if b == nil {
				b = &strings.Builder{}
			}
			b.WriteString(s[segment : q+1])
			sc.pos = q + 2
			segment = sc.pos
			continue
		}
		value := s[segment:q]
		if b != nil {
			b.WriteString(value)
			value = b.String()
		}
		sc.pos = q + 1
		if sc.pos < len(s) {
			if c := s[sc.pos]; c != sc.delim && c != '\r' && c != '\n' {
				return "", textAfterQuote(sc.name, openLine, sc.line)
			}
		}
		return value, nil
	}
}

// textAfterQuote: a quoted field opened on line opened closes on line
// closed with text after it. A field that ran over lines to get there most
// likely began with a stray quote.
func textAfterQuote(name string, opened, closed int) error {
	if opened == closed {
		return fileErr(name, closed, "text after the closing quote of a quoted field (a quote inside a quoted field must be doubled: \"\")")
	}
	return fileErr(name, opened, "a quoted field opened here runs to line %d, where text follows its closing quote (a stray quote on this line? a quote inside a quoted field must be doubled: \"\")", closed)
}

// countLineEnds counts CRLF, LF and lone CR each as one.
func countLineEnds(s string) int {
	n := 0
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case '\n':
			n++
		case '\r':
			if i+1 >= len(s) || s[i+1] != '\n' {
				n++
			}
		}
	}
	return n
}
