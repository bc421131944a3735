// Package sweepxml writes nmap XML shaped like a root SYN sweep of many
// addresses, every one of which answered, for sunset's ingest benchmarks.
package sweepxml

import (
	"bufio"
	"fmt"
	"io"
	"strings"
)

// Host is one answering host: its address, and its MAC or "".
type Host struct{ IP, MAC string }

// Write writes a finished sweep of target with hosts hosts, host(i) naming
// each: every one with its discovery reason and four probed ports, one of
// them open on every tenth host.
func Write(w io.Writer, target string, hosts int, host func(i int) Host) error {
	bw := bufio.NewWriter(w)
	const start = 1795766374
	fmt.Fprintf(bw, `<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE nmaprun>
<nmaprun scanner="nmap" args="nmap -sS -p 22,80,443,3389 -oX - %s" start="%d" version="7.93" xmloutputversion="1.05">
<scaninfo type="syn" protocol="tcp" numservices="4" services="22,80,443,3389"/>
`, target, start)
	for i := 0; i < hosts; i++ {
		h := host(i)
		kind := "ipv4"
		if strings.Contains(h.IP, ":") {
			kind = "ipv6"
		}
		fmt.Fprintf(bw, `<host starttime="%d" endtime="%d"><status state="up" reason="echo-reply" reason_ttl="64"/>`+"\n", start, start+1)
		fmt.Fprintf(bw, `<address addr="%s" addrtype="%s"/>`+"\n", h.IP, kind)
		if h.MAC != "" {
			fmt.Fprintf(bw, `<address addr="%s" addrtype="mac" vendor="Sunset Test"/>`+"\n", h.MAC)
		}
		bw.WriteString("<hostnames>\n</hostnames>\n<ports>")
		for j, p := range []int{22, 80, 443, 3389} {
			state, reason := "closed", "reset"
			if i%10 == 0 && j == 3 {
				state, reason = "open", "syn-ack"
			}
			fmt.Fprintf(bw, `<port protocol="tcp" portid="%d"><state state="%s" reason="%s" reason_ttl="64"/><service name="svc" method="table" conf="3"/></port>`+"\n", p, state, reason)
		}
		bw.WriteString("</ports>\n<times srtt=\"100\" rttvar=\"100\" to=\"100000\"/>\n</host>\n")
	}
	fmt.Fprintf(bw, `<runstats><finished time="%d" elapsed="60" exit="success"/><hosts up="%d" down="0" total="%d"/>
</runstats>
</nmaprun>
`, start+60, hosts, hosts)
	return bw.Flush()
}
