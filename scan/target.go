package scan

import (
	"context"
	"net"
	"net/netip"
	"strings"

	"github.com/sunset-tui/sunset/inventory"
)

// limitedBroadcast is 255.255.255.255, which no check may probe.
var limitedBroadcast = netip.AddrFrom4([4]byte{255, 255, 255, 255})

// thisNetwork is 0.0.0.0/8, "this host on this network": not a target.
var thisNetwork = netip.MustParsePrefix("0.0.0.0/8")

// ParseTarget reads one target: an address ("192.0.2.7") or a CIDR
// ("192.0.2.0/28"). It refuses anything that could be read two ways or
// reach more than one check should: text starting with '-', leading-zero
// octets, host bits set, zones, ranges larger than inventory.SweepLimit,
// multicast, broadcast and unspecified addresses. It does not look at the
// scope; see CheckScope.
func ParseTarget(s string) (netip.Prefix, error) {
	if s == "" {
		return netip.Prefix{}, inventory.FieldError("target", "empty target")
	}
	if strings.HasPrefix(s, "-") {
		return netip.Prefix{}, inventory.FieldError("target", "%q looks like an nmap option, not an address", s)
	}
	if strings.Contains(s, "%") {
		return netip.Prefix{}, inventory.FieldError("target", "%q: zones are not allowed", s)
	}
	if _, bits, ok := strings.Cut(s, "/"); ok {
		if len(bits) > 1 && bits[0] == '0' {
			return netip.Prefix{}, inventory.FieldError("target", "%q: prefix length %q has a leading zero", s, bits)
		}
	}
	p, err := inventory.ParsePrefix(s, inventory.SweepLimit)
	if err != nil {
		return netip.Prefix{}, inventory.FieldError("target", "%v", err)
	}
	a := p.Addr()
	switch {
	case a.IsUnspecified() || (a.Is4() && thisNetwork.Overlaps(p)):
		return netip.Prefix{}, inventory.FieldError("target", "%q is an unspecified (\"this network\") address", s)
	case p.Contains(limitedBroadcast):
		return netip.Prefix{}, inventory.FieldError("target", "%q includes the broadcast address 255.255.255.255", s)
	case a.IsMulticast() || a.IsInterfaceLocalMulticast() || a.IsLinkLocalMulticast():
		return netip.Prefix{}, inventory.FieldError("target", "%q is a multicast address", s)
	}
	return p, nil
}

// CheckScope reports, as an inventory.ErrRefused error naming the target,
// when p does not lie wholly inside the scope. An empty scope refuses
// everything and says how to set one.
func CheckScope(p netip.Prefix, scope []netip.Prefix) error {
	if len(scope) == 0 {
		return ErrNoScope
	}
	if !inventory.PrefixWithin(p, scope) {
		return &inventory.Error{Kind: inventory.ErrRefused, Field: "target",
			Msg: singleOrRange(p) + " lies outside scan.scope (" + joinPrefixes(scope) + ")"}
	}
	return nil
}

// ErrNoScope is returned when the policy has no scan scope: sunset scans
// nothing until someone says what it may scan.
var ErrNoScope = &inventory.Error{Kind: inventory.ErrRefused, Field: "scan.scope",
	Msg: "no scan scope is set, so sunset scans nothing; allow your networks first, " +
		"e.g. `sunset policy set scan.scope 192.0.2.0/24`"}

// Resolver turns a DNS name into addresses; net.DefaultResolver is one.
type Resolver interface {
	LookupNetIP(ctx context.Context, network, host string) ([]netip.Addr, error)
}

// ResolveTarget reads what a person named on the command line that is not an
// asset: an address, a CIDR, or a DNS name that is resolved here, in Go, so
// nmap is only ever given addresses. Every result must lie inside the scope;
// otherwise the error (ErrInvalid or ErrRefused) names the target.
func ResolveTarget(ctx context.Context, r Resolver, s string, scope []netip.Prefix) ([]netip.Prefix, error) {
	if len(scope) == 0 {
		return nil, ErrNoScope
	}
	if p, err := ParseTarget(s); err == nil {
		if err := CheckScope(p, scope); err != nil {
			return nil, err
		}
		return []netip.Prefix{p}, nil
	} else if strings.HasPrefix(s, "-") || looksNumeric(s) {
		return nil, err
	}
	name, err := inventory.NormalizeDNS(s)
	if err != nil || strings.HasPrefix(name, "-") {
		return nil, inventory.FieldError("target", "%q is not an asset, an address, a CIDR or a DNS name", s)
	}
	// A single word is far more often a mistyped asset than a host to
	// look up; only fully qualified names go to the resolver.
	if !strings.Contains(name, ".") {
		return nil, &inventory.Error{Kind: inventory.ErrNotFound, Field: "target",
			Msg: "no asset has the id, tag or hostname " + quote(s) + ", and it is not an address, a CIDR or a fully qualified DNS name"}
	}
	if r == nil {
		r = net.DefaultResolver
	}
	addrs, err := r.LookupNetIP(ctx, "ip", name)
	if err != nil || len(addrs) == 0 {
		return nil, &inventory.Error{Kind: inventory.ErrInvalid, Field: "target",
			Msg: "cannot resolve " + quote(s), Err: err}
	}
	var out []netip.Prefix
	for _, a := range addrs {
		a = a.Unmap().WithZone("")
		p, err := ParseTarget(a.String())
		if err != nil {
			return nil, inventory.FieldError("target", "%s resolves to %s, which cannot be checked: %v", s, a, err)
		}
		if err := CheckScope(p, scope); err != nil {
			return nil, &inventory.Error{Kind: inventory.ErrRefused, Field: "target",
				Msg: s + " resolves to " + a.String() + ", which lies outside scan.scope (" + joinPrefixes(scope) + ")"}
		}
		out = append(out, p)
	}
	return out, nil
}

// looksNumeric is true for text made only of digits, dots, colons, slashes
// and hex letters with at least one digit: a malformed address, which must
// not be sent to DNS as a name.
func looksNumeric(s string) bool {
	digit := false
	for _, r := range s {
		switch {
		case r >= '0' && r <= '9':
			digit = true
		case r == '.' || r == ':' || r == '/':
		default:
			return false
		}
	}
	return digit
}

func singleOrRange(p netip.Prefix) string {
	if p.IsSingleIP() {
		return p.Addr().String()
	}
	return p.String()
}

func joinPrefixes(ps []netip.Prefix) string {
	s := make([]string, len(ps))
	for i, p := range ps {
		s[i] = singleOrRange(p)
	}
	return strings.Join(s, ", ")
}

func quote(s string) string { return "\"" + s + "\"" }
