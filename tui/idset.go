package tui

import "math/bits"

// idSet is a set of asset ids: the assets selected on the list. Ids are
// mostly dense, so it is a bitmap, 1 bit an id, that grows with the
// largest id up to a few times the inventory's size; other ids go to a
// map. A selection of a million assets takes some 125 KB.
type idSet struct {
	words []uint64
	other map[int64]bool
	n     int
}

// idSetLimit is how far the bitmap may grow for an inventory of n assets.
func idSetLimit(n int) int64 { return 4*int64(n) + 1<<16 }

func (s *idSet) len() int { return s.n }

func (s *idSet) has(id int64) bool {
	if id >= 0 && id/64 < int64(len(s.words)) {
		return s.words[id/64]&(1<<(id%64)) != 0
	}
	return s.other[id]
}

// add puts id in the set; limit bounds the bitmap (idSetLimit).
func (s *idSet) add(id int64, limit int64) {
	if s.has(id) {
		return
	}
	s.n++
	if id >= 0 && id < max(limit, int64(len(s.words))*64) {
		if w := id/64 + 1; w > int64(len(s.words)) {
			s.words = append(s.words, make([]uint64, w-int64(len(s.words)))...)
		}
		s.words[id/64] |= 1 << (id % 64)
		return
	}
	if s.other == nil {
		s.other = map[int64]bool{}
	}
	s.other[id] = true
}

func (s *idSet) remove(id int64) {
	if !s.has(id) {
		return
	}
	s.n--
	if id >= 0 && id/64 < int64(len(s.words)) {
		s.words[id/64] &^= 1 << (id % 64)
		return
	}
	delete(s.other, id)
}

func (s *idSet) clear() { *s = idSet{} }

// each calls fn with every id in the set, the bitmap's in increasing order.
func (s *idSet) each(fn func(id int64)) {
	for i, w := range s.words {
		for w != 0 {
			b := bits.TrailingZeros64(w)
			fn(int64(i)*64 + int64(b))
			w &^= 1 << b
		}
	}
	for id := range s.other {
		fn(id)
	}
}
