package sqlite

import (
	"fmt"

	"github.com/sunset-tui/sunset/inventory"
)

// An asset's addresses are stored on its row as a JSON array, one array
// per address in the asset's order: [kind, value], with a third element 1
// when the address is primary, as in [["ip","192.0.2.7",1],["mac","02:00:5e:10:00:01"]].

// addressesJSON appends addrs in their stored form; no addresses is "[]".
func addressesJSON(buf []byte, addrs []inventory.Address) []byte {
	buf = append(buf, '[')
	for i, ad := range addrs {
		if i > 0 {
			buf = append(buf, ',')
		}
		buf = append(buf, '[')
		buf = appendJSONString(buf, string(ad.Kind))
		buf = append(buf, ',')
		buf = appendJSONString(buf, ad.Value)
		if ad.Primary {
			buf = append(buf, ",1"...)
		}
		buf = append(buf, ']')
	}
	return append(buf, ']')
}

// addressesText is addrs in their stored form, as a string.
func addressesText(addrs []inventory.Address) string {
	if len(addrs) == 0 {
		return emptyList
	}
	return string(addressesJSON(make([]byte, 0, 32*len(addrs)), addrs))
}

const emptyList = "[]"

// readAddresses reads what addressesJSON writes.
func readAddresses(s string) ([]inventory.Address, error) {
	if s == "" || s == emptyList {
		return nil, nil
	}
	r := listReader{s: s}
	var out []inventory.Address
	r.expect('[')
	for r.err == nil && !r.next(']') {
		if len(out) > 0 {
			r.expect(',')
		}
		r.expect('[')
		ad := inventory.Address{Kind: inventory.AddressKind(r.str())}
		r.expect(',')
		ad.Value = r.str()
		if r.next(',') {
			ad.Primary = r.number() != 0
		}
		r.expect(']')
		out = append(out, ad)
	}
	if r.err == nil && r.i != len(s) {
		r.fail("text after the list")
	}
	if r.err != nil {
		return nil, fmt.Errorf("stored value is not a list of addresses: %v", r.err)
	}
	return out, nil
}
