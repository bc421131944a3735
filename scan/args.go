package scan

import (
	"context"
	"slices"
	"strconv"
	"time"

	"github.com/Ullaakut/nmap/v3"

	"github.com/sunset-tui/sunset/inventory"
)

// maxDiscoveryPorts caps how many of a batch's ports are also used as TCP
// host-discovery probes.
const maxDiscoveryPorts = 64

// maxPortArg bounds the -p argument, well under Linux's 128 KiB for one
// argument.
const maxPortArg = 32 << 10

// nmapArgs builds nmap's arguments for one batch. Every flag comes from
// here; the targets are not among them: nmap reads them on its standard
// input (-iL -), where Run writes them after checking each once more.
//
// Host discovery is never skipped (no -Pn): a discovery reply, or an open
// or closed port, is the only evidence that a device answered. The TCP
// discovery probes go to the batch's own ports, those its targets were
// seen to serve first, so a device that drops ICMP but serves one of them
// is still found. A batch without ports is host discovery alone (-sn).
func (o Options) nmapArgs(b Batch) ([]string, error) {
	discovery := inventory.PortRanges(discoveryPorts(b))
	if discovery == "" {
		discovery = "80,443"
	}
	opts := []nmap.Option{
		nmap.WithBinaryPath(o.Binary),
		nmap.WithTargetInput("-"),
		nmap.WithTimingTemplate(nmap.Timing(o.Timing)),
		nmap.WithHostTimeout(o.HostTimeout),
		nmap.WithStatsEvery(durationArg(o.StatsEvery)),
		nmap.WithNonInteractive(),
	}
	switch {
	case len(b.Ports) == 0:
		opts = append(opts, nmap.WithPingScan())
	case o.privileged():
		opts = append(opts, nmap.WithSYNScan(), nmap.WithPorts(portArg(b.Ports)))
	default:
		opts = append(opts, nmap.WithConnectScan(), nmap.WithPorts(portArg(b.Ports)))
	}
	if o.privileged() {
		opts = append(opts,
			nmap.WithICMPEchoDiscovery(),
			nmap.WithICMPTimestampDiscovery(),
			nmap.WithSYNDiscovery(discovery),
			nmap.WithACKDiscovery("80,443"),
		)
	} else {
		// Without raw sockets nmap can only discover with connect()
		// probes: -PS is the one discovery method it keeps.
		opts = append(opts,
			nmap.WithUnprivileged(),
			nmap.WithSYNDiscovery(discovery),
		)
	}
	if !o.ReverseDNS {
		opts = append(opts, nmap.WithDisabledDNSResolution())
	}
	if b.V6 {
		opts = append(opts, nmap.WithIPv6Scanning())
	}
	s, err := nmap.NewScanner(context.Background(), opts...)
	if err != nil {
		return nil, err
	}
	args := append([]string(nil), s.Args()...)
	if o.privileged() && !b.V6 {
		// ARP on local segments: the one reply a host cannot firewall.
		args = append(args, "-PR")
	}
	return append(args, "-oX", "-"), nil
}

// discoveryPorts picks a batch's TCP discovery probes: its extra ports
// first, then the plan's, at most maxDiscoveryPorts, sorted.
func discoveryPorts(b Batch) []int {
	ports := slices.Clone(b.Extra[:min(len(b.Extra), maxDiscoveryPorts)])
	for _, p := range b.Ports {
		if len(ports) == maxDiscoveryPorts {
			break
		}
		if _, extra := slices.BinarySearch(b.Extra, p); !extra {
			ports = append(ports, p)
		}
	}
	slices.Sort(ports)
	return ports
}

// portArg writes ports for -p as ranges. Should that take more than
// maxPortArg (thousands of ports seen on the hosts of one batch, none
// next to another), the narrowest gaps between them are filled, probing
// a few ports more, until it fits: nmap must always be able to start.
func portArg(ports []int) string {
	for gap := 1; ; gap *= 2 {
		if s := inventory.PortRanges(ports); len(s) <= maxPortArg {
			return s
		}
		ports = fillGaps(ports, gap)
	}
}

// fillGaps adds the ports missing between two of ports when at most gap
// are missing there.
func fillGaps(ports []int, gap int) []int {
	var out []int
	for i, p := range ports {
		if i > 0 && p-ports[i-1]-1 <= gap {
			for q := ports[i-1] + 1; q < p; q++ {
				out = append(out, q)
			}
		}
		out = append(out, p)
	}
	return out
}

// durationArg writes a duration as nmap reads it, in milliseconds.
func durationArg(d time.Duration) string {
	ms := d.Milliseconds()
	if ms < 1 {
		ms = 1
	}
	return strconv.FormatInt(ms, 10) + "ms"
}
