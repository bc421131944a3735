package scan

import (
	"context"
	"fmt"
	"net/netip"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/sunset-tui/sunset/inventory"
)

// CheckedStages are the stages whose devices a full check looks at: those
// that should answer (active) and those that must not (the rest).
var CheckedStages = []inventory.Stage{
	inventory.StageActive, inventory.StageDecommissioning,
	inventory.StageRetired, inventory.StageDisposed,
}

// MaxSeenPorts caps how many of the ports earlier checks saw open on an
// asset are probed again: the 64 most recently seen. An imported file
// that saw 30,000 ports open on one host would otherwise make every later
// check of that host a scan of nearly every port.
const MaxSeenPorts = 64

// RecentlyClosed is how long after a mapping was recorded closed a full
// check keeps probing it, to prove it really is closed.
const RecentlyClosed = 90 * 24 * time.Hour

// Plan is what one check scans. Build it with NewPlan; it is plain data so
// the TUI can show it before anything runs.
type Plan struct {
	// Scope is the allow-list the plan was checked against; the runner
	// checks every target against it again before nmap sees it.
	Scope []netip.Prefix
	// Expect lists single addresses that are each reported answered, dark
	// or unknown: the inventory's known addresses, mapping endpoints and
	// single addresses named on the command line.
	Expect []netip.Addr
	// Sweeps are ranges in which only answering devices are reported
	// (scan.discover, or a CIDR named on the command line).
	Sweeps []netip.Prefix
	// Ports are the TCP ports probed on every target: scan.ports.
	Ports []int
	// ExtraPorts lists, for each expected address that needs them, the
	// TCP ports probed on it besides Ports: those of its mappings, and
	// those earlier checks saw open on its asset (see MaxSeenPorts).
	ExtraPorts map[netip.Addr][]int
	// NotChecked lists assets (or their addresses and mappings) that the
	// check should cover but cannot, with the reason.
	NotChecked []inventory.NotChecked
}

// PlanInput is what a plan is made from.
type PlanInput struct {
	Assets   []inventory.Asset
	Mappings []inventory.PortMapping
	Policy   inventory.Policy
	// SeenPorts lists, per asset id, the open ports earlier checks saw,
	// most recently seen first; each asset's first MaxSeenPorts are probed.
	SeenPorts map[int64][]int
	// Only holds what the command line named: asset refs (tag, hostname,
	// id) or addresses, CIDRs and DNS names. Empty means a full check.
	Only []string
	// Now dates "recently closed" mappings.
	Now time.Time
	// Resolver resolves DNS names named in Only; nil means the system's.
	Resolver Resolver
}

// Empty reports whether the plan has nothing to scan.
func (p Plan) Empty() bool { return len(p.Expect) == 0 && len(p.Sweeps) == 0 }

// Targets lists what the check covers, one address or CIDR each, ranges
// first and then the single addresses no range already covers. v6 selects
// the IPv6 targets. Batches splits them among nmap's runs.
func (p Plan) Targets(v6 bool) []string {
	var out []string
	for _, s := range p.Sweeps {
		if s.Addr().Is6() == v6 {
			out = append(out, singleOrRange(s))
		}
	}
	for _, a := range p.Expect {
		if a.Is6() == v6 && !p.inSweep(a) {
			out = append(out, a.String())
		}
	}
	return out
}

// AllTargets is Targets for IPv4 followed by IPv6.
func (p Plan) AllTargets() []string { return append(p.Targets(false), p.Targets(true)...) }

func (p Plan) inSweep(a netip.Addr) bool {
	for _, s := range p.Sweeps {
		if s.Contains(a) {
			return true
		}
	}
	return false
}

// PortList writes the ports probed on every target as nmap's -p reads
// them, runs of ports as ranges: "22,80,8000-8100".
func (p Plan) PortList() string { return inventory.PortRanges(p.Ports) }

// AllPorts lists every port the plan probes on some target, sorted.
func (p Plan) AllPorts() []int {
	all := slices.Clone(p.Ports)
	for _, more := range p.ExtraPorts {
		all = append(all, more...)
	}
	slices.Sort(all)
	return slices.Compact(all)
}

// Addresses counts the addresses the plan probes: every address of its
// sweeps, and each expected address outside them.
func (p Plan) Addresses() int {
	n := 0
	for _, s := range p.Sweeps {
		n += prefixSize(s)
	}
	for _, a := range p.Expect {
		if !p.inSweep(a) {
			n++
		}
	}
	return n
}

