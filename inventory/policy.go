package inventory

import (
	"fmt"
	"net/netip"
	"slices"
	"strconv"
	"strings"
)

// Policy holds the thresholds and scope a team shares; it lives in the
// database as key/value text so that every tool reads the same values.
type Policy struct {
	// Scope lists the networks that may be scanned; empty refuses every scan.
	Scope []netip.Prefix
	// Discover lists networks swept for unknown devices on each check.
	Discover []netip.Prefix
	// Ports are probed on every target besides its known and mapped ports.
	Ports []int
	// IdleAfter: an active device nobody managed for longer is idle.
	IdleAfter Duration
	// CheckFresh: how recent a check must be to prove a device dark.
	CheckFresh Duration
	// RemindBefore: how long before a date reminders start, largest first.
	RemindBefore []Duration
	// Notify says how reminders reach people (notify.* keys).
	Notify NotifyPolicy
}

// PolicyKey describes one policy setting.
type PolicyKey struct {
	Name    string
	Default string
	Help    string
	parse   func(p *Policy, v string) error
}

// DefaultPorts are the services that matter at end of life: remote shells
// and desktops, file sharing, web and management consoles, camera streams,
// databases.
const DefaultPorts = "21,22,23,80,135,139,443,445,554,1433,1521,3306,3389,5432,5900,5985,5986,6379,8000,8080,8443,9200,27017"

// PolicyKeys lists every policy key, in the order `policy show` prints them.
var PolicyKeys = append([]PolicyKey{
	{"scan.scope", "", "CIDRs that may be scanned, comma separated; empty refuses every scan",
		func(p *Policy, v string) (err error) { p.Scope, err = ParsePrefixes(v, ScopeLimit); return }},
	{"scan.discover", "", "CIDRs swept for unknown devices on each check (must lie inside scan.scope)",
		func(p *Policy, v string) (err error) { p.Discover, err = ParsePrefixes(v, SweepLimit); return }},
	{"scan.ports", DefaultPorts, "TCP ports probed besides each asset's known and mapped ports",
		func(p *Policy, v string) (err error) { p.Ports, err = ParsePorts(v); return }},
	{"idle.after", "90d", "an active device nobody managed for longer is idle",
		func(p *Policy, v string) (err error) { p.IdleAfter, err = ParseDuration(v); return }},
	{"check.fresh", "24h", "how recent a check must be to prove a device dark",
		func(p *Policy, v string) (err error) { p.CheckFresh, err = ParseDuration(v); return }},
	{"remind.before", "90d,30d,7d", "how long before a due date reminders start, comma separated",
		func(p *Policy, v string) (err error) { p.RemindBefore, err = parseDurations(v); return }},
}, notifyPolicyKeys...)

// LookupPolicyKey finds a key by name.
func LookupPolicyKey(name string) (PolicyKey, bool) {
	for _, k := range PolicyKeys {
		if k.Name == name {
			return k, true
		}
	}
	return PolicyKey{}, false
}

// ValidatePolicyValue checks one value for one key, with an error naming
// the key.
func ValidatePolicyValue(key, value string) error {
	k, ok := LookupPolicyKey(key)
	if !ok {
		names := make([]string, len(PolicyKeys))
		for i, k := range PolicyKeys {
			names[i] = k.Name
		}
		return FieldError(key, "unknown policy key (want one of %s)", strings.Join(names, ", "))
	}
	var p Policy
	if err := k.parse(&p, value); err != nil {
		return FieldError(key, "%v", err)
	}
	if p.Notify.Fallback != "" && IsWebhook(p.Notify.Fallback) {
		// Read leniently (a value stored before), set strictly.
		if err := ValidateWebhook(p.Notify.Fallback); err != nil {
			return FieldError(key, "%v", err)
		}
	}
	return nil
}

// ParsePolicy builds a Policy from stored values; missing keys take their
// defaults.
func ParsePolicy(values map[string]string) (Policy, error) {
	var p Policy
	for _, k := range PolicyKeys {
		v, ok := values[k.Name]
		if !ok {
			v = k.Default
		}
		if err := k.parse(&p, v); err != nil {
			return Policy{}, FieldError(k.Name, "%v", err)
		}
	}
	for _, d := range p.Discover {
		if !PrefixWithin(d, p.Scope) {
			return Policy{}, FieldError("scan.discover", "%s lies outside scan.scope", d)
		}
	}
	return p, nil
}

// DefaultPolicy is the policy of a new database.
func DefaultPolicy() Policy {
	p, err := ParsePolicy(nil)
	if err != nil {
		panic(err) // the defaults above are constants
	}
	return p
}

// PrefixLimit caps how large a range may be, as the shortest prefix length
// allowed for IPv4 and for IPv6.
type PrefixLimit struct{ MinBits4, MinBits6 int }

var (
	// ScopeLimit bounds the scope allow-list: it only permits, so it may be
	// as wide as a /8 (all of loopback).
	ScopeLimit = PrefixLimit{8, 104}
	// SweepLimit bounds what one check sweeps: 65,536 addresses.
	SweepLimit = PrefixLimit{16, 112}
)

// ParsePrefixes reads a comma-separated list of CIDRs or single addresses.
// It refuses host bits set, leading zeros, and ranges larger than the limit.
func ParsePrefixes(s string, limit PrefixLimit) ([]netip.Prefix, error) {
	var out []netip.Prefix
	for _, f := range strings.Split(s, ",") {
		f = strings.TrimSpace(f)
		if f == "" {
			continue
		}
		p, err := ParsePrefix(f, limit)
		if err != nil {
			return nil, err
		}
		out = append(out, p)
	}
	return out, nil
}

