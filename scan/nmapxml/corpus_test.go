package nmapxml

import (
	"bytes"
	"errors"
	"net/netip"
	"strings"
	"testing"
	"time"

	"github.com/sunset-tui/sunset/inventory"
)

// corpusFacts is what one fixture holds. The numbers were counted in the
// files themselves (grep), not taken from the decoder.
type corpusFacts struct {
	hosts, up, down           int // <host> elements, by <status state>
	runUp, runDown, runTotal  int // <runstats><hosts>
	macs, macVendors, ipv6    int
	ports, products, versions int // <port>, <service product=>, <service version=>
	hostnames, osmatches      int
	timedOut                  int
	progress, taskEnds        int // <taskprogress>, <taskend>
	answered, dark, unknown   int // observations after the liveness rule
	finished, truncated       bool
	errorMsg                  string
}

var corpus = map[string]corpusFacts{
	"ayrx_host-down.xml": {hosts: 4, down: 4, runDown: 4, runTotal: 4,
		taskEnds: 1, dark: 4, finished: true},
	"ayrx_incomplete_scan.xml": {progress: 3, truncated: true},
	"ayrx_issue_1_mac.xml": {hosts: 1, up: 1, runUp: 1, runTotal: 1, macs: 1, macVendors: 1,
		ports: 1, answered: 1, finished: true},
	"libnmap_2_hosts.xml": {hosts: 2, up: 2, runUp: 2, runTotal: 2, ports: 9, hostnames: 4,
		taskEnds: 4, answered: 2, finished: true},
	"libnmap_dionaea_scan.xml": {hosts: 1, up: 1, runUp: 1, runTotal: 1, macs: 1, ports: 16,
		products: 7, versions: 4, hostnames: 2, osmatches: 1, answered: 1, finished: true}, // 8 product attributes, one empty
	"libnmap_full_sudo6.xml": {hosts: 256, up: 4, down: 252, runUp: 4, runDown: 252, runTotal: 256,
		macs: 3, macVendors: 3, ports: 12, products: 7, versions: 2, osmatches: 7,
		progress: 1, taskEnds: 9, answered: 4, dark: 252, finished: true},
	"ndr_nmap_multihome_v6.xml": {hosts: 5, up: 4, down: 1, runUp: 4, runDown: 1, runTotal: 5,
		macs: 4, macVendors: 4, ipv6: 5, ports: 6, products: 4, versions: 6, osmatches: 4,
		progress: 2, taskEnds: 7, answered: 4, dark: 1, finished: true},
	"ndr_nmap_v4_surface.xml": {hosts: 5, up: 5, runUp: 5, runDown: 251, runTotal: 256,
		macs: 4, macVendors: 3, answered: 5, finished: true},
	"ostorlab_fake_output_crash_2.xml": {hosts: 1, up: 1, runUp: 1, runTotal: 1, osmatches: 1,
		progress: 1, answered: 1, finished: true},
	"ostorlab_fake_output_range.xml": {hosts: 32, up: 32, runUp: 32, runTotal: 32, ports: 3200,
		products: 1, osmatches: 10, taskEnds: 13, answered: 32, finished: true},
	"ostorlab_unresolved_target.xml": {finished: true},
	"rubynmap_down_host_scan.xml": {hosts: 1, down: 1, runDown: 1, runTotal: 1, taskEnds: 1,
		dark: 1, finished: true},
	"rubynmap_scan.xml": {hosts: 1, up: 1, runUp: 1, runTotal: 1, ports: 20, products: 4,
		versions: 2, hostnames: 2, osmatches: 10, progress: 20, taskEnds: 9, answered: 1, finished: true},
	"ullaakut_scan_base.xml": {hosts: 1, up: 1, runUp: 8, runTotal: 8, ports: 2, products: 1,
		versions: 1, hostnames: 1, osmatches: 10, timedOut: 1, progress: 10, taskEnds: 10,
		answered: 1, finished: true},
	"ullaakut_scan_error_resolving_name.xml": {finished: true, errorMsg: "Error resolving name localhost"},
}

