package nmapxml_test

import (
	"fmt"
	"strings"
	"time"

	"github.com/sunset-tui/sunset/scan/nmapxml"
)

func ExampleDecode() {
	// What "nmap -v -sT -p 3389 -oX - 192.0.2.0/30" might write.
	scan := strings.NewReader(`<?xml version="1.0" encoding="UTF-8"?>
<nmaprun scanner="nmap" args="nmap -v -sT -p 3389 -oX - 192.0.2.0/30" start="1700000000" version="7.94SVN">
<host><status state="down" reason="no-response" reason_ttl="0"/>
<address addr="192.0.2.1" addrtype="ipv4"/></host>
<host starttime="1700000001" endtime="1700000002"><status state="up" reason="conn-refused" reason_ttl="0"/>
<address addr="192.0.2.2" addrtype="ipv4"/>
<ports><port protocol="tcp" portid="3389"><state state="open" reason="syn-ack" reason_ttl="0"/><service name="ms-wbt-server" method="table" conf="3"/></port></ports>
</host>
<runstats><finished time="1700000003" exit="success"/><hosts up="1" down="3" total="4"/></runstats>
</nmaprun>`)
	checkedAt := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
	sum, err := nmapxml.Decode(scan, func(h nmapxml.Host) error {
		for _, o := range nmapxml.Observe(h, checkedAt) {
			fmt.Println(o.Address, o.State, o.Reason, len(o.OpenPorts()), "open")
		}
		return nil
	})
	fmt.Println(sum.Decoded, "hosts written,", sum.HostsTotal, "scanned; finished:", sum.Finished, "error:", err)
	// Output:
	// 192.0.2.1 dark no-response 0 open
	// 192.0.2.2 answered conn-refused 1 open
	// 2 hosts written, 4 scanned; finished: true error: <nil>
}
