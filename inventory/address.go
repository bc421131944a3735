package inventory

import (
	"fmt"
	"net"
	"net/netip"
	"strings"
)

// AddressKind says what an Address value is.
type AddressKind string

const (
	AddrIP  AddressKind = "ip"
	AddrMAC AddressKind = "mac"
	AddrDNS AddressKind = "dns"
)

// Address is one way to reach or recognise an asset on the network. An asset
// has any number of them.
type Address struct {
	Kind    AddressKind `json:"kind"`
	Value   string      `json:"value"`
	Primary bool        `json:"primary,omitempty"`
}

// Normalize validates the address and rewrites it in canonical form: IPs as
// netip prints them, MACs as lower-case colon-separated, DNS names in lower
// case without a trailing dot.
func (a *Address) Normalize() error {
	v := strings.TrimSpace(a.Value)
	var err error
	switch a.Kind {
	case AddrIP:
		v, err = NormalizeIP(v)
	case AddrMAC:
		v, err = NormalizeMAC(v)
	case AddrDNS:
		v, err = NormalizeDNS(v)
	default:
		return FieldError("address", "unknown address kind %q", a.Kind)
	}
	if err != nil {
		return FieldError(string(a.Kind), "%v", err)
	}
	a.Value = v
	return nil
}

// AddressReadings lists what s can be read as, each normalised, in the
// order a lookup tries them: an IP address, a MAC address (in any spelling
// NormalizeMAC accepts), a DNS name. Some text reads as two (192.0.2.1 is
// also a well-formed DNS name); text that is no address reads as none.
func AddressReadings(s string) []Address {
	s = strings.TrimSpace(s)
	var out []Address
	for _, kind := range [...]AddressKind{AddrIP, AddrMAC, AddrDNS} {
		ad := Address{Kind: kind, Value: s}
		if ad.Normalize() == nil {
			out = append(out, ad)
		}
	}
	return out
}

// NormalizeIP parses a single IPv4 or IPv6 address. Leading-zero octets are
// refused (is 010 eight or ten?).
func NormalizeIP(s string) (string, error) {
	ip, err := netip.ParseAddr(s)
	if err != nil || ip.Zone() != "" {
		return "", fmt.Errorf("%q is not an IP address", s)
	}
	ip = ip.Unmap()
	// An address already in canonical form is kept as it is: an import
	// or a check normalizes hundreds of thousands of them.
	var buf [64]byte
	if canon := ip.AppendTo(buf[:0]); string(canon) == s {
		return s, nil
	}
	return ip.String(), nil
}

// NormalizeMAC accepts the usual spellings (aa:bb:..., AA-BB-..., aabb.ccdd.eeff).
func NormalizeMAC(s string) (string, error) {
	if canonicalMAC(s) {
		return s, nil
	}
	hw, err := net.ParseMAC(s)
	if err != nil || len(hw) != 6 {
		return "", fmt.Errorf("%q is not a MAC address", s)
	}
	return hw.String(), nil
}

// canonicalMAC reports whether s is already as NormalizeMAC writes it:
// six lower-case hex pairs separated by colons.
func canonicalMAC(s string) bool {
	if len(s) != 17 {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if i%3 == 2 {
			if c != ':' {
				return false
			}
		} else if !(c >= '0' && c <= '9' || c >= 'a' && c <= 'f') {
			return false
		}
	}
	return true
}

// NormalizeDNS checks a DNS name's shape.
func NormalizeDNS(s string) (string, error) {
	n := strings.TrimSuffix(strings.ToLower(s), ".")
	if n == "" || len(n) > 253 {
		return "", fmt.Errorf("%q is not a DNS name", s)
	}
	for _, label := range strings.Split(n, ".") {
		if label == "" || len(label) > 63 {
			return "", fmt.Errorf("%q is not a DNS name", s)
		}
		for _, r := range label {
			if !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '-' || r == '_') {
				return "", fmt.Errorf("%q is not a DNS name", s)
			}
		}
	}
	return n, nil
}
