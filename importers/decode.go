package importers

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"
	"unicode/utf8"
)

var (
	bomUTF8    = []byte{0xEF, 0xBB, 0xBF}
	bomUTF16LE = []byte{0xFF, 0xFE}
	bomUTF16BE = []byte{0xFE, 0xFF}
	zipMagic   = []byte("PK\x03\x04")
)

// decoder reads an input as text, a stretch at a time. A UTF-8 byte-order
// mark is dropped. When latin1 is set, or when the first byte that is not
// plain ASCII is not UTF-8 either (a spreadsheet saved in its "ANSI"
// encoding), bytes are read as Latin-1, with the Windows-1252 characters
// in 0x80-0x9F, as spreadsheets write it. Text that was UTF-8 and then
// is not is refused with the line of the first bad byte: such a file
// cannot be read one way or the other without garbling part of it.
type decoder struct {
	name   string
	r      io.Reader
	latin1 bool
	// utf8Seen is set once text held a character beyond ASCII that was
	// valid UTF-8; from then on the input is UTF-8 or refused.
	utf8Seen bool
	bom      bool
	// started is set once the first bytes were checked for a byte-order
	// mark or a format that is no text.
	started bool
	eof     bool
	// partial holds the bytes of a character a read cut in two, read
	// again with the bytes that follow.
	partial  []byte
	buf      []byte // what is read, reused: the text returned is a copy
	encoding string
	read     int64 // bytes read from r
	// With --latin1, the text is also checked as UTF-8: asText says it
	// is valid UTF-8 so far (tail holds a character a read cut in two),
	// and firstChar is its first character beyond ASCII, with its line.
	// A file that is valid UTF-8 to its end is no Latin-1 (see
	// forcedOnUTF8).
	forced    bool
	asText    bool
	tail      []byte
	firstChar string
	firstLine int
}

// next returns rest followed by at least want bytes more of text, fewer
// only at the end of the input. restLine is the line rest starts on, for
// naming the line of a bad byte.
func (d *decoder) next(rest string, restLine, want int) (string, error) {
	buf := append(append(d.buf[:0], rest...), d.partial...)
	defer func() { d.buf = buf }()
	d.partial = nil
	for len(buf)-len(rest) < want && !d.eof {
		if len(buf) == cap(buf) {
			// Grown as the input goes on: a small file costs no window.
			buf = slices.Grow(buf, min(max(len(buf), 64<<10), want))
		}
		n, err := d.r.Read(buf[len(buf):cap(buf)])
		buf = buf[:len(buf)+n]
		d.read += int64(n)
		switch {
		case errors.Is(err, io.EOF):
			d.eof = true
		case err != nil:
			return "", &FileError{File: d.name, Msg: fmt.Sprintf("cannot read: %v", unwrapPath(err))}
		}
	}
	fresh, err := d.check(buf[len(rest):])
	if err != nil {
		var bad *badByte
		if errors.As(err, &bad) {
			return "", bad.at(d.name, buf, len(rest), restLine)
		}
		return "", err
	}
	if d.latin1 {
		if d.forced && d.asText {
			d.checkUTF8(fresh, buf, len(rest), restLine)
		}
		return rest + fromLatin1(fresh), nil
	}
	return string(buf[:len(rest)+len(fresh)]), nil
}

// checkUTF8 follows, for an input --latin1 reads as Latin-1, whether its
// text is valid UTF-8 all the same; buf holds the text before (from line
// restLine on) up to from, then fresh.
func (d *decoder) checkUTF8(fresh, buf []byte, from, restLine int) {
	b := append(d.tail, fresh...)
	whole := len(b)
	if !d.eof {
		whole = CompleteRunes(b)
	}
	if !utf8.Valid(b[:whole]) {
		d.asText, d.tail = false, nil
		return
	}
	if d.firstChar == "" {
		if i := firstNonASCII(b[:whole]); i >= 0 {
			r, _ := utf8.DecodeRune(b[i:whole])
			d.firstChar = string(r)
			off := i - len(d.tail) // where in fresh: may be before it, in the tail
			d.firstLine = restLine - 1 + lineAt(buf, from+max(off, 0))
		}
	}
	d.tail = append(d.tail[:0], b[whole:]...)
}

// forcedOnUTF8 says, once the input is read to its end, whether --latin1
// read as Latin-1 a text that is valid UTF-8 beyond ASCII, which it
// garbled ("Zürich" read as "ZÃ¼rich").
func (d *decoder) forcedOnUTF8() error {
	if !d.forced || !d.asText || d.firstChar == "" || len(d.tail) > 0 {
		return nil
	}
	return fileErr(d.name, d.firstLine, "--latin1 reads the file as Windows-1252, but its text is UTF-8 (%q here would read as %q): "+
		"import it without --latin1 (files that are not UTF-8 are read as Windows-1252 without it)",
		d.firstChar, fromLatin1([]byte(d.firstChar)))
}

func firstNonASCII(b []byte) int {
	for i, c := range b {
		if c >= utf8.RuneSelf {
			return i
		}
	}
	return -1
}

