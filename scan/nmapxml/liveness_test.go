package nmapxml

import (
	"bytes"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/sunset-tui/sunset/inventory"
)

// pnHost writes one host as "nmap -Pn -sT" reports it: up, reason
// user-set, whatever its ports say.
func pnHost(addr string, ports ...string) string {
	var b strings.Builder
	fmt.Fprintf(&b, `<host starttime="1700000001" endtime="1700000009"><status state="up" reason="user-set" reason_ttl="0"/>
<address addr="%s" addrtype="ipv4"/>
<hostnames>
</hostnames>
<ports>`, addr)
	for _, p := range ports {
		b.WriteString(p)
	}
	b.WriteString("</ports>\n<times srtt=\"1000\" rttvar=\"5000\" to=\"100000\"/>\n</host>\n")
	return b.String()
}

func tcpPort(id int, state, reason string) string {
	return fmt.Sprintf(`<port protocol="tcp" portid="%d"><state state="%s" reason="%s" reason_ttl="0"/><service name="x" method="table" conf="3"/></port>`+"\n", id, state, reason)
}

func pnDocument(hosts ...string) []byte {
	return []byte(`<?xml version="1.0" encoding="UTF-8"?>
<nmaprun scanner="nmap" args="nmap -Pn -sT -p 22,443,3389 -oX - 192.0.2.0/28" start="1700000000" version="7.94SVN" xmloutputversion="1.05">
<scaninfo type="connect" protocol="tcp" numservices="3" services="22,443,3389"/>
` + strings.Join(hosts, "") + `<runstats><finished time="1700000010" exit="success"/><hosts up="` + fmt.Sprint(len(hosts)) + `" down="0" total="` + fmt.Sprint(len(hosts)) + `"/></runstats>
</nmaprun>
`)
}

// TestPnUpIsNoEvidence: with -Pn nmap calls every host up. A host whose
// ports are all filtered said nothing at all; one closed port (an RST)
// or an open one is an answer.
func TestPnUpIsNoEvidence(t *testing.T) {
	doc := pnDocument(
		pnHost("192.0.2.1", tcpPort(22, "filtered", "no-response"), tcpPort(443, "filtered", "no-response"), tcpPort(3389, "filtered", "no-response")),
		pnHost("192.0.2.2", tcpPort(22, "filtered", "no-response"), tcpPort(443, "closed", "conn-refused"), tcpPort(3389, "filtered", "no-response")),
		pnHost("192.0.2.3", tcpPort(22, "closed", "conn-refused"), tcpPort(443, "closed", "conn-refused"), tcpPort(3389, "open", "syn-ack")),
		pnHost("192.0.2.4"),
	)
	hosts, _, err := decodeAll(t, doc)
	if err != nil || len(hosts) != 4 {
		t.Fatalf("%d hosts, err %v", len(hosts), err)
	}
	want := []struct {
		state  inventory.Liveness
		reason string
	}{
		{inventory.Unknown, "user-set (no evidence)"},
		{inventory.Answered, "port 443 closed"},
		{inventory.Answered, "port 3389 open"}, // open beats closed
		{inventory.Unknown, "user-set (no evidence)"},
	}
	for i, h := range hosts {
		if h.Status.State != "up" || h.Status.Reason != "user-set" {
			t.Fatalf("host %d status %+v: the document is not -Pn shaped", i, h.Status)
		}
		obs := Observe(h, time.Time{})
		if len(obs) != 1 || obs[0].State != want[i].state || obs[0].Reason != want[i].reason {
			t.Errorf("host %d (%s): got %s (%s), want %s (%s)", i, h.IPs()[0], obs[0].State, obs[0].Reason, want[i].state, want[i].reason)
		}
	}
}

