package scan

import (
	"os"

	"github.com/sunset-tui/sunset/inventory"
)

// DefaultSite is the site a live check runs from when none is given: this
// machine's host name, or "" when it has none that inventory.ValidSite
// accepts.
func DefaultSite() string {
	name, err := os.Hostname()
	if err != nil {
		return ""
	}
	if inventory.ValidSite(name) != nil {
		return ""
	}
	return name
}
