package inventory

import "context"

// ChangeWatcher is implemented by a Store that can tell a long-running
// reader at once that a write was committed, by any process, rather than
// being asked for its Revision again and again (inventory/postgres, by
// LISTEN/NOTIFY). A reader uses it when the Store has it and polls
// Revision otherwise (inventory/sqlite).
type ChangeWatcher interface {
	// WatchChanges starts listening and returns once it listens: every
	// write committed after it returns is reported. The channel carries
	// the revision after such a write; when several come faster than
	// they are read, only the newest waits, so a reader never falls
	// behind. It is closed when ctx ends or the watch fails (a lost
	// connection, say); a reader that still wants changes then polls
	// Revision until a new watch starts, since what was committed between
	// the two is not reported.
	WatchChanges(ctx context.Context) (<-chan int64, error)
}
