package tui

import (
	"net/netip"
	"strconv"
	"strings"

	"github.com/sunset-tui/sunset/inventory"
	"github.com/sunset-tui/sunset/tui/safe"
)

// errText is an error as the TUI shows it: errors can quote what a file,
// a device or nmap said, so they are made safe too.
func errText(err error) string { return safe.Text(err.Error()) }

func itoa(i int) string { return strconv.Itoa(i) }

// stageRank orders stages by life order; unknown stages sort last.
func stageRank(s inventory.Stage) int {
	for i, v := range inventory.Stages {
		if v == s {
			return i
		}
	}
	return len(inventory.Stages)
}

// percent formats part of whole as a whole percentage.
func percent(part, whole int) string {
	if whole == 0 {
		return "–"
	}
	return strconv.Itoa(part*100/whole) + "%"
}

// joinPrefixes writes networks as policy values are written.
func joinPrefixes(ps []netip.Prefix) string {
	out := make([]string, len(ps))
	for i, p := range ps {
		out[i] = p.String()
	}
	return strings.Join(out, ",")
}
