package lifecycle

import (
	"fmt"
	"time"

	"github.com/sunset-tui/sunset/inventory"
)

// endpointState is what the newest telling check said about a mapping's
// external address and port.
type endpointState int

const (
	unobserved endpointState = iota // no check probed that port (or none clearly)
	exposed                         // the port was open
	shut                            // the port was closed or filtered, or the address dark
)

type endpoint struct {
	state endpointState
	s     sighting
	port  inventory.Port // the probed port; zero when the address was dark
}

// endpoint finds the newest sighting that tells whether the mapping's
// external port answers: of each site's newest, the newest that found it
// open when any site's did (see sites.go).
func (x *index) endpoint(m inventory.PortMapping) endpoint {
	var best endpoint
	told := map[string]bool{}
	seen := x.at(m.ExternalAddr)
	groups := groupsOf(seen)
	for _, s := range seen {
		st, p := judgeEndpoint(s, m)
		if st == unobserved {
			continue
		}
		for _, g := range groups {
			if !s.from(g) || told[g] {
				continue
			}
			told[g] = true
			if best.state == unobserved || st == exposed && best.state != exposed {
				best = endpoint{state: st, s: s, port: p}
			}
		}
	}
	return best
}

// judgeEndpoint reads one sighting of a mapping's external address. An
// open port counts from any check; closed, filtered or a dark address only
// from a complete check.
func judgeEndpoint(s sighting, m inventory.PortMapping) (endpointState, inventory.Port) {
	if s.dark() {
		return shut, inventory.Port{}
	}
	for _, p := range s.Ports {
		if p.Number != m.ExternalPort || protocolOf(p.Protocol) != protocolOf(m.Protocol) {
			continue
		}
		switch {
		case p.State == "open":
			return exposed, p
		case (p.State == "closed" || p.State == "filtered") && s.complete():
			return shut, p
		}
	}
	return unobserved, inventory.Port{}
}

func protocolOf(p string) string {
	if p == "" {
		return "tcp"
	}
	return p
}

// openSince is when the mapping's port started answering without a closed
// result in between, not before floor.
func (x *index) openSince(m inventory.PortMapping, floor time.Time) time.Time {
	var start time.Time
	ss := x.at(m.ExternalAddr)
	if e := x.endpoint(m); e.state == exposed {
		ss = alongside(ss, e.s)
	}
	for _, s := range ss {
		st, _ := judgeEndpoint(s, m)
		if st == unobserved {
			continue
		}
		if st != exposed {
			break
		}
		start = s.at
	}
	if start.Before(floor) {
		return floor
	}
	return start
}

// mappingVerdict is what the evidence says about a mapping recorded closed.
type mappingVerdict int

const (
	stillOpen   mappingVerdict = iota // not recorded closed
	unverified                        // recorded closed, no check since shows it
	verified                          // a check after the closing found it shut
	answersOpen                       // recorded closed, yet answered since
)

func (x *index) verdict(m inventory.PortMapping) (mappingVerdict, endpoint) {
	if m.Open() {
		return stillOpen, endpoint{}
	}
	e := x.endpoint(m)
	switch {
	case e.state == unobserved || e.s.rank.Before(m.ClosedAt):
		return unverified, e
	case e.state == exposed:
		return answersOpen, e
	}
	return verified, e
}

// mappingRefusals are the retire guard's conditions for one mapping.
func (x *index) mappingRefusals(a inventory.Asset, m inventory.PortMapping, now time.Time) []Refusal {
	v, e := x.verdict(m)
	check := checkStep(a)
	switch v {
	case stillOpen:
		return []Refusal{{Code: CodeMappingOpen, MappingID: m.ID, Address: m.External(),
			Message: DescribeMapping(m) + " is still open",
			Steps:   []Step{do("remove it on the firewall"), closeMappingStep(a, m), check}}}
	case unverified:
		return []Refusal{{Code: CodeMappingUnverified, MappingID: m.ID, Address: m.External(),
			Message: fmt.Sprintf("%s was recorded closed at %s but no check since has probed %s",
				DescribeMapping(m), clock(m.ClosedAt, now), m.External()),
			Steps: []Step{check}}}
	case answersOpen:
		return []Refusal{{Code: CodeMappingAnswers, MappingID: m.ID, Address: m.External(), CheckID: e.s.CheckID,
			Message: fmt.Sprintf("%s was recorded closed at %s but %s answered in check #%d at %s",
				DescribeMapping(m), clock(m.ClosedAt, now), m.External(), e.s.CheckID, clock(e.s.at, now)),
			Steps: []Step{do("remove the forward on the firewall for real"), check}}}
	}
	return nil
}

// DescribeMapping writes "port mapping #7 (192.0.2.50:3389 → 192.0.2.60:3389, vendor maintenance)".
func DescribeMapping(m inventory.PortMapping) string {
	s := fmt.Sprintf("port mapping #%d (%s", m.ID, m.External())
	if in := m.Internal(); in != "" {
		s += " → " + in
	}
	if m.Protocol == "udp" {
		s += "/udp"
	}
	if m.Purpose != "" {
		s += ", " + m.Purpose
	}
	return s + ")"
}
