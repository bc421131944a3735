// Package lab builds a small network of Linux network namespaces for live
// checks that must not touch any real network: a scanner namespace and one
// namespace per device, joined by veth pairs to a bridge on 192.0.2.0/24
// (TEST-NET-1, RFC 5737), with no route out. Devices get their own MAC
// addresses and TCP listeners; addresses left unassigned are dark. The
// tests and `sunset demo` run nmap inside the scanner namespace with
// NmapPrefix.
//
// It needs root and the ip tool (iproute2).
package lab

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"net"
	"net/netip"
	"os"
	"os/exec"
	"strings"
	"sync"
)

// Network is the only range a lab may use.
var Network = netip.MustParsePrefix("192.0.2.0/24")

// Device is one machine in the lab.
type Device struct {
	// Name is for people and tests ("server", "camera").
	Name string
	Addr netip.Addr
	// MAC is set by Start when left empty: 02:00:c0:00:02:NN, NN being
	// the last octet of Addr.
	MAC   string
	Ports []int
}

// Spec describes a lab.
type Spec struct {
	// Prefix starts every namespace name; default "sunset". Leftovers of
	// a crashed run with the same prefix are removed by Start.
	Prefix string
	// Scanner is the scanner's address, default 192.0.2.1.
	Scanner netip.Addr
	Devices []Device
}

// Well-known addresses of DefaultSpec.
var (
	ServerAddr   = netip.MustParseAddr("192.0.2.20")
	CameraAddr   = netip.MustParseAddr("192.0.2.30")
	DarkAddr     = netip.MustParseAddr("192.0.2.40")
	StrangerAddr = netip.MustParseAddr("192.0.2.12")
)

// DefaultSpec is the lab of the design: a server with remote desktop open,
// a camera with web and RTSP, a device nobody recorded (telnet open), and
// DarkAddr, which nothing holds.
func DefaultSpec() Spec {
	return Spec{
		Prefix:  "sunset",
		Scanner: netip.MustParseAddr("192.0.2.1"),
		Devices: []Device{
			{Name: "server", Addr: ServerAddr, Ports: []int{3389}},
			{Name: "camera", Addr: CameraAddr, Ports: []int{80, 554}},
			{Name: "stranger", Addr: StrangerAddr, Ports: []int{23}},
		},
	}
}

// Lab is a running lab. Close removes it.
type Lab struct {
	Spec
	ScanNS    string
	DeviceNS  []string
	listeners []net.Listener

	closeOnce sync.Once
	closeErr  error
}

// Available reports why a lab cannot be built here, or nil.
func Available() error {
	if os.Geteuid() != 0 {
		return errors.New("the lab needs root (network namespaces)")
	}
	if _, err := exec.LookPath("ip"); err != nil {
		return errors.New("the lab needs the ip tool: install it with `apt-get install -y iproute2`")
	}
	return nil
}

// Start builds the lab. On failure it removes whatever it had built.
func Start(ctx context.Context, spec Spec) (*Lab, error) {
	if err := Available(); err != nil {
		return nil, err
	}
	spec, err := spec.withDefaults()
	if err != nil {
		return nil, err
	}
	if err := CleanLeftovers(ctx, spec.Prefix); err != nil {
		return nil, err
	}
	id, err := randomID()
	if err != nil {
		return nil, err
	}
	l := &Lab{Spec: spec, ScanNS: fmt.Sprintf("%s-scan-%d-%s", spec.Prefix, os.Getpid(), id)}
	for i := range spec.Devices {
		l.DeviceNS = append(l.DeviceNS, fmt.Sprintf("%s-dev-%d-%s-%d", spec.Prefix, os.Getpid(), id, i))
	}
	if err := l.build(ctx); err != nil {
		l.Close()
		return nil, err
	}
	return l, nil
}

func (s Spec) withDefaults() (Spec, error) {
	if s.Prefix == "" {
		s.Prefix = "sunset"
	}
	for _, r := range s.Prefix {
		if !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9') {
			return s, fmt.Errorf("lab prefix %q: use lower-case letters and digits", s.Prefix)
		}
	}
	if !s.Scanner.IsValid() {
		s.Scanner = netip.MustParseAddr("192.0.2.1")
	}
	if err := labHost(s.Scanner, "the scanner"); err != nil {
		return s, err
	}
	seen := map[netip.Addr]string{s.Scanner: "the scanner"}
	s.Devices = append([]Device(nil), s.Devices...)
	for i := range s.Devices {
		d := &s.Devices[i]
		if err := labHost(d.Addr, d.Name); err != nil {
			return s, err
		}
		if other, dup := seen[d.Addr]; dup {
			return s, fmt.Errorf("lab device %s: %s is already %s", d.Name, d.Addr, other)
		}
		seen[d.Addr] = d.Name
		if d.MAC == "" {
			d.MAC = fmt.Sprintf("02:00:c0:00:02:%02x", d.Addr.As4()[3])
		}
		if _, err := net.ParseMAC(d.MAC); err != nil {
			return s, fmt.Errorf("lab device %s: %v", d.Name, err)
		}
		for _, p := range d.Ports {
			if p < 1 || p > 65535 {
				return s, fmt.Errorf("lab device %s: port %d is outside 1-65535", d.Name, p)
			}
		}
	}
	return s, nil
}

