package tui

import (
	"time"

	"github.com/sunset-tui/sunset/inventory"
	"github.com/sunset-tui/sunset/lifecycle/service"
)

// findingView is one finding as the TUI shows it; text fields are safe.
type findingView struct {
	kind     string
	severity string
	assetID  int64 // 0 for an unknown device
	asset    string
	address  string
	summary  string
	since    time.Time
}

// reminderView is one reminder as the TUI shows it; text fields are safe.
type reminderView struct {
	due     inventory.Date
	kind    string
	assetID int64
	asset   string
	what    string
}

// unknownView is one device that answered but matches no asset.
type unknownView struct {
	obs       inventory.Observation // as stored
	device    service.Unknown       // to draft the asset it would become
	address   string
	mac       string
	vendor    string
	hostnames string
	ports     string
	severity  string
	summary   string
	seenAt    time.Time
}
