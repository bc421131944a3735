package nmapxml

import (
	"bytes"
	"errors"
	"fmt"
	"io"
)

// scanner splits nmap's XML into start and end tags, skipping text,
// comments, processing instructions, CDATA and the DOCTYPE (refusing one
// that declares entities). It reads through one buffer that grows only to
// hold the largest single tag whose attributes the caller wants, so
// memory does not depend on document size.
type scanner struct {
	src   io.Reader
	buf   []byte
	pos   int   // next byte to look at
	end   int   // buf[pos:end] is read but not yet consumed
	base  int64 // input offset of buf[0]
	lines int   // newlines in the input before buf[0]
	err   error // sticky error from src, io.EOF at the end
	attrs []attr
	name  []byte // the last tag's name; valid until the next call
}

// attr locates one attribute in the scanner's buffer by offsets, which
// (unlike slices) cost the garbage collector nothing to store. Its value is
// still escaped.
type attr struct {
	nameStart, nameEnd, valueStart, valueEnd int32
}

type token int

const (
	tokStart token = iota + 1
	tokEnd
)

const (
	scannerBuffer = 64 << 10
	// maxTag bounds one tag kept whole (a service fingerprint or a
	// script's output can run to megabytes, a corrupt file to anything).
	maxTag = 64 << 20
)

func newScanner(r io.Reader) *scanner {
	return &scanner{src: r, buf: make([]byte, scannerBuffer), attrs: make([]attr, 0, 16)}
}

// more reads more input, keeping buf[pos:end]. Offsets the caller holds
// must be relative to pos: the bytes may move.
func (s *scanner) more() error {
	if s.err != nil {
		return s.err
	}
	if s.pos > 0 {
		s.lines += bytes.Count(s.buf[:s.pos], newline)
		s.base += int64(s.pos)
		s.end = copy(s.buf, s.buf[s.pos:s.end])
		s.pos = 0
	}
	if s.end == len(s.buf) {
		if len(s.buf) >= maxTag {
			return s.syntaxError(0, fmt.Sprintf("a single tag is longer than %d MiB", maxTag>>20))
		}
		grown := make([]byte, 2*len(s.buf))
		copy(grown, s.buf[:s.end])
		s.buf = grown
	}
	for range maxEmptyReads {
		n, err := s.src.Read(s.buf[s.end:])
		s.end += n
		if err != nil {
			s.err = err
			if n > 0 {
				return nil
			}
			return err
		}
		if n > 0 {
			return nil
		}
	}
	s.err = io.ErrNoProgress
	return s.err
}

var newline = []byte{'\n'}

// ensure makes at least n bytes from pos available.
func (s *scanner) ensure(n int) error {
	for s.end-s.pos < n {
		if err := s.more(); err != nil {
			return err
		}
	}
	return nil
}

// line is the 1-based line of buf[pos+rel].
func (s *scanner) line(rel int) int {
	return s.lines + bytes.Count(s.buf[:min(s.pos+rel, s.end)], newline) + 1
}

func (s *scanner) syntaxError(rel int, msg string) error {
	return &SyntaxError{Line: s.line(rel), Offset: s.base + int64(s.pos+rel), Msg: msg}
}

// next advances to the next start or end tag. For a start tag it stops
// after the name: the caller then calls attributes or skipTag. It returns
// io.EOF (or the reader's error) when the input ends.
func (s *scanner) next() (token, error) {
	for {
		j := indexLT(s.buf[s.pos:s.end])
		if j < 0 {
			s.pos = s.end
			if err := s.more(); err != nil {
				return 0, err
			}
			continue
		}
		s.pos += j
		if err := s.ensure(2); err != nil {
			return 0, err
		}
		switch s.buf[s.pos+1] {
		case '/':
			return tokEnd, s.endTag()
		case '?':
			s.pos += 2
			if err := s.skipPast("?>"); err != nil {
				return 0, err
			}
		case '!':
			if err := s.skipDeclaration(); err != nil {
				return 0, err
			}
		default:
			return tokStart, s.startName()
		}
	}
}

// indexLT finds the next '<': nmap puts tags at most a line break apart,
// so look at the first bytes by hand before calling bytes.IndexByte.
func indexLT(b []byte) int {
	for i := 0; i < len(b) && i < 4; i++ {
		if b[i] == '<' {
			return i
		}
	}
	if len(b) <= 4 {
		return -1
	}
	if k := bytes.IndexByte(b[4:], '<'); k >= 0 {
		return 4 + k
	}
	return -1
}