// labHost refuses any address that is not a host address of Network.
func labHost(a netip.Addr, who string) error {
	if !a.Is4() || !Network.Contains(a) || a == Network.Addr() || a.As4()[3] == 255 {
		return fmt.Errorf("lab address %s (%s) must be a host address in %s", a, who, Network)
	}
	return nil
}

func (l *Lab) build(ctx context.Context) error {
	scanCIDR := netip.PrefixFrom(l.Scanner, Network.Bits()).String()
	steps := [][]string{
		{"netns", "add", l.ScanNS},
		{"-n", l.ScanNS, "link", "set", "lo", "up"},
		{"-n", l.ScanNS, "link", "add", "br0", "type", "bridge"},
		{"-n", l.ScanNS, "addr", "add", scanCIDR, "dev", "br0"},
		{"-n", l.ScanNS, "link", "set", "br0", "up"},
	}
	for i, d := range l.Devices {
		ns, port := l.DeviceNS[i], fmt.Sprintf("v%d", i)
		devCIDR := netip.PrefixFrom(d.Addr, Network.Bits()).String()
		steps = append(steps,
			[]string{"netns", "add", ns},
			[]string{"link", "add", port, "netns", l.ScanNS, "type", "veth", "peer", "name", "eth0", "netns", ns},
			[]string{"-n", ns, "link", "set", "eth0", "address", d.MAC},
			[]string{"-n", ns, "addr", "add", devCIDR, "dev", "eth0"},
			[]string{"-n", ns, "link", "set", "lo", "up"},
			[]string{"-n", ns, "link", "set", "eth0", "up"},
			[]string{"-n", l.ScanNS, "link", "set", port, "master", "br0", "up"},
		)
	}
	for _, args := range steps {
		if err := ip(ctx, args...); err != nil {
			return err
		}
	}
	for i, d := range l.Devices {
		for _, p := range d.Ports {
			ln, err := listenIn(l.DeviceNS[i], netip.AddrPortFrom(d.Addr, uint16(p)).String())
			if err != nil {
				return fmt.Errorf("lab device %s: listen on port %d: %w", d.Name, p, err)
			}
			l.listeners = append(l.listeners, ln)
			go serve(ln)
		}
	}
	return nil
}

// serve accepts connections and closes them at once: a port that answers
// is all a check needs.
func serve(ln net.Listener) {
	for {
		c, err := ln.Accept()
		if err != nil {
			return
		}
		c.Close()
	}
}

// NmapPrefix is the argv that runs a command (nmap) inside the scanner's
// namespace.
func (l *Lab) NmapPrefix() []string { return []string{"ip", "netns", "exec", l.ScanNS} }

// Device returns the device with the given name.
func (l *Lab) Device(name string) (Device, bool) {
	for _, d := range l.Devices {
		if d.Name == name {
			return d, true
		}
	}
	return Device{}, false
}

// Close stops the listeners and removes every namespace (and with them the
// veth pairs and the bridge). It is safe to call more than once.
func (l *Lab) Close() error {
	l.closeOnce.Do(func() {
		for _, ln := range l.listeners {
			ln.Close()
		}
		var errs []error
		for _, ns := range append(append([]string(nil), l.DeviceNS...), l.ScanNS) {
			if ns == "" || !exists(ns) {
				continue
			}
			if err := ip(context.Background(), "netns", "del", ns); err != nil {
				errs = append(errs, err)
			}
		}
		l.closeErr = errors.Join(errs...)
	})
	return l.closeErr
}

func exists(ns string) bool {
	_, err := os.Stat("/run/netns/" + ns)
	return err == nil
}

func ip(ctx context.Context, args ...string) error {
	out, err := exec.CommandContext(ctx, "ip", args...).CombinedOutput()
	if err != nil {
		return fmt.Errorf("ip %s: %v: %s", strings.Join(args, " "), err, strings.TrimSpace(string(out)))
	}
	return nil
}

func randomID() (string, error) {
	b := make([]byte, 3)
	if _, err := rand.Read(b); err != nil {
		return "", err
	}
	return hex.EncodeToString(b), nil
}
