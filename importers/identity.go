package importers

import (
	"strings"

	"github.com/sunset-tui/sunset/inventory"
)

// identity is what matching looks at in an asset or a row, folded once:
// serial and hostname in lower case, the tag trimmed, MACs as normalised.
// Placeholder serials and MACs that identify nothing are left out.
type identity struct {
	scalar [3]string // serial, tag, hostname
	macs   []string
}

const (
	idSerial = iota
	idTag
	idHostname
)

func identityOf(a *inventory.Asset) identity {
	var id identity
	if v := strings.TrimSpace(a.Serial); v != "" {
		v = strings.ToLower(v)
		if !placeholderSerials[normWords(v)] {
			id.scalar[idSerial] = v
		}
	}
	id.scalar[idTag] = strings.TrimSpace(a.Tag)
	id.scalar[idHostname] = strings.ToLower(strings.TrimSpace(a.Hostname))
	for _, ad := range a.Addresses {
		if ad.Kind == inventory.AddrMAC && ad.Value != "00:00:00:00:00:00" && ad.Value != "ff:ff:ff:ff:ff:ff" {
			id.macs = append(id.macs, ad.Value)
		}
	}
	return id
}

// values are the identity's values for one match key; no allocation.
func (id *identity) values(key string) []string {
	i := 0
	switch key {
	case "mac":
		return id.macs
	case "serial":
		i = idSerial
	case "tag":
		i = idTag
	case "hostname":
		i = idHostname
	}
	if id.scalar[i] == "" {
		return nil
	}
	return id.scalar[i : i+1]
}

// fill completes a row's identity with the matched asset's: the row is
// that device, whatever it left blank.
func (id *identity) fill(e *identity) {
	for i := range id.scalar {
		if id.scalar[i] == "" {
			id.scalar[i] = e.scalar[i]
		}
	}
	if len(id.macs) == 0 {
		id.macs = e.macs
	}
}

// placeholderSerials are what firmware and spreadsheets put where a serial
// is unknown. They identify nothing, so they never match.
var placeholderSerials = map[string]bool{
	"n a": true, "na": true, "none": true, "null": true, "unknown": true, "0": true, "00000000": true,
	"0123456789": true, "123456789": true, "1234567890": true, "default string": true, "to be filled by o e m": true,
	"system serial number": true, "not specified": true, "not available": true, "serial": true, "tbd": true,
}

// disagree: both sides have values and share none.
func disagree(a, b []string) bool {
	if len(a) == 0 || len(b) == 0 {
		return false
	}
	for _, x := range a {
		if contains(b, x) {
			return false
		}
	}
	return true
}

// same: the same values, or both none.
func same(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	for _, x := range a {
		if !contains(b, x) {
			return false
		}
	}
	return true
}
