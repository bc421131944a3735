package tui

import (
	"context"
	"crypto/sha256"
	"errors"
	"fmt"
	"hash"
	"io"
	"os"
	"path/filepath"
	"sync"
	"time"

	"github.com/sunset-tui/sunset/importers"
	"github.com/sunset-tui/sunset/tui/safe"
)

// The import dialog reads its file for the dry run, then again for the
// import: what it imports must be what the dry run showed. The dry run
// notes the file's size and time and the SHA-256 of what it read; the
// import refuses a file whose size or time differ, and the hash of what
// it reads is checked when it reaches the end, before anything is
// committed.

// fileSeen is a file as the dry run read it.
type fileSeen struct {
	size    int64
	modTime time.Time
	sum     [sha256.Size]byte
	summed  bool
}

// errChangedSinceDryRun: the file is not the one the dry run read.
var errChangedSinceDryRun = errors.New("changed since the dry run")

// changedSinceDryRun says that the file at path is not the one the dry
// run read, and why.
func changedSinceDryRun(path, why string) error {
	return fmt.Errorf("%s %w (%s): nothing imported; run the dry run again", safe.Text(filepath.Base(path)), errChangedSinceDryRun, why)
}

// statFile notes a file's size and time.
func statFile(path string) (fileSeen, error) {
	info, err := os.Stat(path)
	if err != nil {
		return fileSeen{}, err
	}
	return fileSeen{size: info.Size(), modTime: info.ModTime()}, nil
}

// changed says why the file at path is not the one seen, or nil.
func (seen fileSeen) changed(path string) error {
	now, err := statFile(path)
	switch {
	case err != nil:
		return err
	case now.size != seen.size || !now.modTime.Equal(seen.modTime):
		return changedSinceDryRun(path, "its size or time is not what the dry run read")
	}
	return nil
}

// summingReader hashes what it reads. At the end of its input it records
// the sum, and when want is set, refuses with errChangedSinceDryRun a
// content whose sum is another.
type summingReader struct {
	r    io.Reader
	h    hash.Hash
	want *[sha256.Size]byte
	mu   sync.Mutex
	sum  [sha256.Size]byte
	done bool
	// differs is set when the content read is not want's.
	differs bool
}

func newSummingReader(r io.Reader, want *[sha256.Size]byte) *summingReader {
	return &summingReader{r: r, h: sha256.New(), want: want}
}

func (s *summingReader) Read(p []byte) (int, error) {
	n, err := s.r.Read(p)
	s.h.Write(p[:n])
	if err == io.EOF {
		s.mu.Lock()
		if !s.done {
			copy(s.sum[:], s.h.Sum(nil))
			s.done = true
		}
		s.differs = s.want != nil && s.sum != *s.want
		differs := s.differs
		s.mu.Unlock()
		if differs {
			return n, errChangedSinceDryRun
		}
	}
	return n, err
}

// result is the sum of everything read, once the input was read to its
// end.
func (s *summingReader) result() ([sha256.Size]byte, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.sum, s.done
}

// changed says whether the content read to its end was not want's.
func (s *summingReader) changed() bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.differs
}

// summedOpen opens the import's file through a summingReader (an
// importers.Options.Open); close closes what it opened.
type summedOpen struct {
	ctx    context.Context
	want   *[sha256.Size]byte
	files  []*os.File
	reader *summingReader
}

func (o *summedOpen) open(name string) (*importers.Input, error) {
	f, err := os.Open(name)
	if err != nil {
		return nil, &importers.FileError{File: name, Msg: fmt.Sprintf("cannot read: %v", unwrapPathErr(err))}
	}
	o.files = append(o.files, f)
	o.reader = newSummingReader(f, o.want)
	return importers.NewInput(o.ctx, name, o.reader), nil
}

func (o *summedOpen) close() {
	for _, f := range o.files {
		f.Close()
	}
}

// seen is the file as read, with the sum of what was read when the
// reading reached its end.
func (o *summedOpen) seen(stat fileSeen) fileSeen {
	if o.reader != nil {
		stat.sum, stat.summed = o.reader.result()
	}
	return stat
}

func unwrapPathErr(err error) error {
	var pe *os.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

// sumFile hashes the whole file.
func sumFile(path string) ([sha256.Size]byte, error) {
	var sum [sha256.Size]byte
	f, err := os.Open(path)
	if err != nil {
		return sum, err
	}
	defer f.Close()
	h := sha256.New()
	if _, err := io.Copy(h, f); err != nil {
		return sum, err
	}
	copy(sum[:], h.Sum(nil))
	return sum, nil
}
