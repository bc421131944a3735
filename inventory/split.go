package inventory

import "context"

// SplitViewer is a Store that reads one state of the inventory through
// several read transactions at once, so that work which reads all of it
// (the judgement of a million assets) keeps more than one processor busy.
type SplitViewer interface {
	// SplitView runs fn with about n slices of the inventory that all see
	// one state: each a Reader of its own, to be read from a goroutine of
	// its own, and the ids of the assets it covers. Together the slices
	// cover every asset, each once. A store may give fewer slices than n.
	SplitView(ctx context.Context, n int, fn func([]Slice) error) error
}

// Slice is one reader of a SplitView and the assets it covers: those with
// an id above After, up to and including Last, or without an upper bound
// when Last is 0.
type Slice struct {
	Reader
	After, Last int64
}

// Covers reports whether the asset with this id is the slice's.
func (s Slice) Covers(id int64) bool { return id > s.After && (s.Last == 0 || id <= s.Last) }