// NewPlan decides what a check scans. A full check covers the known
// addresses of every asset in CheckedStages, the external endpoint of every
// open or recently closed mapping, and the scan.discover ranges; anything
// outside the scope is left out and listed in NotChecked. A check of named
// targets covers just those and refuses (inventory.ErrRefused, naming the
// target) any that lies outside the scope. An empty scope refuses every
// check.
func NewPlan(ctx context.Context, in PlanInput) (Plan, error) {
	if len(in.Policy.Scope) == 0 {
		return Plan{}, ErrNoScope
	}
	b := planBuilder{in: in, plan: Plan{Scope: in.Policy.Scope}, extra: map[netip.Addr]map[int]bool{}}
	var err error
	if len(in.Only) > 0 {
		err = b.named(ctx)
	} else {
		b.full()
	}
	if err != nil {
		return Plan{}, err
	}
	return b.finish(), nil
}

type planBuilder struct {
	in     PlanInput
	plan   Plan
	expect map[netip.Addr]bool
	// extra holds the ports each address needs besides the policy's.
	extra map[netip.Addr]map[int]bool
}

func (b *planBuilder) full() {
	for _, a := range b.in.Assets {
		if slices.Contains(CheckedStages, a.Stage) {
			b.asset(a, false)
		}
	}
	for _, m := range b.in.Mappings {
		if b.mappingDue(m) {
			b.mapping(m)
		}
	}
	for _, d := range b.in.Policy.Discover {
		if err := CheckScope(d, b.in.Policy.Scope); err != nil {
			b.notChecked("scan.discover", fmt.Sprintf("%s lies outside scan.scope", d))
			continue
		}
		b.plan.Sweeps = append(b.plan.Sweeps, d)
	}
}

func (b *planBuilder) named(ctx context.Context) error {
	for _, ref := range b.in.Only {
		a, found, err := findAsset(b.in.Assets, ref)
		if err != nil {
			return err
		}
		if found {
			if err := b.asset(a, true); err != nil {
				return err
			}
			for _, m := range b.in.Mappings {
				if m.AssetID == a.ID && b.mappingDue(m) {
					b.mapping(m)
				}
			}
			continue
		}
		prefixes, err := ResolveTarget(ctx, b.in.Resolver, ref, b.in.Policy.Scope)
		if err != nil {
			return err
		}
		for _, p := range prefixes {
			if p.IsSingleIP() {
				b.addExpect(p.Addr())
			} else {
				b.plan.Sweeps = append(b.plan.Sweeps, p)
			}
		}
	}
	return nil
}

// asset plans one asset's IP addresses. Named on the command line, an
// address that cannot be checked refuses the check; in a full check it is
// listed as not checked.
func (b *planBuilder) asset(a inventory.Asset, named bool) error {
	ips := a.IPs()
	seen := recentPorts(b.in.SeenPorts[a.ID])
	if len(ips) == 0 {
		if named {
			return inventory.FieldError("target", "asset %s has no IP address to check", a.Ref())
		}
		b.notChecked(a.Ref(), "no IP address recorded")
		return nil
	}
	for _, ip := range ips {
		p, err := ParseTarget(ip)
		if err == nil {
			err = CheckScope(p, b.in.Policy.Scope)
		}
		if err != nil {
			if named {
				return &inventory.Error{Kind: inventory.KindOf(err), Field: "target",
					Msg: "asset " + a.Ref() + ": " + strings.TrimPrefix(err.Error(), "target: ")}
			}
			b.notChecked(a.Ref(), notCheckedReason(ip, err))
			continue
		}
		b.addExpect(p.Addr())
		b.addPorts(p.Addr(), seen...)
	}
	return nil
}

// recentPorts keeps the first MaxSeenPorts valid ports of seen, which
// lists the most recently seen first.
func recentPorts(seen []int) []int {
	var out []int
	for _, port := range seen {
		if len(out) == MaxSeenPorts {
			break
		}
		if port >= 1 && port <= 65535 && !slices.Contains(out, port) {
			out = append(out, port)
		}
	}
	return out
}

func (b *planBuilder) mappingDue(m inventory.PortMapping) bool {
	return m.Open() || b.in.Now.Sub(m.ClosedAt) <= RecentlyClosed
}

