package scan

import (
	"cmp"
	"net/netip"
	"slices"
	"strings"
	"time"

	"github.com/sunset-tui/sunset/inventory"
	"github.com/sunset-tui/sunset/scan/nmapxml"
)

// Reasons sunset gives for observations nmap did not write out itself.
const (
	// ReasonNoResponse: a known address that nmap did not report up in a
	// check that ran to its end.
	ReasonNoResponse = "no-response"
	// ReasonNotReached: a known address a partial check never reported on.
	ReasonNotReached = "not-reached (check partial)"
	// ReasonPartialSuffix is added to a "down" that a partial check
	// reported: it no longer proves the device dark.
	ReasonPartialSuffix = " (check partial)"
)

// collector turns the hosts nmap reports into observations as they arrive.
type collector struct {
	// expect holds the addresses that are reported whatever happens (as
	// dark when nmap says nothing about them); nil keeps every host, as
	// an import does.
	expect map[netip.Addr]bool
	now    func() time.Time
	obs    obsList
	index  map[string]int
	ports  portLists
	// hosts counts the hosts nmap reported; answered the addresses that
	// answered.
	hosts, answered int
}

func newCollector(expect []netip.Addr, keepAll bool, now func() time.Time) *collector {
	c := &collector{now: now, index: map[string]int{}}
	if !keepAll {
		c.expect = map[netip.Addr]bool{}
		for _, a := range expect {
			c.expect[a] = true
		}
	}
	return c
}

// host applies the liveness rule to one host. A dark host that the plan
// did not expect (an empty address in a sweep) is dropped: sweeps report
// only what answers.
func (c *collector) host(h nmapxml.Host) error {
	c.hosts++
	for _, o := range nmapxml.Observe(h, c.now()) {
		if c.expect != nil && o.State == inventory.Dark && !c.expect[addrOf(o.Address)] {
			continue
		}
		o.Ports = c.ports.share(o.Ports)
		c.add(o)
	}
	return nil
}

// add keeps one observation per address, the most telling one when nmap
// reported an address twice.
func (c *collector) add(o inventory.Observation) {
	if i, ok := c.index[o.Address]; ok {
		if have := c.obs.at(i); rank(o.State) > rank(have.State) {
			if o.State == inventory.Answered {
				c.answered++
			}
			*have = o
		}
		return
	}
	if o.State == inventory.Answered {
		c.answered++
	}
	c.index[o.Address] = c.obs.add(o)
}

// obsList holds observations in chunks of a fixed size, so that growing
// it never copies what it holds: a sweep of a /16 reports 65,536 of them,
// which a doubling slice would copy over and over while nmap is running.
type obsList struct {
	chunks [][]inventory.Observation
	n      int
}

const obsChunk = 1024

// add appends o and returns its position.
func (l *obsList) add(o inventory.Observation) int {
	if l.n%obsChunk == 0 {
		l.chunks = append(l.chunks, make([]inventory.Observation, 0, obsChunk))
	}
	last := &l.chunks[len(l.chunks)-1]
	*last = append(*last, o)
	l.n++
	return l.n - 1
}

func (l *obsList) at(i int) *inventory.Observation { return &l.chunks[i/obsChunk][i%obsChunk] }

// all moves the observations into one slice, emptying the list.
func (l *obsList) all() []inventory.Observation {
	out := make([]inventory.Observation, 0, l.n)
	for i, c := range l.chunks {
		out = append(out, c...)
		l.chunks[i] = nil
	}
	l.chunks, l.n = nil, 0
	return out
}

func rank(s inventory.Liveness) int {
	switch s {
	case inventory.Answered:
		return 2
	case inventory.Unknown:
		return 1
	}
	return 0
}

// finish reports every expected address nmap said nothing about: dark
// after a complete check, unknown after a partial one. A partial check
// proves nobody dark, so its own "down" hosts become unknown too.
func (c *collector) finish(partial bool, at time.Time) []inventory.Observation {
	for a := range c.expect {
		if _, ok := c.index[a.String()]; ok {
			continue
		}
		o := inventory.Observation{Address: a.String(), State: inventory.Dark, Reason: ReasonNoResponse, SeenAt: at}
		if partial {
			o.State, o.Reason = inventory.Unknown, ReasonNotReached
		}
		c.add(o)
	}
	obs := c.obs.all()
	if partial {
		for i := range obs {
			if obs[i].State == inventory.Dark {
				obs[i].State = inventory.Unknown
				obs[i].Reason += ReasonPartialSuffix
			}
		}
	}
	sortObservations(obs)
	return obs
}

func addrOf(s string) netip.Addr {
	a, err := netip.ParseAddr(s)
	if err != nil {
		return netip.Addr{}
	}
	return a.Unmap()
}

// sortObservations orders by address, so results read in a stable order.
func sortObservations(obs []inventory.Observation) {
	slices.SortStableFunc(obs, func(x, y inventory.Observation) int {
		ax, ay := addrOf(x.Address), addrOf(y.Address)
		if c := ax.Compare(ay); c != 0 {
			return c
		}
		if c := strings.Compare(x.Address, y.Address); c != 0 {
			return c
		}
		return cmp.Compare(x.AssetID, y.AssetID)
	})
}

// tally counts distinct addresses by state.
func tally(c *inventory.Check, obs []inventory.Observation) {
	state := make(map[string]inventory.Liveness, len(obs))
	for _, o := range obs {
		if rank(o.State) >= rank(state[o.Address]) || state[o.Address] == "" {
			state[o.Address] = o.State
		}
	}
	c.HostsAnswered, c.HostsDark, c.HostsUnknown = 0, 0, 0
	for _, s := range state {
		switch s {
		case inventory.Answered:
			c.HostsAnswered++
		case inventory.Dark:
			c.HostsDark++
		default:
			c.HostsUnknown++
		}
	}
}
