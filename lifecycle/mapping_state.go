package lifecycle

import (
	"time"

	"github.com/sunset-tui/sunset/inventory"
)

// MappingExpired reports whether an open port mapping is past its expiry
// at now: the last day it was meant to stay open has ended. A closed
// mapping, or one with no expiry, has not expired.
func MappingExpired(m inventory.PortMapping, now time.Time) bool {
	return m.Open() && !m.ExpiresOn.IsZero() && m.ExpiresOn.Before(inventory.DateOf(now))
}
