package importers

import (
	"bufio"
	"cmp"
	"context"
	"encoding/binary"
	"fmt"
	"io"
	"os"
	"slices"
	"sort"
)

// spill holds the claims an import no longer keeps in memory, in runs:
// each sorted by key, in a temporary file of its own that is removed as
// soon as it is made, so that nothing is left behind whatever happens.
// Runs of equal size are merged, so there are few of them. A Bloom filter
// of every spilled key, about two bytes a claim, is all that stays in
// memory: a lookup of a key no row claimed, nearly every lookup, reads no
// file.
type spill struct {
	ctx    context.Context // of the import: a long merge ends with it
	runs   []*run          // largest first
	bloom  bloom
	n      int             // claims spilled
	sorted []claimEntry    // the claims being spilled, reused
	page   [pageBytes]byte // read buffer of lookups
	w      *bufio.Writer
	r      [2]*bufio.Reader
}

type claimEntry struct {
	key uint64
	at  place
}

// A run is read a page at a time: 256 claims of 16 bytes.
const (
	claimBytes = 16
	pageClaims = 256
	pageBytes  = pageClaims * claimBytes
)

// run is one sorted run in its file, with the first key of each page.
type run struct {
	f     *os.File
	n     int
	first []uint64
}

// add spills the claims of recent.
func (s *spill) add(recent map[uint64]place) error {
	s.sorted = s.sorted[:0]
	for k, at := range recent {
		s.sorted = append(s.sorted, claimEntry{k, at})
	}
	slices.SortFunc(s.sorted, func(a, b claimEntry) int { return cmp.Compare(a.key, b.key) })
	w, err := s.newRun(len(s.sorted))
	if err != nil {
		return err
	}
	for _, e := range s.sorted {
		w.put(e)
	}
	r, err := w.done()
	if err != nil {
		return err
	}
	s.runs = append(s.runs, r)
	s.n += r.n
	if err := s.noteInBloom(); err != nil {
		return err
	}
	return s.mergeEqualRuns()
}

// noteInBloom adds the claims just spilled to the filter, or makes it
// again, larger, from every run when they are more than it was made for.
func (s *spill) noteInBloom() error {
	if s.bloom.capacity == 0 {
		s.bloom = newBloom(firstBloomClaims)
	}
	if s.n <= s.bloom.capacity || s.bloom.capacity >= maxBloomClaims {
		for _, e := range s.sorted {
			s.bloom.add(e.key)
		}
		return nil
	}
	s.bloom = newBloom(min(2*s.n, maxBloomClaims))
	for _, r := range s.runs {
		rr := s.reader(0, r)
		for n := 0; ; n++ {
			if n%(1<<16) == 0 {
				if err := s.ctx.Err(); err != nil {
					return err
				}
			}
			e, ok, err := rr.next()
			if err != nil {
				return err
			}
			if !ok {
				break
			}
			s.bloom.add(e.key)
		}
	}
	return nil
}

// mergeEqualRuns merges the last run into the one before for as long as
// that one is no larger, keeping runs few.
func (s *spill) mergeEqualRuns() error {
	for len(s.runs) >= 2 {
		a, b := s.runs[len(s.runs)-2], s.runs[len(s.runs)-1]
		if a.n > b.n {
			return nil
		}
		merged, err := s.merge(a, b)
		if err != nil {
			return err
		}
		a.f.Close()
		b.f.Close()
		s.runs = append(s.runs[:len(s.runs)-2], merged)
	}
	return nil
}

// merge writes the claims of a and b into one new run.
func (s *spill) merge(a, b *run) (*run, error) {
	w, err := s.newRun(a.n + b.n)
	if err != nil {
		return nil, err
	}
	from := [2]*runReader{s.reader(0, a), s.reader(1, b)}
	var head [2]claimEntry
	var more [2]bool
	for i := range from {
		if head[i], more[i], err = from[i].next(); err != nil {
			return nil, w.fail(err)
		}
	}
	for n := 0; more[0] || more[1]; n++ {
		if n%(1<<16) == 0 {
			if err := s.ctx.Err(); err != nil {
				return nil, w.fail(err)
			}
		}
		i := 0
		if !more[0] || more[1] && head[1].key < head[0].key {
			i = 1
		}
		w.put(head[i])
		if head[i], more[i], err = from[i].next(); err != nil {
			return nil, w.fail(err)
		}
	}
	return w.done()
}

// runWriter writes a new run.
type runWriter struct {
	w   *bufio.Writer
	r   *run
	buf [claimBytes]byte
	err error
}

// newRun makes the file of a run of about n claims.
func (s *spill) newRun(n int) (*runWriter, error) {
	f, err := os.CreateTemp("", "sunset-import-*")
	if err != nil {
		return nil, fmt.Errorf("import: cannot make a temporary file: %w", err)
	}
	os.Remove(f.Name())
	if s.w == nil {
		s.w = bufio.NewWriterSize(f, 64<<10)
	}
	s.w.Reset(f)
	return &runWriter{w: s.w, r: &run{f: f, first: make([]uint64, 0, (n+pageClaims-1)/pageClaims)}}, nil
}

