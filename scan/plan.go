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
	// Ports are the TCP ports probed on every target.
	Ports []int
	// NotChecked lists assets (or their addresses and mappings) that the
	// check should cover but cannot, with the reason.
	NotChecked []inventory.NotChecked
}

// PlanInput is what a plan is made from.
type PlanInput struct {
	Assets   []inventory.Asset
	Mappings []inventory.PortMapping
	Policy   inventory.Policy
	// SeenPorts lists, per asset id, the open ports earlier checks saw.
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

// Targets lists what nmap is given, one address or CIDR each, ranges first
// and then the single addresses no range already covers. v6 selects the
// IPv6 targets (nmap scans one family per run).
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

// PortList writes the ports as nmap's -p reads them: "22,80,443".
func (p Plan) PortList() string {
	s := make([]string, len(p.Ports))
	for i, n := range p.Ports {
		s[i] = strconv.Itoa(n)
	}
	return strings.Join(s, ",")
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
	b := planBuilder{in: in, plan: Plan{Scope: in.Policy.Scope}, ports: map[int]bool{}}
	for _, port := range in.Policy.Ports {
		b.ports[port] = true
	}
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
	ports  map[int]bool
	expect map[netip.Addr]bool
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
	}
	for _, port := range b.in.SeenPorts[a.ID] {
		if port >= 1 && port <= 65535 {
			b.ports[port] = true
		}
	}
	return nil
}

func (b *planBuilder) mappingDue(m inventory.PortMapping) bool {
	return m.Open() || b.in.Now.Sub(m.ClosedAt) <= RecentlyClosed
}

// mapping plans a mapping's external endpoint (and its internal one, when
// recorded) with both ports.
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
		if end.port >= 1 && end.port <= 65535 {
			b.ports[end.port] = true
		}
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
	slices.SortFunc(p.Expect, func(x, y netip.Addr) int { return x.Compare(y) })
	p.Sweeps = mergePrefixes(p.Sweeps)
	for port := range b.ports {
		p.Ports = append(p.Ports, port)
	}
	slices.Sort(p.Ports)
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