func TestLivenessRule(t *testing.T) {
	up := func(reason string) Status { return Status{"up", reason} }
	tests := []struct {
		name   string
		h      Host
		state  inventory.Liveness
		reason string
	}{
		{"arp reply", Host{Status: up("arp-response")}, inventory.Answered, "arp-response"},
		{"echo reply", Host{Status: up("echo-reply")}, inventory.Answered, "echo-reply"},
		{"rst to ping", Host{Status: up("reset")}, inventory.Answered, "reset"},
		{"connect refused", Host{Status: up("conn-refused")}, inventory.Answered, "conn-refused"},
		{"syn-ack to ping", Host{Status: up("syn-ack")}, inventory.Answered, "syn-ack"},
		{"ipv6 neighbour", Host{Status: up("nd-response")}, inventory.Answered, "nd-response"},
		{"localhost", Host{Status: up("localhost-response")}, inventory.Answered, "localhost-response"},
		{"down", Host{Status: Status{"down", "no-response"}}, inventory.Dark, "no-response"},
		{"down, no reason", Host{Status: Status{State: "down"}}, inventory.Dark, "down"},
		{"down but timed out", Host{Status: Status{"down", "no-response"}, TimedOut: true}, inventory.Unknown, "host-timeout"},
		{"-Pn and timed out", Host{Status: up("user-set"), TimedOut: true}, inventory.Unknown, "host-timeout"},
		{"answered, then timed out", Host{Status: up("arp-response"), TimedOut: true}, inventory.Answered, "arp-response (host timed out)"},
		{"-Pn, only filtered", Host{Status: up("user-set"), Ports: []Port{{ID: 3389, Protocol: "tcp", State: "filtered"}}}, inventory.Unknown, "user-set (no evidence)"},
		{"-Pn, udp open|filtered", Host{Status: up("user-set"), Ports: []Port{{ID: 53, Protocol: "udp", State: "open|filtered"}}}, inventory.Unknown, "user-set (no evidence)"},
		{"-Pn, udp open", Host{Status: up("user-set"), Ports: []Port{{ID: 53, Protocol: "udp", State: "open"}}}, inventory.Answered, "port 53/udp open"},
		{"-Pn, ack scan rst", Host{Status: up("user-set"), Ports: []Port{{ID: 80, Protocol: "tcp", State: "unfiltered"}}}, inventory.Answered, "port 80 unfiltered"},
		{"-Pn, closed ports collapsed", Host{Status: up("user-set"), ExtraPorts: []ExtraPorts{{"filtered", 3}, {"closed", 997}}}, inventory.Answered, "997 ports closed"},
		{"-Pn, filtered ports collapsed", Host{Status: up("user-set"), ExtraPorts: []ExtraPorts{{"filtered", 1000}}}, inventory.Unknown, "user-set (no evidence)"},
		{"up, reason not given", Host{Status: Status{State: "up"}}, inventory.Unknown, "up without a reason (no evidence)"},
		{"no status", Host{}, inventory.Unknown, "no status"},
		{"skipped", Host{Status: Status{State: "skipped"}}, inventory.Unknown, "state skipped"},
	}
	for _, tt := range tests {
		state, reason := Liveness(tt.h)
		if state != tt.state || reason != tt.reason {
			t.Errorf("%s: got %s (%s), want %s (%s)", tt.name, state, reason, tt.state, tt.reason)
		}
	}
}

func TestObserveCopiesTheHostOntoEachAddress(t *testing.T) {
	h := Host{
		EndTime: time.Unix(1700000009, 0),
		Status:  Status{"up", "nd-response"},
		Addresses: []Address{
			{Addr: "192.0.2.10", Type: "ipv4"},
			{Addr: "02-00-00-AB-CD-EF", Type: "mac", Vendor: "Acme"},
			{Addr: "2001:DB8:0:0::10", Type: "ipv6"},
		},
		Hostnames: []Hostname{{"NVR-1.lab.example", "user"}, {"nvr-1.lab.example.", "PTR"}, {"nvr-1", "PTR"}},
		Ports:     []Port{{ID: 554, Protocol: "tcp", State: "open", Service: Service{Name: "rtsp", Product: "Cam", Version: "1.0"}}},
		OS:        []OSMatch{{"Linux 3.X", 90}, {"Embedded", 97}, {"Other", 97}},
	}
	seen := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
	obs := Observe(h, seen)
	if len(obs) != 2 {
		t.Fatalf("%d observations, want one per IP", len(obs))
	}
	if obs[0].Address != "192.0.2.10" || obs[1].Address != "2001:db8::10" {
		t.Errorf("addresses %q %q, want them normalised", obs[0].Address, obs[1].Address)
	}
	for _, o := range obs {
		if o.MAC != "02:00:00:ab:cd:ef" || o.MACVendor != "Acme" || o.OSGuess != "Embedded" || !o.SeenAt.Equal(seen) {
			t.Errorf("observation %+v", o)
		}
		if !slices.Equal(o.Hostnames, []string{"NVR-1.lab.example", "nvr-1"}) {
			t.Errorf("hostnames %q, want duplicates dropped", o.Hostnames)
		}
		want := inventory.Port{Number: 554, Protocol: "tcp", State: "open", Service: "rtsp", Product: "Cam", Version: "1.0"}
		if len(o.Ports) != 1 || o.Ports[0] != want {
			t.Errorf("ports %+v", o.Ports)
		}
		if o.State != inventory.Answered || o.Reason != "nd-response" {
			t.Errorf("liveness %s (%s)", o.State, o.Reason)
		}
	}
	obs[0].Ports[0].State = "changed"
	if obs[1].Ports[0].State != "open" {
		t.Error("observations share their port slice")
	}
	if got := Observe(h, time.Time{}); !got[0].SeenAt.Equal(h.EndTime) {
		t.Errorf("zero seenAt gave %v, want the host's end time", got[0].SeenAt)
	}
	if Observe(Host{Addresses: []Address{{Addr: "02:00:00:00:00:01", Type: "mac"}}}, seen) != nil {
		t.Error("a host without an IP address gave observations")
	}
}

// TestGeneratedSweepLiveness decodes a generated -Pn sweep whose make-up
// is known and checks the rule's outcome host by host in aggregate.
func TestGeneratedSweepLiveness(t *testing.T) {
	var buf bytes.Buffer
	truth, err := writeSweep(&buf, 5000)
	if err != nil {
		t.Fatal(err)
	}
	got, sum, err := countLiveness(t, &buf)
	if err != nil || !sum.Finished {
		t.Fatalf("err %v, summary %+v", err, sum)
	}
	if got != truth {
		t.Errorf("got %+v, want %+v", got, truth)
	}
	if truth.unknown == 0 || truth.answered == 0 || truth.open == 0 || truth.macs == 0 {
		t.Errorf("the generated sweep lacks a kind of host: %+v", truth)
	}
}
