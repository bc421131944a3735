package importers

import (
	"bytes"
	"io"
	"strings"
)

// table reads one delimited text file a row at a time, holding a window of
// its text: the header, then each data row as it comes. Cells are
// substrings of the window they were read from; a window is never written
// again, so cells stay valid for as long as they are held.
type table struct {
	name       string
	src        *decoder
	text       string // the window: the text from pos on is not read yet
	pos        int
	line       int // the line pos is on
	delim      byte
	header     []string
	headerLine int
	rows       int // data rows read
	blank      int // data rows with every cell empty, skipped
}

// windowBytes is how much text a table reads at a time, and lookahead
// what it keeps ahead of the record it reads, unless the input ends
// first: all a record can take before reading it breaks a size cap, so
// that the end of a window never ends a record.
const (
	windowBytes = 4 << 20
	lookahead   = MaxRecordBytes + MaxFieldBytes + 16
)

// newTable finds the delimiter and reads the header: the first record that
// is not blank.
func newTable(name string, src *decoder) (*table, error) {
	t := &table{name: name, src: src, line: 1}
	if err := t.fill(); err != nil {
		return nil, err
	}
	delim, hint, ok := sepHint(t.text)
	if ok {
		t.pos, t.line = hint, 2
	} else {
		var err error
		if delim, err = detectDelimiter(name, t.text); err != nil {
			return nil, err
		}
	}
	t.delim = delim
	for {
		if err := t.fill(); err != nil {
			return nil, err
		}
		if t.pos >= len(t.text) {
			return nil, fileErr(name, 0, "is empty: no header line")
		}
		sc := t.scanner()
		cells, line, err := sc.record(nil)
		if err != nil {
			return nil, err
		}
		t.pos, t.line = sc.pos, sc.line
		if allEmpty(cells) {
			continue
		}
		t.header = make([]string, len(cells))
		for i, c := range cells {
			t.header[i] = strings.Clone(strings.TrimSpace(c))
		}
		t.headerLine = line
		return t, nil
	}
}

// tableOf reads the table in data.
func tableOf(name string, data []byte, latin1 bool) (*table, error) {
	return newTable(name, &decoder{name: name, r: bytes.NewReader(data), latin1: latin1})
}

func (t *table) scanner() *scanner {
	return &scanner{name: t.name, s: t.text, pos: t.pos, line: t.line, delim: t.delim}
}

// fill reads on when less than lookahead is left of the window.
func (t *table) fill() error {
	if t.src.eof || len(t.text)-t.pos >= lookahead {
		return nil
	}
	text, err := t.src.next(t.text[t.pos:], t.line, windowBytes)
	if err != nil {
		return err
	}
	t.text, t.pos = text, 0
	return nil
}

// next reads the next data row, appending its cells to cells, with the
// line it starts on. Line ends may be CRLF, LF or a lone CR; quoted fields
// may hold delimiters, doubled quotes and line breaks, kept exactly as
// written; a quote inside an unquoted field is an ordinary character.
// Rows with every cell empty are skipped. A row that cannot be read (a
// bad quote, a size cap) is still a row, with rowErr saying what is wrong,
// for the import to reject with its line like any bad row; reading goes
// on at the line after the one it starts on, so that every bad line is
// reported, not the first only. err is io.EOF after the last row, or what
// stops the reading of the whole file.
func (t *table) next(cells []string) (out []string, line int, rowErr, err error) {
	for {
		if err := t.fill(); err != nil {
			return cells, 0, nil, err
		}
		if t.pos >= len(t.text) {
			return cells, 0, nil, io.EOF
		}
		sc := t.scanner()
		start := len(cells)
		got, line, rowErr := sc.record(cells)
		if rowErr != nil {
			if err := t.skipLine(line); err != nil {
				return cells, 0, nil, err
			}
			return cells[:start], line, rowErr, t.count(line)
		}
		t.pos, t.line = sc.pos, sc.line
		if allEmpty(got[start:]) {
			if len(got)-start > 1 {
				t.blank++
			}
			cells = got[:start]
			continue
		}
		return got, line, nil, t.count(line)
	}
}

// count counts a data row, within MaxRows.
func (t *table) count(line int) error {
	if t.rows >= MaxRows {
		return fileErr(t.name, line, "more than %d rows; split the file", MaxRows)
	}
	t.rows++
	return nil
}

// skipLine moves past the line that starts at pos (line number line),
// reading on as long as it has no end.
func (t *table) skipLine(line int) error {
	for {
		pos, next := lineAfter(t.text, t.pos, line)
		if next > line || t.src.eof {
			t.pos, t.line = pos, next
			if t.text[pos-1] == '\r' && pos == len(t.text) && !t.src.eof {
				return t.skipLF()
			}
			return nil
		}
		t.pos = len(t.text)
		if err := t.fill(); err != nil {
			return err
		}
	}
}

// skipLF skips the LF of a CRLF that a window cut in two.
func (t *table) skipLF() error {
	if err := t.fill(); err != nil {
		return err
	}
	if t.pos < len(t.text) && t.text[t.pos] == '\n' {
		t.pos++
	}
	return nil
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

// sepHint reads the line "sep=;" that Excel writes, and reads, before a
// CSV's header to say its delimiter: the delimiter, and where the header
// starts.
func sepHint(text string) (delim byte, next int, ok bool) {
	if len(text) < 5 || !strings.EqualFold(text[:4], "sep=") || strings.IndexByte(",;\t|", text[4]) < 0 {
		return 0, 0, false
	}
	rest := text[5:]
	switch {
	case strings.HasPrefix(rest, "\r\n"):
		return text[4], 7, true
	case strings.HasPrefix(rest, "\n"), strings.HasPrefix(rest, "\r"):
		return text[4], 6, true
	}
	return 0, 0, false
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
// of a byte at a time. ok is
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