// put writes the next claim, in key order.
func (w *runWriter) put(e claimEntry) {
	if w.r.n%pageClaims == 0 {
		w.r.first = append(w.r.first, e.key)
	}
	w.r.n++
	binary.LittleEndian.PutUint64(w.buf[:8], e.key)
	binary.LittleEndian.PutUint64(w.buf[8:], uint64(e.at))
	if w.err == nil {
		_, w.err = w.w.Write(w.buf[:])
	}
}

// done finishes the run.
func (w *runWriter) done() (*run, error) {
	if w.err == nil {
		w.err = w.w.Flush()
	}
	if w.err != nil {
		return nil, w.fail(fmt.Errorf("import: cannot write a temporary file: %w", w.err))
	}
	return w.r, nil
}

// fail lets go of the run's file and returns err.
func (w *runWriter) fail(err error) error {
	w.r.f.Close()
	return err
}

// runReader reads a run's claims in order.
type runReader struct {
	r    *bufio.Reader
	left int
	buf  [claimBytes]byte
}

func (s *spill) reader(i int, r *run) *runReader {
	if s.r[i] == nil {
		s.r[i] = bufio.NewReaderSize(nil, 64<<10)
	}
	s.r[i].Reset(io.NewSectionReader(r.f, 0, int64(r.n)*claimBytes))
	return &runReader{r: s.r[i], left: r.n}
}

// next reads the next claim; ok is false past the last.
func (rr *runReader) next() (e claimEntry, ok bool, err error) {
	if rr.left == 0 {
		return e, false, nil
	}
	rr.left--
	if _, err := io.ReadFull(rr.r, rr.buf[:]); err != nil {
		return e, false, fmt.Errorf("import: cannot read a temporary file: %w", err)
	}
	return claimEntry{binary.LittleEndian.Uint64(rr.buf[:8]), place(binary.LittleEndian.Uint64(rr.buf[8:]))}, true, nil
}

// lookUp finds the row that made a spilled claim, if one did.
func (s *spill) lookUp(key uint64) (place, bool, error) {
	if !s.bloom.mayHave(key) {
		return 0, false, nil
	}
	for _, r := range s.runs {
		at, ok, err := s.find(r, key)
		if ok || err != nil {
			return at, ok, err
		}
	}
	return 0, false, nil
}

// find looks for key in r: in the one page that can hold it.
func (s *spill) find(r *run, key uint64) (place, bool, error) {
	p := sort.Search(len(r.first), func(i int) bool { return r.first[i] > key }) - 1
	if p < 0 {
		return 0, false, nil
	}
	n := min(pageClaims, r.n-p*pageClaims)
	page := s.page[:n*claimBytes]
	if _, err := r.f.ReadAt(page, int64(p)*pageBytes); err != nil {
		return 0, false, fmt.Errorf("import: cannot read a temporary file: %w", err)
	}
	i := sort.Search(n, func(i int) bool { return binary.LittleEndian.Uint64(page[i*claimBytes:]) >= key })
	if i < n && binary.LittleEndian.Uint64(page[i*claimBytes:]) == key {
		return place(binary.LittleEndian.Uint64(page[i*claimBytes+8:])), true, nil
	}
	return 0, false, nil
}

func (s *spill) close() {
	for _, r := range s.runs {
		r.f.Close()
	}
}

// bloom is a blocked Bloom filter of 64-bit hashes: the bits of one key
// lie in one block of one cache line, so that a lookup costs one miss.
// At 16 bits a key it is wrong about a key it does not hold about once in
// five hundred lookups, and then a run is read for nothing.
//
// It is first made for a million rows or so, 8 MiB, so that most imports
// never make it again, and grows to hold maxBloomClaims at that rate, 32
// MiB, and no further: an import of more than four million rows or so
// fills it more densely, and then reads runs for nothing more often, but
// holds no more.
type bloom struct {
	blocks   [][8]uint64
	capacity int // keys it holds at that rate
}

const (
	firstBloomClaims = 4 << 20
	maxBloomClaims   = 16 << 20
)

func newBloom(capacity int) bloom {
	return bloom{blocks: make([][8]uint64, max(1, capacity/32)), capacity: capacity}
}

// bits gives the key's block, and the bits from which its seven bits
// there are taken: the key is a hash already.
func (b *bloom) bits(key uint64) (*[8]uint64, uint64) {
	block := &b.blocks[(key>>32)*uint64(len(b.blocks))>>32]
	return block, key * 0x9E3779B97F4A7C15
}

func (b *bloom) add(key uint64) {
	block, mix := b.bits(key)
	for i := range 7 {
		bit := mix >> (9 * i) & 511
		block[bit>>6] |= 1 << (bit & 63)
	}
}

func (b *bloom) mayHave(key uint64) bool {
	if len(b.blocks) == 0 {
		return false
	}
	block, mix := b.bits(key)
	for i := range 7 {
		bit := mix >> (9 * i) & 511
		if block[bit>>6]&(1<<(bit&63)) == 0 {
			return false
		}
	}
	return true
}
