package nmapxml

import (
	"unicode/utf8"

	"github.com/sunset-tui/sunset/inventory"
)

// Caps on what one host may bring, so that a forged or broken file cannot
// fill the database or a screen with one host. Each is generous for
// nmap's own output, and keeps a host's observation within what the store
// and the lifecycle take: text within inventory.MaxShortText, a hostname
// a valid asset hostname, and the open ports of one host, written as a
// dismissal's signature ("tcp/22,tcp/80", at most 15 bytes a port), within
// inventory.MaxNotes. What is cut is counted in Summary.Cut.
const (
	// MaxAddresses, MaxHostnames and MaxOSMatches bound each list of one
	// host; nmap writes one IP address, one MAC, one or two names and a
	// handful of OS matches, best first. Past the cap, the rest is left
	// out.
	MaxAddresses = 16
	MaxHostnames = 16
	MaxOSMatches = 16
	// MaxPorts bounds the ports of one host listed one by one. The ports
	// past it are counted by state in ExtraPorts instead, as nmap counts
	// the ports it does not list, so that they still count as an answer.
	MaxPorts = 1024
	// MaxHostnameLen is the longest DNS name.
	MaxHostnameLen = 253
	// MaxText bounds every other value of a host: a service's name,
	// product and version, an OS match, a MAC vendor, a state or reason.
	MaxText = inventory.MaxShortText
	// maxProtocol bounds a port's protocol (nmap writes tcp, udp, sctp
	// or ip), which the signature of its open ports repeats.
	maxProtocol = 8
	// maxExtraPorts bounds a host's <extraports>; nmap writes one or two.
	maxExtraPorts = 16
)

// ellipsis ends a value that was cut.
const ellipsis = "…"

// capped unescapes v and keeps at most max bytes of it: longer text is
// cut at a character boundary, ends in an ellipsis, and is counted. With
// intern, a value that fits is shared as common shares it.
func (d *decoder) capped(v []byte, max int, intern bool) string {
	if needsUnescape(v) {
		v = d.unescapeBytes(v, max)
	}
	if len(v) > max {
		d.cut++
		return string(cut(v, max))
	}
	if intern {
		return d.interned.get(v)
	}
	return string(v)
}

// cut shortens v to at most max bytes, ellipsis included, without
// splitting a character.
func cut(v []byte, max int) []byte {
	keep := max - len(ellipsis)
	for keep > 0 && !utf8.RuneStart(v[keep]) {
		keep--
	}
	return append(v[:keep:keep], ellipsis...)
}

// full reports, counting it when so, that a host's list already holds max
// entries and one more must be left out.
func (d *decoder) full(n, max int) bool {
	if n < max {
		return false
	}
	d.cut++
	return true
}
