package importers

import (
	"context"
	"errors"
	"io"
	"os"
	"strings"
	"syscall"
	"testing"
	"time"
)

// TestInputIsReadOnce: what Sniff read is not read again. A pipe, which
// can be read only once, is sniffed and then streamed from its first byte.
func TestInputIsReadOnce(t *testing.T) {
	want := "tag,hostname\n" + strings.Repeat("T-1,host-1\n", 2*sniffBytes/10)
	r, w := io.Pipe()
	go func() {
		io.WriteString(w, want)
		w.Close()
	}()
	in := NewInput(context.Background(), "<stdin>", r)
	defer in.Close()
	if format, _, err := in.Sniff(false); err != nil || format != FormatCSV {
		t.Fatalf("Sniff = %q, %v", format, err)
	}
	if len(in.data) > sniffBytes {
		t.Fatalf("Sniff read %d bytes, want at most %d", len(in.data), sniffBytes)
	}
	got, err := io.ReadAll(in.Reader())
	if err != nil || string(got) != want {
		t.Fatalf("%d bytes, %v; want %d", len(got), err, len(want))
	}
}

// TestInputEndsWithItsContext: an input nobody writes to, a FIFO without a
// writer (whose opening waits) or a pipe nothing is written to, lets go
// when its context ends.
func TestInputEndsWithItsContext(t *testing.T) {
	fifo := t.TempDir() + "/never.fifo"
	if err := syscall.Mkfifo(fifo, 0o600); err != nil {
		t.Skipf("LOUD SKIP: cannot make a named pipe here: %v", err)
	}
	// The opening left waiting ends when a writer comes and goes.
	defer func() {
		if f, err := os.OpenFile(fifo, os.O_WRONLY|syscall.O_NONBLOCK, 0); err == nil {
			f.Close()
		}
	}()
	r, w := io.Pipe()
	defer w.Close()
	open := map[string]func(ctx context.Context) (*Input, error){
		"FIFO": func(ctx context.Context) (*Input, error) { return OpenInput(ctx, fifo) },
		"pipe": func(ctx context.Context) (*Input, error) { return NewInput(ctx, "<stdin>", r), nil },
	}
	for name, open := range open {
		t.Run(name, func(t *testing.T) {
			ctx, cancel := context.WithCancelCause(context.Background())
			stop := errors.New("told to stop")
			time.AfterFunc(50*time.Millisecond, func() { cancel(stop) })
			done := make(chan error, 1)
			go func() {
				in, err := open(ctx)
				if err != nil {
					done <- err
					return
				}
				defer in.Close()
				_, _, err = in.Sniff(false)
				done <- err
			}()
			select {
			case err := <-done:
				var fe *FileError
				if !errors.As(err, &fe) || !strings.Contains(err.Error(), "interrupted (told to stop)") {
					t.Fatalf("Sniff = %v, want a file error saying it was interrupted", err)
				}
			case <-time.After(5 * time.Second):
				t.Fatal("reading did not end with its context")
			}
		})
	}
}
