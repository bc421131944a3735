package nmapxml

import (
	"bytes"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	nmap "github.com/Ullaakut/nmap/v3"
)

// TestAgreesWithUllaakutParse decodes every fixture with Decode and with
// the nmap library's Parse (encoding/xml underneath) and compares them
// host by host.
func TestAgreesWithUllaakutParse(t *testing.T) {
	for _, name := range fixtureNames(t) {
		t.Run(name, func(t *testing.T) {
			compareWithParse(t, fixture(t, name))
		})
	}
}

// TestAgreesWithUllaakutParseOnAGeneratedSweep does the same on a
// generated -Pn sweep.
func TestAgreesWithUllaakutParseOnAGeneratedSweep(t *testing.T) {
	var buf bytes.Buffer
	if _, err := writeSweep(&buf, 1000); err != nil {
		t.Fatal(err)
	}
	compareWithParse(t, buf.Bytes())
}

// TestTruncatedMidHostListLikeUllaakut cuts a 256-host scan at byte 40000:
// both decoders give an error and the same 252 hosts complete before it.
func TestTruncatedMidHostListLikeUllaakut(t *testing.T) {
	cut := fixture(t, "libnmap_full_sudo6.xml")[:40000]
	var run nmap.Run
	if err := nmap.Parse(cut, &run); err == nil {
		t.Fatal("nmap.Parse accepted a cut document")
	}
	hosts, sum, err := decodeAll(t, cut)
	if !errors.Is(err, ErrTruncated) || !sum.Truncated || sum.Finished {
		t.Fatalf("err %v, summary %+v", err, sum)
	}
	if !strings.Contains(err.Error(), "after 252 complete hosts") {
		t.Errorf("error %q does not say how many hosts came through", err)
	}
	if len(hosts) != 252 || len(run.Hosts) != 252 || sum.Decoded != 252 {
		t.Fatalf("Decode: %d hosts (Decoded %d), nmap.Parse: %d; want 252", len(hosts), sum.Decoded, len(run.Hosts))
	}
	compareHosts(t, hosts, run.Hosts)
}

func compareWithParse(t *testing.T, b []byte) {
	t.Helper()
	var run nmap.Run
	parseErr := nmap.Parse(b, &run)
	hosts, sum, err := decodeAll(t, b)
	if (parseErr != nil) != (err != nil) {
		t.Fatalf("Decode err %v, nmap.Parse err %v", err, parseErr)
	}
	if sum.Args != run.Args || sum.Version != run.Version || sum.Scanner != run.Scanner {
		t.Errorf("run: %q %q %q, nmap.Parse: %q %q %q", sum.Scanner, sum.Args, sum.Version, run.Scanner, run.Args, run.Version)
	}
	if parseErr == nil {
		st := run.Stats
		if sum.HostsUp != st.Hosts.Up || sum.HostsDown != st.Hosts.Down || sum.HostsTotal != st.Hosts.Total ||
			sum.ErrorMsg != st.Finished.ErrorMsg || sum.ExitStatus != st.Finished.Exit {
			t.Errorf("summary %+v, nmap.Parse stats %+v", sum, st)
		}
		if !sameTime(sum.Start, time.Time(run.Start)) || !sameTime(sum.End, time.Time(st.Finished.Time)) {
			t.Errorf("start/end %v %v, nmap.Parse %v %v", sum.Start, sum.End, time.Time(run.Start), time.Time(st.Finished.Time))
		}
	}
	if len(hosts) != len(run.Hosts) {
		t.Fatalf("Decode: %d hosts, nmap.Parse: %d", len(hosts), len(run.Hosts))
	}
	compareHosts(t, hosts, run.Hosts)
}

func compareHosts(t *testing.T, ours []Host, theirs []nmap.Host) {
	t.Helper()
	for i := range ours {
		if a, b := describeHost(ours[i]), describeParsedHost(theirs[i]); a != b {
			t.Errorf("host %d differs:\nDecode:     %s\nnmap.Parse: %s", i, a, b)
		}
	}
}

// describeHost and describeParsedHost render the facts both decoders
// read in one comparable form.
func describeHost(h Host) string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s/%s timedout=%v start=%d end=%d", h.Status.State, h.Status.Reason, h.TimedOut, unix(h.StartTime), unix(h.EndTime))
	for _, a := range h.Addresses {
		fmt.Fprintf(&b, " addr=%s/%s/%s", a.Addr, a.Type, a.Vendor)
	}
	for _, n := range h.Hostnames {
		fmt.Fprintf(&b, " name=%s/%s", n.Name, n.Type)
	}
	for _, p := range h.Ports {
		fmt.Fprintf(&b, " port=%d/%s/%s/%s/%s/%s/%s/%s", p.ID, p.Protocol, p.State, p.Reason,
			p.Service.Name, p.Service.Product, p.Service.Version, p.Service.ExtraInfo)
	}
	for _, e := range h.ExtraPorts {
		fmt.Fprintf(&b, " extra=%s/%d", e.State, e.Count)
	}
	for _, m := range h.OS {
		fmt.Fprintf(&b, " os=%s/%d", m.Name, m.Accuracy)
	}
	return b.String()
}

func describeParsedHost(h nmap.Host) string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s/%s timedout=%v start=%d end=%d", h.Status.State, h.Status.Reason, h.TimedOut,
		unix(time.Time(h.StartTime)), unix(time.Time(h.EndTime)))
	for _, a := range h.Addresses {
		fmt.Fprintf(&b, " addr=%s/%s/%s", a.Addr, a.AddrType, a.Vendor)
	}
	for _, n := range h.Hostnames {
		fmt.Fprintf(&b, " name=%s/%s", n.Name, n.Type)
	}
	for _, p := range h.Ports {
		fmt.Fprintf(&b, " port=%d/%s/%s/%s/%s/%s/%s/%s", p.ID, p.Protocol, p.State.State, p.State.Reason,
			p.Service.Name, p.Service.Product, p.Service.Version, p.Service.ExtraInfo)
	}
	for _, e := range h.ExtraPorts {
		fmt.Fprintf(&b, " extra=%s/%d", e.State, e.Count)
	}
	for _, m := range h.OS.Matches {
		fmt.Fprintf(&b, " os=%s/%d", m.Name, m.Accuracy)
	}
	return b.String()
}

// unix is seconds since 1970, 0 for the zero time (which the nmap library
// leaves as time.Time{}).
func unix(t time.Time) int64 {
	if t.IsZero() {
		return 0
	}
	return t.Unix()
}

func sameTime(a, b time.Time) bool { return unix(a) == unix(b) }
