package tui

// rowIndex finds a row by asset id. Asset ids are mostly dense (SQLite
// numbers rows from 1), so it is a slice indexed by id, 4 bytes a row,
// while that stays within a few times the number of rows it was made for;
// other ids go to a map.
type rowIndex struct {
	// slots holds the row number + 1 of each id below len(slots); 0 when
	// no row has the id.
	slots []int32
	// limit is how far slots may grow.
	limit int64
	other map[int64]int32
}

// newRowIndex returns an index for about n rows, with room for ids up to
// n.
func newRowIndex(n int) rowIndex {
	return rowIndex{slots: make([]int32, 0, n+1), limit: 4*int64(n) + 1024}
}

// put records that the asset with id is row i.
func (x *rowIndex) put(id int64, i int32) {
	switch {
	case id >= 0 && id < int64(len(x.slots)):
		x.slots[id] = i + 1
	case id >= 0 && id < x.limit:
		x.slots = append(x.slots, make([]int32, id+1-int64(len(x.slots)))...)
		x.slots[id] = i + 1
	default:
		if x.other == nil {
			x.other = map[int64]int32{}
		}
		x.other[id] = i
	}
}

// get returns the row of the asset with id.
func (x *rowIndex) get(id int64) (int32, bool) {
	if id >= 0 && id < int64(len(x.slots)) {
		i := x.slots[id]
		return i - 1, i > 0
	}
	i, ok := x.other[id]
	return i, ok
}