// CompleteRunes is how much of b is whole characters: all of it but a
// character cut at its end, which the next read completes.
func CompleteRunes(b []byte) int {
	for i := len(b) - 1; i >= 0 && i >= len(b)-utf8.UTFMax; i-- {
		if utf8.RuneStart(b[i]) {
			if utf8.FullRune(b[i:]) {
				return len(b)
			}
			return i
		}
	}
	return len(b)
}

// check looks at newly read bytes: the start of the input for what is no
// text, every byte for NUL and, unless reading Latin-1, for what is not
// UTF-8. It returns the bytes that are text now, keeping a character the
// read cut in two for the next call.
func (d *decoder) check(fresh []byte) ([]byte, error) {
	if !d.started {
		d.started = true
		d.encoding = "utf-8"
		switch {
		case bytes.HasPrefix(fresh, bomUTF8):
			// The mark says UTF-8, whatever the caller guessed.
			d.latin1, d.bom, d.encoding = false, true, "utf-8 (byte-order mark removed)"
			copy(fresh, fresh[len(bomUTF8):])
			fresh = fresh[:len(fresh)-len(bomUTF8)]
		case bytes.HasPrefix(fresh, bomUTF16LE), bytes.HasPrefix(fresh, bomUTF16BE):
			return nil, fileErr(d.name, 0, "is UTF-16 text; save it as UTF-8 (CSV UTF-8 in spreadsheet programs)")
		case bytes.HasPrefix(fresh, zipMagic):
			return nil, fileErr(d.name, 0, "is a zip archive (an .xlsx or .ods workbook?), not CSV; save it as CSV first")
		case d.latin1:
			d.forced, d.asText = true, true
			d.encoding = "windows-1252 (read as Latin-1, as --latin1 says)"
		}
	}
	if i := bytes.IndexByte(fresh, 0); i >= 0 {
		return nil, &badByte{off: i, nul: true}
	}
	if d.latin1 {
		return fresh, nil
	}
	if utf8.Valid(fresh) {
		d.utf8Seen = d.utf8Seen || !isASCII(fresh)
		return fresh, nil
	}
	off := firstInvalidUTF8(fresh)
	if !d.eof && !utf8.FullRune(fresh[off:]) {
		d.utf8Seen = d.utf8Seen || !isASCII(fresh[:off])
		d.partial = append([]byte(nil), fresh[off:]...)
		return fresh[:off], nil
	}
	if !d.bom && !d.utf8Seen && isASCII(fresh[:off]) {
		// Everything before was ASCII, which reads the same either way.
		d.latin1, d.encoding = true, "windows-1252 (not UTF-8; read as Latin-1)"
		return fresh, nil
	}
	return nil, &badByte{off: off, b: fresh[off]}
}

func isASCII(data []byte) bool {
	for _, c := range data {
		if c >= utf8.RuneSelf {
			return false
		}
	}
	return true
}

// badByte is a byte that makes an input no text, at off in the bytes just
// read.
type badByte struct {
	off int
	b   byte
	nul bool
}

func (e *badByte) Error() string { return "bad byte" }

// at names the bad byte's line: buf holds the text read before (from line
// restLine on) up to from, then the bytes just read.
func (e *badByte) at(name string, buf []byte, from, restLine int) error {
	line := restLine - 1 + lineAt(buf, from+e.off)
	if e.nul {
		return fileErr(name, line, "contains a NUL byte: this is not a text file")
	}
	return fileErr(name, line,
		"byte 0x%02X is not valid UTF-8, though text before it was; if the file is Latin-1 (ISO-8859-1 or Windows-1252), import it as Latin-1 (--latin1)", e.b)
}

func firstInvalidUTF8(data []byte) int {
	for i := 0; i < len(data); {
		r, size := utf8.DecodeRune(data[i:])
		if r == utf8.RuneError && size <= 1 {
			return i
		}
		i += size
	}
	return len(data)
}

// lineAt is the 1-based line holding byte off, counting CRLF, LF and a lone
// CR each as one line end.
func lineAt(data []byte, off int) int {
	line := 1
	for i := 0; i < off && i < len(data); i++ {
		switch data[i] {
		case '\n':
			line++
		case '\r':
			if i+1 >= len(data) || data[i+1] != '\n' {
				line++
			}
		}
	}
	return line
}

// cp1252 holds the characters Windows-1252 puts in 0x80-0x9F; the five
// bytes it leaves undefined stay the C1 controls Latin-1 gives them.
var cp1252 = [32]rune{
	'€', 0x81, '‚', 'ƒ', '„', '…', '†', '‡', 'ˆ', '‰', 'Š', '‹', 'Œ', 0x8D, 'Ž', 0x8F,
	0x90, '‘', '’', '“', '”', '•', '–', '—', '˜', '™', 'š', '›', 'œ', 0x9D, 'ž', 'Ÿ',
}

func fromLatin1(data []byte) string {
	var b strings.Builder
	b.Grow(len(data) + len(data)/8)
	for _, c := range data {
		switch {
		case c < 0x80:
			b.WriteByte(c)
		case c < 0xA0:
			b.WriteRune(cp1252[c-0x80])
		default:
			b.WriteRune(rune(c))
		}
	}
	return b.String()
}
