package scan

import (
	"context"
	"strconv"
	"time"

	"github.com/Ullaakut/nmap/v3"
)

// maxDiscoveryPorts caps how many of the plan's ports are also used as TCP
// host-discovery probes.
const maxDiscoveryPorts = 64

// nmapArgs builds nmap's arguments for one run over the targets listed in
// targetsFile. Every flag comes from here; nothing a user typed is passed
// except through the validated targets file.
//
// Host discovery is never skipped (no -Pn): a discovery reply, or an open
// or closed port, is the only evidence that a device answered. The TCP
// discovery probes go to the plan's own ports, so a device that drops ICMP
// but serves one of them is still found.
func (o Options) nmapArgs(plan Plan, targetsFile string, v6 bool) ([]string, error) {
	discovery := plan.Ports
	if len(discovery) > maxDiscoveryPorts {
		discovery = discovery[:maxDiscoveryPorts]
	}
	discoveryList := Plan{Ports: discovery}.PortList()
	if discoveryList == "" {
		discoveryList = "80,443"
	}
	opts := []nmap.Option{
		nmap.WithBinaryPath(o.Binary),
		nmap.WithTargetInput(targetsFile),
		nmap.WithPorts(plan.PortList()),
		nmap.WithTimingTemplate(nmap.Timing(o.Timing)),
		nmap.WithHostTimeout(o.HostTimeout),
		nmap.WithStatsEvery(durationArg(o.StatsEvery)),
		nmap.WithNonInteractive(),
	}
	if o.privileged() {
		opts = append(opts,
			nmap.WithSYNScan(),
			nmap.WithICMPEchoDiscovery(),
			nmap.WithICMPTimestampDiscovery(),
			nmap.WithSYNDiscovery(discoveryList),
			nmap.WithACKDiscovery("80,443"),
		)
	} else {
		// Without raw sockets nmap can only discover with connect()
		// probes: -PS is the one discovery method it keeps.
		opts = append(opts,
			nmap.WithConnectScan(),
			nmap.WithUnprivileged(),
			nmap.WithSYNDiscovery(discoveryList),
		)
	}
	if !o.ReverseDNS {
		opts = append(opts, nmap.WithDisabledDNSResolution())
	}
	if v6 {
		opts = append(opts, nmap.WithIPv6Scanning())
	}
	s, err := nmap.NewScanner(context.Background(), opts...)
	if err != nil {
		return nil, err
	}
	args := append([]string(nil), s.Args()...)
	if o.privileged() && !v6 {
		// ARP on local segments: the one reply a host cannot firewall.
		args = append(args, "-PR")
	}
	return append(args, "-oX", "-"), nil
}

// durationArg writes a duration as nmap reads it, in milliseconds.
func durationArg(d time.Duration) string {
	ms := d.Milliseconds()
	if ms < 1 {
		ms = 1
	}
	return strconv.FormatInt(ms, 10) + "ms"
}