// startName reads the name of the start tag at pos and leaves pos after it.
func (s *scanner) startName() error {
	i := 1
	for {
		for ; s.pos+i < s.end; i++ {
			c := s.buf[s.pos+i]
			if isSpace(c) || c == '/' || c == '>' {
				if i == 1 {
					return s.syntaxError(0, "a tag without a name")
				}
				s.name = s.buf[s.pos+1 : s.pos+i]
				s.pos += i
				return nil
			}
			if !isNameByte(c) {
				return s.syntaxError(i, fmt.Sprintf("character %q in a tag name", c))
			}
		}
		if err := s.more(); err != nil {
			return err
		}
	}
}

// endTag reads "</name>" at pos.
func (s *scanner) endTag() error {
	gt := 0
	for {
		if k := bytes.IndexByte(s.buf[s.pos+gt:s.end], '>'); k >= 0 {
			gt += k
			break
		}
		gt = s.end - s.pos
		if err := s.more(); err != nil {
			return err
		}
	}
	name := s.buf[s.pos+2 : s.pos+gt]
	for len(name) > 0 && isSpace(name[len(name)-1]) {
		name = name[:len(name)-1]
	}
	if len(name) == 0 {
		return s.syntaxError(0, "an end tag without a name")
	}
	for k, c := range name {
		if !isNameByte(c) {
			return s.syntaxError(2+k, fmt.Sprintf("character %q in an end tag", c))
		}
	}
	s.name = name
	s.pos += gt + 1
	return nil
}

// attributes reads the rest of the start tag whose name next returned and
// parses its attributes in one pass. The values are valid until the next
// call.
func (s *scanner) attributes() ([]attr, bool, error) {
	for {
		gt, selfClosing, err := s.parseAttributes()
		if err == errNeedMore {
			if err := s.more(); err != nil {
				return nil, false, err
			}
			continue // parse the tag again from its start
		}
		if err != nil {
			return nil, false, err
		}
		s.pos = gt + 1
		return s.attrs, selfClosing, nil
	}
}

// errNeedMore says the tag runs past the end of the buffer.
var errNeedMore = errors.New("need more input")

// parseAttributes parses buf[pos:] up to the '>' ending the tag, and
// returns that '>' index in buf.
func (s *scanner) parseAttributes() (gt int, selfClosing bool, err error) {
	b := s.buf[:s.end]
	s.attrs = s.attrs[:0]
	i := s.pos
	for {
		spaced := false
		for i < len(b) && isSpace(b[i]) {
			i++
			spaced = true
		}
		if i == len(b) {
			return 0, false, errNeedMore
		}
		switch b[i] {
		case '>':
			return i, false, nil
		case '/':
			if i+1 == len(b) {
				return 0, false, errNeedMore
			}
			if b[i+1] != '>' {
				return 0, false, s.syntaxError(i-s.pos, "'/' not followed by '>' in a tag")
			}
			return i + 1, true, nil
		}
		if !spaced {
			return 0, false, s.syntaxError(i-s.pos, "attributes not separated by a space")
		}
		nameStart := i
		for i < len(b) && isNameByte(b[i]) {
			i++
		}
		if i == len(b) {
			return 0, false, errNeedMore
		}
		if i == nameStart {
			return 0, false, s.syntaxError(i-s.pos, fmt.Sprintf("character %q where an attribute name belongs", b[i]))
		}
		name, i0 := b[nameStart:i], i
		for i < len(b) && isSpace(b[i]) {
			i++
		}
		if i == len(b) {
			return 0, false, errNeedMore
		}
		if b[i] != '=' {
			return 0, false, s.syntaxError(i-s.pos, fmt.Sprintf("attribute %q has no value", name))
		}
		i++
		for i < len(b) && isSpace(b[i]) {
			i++
		}
		if i == len(b) {
			return 0, false, errNeedMore
		}
		q := b[i]
		if q != '"' && q != '\'' {
			return 0, false, s.syntaxError(i-s.pos, fmt.Sprintf("the value of attribute %q is not quoted", name))
		}
		i++
		k := indexQuote(b[i:], q)
		if k < 0 {
			return 0, false, errNeedMore
		}
		s.attrs = append(s.attrs, attr{int32(nameStart), int32(i0), int32(i), int32(i + k)})
		i += k + 1
	}
}

