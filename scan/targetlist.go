package scan

import (
	"net/netip"
	"os"
	"strings"

	"github.com/sunset-tui/sunset/inventory"
)

// writeTargets writes targets, one a line, to a new temporary file only its
// owner can read (0600), for nmap's -iL. Each target is parsed and checked
// against the scope once more here: this is the last gate before nmap.
func writeTargets(targets []string, scope []netip.Prefix) (string, error) {
	var b strings.Builder
	for _, t := range targets {
		p, err := ParseTarget(t)
		if err != nil {
			return "", err
		}
		if err := CheckScope(p, scope); err != nil {
			return "", err
		}
		b.WriteString(singleOrRange(p))
		b.WriteByte('\n')
	}
	f, err := os.CreateTemp("", "sunset-targets-*.txt")
	if err != nil {
		return "", &inventory.Error{Kind: inventory.ErrUnavailable, Msg: "cannot write nmap's target list", Err: err}
	}
	name := f.Name()
	fail := func(err error) (string, error) {
		f.Close()
		os.Remove(name)
		return "", &inventory.Error{Kind: inventory.ErrUnavailable, Msg: "cannot write nmap's target list", Err: err}
	}
	if err := f.Chmod(0o600); err != nil {
		return fail(err)
	}
	if _, err := f.WriteString(b.String()); err != nil {
		return fail(err)
	}
	if err := f.Close(); err != nil {
		os.Remove(name)
		return "", &inventory.Error{Kind: inventory.ErrUnavailable, Msg: "cannot write nmap's target list", Err: err}
	}
	return name, nil
}
