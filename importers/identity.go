package importers

import (
	"strings"

	"github.com/sunset-tui/sunset/inventory"
)

// identity is what matching looks at in an asset or a row, folded once as
// the inventory compares them: the exporting tool's id with its source,
// the serial as inventory.SerialKey folds it, the tag trimmed, the
// hostname and the name as inventory.NameKey folds them, MACs and IPs as
// normalised. Placeholder serials and MACs that identify nothing are left
// out.
type identity struct {
	scalar [5]string // id, serial, tag, hostname, name
	macs   []string
	ips    []string
	// hostFromName: the hostname came from a name column (see
	// draft.hostFromName).
	hostFromName bool
}

const (
	idExternal = iota
	idSerial
	idTag
	idHostname
	idName
)

// weakKeys may be shared by different devices (two switches both named
// "core", an address that moved from one device to the next): a value of
// one names a device only when nothing stronger sets them apart, and a
// row may carry another than its asset's (the device was renamed or
// renumbered).
var weakKeys = map[string]bool{"hostname": true, "name": true, "ip": true}

// externalKey is an external id with the tool it is an id in: ids of two
// tools never name one another's records.
func externalKey(source, id string) string {
	if id = strings.TrimSpace(id); id == "" {
		return ""
	}
	return source + "\x00" + id
}

func identityOf(a *inventory.Asset) identity {
	var id identity
	id.scalar[idExternal] = externalKey(a.Source, a.ExternalID)
	id.scalar[idSerial] = inventory.SerialKey(a.Serial)
	id.scalar[idTag] = strings.TrimSpace(a.Tag)
	id.scalar[idHostname] = inventory.NameKey(a.Hostname)
	id.scalar[idName] = inventory.NameKey(a.Name)
	for _, ad := range a.Addresses {
		switch {
		case ad.Kind == inventory.AddrMAC && inventory.IdentifyingMAC(ad.Value):
			id.macs = append(id.macs, ad.Value)
		case ad.Kind == inventory.AddrIP:
			id.ips = append(id.ips, ad.Value)
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
	case "ip":
		return id.ips
	case "id":
		i = idExternal
	case "serial":
		i = idSerial
	case "tag":
		i = idTag
	case "hostname":
		i = idHostname
	case "name":
		i = idName
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
	if len(id.ips) == 0 {
		id.ips = e.ips
	}
}

// disagree: for key k, both sides have values and share none. Ids of two
// tools never disagree: neither says anything of the other's.
func disagree(k string, a, b []string) bool {
	if len(a) == 0 || len(b) == 0 {
		return false
	}
	if k == "id" && sourceOf(a[0]) != sourceOf(b[0]) {
		return false
	}
	for _, x := range a {
		if contains(b, x) {
			return false
		}
	}
	return true
}

func sourceOf(externalKey string) string {
	source, _, _ := strings.Cut(externalKey, "\x00")
	return source
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