// indexQuote finds q in b: by hand for the short values most attributes
// have, then with bytes.IndexByte for long ones.
func indexQuote(b []byte, q byte) int {
	n := min(len(b), 24)
	for i := 0; i < n; i++ {
		if b[i] == q {
			return i
		}
	}
	if n == len(b) {
		return -1
	}
	if k := bytes.IndexByte(b[n:], q); k >= 0 {
		return n + k
	}
	return -1
}

// skipTag skips the rest of a start tag without keeping it, and says
// whether it closed itself.
func (s *scanner) skipTag() (bool, error) {
	gt, selfClosing, err := s.tagEnd()
	if err != nil {
		return false, err
	}
	s.pos = gt + 1
	return selfClosing, nil
}

// tagEnd finds the '>' closing the tag being read, outside quoted values,
// and returns its index in buf, letting go of the bytes it passes.
func (s *scanner) tagEnd() (gt int, selfClosing bool, err error) {
	i := s.pos
	var quote, prev byte
	for {
		for i < s.end {
			c := s.buf[i]
			if quote != 0 {
				k := bytes.IndexByte(s.buf[i:s.end], quote)
				if k < 0 {
					i = s.end
					break
				}
				i += k + 1
				prev, quote = quote, 0
				continue
			}
			switch c {
			case '"', '\'':
				quote = c
			case '>':
				return i, prev == '/', nil
			case '<':
				return 0, false, s.syntaxError(i-s.pos, "'<' inside a tag")
			}
			prev = c
			i++
		}
		s.pos = i
		if err := s.more(); err != nil {
			return 0, false, err
		}
		i = s.pos
	}
}

// skipPast consumes input up to and including term.
func (s *scanner) skipPast(term string) error {
	for {
		if k := bytes.Index(s.buf[s.pos:s.end], []byte(term)); k >= 0 {
			s.pos += k + len(term)
			return nil
		}
		s.pos = max(s.pos, s.end-len(term)+1)
		if err := s.more(); err != nil {
			return err
		}
	}
}

// skipDeclaration skips "<!--...-->", "<![CDATA[...]]>" or "<!DOCTYPE ...>".
func (s *scanner) skipDeclaration() error {
	if err := s.ensure(4); err != nil {
		return err
	}
	if bytes.HasPrefix(s.buf[s.pos:], []byte("<!--")) {
		s.pos += 4
		return s.skipPast("-->")
	}
	if err := s.ensure(9); err != nil {
		return err
	}
	switch {
	case bytes.HasPrefix(s.buf[s.pos:], []byte("<![CDATA[")):
		s.pos += 9
		return s.skipPast("]]>")
	case bytes.HasPrefix(s.buf[s.pos:], []byte("<!DOCTYPE")):
		return s.skipDoctype()
	}
	return s.syntaxError(0, "'<!' that starts no comment, CDATA section or DOCTYPE")
}

// skipDoctype skips a DOCTYPE. It refuses one with an internal subset
// ("[...]", where entities are declared): see ErrEntities.
func (s *scanner) skipDoctype() error {
	var quote byte
	for {
		for ; s.pos < s.end; s.pos++ {
			c := s.buf[s.pos]
			switch {
			case quote != 0:
				if c == quote {
					quote = 0
				}
			case c == '"' || c == '\'':
				quote = c
			case c == '[':
				return &SyntaxError{Line: s.line(0), Offset: s.base + int64(s.pos), Msg: ErrEntities.Error(), Err: ErrEntities}
			case c == '>':
				s.pos++
				return nil
			}
		}
		if err := s.more(); err != nil {
			return err
		}
	}
}

// key and value return an attribute's name and escaped value; both are
// valid until the next call to the scanner.
func (s *scanner) key(a attr) []byte   { return s.buf[a.nameStart:a.nameEnd] }
func (s *scanner) value(a attr) []byte { return s.buf[a.valueStart:a.valueEnd] }

const (
	spaceByte = 1 << iota
	nameByte
)

// byteClass sorts bytes: XML white space, and the bytes of XML names
// (ASCII letters, digits, '_', '-', '.', ':' and every byte of a
// multi-byte UTF-8 character).
var byteClass = func() (t [256]uint8) {
	for _, c := range " \t\n\r" {
		t[c] = spaceByte
	}
	for c := range 256 {
		if c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' ||
			c == '_' || c == '-' || c == '.' || c == ':' || c >= 0x80 {
			t[c] = nameByte
		}
	}
	return t
}()

func isSpace(c byte) bool    { return byteClass[c]&spaceByte != 0 }
func isNameByte(c byte) bool { return byteClass[c]&nameByte != 0 }
