package demo

import (
	"fmt"
	"net/netip"
	"strconv"
	"strings"
)

// network says where the demo's devices live in one lab mode: which
// addresses they have, which ports they serve, and the policy that keeps a
// check inside the lab.
type network struct {
	mode LabMode
	// live holds the first three octets of the addresses that answer.
	live [3]byte
	// dark holds the first three octets of the addresses of devices that
	// must not answer. In a namespace lab they are the same as live: an
	// address nothing holds is dark. Every loopback address answers, so
	// there they lie outside scan.scope instead.
	dark [3]byte
	// highPorts serves each port below 1024 at port+10000, for a loopback
	// lab that may not open low ports.
	highPorts bool
	scope     string
	discover  string
	// extra holds notes about the lab gathered while starting it.
	extra []string
}

var (
	labNet      = [3]byte{192, 0, 2}
	loopNet     = [3]byte{127, 77, 0}
	loopDarkNet = [3]byte{127, 77, 1}
)

func namespaceNetwork() network {
	return network{mode: Namespaces, live: labNet, dark: labNet, scope: "192.0.2.0/24", discover: "192.0.2.0/24"}
}

// loopbackNetwork sweeps only the stranger's address: a sweep of the whole
// /24 would find 254 "devices", each answering with a reset.
func loopbackNetwork(highPorts bool) network {
	nw := network{mode: Loopback, live: loopNet, dark: loopDarkNet, highPorts: highPorts, scope: "127.77.0.0/24"}
	nw.discover = nw.addr(strangerOctet, false).String()
	return nw
}

// noNetwork addresses the devices on the documentation range for show and
// leaves scan.scope empty, so no check can run anywhere.
func noNetwork() network {
	return network{mode: None, live: labNet, dark: labNet}
}

func (nw network) addr(octet int, dark bool) netip.Addr {
	b := nw.live
	if dark {
		b = nw.dark
	}
	return netip.AddrFrom4([4]byte{b[0], b[1], b[2], byte(octet)})
}

// port is the port a device's service is served at in this lab.
func (nw network) port(p int) int {
	if nw.highPorts && p < 1024 {
		return p + 10000
	}
	return p
}

func (nw network) ports(ps []int) []int {
	out := make([]int, len(ps))
	for i, p := range ps {
		out[i] = nw.port(p)
	}
	return out
}

// probedPorts are the ports every check of the demo probes: the services
// that matter at end of life that its devices serve, and the ports of its
// mappings. A short list keeps a check to a few seconds.
var probedPorts = []int{22, 23, 80, 443, 445, 554, 2222, 3389, 5900, 8080, 8443}

// policy is the demo's policy: scan the lab and nothing else.
func (nw network) policy() [][2]string {
	ports := make([]string, len(probedPorts))
	for i, p := range nw.ports(probedPorts) {
		ports[i] = strconv.Itoa(p)
	}
	return [][2]string{
		{"scan.scope", nw.scope},
		{"scan.discover", nw.discover},
		{"scan.ports", strings.Join(ports, ",")},
	}
}

// notes are the facts about this lab a newcomer should read first.
func (nw network) notes(dbPath string) []string {
	out := []string{fmt.Sprintf("Demo inventory in a throwaway database (%s); your own inventory is not touched.", dbPath)}
	switch nw.mode {
	case Namespaces:
		out = append(out, fmt.Sprintf("Namespace lab: each device is a network namespace on %s with no route out; "+
			"checks run nmap inside the lab's scanner namespace and scan nothing else. Devices that were powered down really are dark.", nw.scope))
	case Loopback:
		out = append(out,
			"Loopback lab: every 127.x address answers, so nothing can look dark here; run as root for a namespace lab where powered-down devices are really dark.",
			fmt.Sprintf("The devices that should be dark sit on %d.%d.%d.x, outside scan.scope (%s), so checks leave them out; "+
				"scan.discover covers only the stranger at %s.", nw.dark[0], nw.dark[1], nw.dark[2], nw.scope, nw.discover))
		if nw.highPorts {
			out = append(out, "Without root no port below 1024 can be opened: the lab serves each of them 10000 higher (80 as 10080, 443 as 10443).")
		}
	case None:
		out = append(out, "No live lab: checks are switched off (scan.scope is empty), so no finding that needs a check appears.")
	}
	return append(out, nw.extra...)
}
