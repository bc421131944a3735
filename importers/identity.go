package importers

import (
	"strings"

	"github.com/sunset-tui/sunset/inventory"
)

// identity is what matching looks at in an asset or a row, folded once as
// the inventory compares them: the serial as inventory.SerialKey folds it,
// the hostname in lower case, the tag trimmed, MACs as normalised.
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
	id.scalar[idSerial] = inventory.SerialKey(a.Serial)
	id.scalar[idTag] = strings.TrimSpace(a.Tag)
	id.scalar[idHostname] = strings.ToLower(strings.TrimSpace(a.Hostname))
	for _, ad := range a.Addresses {
		if ad.Kind == inventory.AddrMAC && inventory.IdentifyingMAC(ad.Value) {
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
