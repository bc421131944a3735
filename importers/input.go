package importers

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"os"
)

// Input is one input of an import, opened once and read once from its
// start: a file, a FIFO or standard input, which cannot be read twice.
// What Sniff reads to learn the format is kept, so that it costs no second
// reading: the import or the nmap XML reader then streams the input from
// its first byte (Reader).
type Input struct {
	Name  string
	data  []byte    // read so far
	rest  io.Reader // what is not read yet; nil once read to its end
	size  int64     // of a regular file; -1 when unknown
	close func() error
}

// OpenInput opens the file at path. A file that is not a regular file (a
// FIFO, /dev/stdin, a terminal) may keep its reader waiting for data that
// never comes, and a FIFO even its opening: it is opened and read apart,
// so that the reading ends when ctx does.
func OpenInput(ctx context.Context, path string) (*Input, error) {
	info, err := os.Stat(path)
	if err != nil {
		return nil, &FileError{File: path, Msg: fmt.Sprintf("cannot read: %v", unwrapPath(err))}
	}
	if !info.Mode().IsRegular() {
		w := newWaitingReader(ctx, func() (io.ReadCloser, error) { return os.Open(path) })
		return &Input{Name: path, rest: w, size: -1, close: w.Close}, nil
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, &FileError{File: path, Msg: fmt.Sprintf("cannot read: %v", unwrapPath(err))}
	}
	return &Input{Name: path, rest: f, size: info.Size(), close: f.Close}, nil
}

// NewInput reads r, standard input for one, as the input called name.
// Unless r is a regular file, it is read apart, so that the reading ends
// when ctx does. r is not closed.
func NewInput(ctx context.Context, name string, r io.Reader) *Input {
	if f, ok := r.(*os.File); ok {
		if info, err := f.Stat(); err == nil && info.Mode().IsRegular() {
			return &Input{Name: name, rest: f, size: info.Size()}
		}
	}
	w := newWaitingReader(ctx, func() (io.ReadCloser, error) { return io.NopCloser(r), nil })
	return &Input{Name: name, rest: w, size: -1, close: w.Close}
}

// Close lets go of the input.
func (in *Input) Close() error {
	if in.close == nil {
		return nil
	}
	err := in.close()
	in.close = nil
	return err
}

// Sniff recognises the input's format (see SniffFormat) from its first
// sniffBytes, so that a large input is not read whole just to learn what
// it is. A header longer than that, or one it cannot read there, is
// judged on more of the input.
func (in *Input) Sniff(latin1 bool) (Format, string, error) {
	for n := sniffBytes; ; n *= 4 {
		if in.size >= 0 {
			in.grow(min(in.size+1, int64(n)))
		}
		if err := in.fill(n); err != nil {
			return "", "", err
		}
		format, reason, err := in.sniffHead(latin1, n > lookahead)
		if err == nil || in.rest == nil || n > lookahead {
			return format, reason, err
		}
	}
}

// sniffHead recognises the format from what is read so far, whole lines
// only: the cut may fall inside a character or a quoted cell. last says
// that no more will be read.
func (in *Input) sniffHead(latin1, last bool) (Format, string, error) {
	head := in.data
	if in.rest != nil && !isXML(head) {
		i := bytes.LastIndexAny(head, "\r\n")
		switch {
		case i >= 0:
			head = head[:i+1]
		case last:
			return "", "", fileErr(in.Name, 1, "record longer than %d bytes", MaxRecordBytes)
		default:
			return "", "", errHeaderCut
		}
	}
	return SniffFormat(in.Name, head, latin1)
}

// sniffBytes is how much of an input Sniff reads first.
const sniffBytes = 64 << 10

// Reader reads the input from its first byte, what Sniff read included.
func (in *Input) Reader() io.Reader {
	if in.rest == nil {
		return bytes.NewReader(in.data)
	}
	return io.MultiReader(bytes.NewReader(in.data), in.rest)
}

// fill reads until at least n bytes are read, or the input ends.
func (in *Input) fill(n int) error {
	for in.rest != nil && len(in.data) < n {
		if len(in.data) == cap(in.data) {
			in.data = append(in.data, 0)[:len(in.data)]
		}
		m, err := in.rest.Read(in.data[len(in.data):cap(in.data)])
		in.data = in.data[:len(in.data)+m]
		if err == io.EOF {
			in.rest = nil
			return nil
		}
		if err != nil {
			return &FileError{File: in.Name, Msg: fmt.Sprintf("cannot read: %v", unwrapPath(err))}
		}
	}
	return nil
}

// grow makes room for n bytes in all.
func (in *Input) grow(n int64) {
	if int64(cap(in.data)) < n {
		data := make([]byte, len(in.data), n)
		copy(data, in.data)
		in.data = data
	}
}

// waitingReader reads in a goroutine of its own, so that a read waiting
// for data that may never come (a FIFO nobody writes, a terminal) ends
// when ctx does: such a read cannot be interrupted, only left behind, and
// the goroutine ends with it.
type waitingReader struct {
	ctx    context.Context
	chunks chan chunk
	stop   chan struct{}
	buf    []byte
	err    error
}

type chunk struct {
	data []byte
	err  error
}

// newWaitingReader reads what open opens (in the goroutine: opening a
// FIFO waits for a writer).
func newWaitingReader(ctx context.Context, open func() (io.ReadCloser, error)) *waitingReader {
	w := &waitingReader{ctx: ctx, chunks: make(chan chunk), stop: make(chan struct{})}
	go w.pump(open)
	return w
}

func (w *waitingReader) pump(open func() (io.ReadCloser, error)) {
	r, err := open()
	if err != nil {
		w.send(chunk{err: err})
		return
	}
	defer r.Close()
	for {
		buf := make([]byte, 64<<10)
		n, err := r.Read(buf)
		if n > 0 && !w.send(chunk{data: buf[:n]}) {
			return
		}
		if err != nil {
			w.send(chunk{err: err})
			return
		}
	}
}

// send hands c to Read, unless the reading has ended.
func (w *waitingReader) send(c chunk) bool {
	select {
	case w.chunks <- c:
		return true
	case <-w.stop:
	case <-w.ctx.Done():
	}
	return false
}

func (w *waitingReader) Read(p []byte) (int, error) {
	for len(w.buf) == 0 && w.err == nil {
		select {
		case c := <-w.chunks:
			w.buf, w.err = c.data, c.err
		case <-w.ctx.Done():
			w.err = fmt.Errorf("interrupted (%w)", context.Cause(w.ctx))
		}
	}
	if len(w.buf) == 0 {
		return 0, w.err
	}
	n := copy(p, w.buf)
	w.buf = w.buf[n:]
	return n, nil
}

// Close ends the reading; the goroutine ends once its read returns.
func (w *waitingReader) Close() error {
	close(w.stop)
	return nil
}