// TestCorpusFiles decodes every nmap fixture and checks what it holds. A
// fixture without facts here fails, so a new corpus file cannot go
// untested.
func TestCorpusFiles(t *testing.T) {
	for _, name := range fixtureNames(t) {
		t.Run(name, func(t *testing.T) {
			want, ok := corpus[name]
			if !ok {
				t.Fatalf("no facts recorded for %s: add it to the corpus table", name)
			}
			b := fixture(t, name)
			var got corpusFacts
			sum, err := DecodeWithProgress(bytes.NewReader(b), func(h Host) error {
				got.add(h)
				return nil
			}, func(p Progress) {
				if p.Done {
					got.taskEnds++
				} else {
					got.progress++
				}
			})
			got.runUp, got.runDown, got.runTotal = sum.HostsUp, sum.HostsDown, sum.HostsTotal
			got.finished, got.truncated, got.errorMsg = sum.Finished, sum.Truncated, sum.ErrorMsg
			if got != want {
				t.Errorf("got  %+v\nwant %+v", got, want)
			}
			if sum.Decoded != want.hosts {
				t.Errorf("Summary.Decoded = %d, want %d", sum.Decoded, want.hosts)
			}
			if want.truncated {
				if !errors.Is(err, ErrTruncated) {
					t.Errorf("err = %v, want ErrTruncated", err)
				}
			} else if err != nil {
				t.Errorf("err = %v", err)
			}
			if !strings.HasPrefix(sum.Args, "nmap") || sum.IllegalChars != 0 {
				t.Errorf("Summary.Args = %q, IllegalChars = %d", sum.Args, sum.IllegalChars)
			}
			if sum.Cut != 0 {
				t.Errorf("%d values of nmap's own output cut to fit", sum.Cut)
			}
		})
	}
}

func (c *corpusFacts) add(h Host) {
	c.hosts++
	switch h.Status.State {
	case "up":
		c.up++
	case "down":
		c.down++
	}
	for _, a := range h.Addresses {
		switch a.Type {
		case "mac":
			c.macs++
			if a.Vendor != "" {
				c.macVendors++
			}
		case "ipv6":
			c.ipv6++
		}
	}
	c.ports += len(h.Ports)
	for _, p := range h.Ports {
		if p.Service.Product != "" {
			c.products++
		}
		if p.Service.Version != "" {
			c.versions++
		}
	}
	c.hostnames += len(h.Hostnames)
	c.osmatches += len(h.OS)
	if h.TimedOut {
		c.timedOut++
	}
	for _, o := range Observe(h, time.Time{}) {
		switch o.State {
		case inventory.Answered:
			c.answered++
		case inventory.Dark:
			c.dark++
		case inventory.Unknown:
			c.unknown++
		}
	}
}

func TestMACAndVendorOfALANHost(t *testing.T) {
	hosts, _, err := decodeAll(t, fixture(t, "ayrx_issue_1_mac.xml"))
	if err != nil || len(hosts) != 1 {
		t.Fatalf("%d hosts, err %v", len(hosts), err)
	}
	obs := Observe(hosts[0], time.Time{})
	if len(obs) != 1 {
		t.Fatalf("%d observations, want 1", len(obs))
	}
	o := obs[0]
	if o.MAC != "00:0c:29:71:23:2b" || o.MACVendor != "VMware" {
		t.Errorf("MAC %q vendor %q, want 00:0c:29:71:23:2b VMware (normalised)", o.MAC, o.MACVendor)
	}
	if o.State != inventory.Answered || o.Reason != "arp-response" {
		t.Errorf("state %s (%s), want answered (arp-response)", o.State, o.Reason)
	}
	if len(o.Ports) != 1 || o.Ports[0] != (inventory.Port{Number: 3389, Protocol: "tcp", State: "open", Service: "ms-wbt-server"}) {
		t.Errorf("ports %+v", o.Ports)
	}
	if !o.SeenAt.Equal(time.Unix(1589292535, 0)) {
		t.Errorf("SeenAt %v, want the host's endtime", o.SeenAt)
	}
}

