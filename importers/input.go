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
// What has been read is kept, so that learning the format (Sniff) costs
// no second reading: a table is then read whole (ReadAll), nmap XML
// streamed from its first byte (Reader).
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
// it is, unless its header is longer.
func (in *Input) Sniff(latin1 bool) (Format, string, error) {
	if in.size >= 0 {
		in.grow(min(in.size+1, sniffBytes))
	}
	if err := in.fill(sniffBytes); err != nil {
		return "", "", err
	}
	head := in.data
	if in.rest != nil && !isXML(head) {
		// Whole lines only: the cut may fall inside a character or a
		// quoted cell. A header longer than what was read is judged whole.
		i := bytes.LastIndexAny(head, "\r\n")
		if i < 0 {
			data, err := in.ReadAll()
			if err != nil {
				return "", "", err
			}
			return SniffFormat(in.Name, data, latin1)
		}
		head = head[:i+1]
	}
	return SniffFormat(in.Name, head, latin1)
}

// sniffBytes is how much of an input Sniff reads.
const sniffBytes = 64 << 10

// ReadAll reads the whole input, within MaxFileBytes. Nothing may change
// the bytes it returns: Import shares them.
func (in *Input) ReadAll() ([]byte, error) {
	if in.size > MaxFileBytes {
		return nil, in.tooLarge()
	}
	// One allocation of the file's size, where it has one: growing a
	// buffer (io.ReadAll, bytes.Buffer) clears and copies a large file
	// several times.
	if in.size >= 0 {
		in.grow(in.size + 1) // the 1 sees the end of the file
	}
	if err := in.fill(MaxFileBytes + 1); err != nil {
		return nil, err
	}
	return in.data, nil
}

// Reader reads the input from its first byte, what Sniff read included,
// to stream it (nmap XML, which has no size cap).
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
		if len(in.data) > MaxFileBytes {
			return in.tooLarge()
		}
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

func (in *Input) tooLarge() error {
	return fileErr(in.Name, 0, "is larger than %d MiB; split it", MaxFileBytes>>20)
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
