package main

import (
	"bufio"
	"io"
	"os"
	"slices"
	"strings"
)

// spool sorts what a command prints about many assets without holding it:
// each line goes to a temporary file as it comes, and only its sort key
// and its place in the file stay in memory; writeTo then writes the lines
// in key order. The file is unlinked as soon as it is made, so nothing is
// left behind, whatever ends the command.
type spool struct {
	f       *os.File
	w       *bufio.Writer
	off     int64
	entries []spooled
}

type spooled struct {
	key string
	off int64
	n   int
}

func newSpool() (*spool, error) {
	f, err := os.CreateTemp("", "sunset-spool-*")
	if err != nil {
		return nil, err
	}
	os.Remove(f.Name())
	return &spool{f: f, w: bufio.NewWriterSize(f, 64<<10)}, nil
}

// add keeps line, to be written in the order of key.
func (s *spool) add(key string, line []byte) error {
	if _, err := s.w.Write(line); err != nil {
		return err
	}
	s.entries = append(s.entries, spooled{key: strings.Clone(key), off: s.off, n: len(line)})
	s.off += int64(len(line))
	return nil
}

// len is how many lines the spool holds.
func (s *spool) len() int { return len(s.entries) }

// each hands write the lines in key order (equal keys in the order they
// came); i counts from 0.
func (s *spool) each(write func(i int, line []byte) error) error {
	if err := s.w.Flush(); err != nil {
		return err
	}
	slices.SortStableFunc(s.entries, func(a, b spooled) int { return strings.Compare(a.key, b.key) })
	var buf []byte
	for i, e := range s.entries {
		buf = slices.Grow(buf[:0], e.n)[:e.n]
		if _, err := s.f.ReadAt(buf, e.off); err != nil && err != io.EOF {
			return err
		}
		if err := write(i, buf); err != nil {
			return err
		}
	}
	return nil
}

func (s *spool) close() { s.f.Close() }