// ParsePrefix reads one CIDR ("192.0.2.0/24") or address ("192.0.2.7").
func ParsePrefix(s string, limit PrefixLimit) (netip.Prefix, error) {
	if strings.HasPrefix(s, "-") {
		return netip.Prefix{}, fmt.Errorf("%q is not a network", s)
	}
	var p netip.Prefix
	if strings.Contains(s, "/") {
		var err error
		p, err = netip.ParsePrefix(s)
		if err != nil {
			return netip.Prefix{}, fmt.Errorf("%q is not a CIDR (want e.g. 192.0.2.0/24)", s)
		}
		if p.Masked() != p {
			return netip.Prefix{}, fmt.Errorf("%q has host bits set (did you mean %s?)", s, p.Masked())
		}
	} else {
		a, err := netip.ParseAddr(s)
		if err != nil {
			return netip.Prefix{}, fmt.Errorf("%q is not an address or CIDR", s)
		}
		if a.Zone() != "" {
			return netip.Prefix{}, fmt.Errorf("%q: zones are not allowed", s)
		}
		p = netip.PrefixFrom(a, a.BitLen())
	}
	p = netip.PrefixFrom(p.Addr().Unmap(), p.Bits()-unmapShift(p))
	min := limit.MinBits4
	if p.Addr().Is6() {
		min = limit.MinBits6
	}
	if p.Bits() < min {
		return netip.Prefix{}, fmt.Errorf("%q is too large (at most /%d)", s, min)
	}
	if p.Addr().IsMulticast() {
		return netip.Prefix{}, fmt.Errorf("%q is a multicast range", s)
	}
	return p, nil
}

func unmapShift(p netip.Prefix) int {
	if p.Addr().Is4In6() {
		return 96
	}
	return 0
}

// PrefixWithin reports whether p lies wholly inside one of the scope prefixes.
func PrefixWithin(p netip.Prefix, scope []netip.Prefix) bool {
	for _, s := range scope {
		if s.Bits() <= p.Bits() && s.Contains(p.Addr()) {
			return true
		}
	}
	return false
}

// AddrWithin reports whether a lies inside one of the scope prefixes.
func AddrWithin(a netip.Addr, scope []netip.Prefix) bool {
	a = a.Unmap()
	for _, s := range scope {
		if s.Contains(a) {
			return true
		}
	}
	return false
}

// MaxPortList bounds scan.ports written as nmap's -p reads it (see
// PortRanges): 8 KiB, some 1,400 separate ports. The number of ports is
// not bounded: nmap reads a range as cheaply as one port, and an admin may
// mean to probe all of them (1-65535). What is bounded is the list as
// written, which nmap takes as one argument, next to the ports of each
// target's mappings and earlier sightings.
const MaxPortList = 8 << 10

// ParsePorts reads "22,80,8000-8010": ports and ranges of ports from 1 to
// 65535, in digits only, each range from low to high. It returns the
// ports sorted, once each, and refuses a list longer than MaxPortList
// when written as ranges.
func ParsePorts(s string) ([]int, error) {
	var set [65536]bool
	for _, f := range strings.Split(s, ",") {
		f = strings.TrimSpace(f)
		if f == "" {
			continue
		}
		lo, hi, err := portRange(f)
		if err != nil {
			return nil, err
		}
		for p := lo; p <= hi; p++ {
			set[p] = true
		}
	}
	var out []int
	for p, on := range set {
		if on {
			out = append(out, p)
		}
	}
	if n := len(PortRanges(out)); n > MaxPortList {
		return nil, fmt.Errorf("%d ports written as ranges take %d bytes, more than %d: list fewer ports, or join them into ranges (e.g. 1-1024)",
			len(out), n, MaxPortList)
	}
	return out, nil
}

// portRange reads "80" or "8000-8010".
func portRange(f string) (lo, hi int, err error) {
	a, b, isRange := strings.Cut(f, "-")
	lo, ok := portNumber(a)
	if !ok {
		if isRange {
			return 0, 0, fmt.Errorf("%q is not a port range (want e.g. 8000-8010, from 1 to 65535)", f)
		}
		return 0, 0, fmt.Errorf("%q is not a port (want 1 to 65535)", f)
	}
	if !isRange {
		return lo, lo, nil
	}
	hi, ok = portNumber(b)
	if !ok || hi < lo {
		return 0, 0, fmt.Errorf("%q is not a port range (want e.g. 8000-8010, from 1 to 65535, low to high)", f)
	}
	return lo, hi, nil
}

// portNumber reads a port in digits only: no sign, no spaces.
func portNumber(s string) (int, bool) {
	if s == "" || len(s) > 5 || strings.Trim(s, "0123456789") != "" {
		return 0, false
	}
	n, err := strconv.Atoi(s)
	return n, err == nil && n >= 1 && n <= 65535
}

// PortRanges writes ports, sorted and distinct as ParsePorts returns
// them, as nmap's -p reads them, each run of consecutive ports as a
// range: "22,80,8000-8010".
func PortRanges(ports []int) string {
	var b strings.Builder
	for i := 0; i < len(ports); {
		j := i
		for j+1 < len(ports) && ports[j+1] == ports[j]+1 {
			j++
		}
		if b.Len() > 0 {
			b.WriteByte(',')
		}
		b.WriteString(strconv.Itoa(ports[i]))
		if j > i {
			b.WriteByte('-')
			b.WriteString(strconv.Itoa(ports[j]))
		}
		i = j + 1
	}
	return b.String()
}

func parseDurations(s string) ([]Duration, error) {
	var out []Duration
	for _, f := range strings.Split(s, ",") {
		if strings.TrimSpace(f) == "" {
			continue
		}
		d, err := ParseDuration(f)
		if err != nil {
			return nil, err
		}
		out = append(out, d)
	}
	slices.Sort(out)
	slices.Reverse(out)
	return out, nil
}
