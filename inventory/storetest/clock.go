package storetest

import (
	"sync"
	"testing"
	"time"
)

// Actor is the actor a store under test must record.
const Actor = "storetest-actor"

// start is the suite clock's first reading: a zone other than UTC (stores
// keep UTC) and whole microseconds (what PostgreSQL keeps).
var start = time.Date(2031, time.March, 4, 9, 30, 15, 123456000, time.FixedZone("UTC+2", 2*3600))

// Clock is a clock that moves only when the suite says.
type Clock struct {
	mu  sync.Mutex
	now time.Time
}

// Now reads the clock.
func (c *Clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

// Advance moves the clock forward by d and returns the new time.
func (c *Clock) Advance(d time.Duration) time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = c.now.Add(d)
	return c.now
}

var clocks sync.Map // *testing.T -> *Clock

// ClockFor returns the clock of test t, creating it at the suite's start
// time on first use.
func ClockFor(t *testing.T) *Clock {
	c, loaded := clocks.LoadOrStore(t, &Clock{now: start})
	if !loaded {
		t.Cleanup(func() { clocks.Delete(t) })
	}
	return c.(*Clock)
}

// Now is the clock function to give the store opened for test t.
func Now(t *testing.T) func() time.Time { return ClockFor(t).Now }
