package nmapxml

import (
	"errors"
	"fmt"
	"io"
)

// Decode reads nmap XML from r and calls onHost for each complete <host>
// as soon as its end tag is read, so a live scan's output can be consumed
// while nmap still writes it. It never holds more than one host. When
// onHost returns an error, Decode stops and returns it (wrapped).
//
// The Summary is returned even with an error: it counts the hosts already
// passed to onHost. An input that ends before </nmaprun> gives an error
// matching ErrTruncated and Summary.Truncated; malformed XML gives a
// *SyntaxError. onHost may be nil to read only the summary.
func Decode(r io.Reader, onHost func(Host) error) (Summary, error) {
	return DecodeWithProgress(r, onHost, nil)
}

// DecodeWithProgress is Decode that also calls onProgress (when not nil)
// for each <taskprogress> nmap writes (with --stats-every, or -v on long
// tasks) and with Done set for each <taskend>.
func DecodeWithProgress(r io.Reader, onHost func(Host) error, onProgress func(Progress)) (Summary, error) {
	san := NewSanitizer(r)
	d := &decoder{sc: newScanner(san), onHost: onHost, onProgress: onProgress}
	err := d.run()
	d.sum.IllegalChars = san.Replaced() + d.illegal
	d.sum.Cut = d.cut
	return d.sum, err
}

type decoder struct {
	sc         *scanner
	onHost     func(Host) error
	onProgress func(Progress)
	sum        Summary
	host       Host
	// The open elements: kinds, and names end to end in names with each
	// one's end offset in nameEnds, to check that end tags match.
	kinds       []element
	names       []byte
	nameEnds    []int
	sawFinished bool
	illegal     int
	// cut counts the values cut so far, cutBeforePort those cut before
	// the port being read.
	cut, cutBeforePort int
	interned           internTable
	builder            []byte
}

// maxDepth bounds element nesting; nmap's deepest is about eight.
const maxDepth = 512

func (d *decoder) run() error {
	for {
		tok, err := d.sc.next()
		if err != nil {
			return d.failed(err)
		}
		if tok == tokEnd {
			done, err := d.close()
			if err != nil || done {
				return err
			}
			continue
		}
		done, err := d.open()
		if err != nil {
			return d.failed(err)
		}
		if done {
			return nil
		}
	}
}

// open handles a start tag whose name the scanner just read; done is true
// for a self-closing <nmaprun/>.
func (d *decoder) open() (done bool, err error) {
	name := d.sc.name
	depth := len(d.kinds)
	parent := other
	if depth > 0 {
		parent = d.kinds[depth-1]
	}
	kind := classify(name, parent, depth)
	if depth == 0 && kind != nmaprun {
		return false, d.sc.syntaxError(0, fmt.Sprintf("not nmap XML: the document is <%s>, not <nmaprun>", name))
	}
	if depth >= maxDepth {
		return false, d.sc.syntaxError(0, fmt.Sprintf("elements nested more than %d deep", maxDepth))
	}
	d.kinds = append(d.kinds, kind)
	d.names = append(d.names, name...)
	d.nameEnds = append(d.nameEnds, len(d.names))
	var selfClosing bool
	if kind == other {
		selfClosing, err = d.sc.skipTag()
	} else {
		var attrs []attr
		attrs, selfClosing, err = d.sc.attributes()
		if err == nil {
			err = d.start(kind, attrs)
		}
	}
	if err != nil || !selfClosing {
		return false, err
	}
	return d.pop()
}

// close handles an end tag; done is true once </nmaprun> is read.
func (d *decoder) close() (done bool, err error) {
	name := d.sc.name
	depth := len(d.kinds)
	if depth == 0 {
		return false, d.sc.syntaxError(0, fmt.Sprintf("</%s> closes nothing", name))
	}
	from := 0
	if depth > 1 {
		from = d.nameEnds[depth-2]
	}
	if open := d.names[from:]; string(open) != string(name) {
		return false, d.sc.syntaxError(0, fmt.Sprintf("</%s> where </%s> belongs", name, open))
	}
	return d.pop()
}

// pop ends the innermost open element.
func (d *decoder) pop() (done bool, err error) {
	depth := len(d.kinds)
	kind := d.kinds[depth-1]
	d.kinds = d.kinds[:depth-1]
	d.nameEnds = d.nameEnds[:depth-1]
	if depth > 1 {
		d.names = d.names[:d.nameEnds[depth-2]]
	} else {
		d.names = d.names[:0]
	}
	switch kind {
	case host:
		return false, d.emit()
	case port:
		d.endPort()
	case nmaprun:
		d.sum.Finished = d.sawFinished
		return true, nil
	}
	return false, nil
}

// emit passes the host on. d.host's slices are reused from host to host,
// so the host handed over gets copies of exactly the right size.
func (d *decoder) emit() error {
	h := d.host
	h.Addresses = clone(h.Addresses)
	h.Hostnames = clone(h.Hostnames)
	h.Ports = clone(h.Ports)
	h.ExtraPorts = clone(h.ExtraPorts)
	h.OS = clone(h.OS)
	d.sum.Decoded++
	if d.onHost == nil {
		return nil
	}
	if err := d.onHost(h); err != nil {
		what := ""
		if ips := h.IPs(); len(ips) > 0 {
			what = " (" + ips[0] + ")"
		}
		return fmt.Errorf("host %d%s: %w", d.sum.Decoded, what, err)
	}
	return nil
}

// failed turns the end of input into ErrTruncated, with where it struck.
func (d *decoder) failed(err error) error {
	if !errors.Is(err, io.EOF) && !errors.Is(err, io.ErrUnexpectedEOF) {
		var syn *SyntaxError
		if errors.As(err, &syn) {
			return err
		}
		return fmt.Errorf("reading nmap XML: %w", err)
	}
	d.sum.Truncated = true
	d.sum.Finished = false
	where := "before <nmaprun>"
	if n := len(d.nameEnds); n > 0 {
		from := 0
		if n > 1 {
			from = d.nameEnds[n-2]
		}
		where = fmt.Sprintf("inside <%s>", d.names[from:])
	}
	return fmt.Errorf("nmap XML line %d: %w: %s, after %d complete hosts",
		d.sc.line(d.sc.end-d.sc.pos), ErrTruncated, where, d.sum.Decoded)
}

// clone copies s into a new slice of its length, or returns nil.
func clone[T any](s []T) []T {
	if len(s) == 0 {
		return nil
	}
	return append([]T(nil), s...)
}
