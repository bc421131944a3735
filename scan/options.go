package scan

import (
	"errors"
	"os"
	"os/exec"
	"time"

	"github.com/sunset-tui/sunset/inventory"
)

// Privilege says whether nmap runs with raw-socket rights.
type Privilege int

const (
	// PrivilegeAuto uses SYN scans and ARP when sunset runs as root and
	// TCP connect scans otherwise.
	PrivilegeAuto Privilege = iota
	// PrivilegeRoot forces SYN scans and ARP discovery.
	PrivilegeRoot
	// PrivilegeNone forces TCP connect scans, even as root.
	PrivilegeNone
)

// Defaults for Options left zero.
const (
	DefaultHostTimeout = 5 * time.Minute
	DefaultTiming      = 4
	DefaultStatsEvery  = 2 * time.Second
	DefaultGrace       = 3 * time.Second
)

// Options steer how nmap is run. The zero value runs the nmap found on
// PATH with the defaults above.
type Options struct {
	// Binary is nmap's path; empty means look it up on PATH.
	Binary string
	// Prefix is run in front of nmap, e.g. `ip netns exec NS` to scan from
	// inside a network namespace. It comes from sunset's own code only.
	Prefix []string
	// Privilege chooses SYN+ARP or connect scans; see Privilege.
	Privilege Privilege
	// HostTimeout is how long nmap spends on one host before giving up;
	// such a host is reported unknown, never dark.
	HostTimeout time.Duration
	// Timing is nmap's -T template, 1 to 5; 0 means DefaultTiming.
	Timing int
	// StatsEvery is how often nmap reports progress.
	StatsEvery time.Duration
	// Grace is how long nmap gets to stop after an interrupt before its
	// process group is killed.
	Grace time.Duration
	// ReverseDNS asks nmap to look up PTR names (off by default: it slows
	// large sweeps and sends queries to the configured resolver).
	ReverseDNS bool
	// Env, when set, replaces the environment nmap runs with.
	Env []string
	// Now is the clock; nil means time.Now.
	Now func() time.Time
}

func (o Options) withDefaults() Options {
	if o.HostTimeout <= 0 {
		o.HostTimeout = DefaultHostTimeout
	}
	if o.Timing < 1 || o.Timing > 5 {
		o.Timing = DefaultTiming
	}
	if o.StatsEvery <= 0 {
		o.StatsEvery = DefaultStatsEvery
	}
	if o.Grace <= 0 {
		o.Grace = DefaultGrace
	}
	if o.Now == nil {
		o.Now = time.Now
	}
	return o
}

// privileged decides between SYN and connect scans.
func (o Options) privileged() bool {
	switch o.Privilege {
	case PrivilegeRoot:
		return true
	case PrivilegeNone:
		return false
	}
	return os.Geteuid() == 0
}

// ErrNmapMissing is returned when no nmap binary can be found.
var ErrNmapMissing = &inventory.Error{Kind: inventory.ErrUnavailable,
	Msg: "nmap is not installed: install it with `apt-get install -y nmap`"}

// LookPath finds nmap: the given path when it is executable, else "nmap"
// on PATH. The error says how to install it.
func LookPath(binary string) (string, error) {
	if binary == "" {
		binary = "nmap"
	}
	path, err := exec.LookPath(binary)
	if err != nil {
		if errors.Is(err, exec.ErrNotFound) || errors.Is(err, os.ErrNotExist) {
			return "", ErrNmapMissing
		}
		return "", &inventory.Error{Kind: inventory.ErrUnavailable, Msg: "cannot run nmap", Err: err}
	}
	return path, nil
}