func TestHostnamesUserAndPTR(t *testing.T) {
	hosts, _, err := decodeAll(t, fixture(t, "libnmap_2_hosts.xml"))
	if err != nil || len(hosts) != 2 {
		t.Fatalf("%d hosts, err %v", len(hosts), err)
	}
	local := hosts[0]
	want := []Hostname{{"localhost", "user"}, {"localhost", "PTR"}}
	if len(local.Hostnames) != 2 || local.Hostnames[0] != want[0] || local.Hostnames[1] != want[1] {
		t.Errorf("hostnames %+v, want %+v", local.Hostnames, want)
	}
	obs := Observe(local, time.Time{})
	if len(obs) != 1 || strings.Join(obs[0].Hostnames, ",") != "localhost" {
		t.Errorf("observed hostnames %v, want [localhost] once", obs[0].Hostnames)
	}
	if obs[0].Address != "127.0.0.1" || obs[0].Reason != "localhost-response" {
		t.Errorf("observation %+v", obs[0])
	}
	if hosts[1].Hostnames[0].Name != "scanme.nmap.org" || hosts[1].Hostnames[0].Type != "user" ||
		hosts[1].Hostnames[1].Type != "PTR" {
		t.Errorf("second host's hostnames %+v", hosts[1].Hostnames)
	}
}

func TestServiceVersionsAndOS(t *testing.T) {
	hosts, _, err := decodeAll(t, fixture(t, "rubynmap_scan.xml"))
	if err != nil || len(hosts) != 1 {
		t.Fatalf("%d hosts, err %v", len(hosts), err)
	}
	h := hosts[0]
	var http, udp *Port
	for i, p := range h.Ports {
		if p.ID == 80 && p.Protocol == "tcp" {
			http = &h.Ports[i]
		}
		if p.Protocol == "udp" && udp == nil {
			udp = &h.Ports[i]
		}
	}
	if http == nil || http.Service != (Service{Name: "http", Product: "Apache httpd", Version: "2.4.7", ExtraInfo: "(Ubuntu)"}) || http.State != "open" {
		t.Errorf("port 80: %+v", http)
	}
	if udp == nil {
		t.Error("no UDP port decoded")
	}
	if len(h.OS) != 10 || h.BestOS() == "" || h.OS[0].Accuracy == 0 {
		t.Errorf("OS matches %+v", h.OS)
	}
	o := Observe(h, time.Time{})[0]
	if o.OSGuess != h.BestOS() {
		t.Errorf("OSGuess %q, want %q", o.OSGuess, h.BestOS())
	}
	if len(o.OpenPorts()) == 0 || o.Reason != "reset" {
		t.Errorf("observation %+v", o)
	}
}

func TestIPv6HostsAnswerByNeighbourDiscovery(t *testing.T) {
	hosts, _, err := decodeAll(t, fixture(t, "ndr_nmap_multihome_v6.xml"))
	if err != nil {
		t.Fatal(err)
	}
	nd := 0
	for _, h := range hosts {
		for _, o := range Observe(h, time.Time{}) {
			ip, err := netip.ParseAddr(o.Address)
			if err != nil || !ip.Is6() || !ip.IsLinkLocalUnicast() {
				t.Errorf("address %q is not a link-local IPv6 address", o.Address)
			}
			switch o.State {
			case inventory.Answered:
				if o.Reason != "nd-response" || o.MAC == "" || o.MACVendor == "" {
					t.Errorf("answered host %+v: want nd-response with MAC and vendor", o)
				}
				nd++
			case inventory.Dark:
				if o.Reason != "no-response" {
					t.Errorf("dark host reason %q", o.Reason)
				}
			default:
				t.Errorf("unexpected state %s", o.State)
			}
		}
	}
	if nd != 4 {
		t.Errorf("%d hosts answered by nd-response, want 4", nd)
	}
}

