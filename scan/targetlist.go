package scan

import (
	"net/netip"

	"github.com/sunset-tui/sunset/inventory"
)

// targetLists writes the targets of every batch for nmap's standard input,
// before the first nmap starts: a plan with one target that fails the
// last gate runs nothing.
func targetLists(batches []Batch, scope []netip.Prefix) ([][]byte, error) {
	out := make([][]byte, len(batches))
	for i, b := range batches {
		var err error
		if out[i], err = targetList(b.Targets, scope); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// targetList writes targets one a line, as nmap's -iL reads them, for
// nmap's standard input. Each target is parsed and checked against the
// scope once more here: this is the last gate before nmap, and what it
// returns is exactly what nmap reads, from memory sunset alone holds.
func targetList(targets []string, scope []netip.Prefix) ([]byte, error) {
	var b []byte
	for _, t := range targets {
		p, err := ParseTarget(t)
		if err != nil {
			return nil, err
		}
		if err := CheckScope(p, scope); err != nil {
			return nil, err
		}
		b = append(append(b, singleOrRange(p)...), '\n')
	}
	if len(b) == 0 {
		return nil, inventory.Errorf(inventory.ErrInvalid, "nothing to check: the batch has no targets")
	}
	return b, nil
}
