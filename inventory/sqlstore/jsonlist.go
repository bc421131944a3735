package sqlstore

import (
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/sunset-tui/sunset/inventory"
)

// The lists every observation carries (ports, hostnames) are written as
// JSON by hand: a check stores tens of thousands of them, and encoding/json
// spends most of its time reflecting on the same two types.
//
// Ports are stored as a JSON array of arrays, one per port:
// [number, protocol, state, service, product, version], the empty values
// at its end left out, as in [[22,"tcp","open","ssh"],[80,"tcp","closed"]].
// That is about a third of the text of an array of objects, and the ports
// are most of an observation. Stores written before kept the objects
// (see readPorts).

// portsJSON appends ports in their stored form; an empty list is "[]".
func portsJSON(buf []byte, ports []inventory.Port) []byte {
	buf = append(buf, '[')
	for i, p := range ports {
		if i > 0 {
			buf = append(buf, ',')
		}
		buf = append(buf, '[')
		buf = strconv.AppendInt(buf, int64(p.Number), 10)
		fields := [...]string{p.Protocol, p.State, p.Service, p.Product, p.Version}
		last := len(fields)
		for last > 2 && fields[last-1] == "" {
			last--
		}
		for _, f := range fields[:last] {
			buf = append(buf, ',')
			buf = appendJSONString(buf, f)
		}
		buf = append(buf, ']')
	}
	return append(buf, ']')
}

// readPorts reads stored ports: the arrays portsJSON writes, or the
// objects (encoding/json's) that earlier stores wrote.
func readPorts(s string) ([]inventory.Port, error) {
	if s == "" || s == "[]" || s == "null" {
		return nil, nil
	}
	if strings.HasPrefix(s, "[{") {
		var ports []inventory.Port
		err := json.Unmarshal([]byte(s), &ports)
		return ports, err
	}
	r := listReader{s: s}
	var ports []inventory.Port
	r.expect('[')
	for r.err == nil && !r.next(']') {
		if len(ports) > 0 {
			r.expect(',')
		}
		r.expect('[')
		p := inventory.Port{Number: r.number()}
		for _, f := range [...]*string{&p.Protocol, &p.State, &p.Service, &p.Product, &p.Version} {
			if !r.next(',') {
				break
			}
			*f = r.str()
		}
		r.expect(']')
		ports = append(ports, p)
	}
	if r.err == nil && r.i != len(s) {
		r.fail("text after the list")
	}
	return ports, r.err
}

// listReader reads the arrays portsJSON writes: no spaces, numbers that
// are integers, strings in JSON's quoting.
type listReader struct {
	s   string
	i   int
	err error
}

func (r *listReader) fail(what string) {
	if r.err == nil {
		r.err = fmt.Errorf("%s at offset %d", what, r.i)
	}
}

// next consumes c when it comes next and says whether it did.
func (r *listReader) next(c byte) bool {
	if r.err == nil && r.i < len(r.s) && r.s[r.i] == c {
		r.i++
		return true
	}
	return false
}

func (r *listReader) expect(c byte) {
	if r.err == nil && !r.next(c) {
		r.fail(fmt.Sprintf("want %q", c))
	}
}

func (r *listReader) number() int {
	start := r.i
	for r.i < len(r.s) && (r.s[r.i] == '-' || r.s[r.i] >= '0' && r.s[r.i] <= '9') {
		r.i++
	}
	n, err := strconv.Atoi(r.s[start:r.i])
	if err != nil {
		r.fail("want a number")
	}
	return n
}

func (r *listReader) str() string {
	if r.err != nil {
		return ""
	}
	start := r.i
	if !r.next('"') {
		r.fail("want a string")
		return ""
	}
	escaped := false
	for r.i < len(r.s) {
		switch r.s[r.i] {
		case '\\':
			escaped = true
			r.i += 2
			continue
		case '"':
			r.i++
			if !escaped {
				return r.s[start+1 : r.i-1]
			}
			var v string
			if err := json.Unmarshal([]byte(r.s[start:r.i]), &v); err != nil {
				r.fail("bad string")
			}
			return v
		}
		r.i++
	}
	r.fail("unterminated string")
	return ""
}

// stringsJSON is list as a JSON array of strings; an empty list is "[]".
func stringsJSON(buf []byte, list []string) []byte {
	buf = append(buf, '[')
	for i, s := range list {
		if i > 0 {
			buf = append(buf, ',')
		}
		buf = appendJSONString(buf, s)
	}
	return append(buf, ']')
}

const hexDigits = "0123456789abcdef"

// appendJSONString appends s as a JSON string: quotes and backslashes
// escaped, control characters as \u00XX, invalid UTF-8 as U+FFFD.
func appendJSONString(buf []byte, s string) []byte {
	buf = append(buf, '"')
	start := 0
	for i := 0; i < len(s); {
		c := s[i]
		if c >= 0x20 && c != '"' && c != '\\' && c < utf8.RuneSelf {
			i++
			continue
		}
		if c < utf8.RuneSelf {
			buf = append(buf, s[start:i]...)
			switch c {
			case '"', '\\':
				buf = append(buf, '\\', c)
			case '\n':
				buf = append(buf, '\\', 'n')
			case '\r':
				buf = append(buf, '\\', 'r')
			case '\t':
				buf = append(buf, '\\', 't')
			default:
				buf = append(buf, '\\', 'u', '0', '0', hexDigits[c>>4], hexDigits[c&0xf])
			}
			i++
			start = i
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 {
			buf = append(buf, s[start:i]...)
			buf = append(buf, `\ufffd`...)
			i += size
			start = i
			continue
		}
		i += size
	}
	buf = append(buf, s[start:]...)
	return append(buf, '"')
}