// mapping plans a mapping's external endpoint (and its internal one, when
// recorded), each with its port.
func (b *planBuilder) mapping(m inventory.PortMapping) {
	owner := b.assetRef(m.AssetID)
	what := fmt.Sprintf("mapping #%d %s", m.ID, m.External())
	if m.Protocol == "udp" {
		b.notChecked(owner, what+"/udp: UDP mappings are not probed")
		return
	}
	for _, end := range []struct {
		addr string
		port int
	}{{m.ExternalAddr, m.ExternalPort}, {m.InternalAddr, m.InternalPort}} {
		if end.addr == "" {
			continue
		}
		p, err := ParseTarget(end.addr)
		if err == nil {
			err = CheckScope(p, b.in.Policy.Scope)
		}
		if err != nil {
			b.notChecked(owner, what+": "+notCheckedReason(end.addr, err))
			continue
		}
		b.addExpect(p.Addr())
		b.addPorts(p.Addr(), end.port)
	}
}

func (b *planBuilder) addPorts(a netip.Addr, ports ...int) {
	for _, port := range ports {
		if port < 1 || port > 65535 {
			continue
		}
		if b.extra[a] == nil {
			b.extra[a] = map[int]bool{}
		}
		b.extra[a][port] = true
	}
}

func (b *planBuilder) addExpect(a netip.Addr) {
	if b.expect == nil {
		b.expect = map[netip.Addr]bool{}
	}
	if !b.expect[a] {
		b.expect[a] = true
		b.plan.Expect = append(b.plan.Expect, a)
	}
}

func (b *planBuilder) notChecked(ref, reason string) {
	b.plan.NotChecked = append(b.plan.NotChecked, inventory.NotChecked{Asset: ref, Reason: reason})
}

func (b *planBuilder) assetRef(id int64) string {
	for _, a := range b.in.Assets {
		if a.ID == id {
			return a.Ref()
		}
	}
	return fmt.Sprintf("#%d", id)
}

func (b *planBuilder) finish() Plan {
	p := b.plan
	p.ExtraPorts = map[netip.Addr][]int{}
	slices.SortFunc(p.Expect, func(x, y netip.Addr) int { return x.Compare(y) })
	p.Sweeps = mergePrefixes(p.Sweeps)
	p.Ports = slices.Clone(b.in.Policy.Ports)
	slices.Sort(p.Ports)
	p.Ports = slices.Compact(p.Ports)
	for a, ports := range b.extra {
		for port := range ports {
			if _, inBase := slices.BinarySearch(p.Ports, port); !inBase {
				p.ExtraPorts[a] = append(p.ExtraPorts[a], port)
			}
		}
		slices.Sort(p.ExtraPorts[a])
	}
	return p
}

// mergePrefixes sorts ranges and drops those another one already covers.
func mergePrefixes(ps []netip.Prefix) []netip.Prefix {
	slices.SortFunc(ps, func(x, y netip.Prefix) int {
		if c := x.Addr().Compare(y.Addr()); c != 0 {
			return c
		}
		return x.Bits() - y.Bits()
	})
	var out []netip.Prefix
	for _, p := range ps {
		if len(out) > 0 && inventory.PrefixWithin(p, out[len(out)-1:]) {
			continue
		}
		out = append(out, p)
	}
	return out
}

func notCheckedReason(addr string, err error) string {
	if inventory.IsKind(err, inventory.ErrRefused) {
		return addr + " lies outside scan.scope"
	}
	return addr + " cannot be checked: " + strings.TrimPrefix(err.Error(), "target: ")
}

// findAsset resolves an asset ref the way the store does: a tag first, then
// a hostname (several matches are a conflict), then an id ("12" or "#12").
func findAsset(assets []inventory.Asset, ref string) (inventory.Asset, bool, error) {
	for _, a := range assets {
		if a.Tag != "" && a.Tag == ref {
			return a, true, nil
		}
	}
	var byName []inventory.Asset
	for _, a := range assets {
		if a.Hostname != "" && strings.EqualFold(a.Hostname, ref) {
			byName = append(byName, a)
		}
	}
	switch len(byName) {
	case 1:
		return byName[0], true, nil
	case 0:
	default:
		refs := make([]string, len(byName))
		for i, a := range byName {
			refs[i] = a.Ref()
		}
		return inventory.Asset{}, false, inventory.Errorf(inventory.ErrConflict,
			"%q names several assets (%s): use a tag", ref, strings.Join(refs, ", "))
	}
	if id, err := strconv.ParseInt(strings.TrimPrefix(ref, "#"), 10, 64); err == nil && id > 0 {
		for _, a := range assets {
			if a.ID == id {
				return a, true, nil
			}
		}
	}
	return inventory.Asset{}, false, nil
}
