package demo

import (
	"sync"
	"time"
)

// seedClock is the demo store's clock. While the inventory is seeded it
// reads whatever past moment the seed sets, so history carries believable
// dates; afterwards it is the real clock.
type seedClock struct {
	real func() time.Time

	mu sync.Mutex
	at time.Time
}

func (c *seedClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	if !c.at.IsZero() {
		return c.at
	}
	return c.real()
}

// set makes the clock read t until reset.
func (c *seedClock) set(t time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.at = t
}

// reset hands the clock back to real time.
func (c *seedClock) reset() { c.set(time.Time{}) }
