package inventory

import "context"

// SplitViewer is a Store that reads one state of the inventory through
// several read transactions at once, so that work which reads all of it
// (the judgement of a million assets) keeps more than one processor busy.
type SplitViewer interface {
	// SplitView runs fn with about n Readers that all see one state, each
	// to be read from a goroutine of its own; how they share the work is
	// the caller's. A store may give fewer than n.
	SplitView(ctx context.Context, n int, fn func([]Reader) error) error
}
