package nmapxml

import "time"

// Host is one <host> element of nmap's XML: the raw facts nmap reported,
// before the liveness rule is applied (see Observe).
type Host struct {
	StartTime time.Time
	EndTime   time.Time
	// TimedOut is set when nmap gave up on the host (--host-timeout).
	TimedOut   bool
	Status     Status
	Addresses  []Address
	Hostnames  []Hostname
	Ports      []Port
	ExtraPorts []ExtraPorts
	OS         []OSMatch
}

// Status is the host's <status>: State is "up", "down", "unknown" or
// "skipped"; Reason is how nmap decided ("arp-response", "echo-reply",
// "syn-ack", "reset", "conn-refused", "no-response", "user-set", ...).
type Status struct {
	State  string
	Reason string
}

// Address is one <address>: Type is "ipv4", "ipv6" or "mac". Vendor is
// the hardware vendor nmap looked up for a MAC address, if any.
type Address struct {
	Addr   string
	Type   string
	Vendor string
}

// Hostname is one <hostname>: Type is "user" (the name given on the
// command line) or "PTR" (reverse DNS).
type Hostname struct {
	Name string
	Type string
}

// Port is one probed <port> with its <state> and <service>.
type Port struct {
	ID       int
	Protocol string // tcp, udp, sctp, ip
	// State is open, closed, filtered, unfiltered, open|filtered or
	// closed|filtered.
	State   string
	Reason  string
	Service Service
}

// Service is what nmap thinks listens on a port. Product and Version are
// set only by version detection (-sV).
type Service struct {
	Name      string
	Product   string
	Version   string
	ExtraInfo string
}

// ExtraPorts is an <extraports> line: Count ports in State that nmap did
// not list one by one ("994 closed ports"). The ports of a host past
// MaxPorts are counted here too.
type ExtraPorts struct {
	State string
	Count int
}

// OSMatch is one <osmatch> of OS detection, Accuracy in percent.
type OSMatch struct {
	Name     string
	Accuracy int
}

// IPs returns the host's IPv4 and IPv6 addresses in document order.
func (h Host) IPs() []string {
	var out []string
	for _, a := range h.Addresses {
		if a.Type == "ipv4" || a.Type == "ipv6" {
			out = append(out, a.Addr)
		}
	}
	return out
}

// MAC returns the host's first MAC address and its vendor, or "", "".
func (h Host) MAC() (addr, vendor string) {
	for _, a := range h.Addresses {
		if a.Type == "mac" {
			return a.Addr, a.Vendor
		}
	}
	return "", ""
}

// BestOS returns the name of the most accurate OS match (the first one
// among equals), or "".
func (h Host) BestOS() string {
	best := -1
	name := ""
	for _, m := range h.OS {
		if m.Accuracy > best {
			best, name = m.Accuracy, m.Name
		}
	}
	return name
}
