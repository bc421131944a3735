package scan

import (
	"strconv"

	"github.com/sunset-tui/sunset/inventory"
)

// portLists hands out one copy of each distinct list of ports. The hosts
// of a sweep mostly answer alike (the same ports closed or filtered), so
// the observations of a /16 share a few lists instead of holding 65,536
// copies. Observations' ports are read, never changed in place.
type portLists struct {
	key   []byte
	known map[string][]inventory.Port
}

// portListsKept bounds how many distinct lists are kept; past it, lists
// are kept as they came.
const portListsKept = 4096

func (l *portLists) share(ports []inventory.Port) []inventory.Port {
	if len(ports) == 0 {
		return ports
	}
	k := l.key[:0]
	for _, p := range ports {
		k = strconv.AppendInt(k, int64(p.Number), 10)
		for _, s := range [...]string{p.Protocol, p.State, p.Service, p.Product, p.Version} {
			k = strconv.AppendInt(append(k, 0), int64(len(s)), 10)
			k = append(append(k, ':'), s...)
		}
		k = append(k, 0)
	}
	l.key = k
	if have, ok := l.known[string(k)]; ok {
		return have
	}
	if l.known == nil {
		l.known = map[string][]inventory.Port{}
	}
	if len(l.known) < portListsKept {
		l.known[string(k)] = ports
	}
	return ports
}
