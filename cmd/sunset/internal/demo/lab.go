package demo

import (
	"context"
	"fmt"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/sunset-tui/sunset/scan"
	"github.com/sunset-tui/sunset/scan/lab"
)

// labPrefix starts the names of the demo's namespaces; lab.CleanLeftovers
// finds those of dead demo runs by it.
const labPrefix = "sunsetdemo"

// hostTimeout bounds how long a check spends on one lab device.
const hostTimeout = 30 * time.Second

// startLab starts the lab the mode asks for, or the best one available for
// Auto, and fills in d.Mode, d.ScanOptions, d.NmapAvailable and d.Stranger.
func (d *Demo) startLab(ctx context.Context, want LabMode, now func() time.Time) (network, error) {
	_, nmapErr := scan.LookPath("")
	d.NmapAvailable = nmapErr == nil
	d.ScanOptions = scan.Options{HostTimeout: hostTimeout, Now: now}
	switch {
	case want == None:
		d.Mode = None
		nw := noNetwork()
		nw.extra = append(nw.extra, "Started without a lab (lab mode none).")
		return nw, nil
	case nmapErr != nil:
		d.Mode = None
		nw := noNetwork()
		nw.extra = append(nw.extra, "nmap is not installed, so there is no live lab to check: "+
			"install it with `apt-get install -y nmap` and run `sunset demo` again to see live checks.")
		return nw, nil
	}

	var fallback []string
	if want == Namespaces || want == Auto {
		nw, err := d.startNamespaces(ctx)
		if err == nil {
			return nw, nil
		}
		if want == Namespaces {
			return network{}, fmt.Errorf("namespace lab: %w", err)
		}
		if lab.Available() == nil {
			fallback = append(fallback, fmt.Sprintf("The namespace lab could not start (%v); using the loopback lab instead.", err))
		}
	}
	nw := d.startLoopback()
	nw.extra = append(fallback, nw.extra...)
	return nw, nil
}

func (d *Demo) startNamespaces(ctx context.Context) (network, error) {
	if err := lab.Available(); err != nil {
		return network{}, err
	}
	nw := namespaceNetwork()
	spec := lab.Spec{Prefix: labPrefix, Scanner: nw.addr(scannerOctet, false)}
	for _, dev := range labDevices() {
		spec.Devices = append(spec.Devices, lab.Device{Name: dev.name, Addr: nw.addr(dev.octet, false),
			MAC: dev.mac, Ports: nw.ports(dev.ports)})
	}
	l, err := lab.Start(ctx, spec)
	if err != nil {
		return network{}, err
	}
	d.lab, d.Mode = l, Namespaces
	d.ScanOptions.Prefix = l.NmapPrefix()
	d.ScanOptions.Privilege = scan.PrivilegeRoot
	d.Stranger = nw.addr(strangerOctet, false).String()
	return nw, nil
}

func (d *Demo) startLoopback() network {
	nw := loopbackNetwork(!lowPortsAllowed())
	var devs []loopbackDevice
	for _, dev := range labDevices() {
		devs = append(devs, loopbackDevice{name: dev.name, addr: nw.addr(dev.octet, false), ports: nw.ports(dev.ports)})
	}
	lb, failures := startLoopbackLab(devs)
	d.loopback, d.Mode = lb, Loopback
	d.ScanOptions.Privilege = scan.PrivilegeAuto
	d.Stranger = nw.addr(strangerOctet, false).String()
	if len(failures) > 0 {
		nw.extra = append(nw.extra, fmt.Sprintf("Some lab ports could not be opened, so they will look closed: %s.",
			strings.Join(failures, "; ")))
	}
	return nw
}

// lowPortsAllowed reports whether this process may listen on ports below
// 1024: as root, or where the kernel lets anyone. A variable so tests can
// try the other case.
var lowPortsAllowed = func() bool {
	if os.Geteuid() == 0 {
		return true
	}
	b, err := os.ReadFile("/proc/sys/net/ipv4/ip_unprivileged_port_start")
	if err != nil {
		return false
	}
	start, err := strconv.Atoi(strings.TrimSpace(string(b)))
	return err == nil && start <= 22
}
