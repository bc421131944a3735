package scan

import (
	"net/netip"
	"slices"
)

// Batch is one nmap run of a check: targets of one address family that
// are probed on the same ports.
type Batch struct {
	// Targets are addresses and CIDRs, one each, ranges first.
	Targets []string
	V6      bool
	// Ports are the TCP ports probed on every target of the batch: the
	// plan's Ports and Extra.
	Ports []int
	// Extra are the ports of Ports beyond the plan's, which some of the
	// batch's targets need (their mappings' ports, the ports seen open on
	// them); host discovery probes them first.
	Extra []int
}

// Limits on how targets that need ports of their own are batched; see
// Plan.Batches.
const (
	extraPortsPerBatch = 64
	maxExtraBatches    = 8
)

// Batches splits the plan into nmap runs, IPv4 first (nmap scans one
// family per run), so that a port seen on one host is not probed on every
// host. Per family:
//
//   - The sweeps and the addresses that need no port besides the plan's
//     Ports make one batch, probed on Ports alone. An address that needs
//     more is cut out of the sweep it lies in (the sweep becomes the
//     ranges around it) and probed with the others that need more.
//   - Those addresses are taken in the order of the ports they need, so
//     that addresses needing the same ports are neighbours, and packed
//     into batches each probing at most 64 ports besides Ports. An
//     address shares its batch's ports, so it is probed on at most 64
//     ports it does not need; one that needs more than 64 alone gets a
//     batch of its own.
//   - When that makes more than 8 such batches, the limit of 64 doubles
//     until 8 suffice: a family never takes more than 9 runs.
func (p Plan) Batches() []Batch {
	var out []Batch
	for _, v6 := range []bool{false, true} {
		out = append(out, p.familyBatches(v6)...)
	}
	return out
}

func (p Plan) familyBatches(v6 bool) []Batch {
	var base []string
	var more []netip.Addr
	for _, a := range p.Expect {
		if a.Is6() == v6 && len(p.ExtraPorts[a]) > 0 {
			more = append(more, a)
		}
	}
	for _, s := range p.Sweeps {
		if s.Addr().Is6() == v6 {
			for _, part := range carve(s, more) {
				base = append(base, singleOrRange(part))
			}
		}
	}
	for _, a := range p.Expect {
		if a.Is6() == v6 && len(p.ExtraPorts[a]) == 0 && !p.inSweep(a) {
			base = append(base, a.String())
		}
	}
	var out []Batch
	if len(base) > 0 {
		out = append(out, Batch{Targets: base, V6: v6, Ports: p.Ports})
	}
	for _, group := range p.packByPorts(more) {
		b := Batch{V6: v6}
		for _, a := range group {
			b.Targets = append(b.Targets, a.String())
			b.Extra = append(b.Extra, p.ExtraPorts[a]...)
		}
		slices.Sort(b.Extra)
		b.Extra = slices.Compact(b.Extra)
		b.Ports = append(slices.Clone(p.Ports), b.Extra...)
		slices.Sort(b.Ports)
		out = append(out, b)
	}
	return out
}

// packByPorts groups addresses into batches by the ports they need
// besides the plan's, as Batches describes.
func (p Plan) packByPorts(addrs []netip.Addr) [][]netip.Addr {
	addrs = slices.Clone(addrs)
	slices.SortFunc(addrs, func(x, y netip.Addr) int {
		if c := slices.Compare(p.ExtraPorts[x], p.ExtraPorts[y]); c != 0 {
			return c
		}
		return x.Compare(y)
	})
	for limit := extraPortsPerBatch; ; limit *= 2 {
		if groups := p.pack(addrs, limit); len(groups) <= maxExtraBatches || limit > 65535 {
			return groups
		}
	}
}

// pack puts addresses, in order, into groups whose ports besides the
// plan's number at most limit (or are one address's own).
func (p Plan) pack(addrs []netip.Addr, limit int) [][]netip.Addr {
	var groups [][]netip.Addr
	var union map[int]bool
	for _, a := range addrs {
		added := 0
		for _, port := range p.ExtraPorts[a] {
			if !union[port] {
				added++
			}
		}
		if len(groups) == 0 || len(union)+added > limit {
			groups = append(groups, nil)
			union = map[int]bool{}
		}
		groups[len(groups)-1] = append(groups[len(groups)-1], a)
		for _, port := range p.ExtraPorts[a] {
			union[port] = true
		}
	}
	return groups
}

// carve returns the ranges that cover p but none of the holes.
func carve(p netip.Prefix, holes []netip.Addr) []netip.Prefix {
	var inside []netip.Addr
	for _, h := range holes {
		if p.Contains(h) {
			inside = append(inside, h)
		}
	}
	switch {
	case len(inside) == 0:
		return []netip.Prefix{p}
	case p.IsSingleIP():
		return nil
	}
	lo, hi := halves(p)
	return append(carve(lo, inside), carve(hi, inside)...)
}

// halves splits a range into its two halves.
func halves(p netip.Prefix) (netip.Prefix, netip.Prefix) {
	bits := p.Bits()
	b := p.Masked().Addr().AsSlice()
	lo, _ := netip.AddrFromSlice(b)
	b[bits/8] |= 0x80 >> (bits % 8)
	hi, _ := netip.AddrFromSlice(b)
	return netip.PrefixFrom(lo, bits+1), netip.PrefixFrom(hi, bits+1)
}