func TestARPSweepMACWithoutVendor(t *testing.T) {
	hosts, sum, err := decodeAll(t, fixture(t, "ndr_nmap_v4_surface.xml"))
	if err != nil || len(hosts) != 5 || sum.HostsTotal != 256 {
		t.Fatalf("%d hosts, total %d, err %v", len(hosts), sum.HostsTotal, err)
	}
	noVendor, noMAC := 0, 0
	for _, h := range hosts {
		o := Observe(h, time.Time{})[0]
		switch {
		case o.MAC == "":
			noMAC++
			if o.Reason != "localhost-response" {
				t.Errorf("host without MAC: reason %q", o.Reason)
			}
		case o.MACVendor == "":
			noVendor++
		}
	}
	if noVendor != 1 || noMAC != 1 {
		t.Errorf("%d MACs without vendor, %d hosts without MAC; want 1 and 1", noVendor, noMAC)
	}
}

func TestTimedOutHost(t *testing.T) {
	hosts, sum, err := decodeAll(t, fixture(t, "ullaakut_scan_base.xml"))
	if err != nil || len(hosts) != 1 {
		t.Fatalf("%d hosts, err %v", len(hosts), err)
	}
	h := hosts[0]
	if !h.TimedOut || !h.StartTime.Equal(time.Unix(1684341000, 0)) || !h.EndTime.Equal(time.Unix(1684342000, 0)) {
		t.Errorf("host %+v", h)
	}
	// nmap gave up on this host, but only after it answered (reset, and
	// port 80 open): an answer is never thrown away.
	live, reason := Liveness(h)
	if live != inventory.Answered || reason != "reset (host timed out)" {
		t.Errorf("liveness %s (%s)", live, reason)
	}
	if sum.Decoded != 1 || sum.HostsUp != 8 {
		t.Errorf("summary %+v", sum)
	}
}

func TestErrorMessageInFinished(t *testing.T) {
	_, sum, err := decodeAll(t, fixture(t, "ullaakut_scan_error_resolving_name.xml"))
	if err != nil {
		t.Fatal(err)
	}
	if sum.ErrorMsg != "Error resolving name localhost" || !sum.Finished || sum.Scanner != "fake_nmap" {
		t.Errorf("summary %+v", sum)
	}
}

func TestUnresolvedTargetGivesNoHosts(t *testing.T) {
	hosts, sum, err := decodeAll(t, fixture(t, "ostorlab_unresolved_target.xml"))
	if err != nil || len(hosts) != 0 {
		t.Fatalf("%d hosts, err %v", len(hosts), err)
	}
	if !sum.Finished || sum.ExitStatus != "success" || sum.HostsTotal != 0 || sum.Version != "7.80" {
		t.Errorf("summary %+v", sum)
	}
	if !sum.Start.Equal(time.Unix(1675420948, 0)) {
		t.Errorf("start %v", sum.Start)
	}
}

func TestManyHostsUpAndDown(t *testing.T) {
	hosts, sum, err := decodeAll(t, fixture(t, "libnmap_full_sudo6.xml"))
	if err != nil {
		t.Fatal(err)
	}
	if len(hosts) != 256 || sum.HostsUp != 4 || sum.HostsDown != 252 {
		t.Fatalf("%d hosts, summary %+v", len(hosts), sum)
	}
	// The first host of the /24 is down: dark, with nmap's reason.
	if live, reason := Liveness(hosts[0]); live != inventory.Dark || reason != "no-response" {
		t.Errorf("first host: %s (%s)", live, reason)
	}
	// Down hosts in this nmap version carry no times.
	if !hosts[0].EndTime.IsZero() {
		t.Errorf("down host end time %v", hosts[0].EndTime)
	}
}
