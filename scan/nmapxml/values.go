package nmapxml

import (
	"bytes"
	"fmt"
	"time"
	"unicode/utf8"
)

// common unescapes a value that repeats across hosts (a state, a reason,
// a service or vendor name) and shares one copy of it. It keeps at most
// MaxText bytes.
func (d *decoder) common(v []byte) string { return d.capped(v, MaxText, true) }

// internTable keeps one copy of values seen recently, in a fixed number of
// slots chosen by hash: a new value takes over its slot, so the table never
// grows.
type internTable struct {
	slots [1 << internBits]string
}

const internBits = 12

func (t *internTable) get(v []byte) string {
	if len(v) == 0 {
		return ""
	}
	// Length and three bytes tell the repeated values apart well enough;
	// a collision only costs an allocation.
	h := uint32(len(v)) | uint32(v[0])<<8 | uint32(v[len(v)/2])<<16 | uint32(v[len(v)-1])<<24
	h *= 2654435761
	slot := &t.slots[h>>(32-internBits)]
	if *slot != string(v) {
		*slot = string(v)
	}
	return *slot
}

// text unescapes a value.
func (d *decoder) text(v []byte) string {
	if needsUnescape(v) {
		return d.unescape(v)
	}
	return string(v)
}

// needsUnescape reports whether v holds a reference or a carriage return.
func needsUnescape(v []byte) bool {
	if len(v) > 32 {
		return bytes.IndexByte(v, '&') >= 0 || bytes.IndexByte(v, '\r') >= 0
	}
	for _, c := range v {
		if c == '&' || c == '\r' {
			return true
		}
	}
	return false
}

// unescape resolves entity and character references and turns "\r\n" and
// a lone "\r" into "\n", as XML requires. A reference to a character XML
// forbids becomes U+FFFD and is counted; anything else after a '&' is kept
// as written.
func (d *decoder) unescape(v []byte) string { return string(d.unescapeBytes(v, len(v))) }

// unescapeBytes is unescape into the decoder's builder, which it returns.
// It stops once it has more than limit bytes, to be cut.
func (d *decoder) unescapeBytes(v []byte, limit int) []byte {
	b := d.builder[:0]
	for i := 0; i < len(v) && len(b) <= limit; i++ {
		c := v[i]
		switch c {
		case '\r':
			b = append(b, '\n')
			if i+1 < len(v) && v[i+1] == '\n' {
				i++
			}
			continue
		case '&':
			if r, n := d.reference(v[i:]); n > 0 {
				b = utf8.AppendRune(b, r)
				i += n - 1
				continue
			}
		}
		b = append(b, c)
	}
	d.builder = b
	return b
}

var entities = []struct {
	ref string
	r   rune
}{{"&amp;", '&'}, {"&lt;", '<'}, {"&gt;", '>'}, {"&quot;", '"'}, {"&apos;", '\''}}

// reference resolves the reference starting v (at its '&') and returns
// its length, or 0 when v does not start with one.
func (d *decoder) reference(v []byte) (rune, int) {
	if len(v) < 2 || v[1] != '#' {
		for _, e := range entities {
			if bytes.HasPrefix(v, []byte(e.ref)) {
				return e.r, len(e.ref)
			}
		}
		return 0, 0
	}
	i, base := 2, uint64(10)
	if i < len(v) && v[i] == 'x' {
		i, base = 3, 16
	}
	start := i
	var cp uint64
	for ; i < len(v); i++ {
		k := digitValue(v[i], base)
		if k < 0 {
			break
		}
		if cp <= 0x10FFFF {
			cp = cp*base + uint64(k)
		}
	}
	if i == start || i == len(v) || v[i] != ';' {
		return 0, 0
	}
	if !isXMLChar(cp) {
		d.illegal++
		return utf8.RuneError, i + 1
	}
	return rune(cp), i + 1
}

// number reads a non-negative decimal attribute.
func (d *decoder) number(a attr) (int64, error) {
	v := bytes.TrimSpace(d.sc.value(a))
	if len(v) == 0 || len(v) > 18 {
		return 0, d.badValue(a, "a number")
	}
	var n int64
	for _, c := range v {
		if c < '0' || c > '9' {
			return 0, d.badValue(a, "a number")
		}
		n = n*10 + int64(c-'0')
	}
	return n, nil
}

// unixTime reads an attribute holding seconds since 1970. Zero stays the
// zero time.
func (d *decoder) unixTime(a attr) (time.Time, error) {
	n, err := d.number(a)
	if err != nil || n == 0 {
		return time.Time{}, err
	}
	return time.Unix(n, 0).UTC(), nil
}

func (d *decoder) badValue(a attr, want string) error {
	v := d.sc.value(a)
	if len(v) > 40 {
		v = append(v[:40:40], "..."...)
	}
	return d.sc.syntaxError(0, fmt.Sprintf("%s=%q is not %s", d.sc.key(a), v, want))
}
