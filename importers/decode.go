package importers

import (
	"bytes"
	"strings"
	"unicode/utf8"
	"unsafe"
)

var (
	bomUTF8    = []byte{0xEF, 0xBB, 0xBF}
	bomUTF16LE = []byte{0xFF, 0xFE}
	bomUTF16BE = []byte{0xFE, 0xFF}
	zipMagic   = []byte("PK\x03\x04")
)

// decodeText turns a file's bytes into text. A UTF-8 byte-order mark is
// dropped; anything that is not UTF-8 is refused with the line of the first
// bad byte, unless latin1 is set, in which case bytes are read as Latin-1
// (with the Windows-1252 characters in 0x80-0x9F, as spreadsheets write it).
// With shared, the text may share data's bytes.
func decodeText(name string, data []byte, latin1, shared bool) (string, error) {
	switch {
	case bytes.HasPrefix(data, bomUTF8):
		data = data[len(bomUTF8):]
		latin1 = false // the mark says UTF-8, whatever the caller guessed
	case bytes.HasPrefix(data, bomUTF16LE), bytes.HasPrefix(data, bomUTF16BE):
		return "", fileErr(name, 0, "is UTF-16 text; save it as UTF-8 (CSV UTF-8 in spreadsheet programs)")
	case bytes.HasPrefix(data, zipMagic):
		return "", fileErr(name, 0, "is a zip archive (an .xlsx or .ods workbook?), not CSV; save it as CSV first")
	}
	if i := bytes.IndexByte(data, 0); i >= 0 {
		return "", fileErr(name, lineAt(data, i), "contains a NUL byte: this is not a text file")
	}
	if latin1 {
		return fromLatin1(data), nil
	}
	if utf8.Valid(data) {
		if shared {
			// Nothing writes data again (see Source.read): the text
			// shares its bytes rather than copying a large file.
			return unsafe.String(unsafe.SliceData(data), len(data)), nil
		}
		return string(data), nil
	}
	off := firstInvalidUTF8(data)
	return "", fileErr(name, lineAt(data, off),
		"byte 0x%02X is not valid UTF-8; if the file is Latin-1 (ISO-8859-1 or Windows-1252), import it as Latin-1 (--latin1)", data[off])
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
