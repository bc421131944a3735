package nmapxml

import (
	"encoding/binary"
	"io"
	"math/bits"
	"unicode/utf8"
)

// Sanitizer is an io.Reader that passes XML through unchanged except for
// characters XML 1.0 forbids, which it replaces with U+FFFD:
//   - character references to forbidden code points (&#x1b;, &#0;,
//     &#xD800;, &#xFFFE;, beyond &#x10FFFF;),
//   - raw control bytes other than tab, newline and carriage return,
//   - bytes that are not valid UTF-8, and raw U+FFFE and U+FFFF.
//
// It works as the bytes stream past with a fixed buffer, holding back
// only the few bytes of a reference or a UTF-8 sequence split between two
// reads; it never waits for more input while it has output to give.
type Sanitizer struct {
	src      io.Reader
	buf      []byte
	r, w     int    // raw bytes not yet processed are buf[r:w]
	pending  []byte // output that did not fit in the caller's slice
	spare    [utf8.UTFMax]byte
	err      error // sticky error from src
	replaced int
}

const (
	sanitizerBuffer = 64 << 10
	// maxCharRef is the longest character reference examined; longer
	// ones (absurd runs of leading zeros) pass through untouched.
	maxCharRef = 32
	// maxEmptyReads is how many (0, nil) reads in a row are tolerated.
	maxEmptyReads = 100
)

var replacement = []byte("\uFFFD")

// NewSanitizer returns a Sanitizer reading from r.
func NewSanitizer(r io.Reader) *Sanitizer {
	return &Sanitizer{src: r, buf: make([]byte, sanitizerBuffer)}
}

// Replaced counts the characters replaced so far.
func (s *Sanitizer) Replaced() int { return s.replaced }

func (s *Sanitizer) Read(p []byte) (int, error) {
	if len(p) == 0 {
		return 0, nil
	}
	n := copy(p, s.pending)
	s.pending = s.pending[n:]
	for n < len(p) {
		m, needMore := s.process(p[n:], s.err != nil)
		n += m
		if !needMore || n > 0 {
			break
		}
		if s.err != nil {
			return n, s.err
		}
		s.fill()
	}
	return n, nil
}

// fill reads once from src into the free end of buf.
func (s *Sanitizer) fill() {
	if s.r > 0 {
		s.w = copy(s.buf, s.buf[s.r:s.w])
		s.r = 0
	}
	for range maxEmptyReads {
		n, err := s.src.Read(s.buf[s.w:])
		s.w += n
		if err != nil {
			s.err = err
			return
		}
		if n > 0 {
			return
		}
	}
	s.err = io.ErrNoProgress
}

// process moves bytes from buf[r:w] to dst, replacing what XML forbids.
// needMore is true when it stopped for want of input rather than room.
func (s *Sanitizer) process(dst []byte, atEOF bool) (n int, needMore bool) {
	src := s.buf[s.r:s.w]
	i := 0
	defer func() { s.r += i }()
	for n < len(dst) {
		if i == len(src) {
			return n, true
		}
		room := min(len(src)-i, len(dst)-n)
		if k := indexSpecial(src[i : i+room]); k > 0 {
			copy(dst[n:], src[i:i+k])
			i += k
			n += k
			continue
		}
		size, bad, decided := classifySpecial(src[i:], atEOF)
		if !decided {
			return n, true
		}
		out := src[i : i+size]
		if bad {
			out = replacement
		}
		if n+len(out) > len(dst) {
			if n > 0 {
				return n, false // come back for it with a fresh slice
			}
			c := copy(dst, out)
			s.pending = append(s.spare[:0], out[c:]...)
			n = c
		} else {
			n += copy(dst[n:], out)
		}
		if bad {
			s.replaced++
		}
		i += size
	}
	return n, false
}

// classifySpecial looks at the special byte starting b: size is how many bytes
// it and what belongs to it take, bad whether they must be replaced.
// decided is false when b ends too soon to tell and more input may come.
func classifySpecial(b []byte, atEOF bool) (size int, bad, decided bool) {
	c := b[0]
	switch {
	case c == '\t' || c == '\n' || c == '\r':
		return 1, false, true
	case c < 0x20:
		return 1, true, true
	case c == '&':
		refLen, illegal, decided := charRef(b, atEOF)
		if illegal {
			return refLen, true, true
		}
		return 1, false, decided
	}
	if !utf8.FullRune(b) && !atEOF {
		return 0, false, false
	}
	r, sz := utf8.DecodeRune(b)
	return sz, r == utf8.RuneError && sz <= 1 || r == 0xFFFE || r == 0xFFFF, true
}

// charRef looks at b, which starts with '&'. When b starts with a complete
// numeric character reference to a code point XML forbids, it returns the
// reference's length and illegal=true. decided is false when b ends before
// that can be told and more input may follow.
func charRef(b []byte, atEOF bool) (n int, illegal, decided bool) {
	if len(b) < 2 {
		return 0, false, atEOF
	}
	if b[1] != '#' {
		return 0, false, true
	}
	i, base := 2, uint64(10)
	if i < len(b) && b[i] == 'x' {
		i, base = 3, 16
	}
	start := i
	var v uint64
	for ; i < len(b) && i < maxCharRef; i++ {
		d := digitValue(b[i], base)
		if d < 0 {
			if b[i] != ';' || i == start {
				return 0, false, true // not a reference this filter handles
			}
			return i + 1, !isXMLChar(v), true
		}
		if v <= 0x10FFFF {
			v = v*base + uint64(d)
		}
	}
	if i >= maxCharRef {
		return 0, false, true
	}
	return 0, false, atEOF
}

func digitValue(c byte, base uint64) int {
	switch {
	case c >= '0' && c <= '9':
		return int(c - '0')
	case base == 16 && c >= 'a' && c <= 'f':
		return int(c-'a') + 10
	case base == 16 && c >= 'A' && c <= 'F':
		return int(c-'A') + 10
	}
	return -1
}

// isXMLChar reports whether XML 1.0 allows code point v in a document.
func isXMLChar(v uint64) bool {
	switch {
	case v == 0x9 || v == 0xA || v == 0xD:
		return true
	case v < 0x20:
		return false
	case v >= 0xD800 && v <= 0xDFFF:
		return false
	case v == 0xFFFE || v == 0xFFFF:
		return false
	}
	return v <= 0x10FFFF
}

// indexSpecial returns the index of the first byte that may need a
// replacement: a control byte other than tab, newline and carriage return,
// a non-ASCII byte, or '&'. It flags candidates eight bytes at a time and
// checks each flagged byte, since borrows can flag a byte above a real one.
func indexSpecial(b []byte) int {
	const (
		ones  = 0x0101010101010101
		highs = 0x8080808080808080
		amp   = '&' * ones
	)
	i := 0
	for ; len(b)-i >= 8; i += 8 {
		w := binary.LittleEndian.Uint64(b[i:])
		x := w ^ amp
		m := ((w-0x20*ones)&^w | w | (x-ones)&^x) & highs
		for m != 0 {
			k := bits.TrailingZeros64(m) / 8
			if c := b[i+k]; c != '\n' && c != '\t' && c != '\r' && (c < 0x20 || c >= 0x80 || c == '&') {
				return i + k
			}
			m &= m - 1
		}
	}
	for ; i < len(b); i++ {
		if c := b[i]; c != '\n' && c != '\t' && c != '\r' && (c < 0x20 || c >= 0x80 || c == '&') {
			return i
		}
	}
	return len(b)
}
