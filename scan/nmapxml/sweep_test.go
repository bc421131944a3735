package nmapxml

import (
	"bufio"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"testing"

	"github.com/sunset-tui/sunset/inventory"
)

// sweepTruth is what a generated sweep contains, for tests to check the
// decoder against.
type sweepTruth struct {
	hosts, answered, unknown, dark, macs, open int
}

// sweepPorts are the ports of the generated -Pn sweep, as nmap's table
// names them.
var sweepPorts = []struct {
	id   int
	name string
}{{22, "ssh"}, {80, "http"}, {443, "https"}, {445, "microsoft-ds"}, {3389, "ms-wbt-server"}, {8080, "http-proxy"}}

// writeSweep writes an nmap XML document shaped like a non-root
// "nmap -v -Pn -sT -p 22,80,443,445,3389,8080" sweep of a /16: with -Pn
// every host is reported up (reason user-set) and listed with its ports.
// Most answer nothing (all ports filtered), some refuse connections
// (closed), a few run services (open), a few show a MAC, a few time out.
// Addresses are on loopback, so the document names no real network.
func writeSweep(w io.Writer, hosts int) (sweepTruth, error) {
	bw := bufio.NewWriterSize(w, 64<<10)
	var truth sweepTruth
	const start = 1700000000
	fmt.Fprintf(bw, `<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE nmaprun>
<?xml-stylesheet href="file:///usr/bin/../share/nmap/nmap.xsl" type="text/xsl"?>
<!-- Nmap 7.94SVN scan initiated as: nmap -v -Pn -sT -p 22,80,443,445,3389,8080 -oX - 127.16.0.0/16 -->
<nmaprun scanner="nmap" args="nmap -v -Pn -sT -p 22,80,443,445,3389,8080 -oX - 127.16.0.0/16" start="%d" startstr="Tue Nov 14 22:13:20 2023" version="7.94SVN" xmloutputversion="1.05">
<scaninfo type="connect" protocol="tcp" numservices="6" services="22,80,443,445,3389,8080"/>
<verbose level="1"/>
<debugging level="0"/>
<taskbegin task="Connect Scan" time="%d"/>
`, start, start)
	for i := range hosts {
		if i%4096 == 0 && i > 0 {
			fmt.Fprintf(bw, "<taskprogress task=\"Connect Scan\" time=\"%d\" percent=\"%.2f\" remaining=\"%d\" etc=\"%d\"/>\n",
				start+i/64, 100*float64(i)/float64(hosts), (hosts-i)/64, start+hosts/64)
		}
		kind := (i * 7919) % 100 // spread the kinds over the range
		t := start + i/64
		timedOut := kind == 99
		if timedOut {
			fmt.Fprintf(bw, `<host starttime="%d" endtime="%d" timedout="true"><status state="up" reason="user-set" reason_ttl="0"/>`, t, t+900)
		} else {
			fmt.Fprintf(bw, `<host starttime="%d" endtime="%d"><status state="up" reason="user-set" reason_ttl="0"/>`, t, t+3)
		}
		fmt.Fprintf(bw, "\n<address addr=\"127.16.%d.%d\" addrtype=\"ipv4\"/>\n", i>>8&255, i&255)
		if kind >= 95 && kind < 98 {
			fmt.Fprintf(bw, "<address addr=\"02:00:7F:10:%02X:%02X\" addrtype=\"mac\" vendor=\"Private\"/>\n", i>>8&255, i&255)
			truth.macs++
		}
		if kind >= 92 && kind < 98 {
			fmt.Fprintf(bw, "<hostnames>\n<hostname name=\"host-%d.lab.example\" type=\"PTR\"/>\n</hostnames>\n", i)
		} else {
			bw.WriteString("<hostnames>\n</hostnames>\n")
		}
		switch {
		case timedOut:
			truth.unknown++
			bw.WriteString("<times srtt=\"2345\" rttvar=\"5000\" to=\"100000\"/>\n</host>\n")
			truth.hosts++
			continue
		case kind < 80:
			truth.unknown++
		default:
			truth.answered++
		}
		bw.WriteString("<ports>")
		for k, p := range sweepPorts {
			switch {
			case kind < 80:
				writePort(bw, p.id, "filtered", "no-response", p.name, "")
			case kind < 92 || k%2 == 1:
				writePort(bw, p.id, "closed", "conn-refused", p.name, "")
			default:
				writePort(bw, p.id, "open", "syn-ack", p.name, ` product="Sunset Test Daemon" version="1.2"`)
				truth.open++
			}
		}
		bw.WriteString("</ports>\n<times srtt=\"2345\" rttvar=\"5000\" to=\"100000\"/>\n</host>\n")
		truth.hosts++
	}
	end := start + hosts/64 + 1
	fmt.Fprintf(bw, `<taskend task="Connect Scan" time="%d" extrainfo="%d total ports"/>
<runstats><finished time="%d" timestr="Tue Nov 14 23:30:00 2023" summary="Nmap done; %d IP addresses (%d hosts up) scanned" elapsed="%d" exit="success"/><hosts up="%d" down="0" total="%d"/>
</runstats>
</nmaprun>
`, end, 6*hosts, end, hosts, hosts, end-start, hosts, hosts)
	return truth, bw.Flush()
}

func writePort(w *bufio.Writer, id int, state, reason, name, extra string) {
	fmt.Fprintf(w, `<port protocol="tcp" portid="%d"><state state="%s" reason="%s" reason_ttl="0"/><service name="%s"%s method="table" conf="3"/></port>`+"\n",
		id, state, reason, name, extra)
}

// sweepFile returns a generated /16 sweep (65,536 hosts, about 74 MB),
// written once and kept in the temporary directory for later runs.
func sweepFile(tb testing.TB) (string, sweepTruth) {
	tb.Helper()
	const hosts = 1 << 16
	path := filepath.Join(os.TempDir(), "sunset-nmapxml-sweep-v1.xml")
	truth, err := writeSweep(io.Discard, hosts)
	if err != nil {
		tb.Fatal(err)
	}
	if _, err := os.Stat(path); err == nil {
		return path, truth
	}
	tmp, err := os.CreateTemp(os.TempDir(), "sunset-nmapxml-sweep-*.xml")
	if err != nil {
		tb.Fatal(err)
	}
	if _, err := writeSweep(tmp, hosts); err != nil {
		tb.Fatal(err)
	}
	if err := tmp.Close(); err != nil {
		tb.Fatal(err)
	}
	if err := os.Rename(tmp.Name(), path); err != nil {
		tb.Fatal(err)
	}
	return path, truth
}

// countLiveness applies Observe to every host and counts the outcomes.
func countLiveness(t testing.TB, r io.Reader) (sweepTruth, Summary, error) {
	var got sweepTruth
	sum, err := Decode(r, func(h Host) error {
		got.hosts++
		if mac, _ := h.MAC(); mac != "" {
			got.macs++
		}
		for _, o := range Observe(h, h.EndTime) {
			switch o.State {
			case inventory.Answered:
				got.answered++
			case inventory.Unknown:
				got.unknown++
			case inventory.Dark:
				got.dark++
			}
			got.open += len(o.OpenPorts())
		}
		return nil
	})
	return got, sum, err
}
