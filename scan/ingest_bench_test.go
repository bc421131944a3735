package scan

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"io"
	"path/filepath"
	"testing"

	"github.com/sunset-tui/sunset/inventory"
	"github.com/sunset-tui/sunset/inventory/sqlite"
)

// writeSweep16 writes nmap XML shaped like a root SYN sweep of the
// loopback /16 127.1.0.0/16 in which every address answered: each host
// with its discovery reason, every fourth with a MAC, and four probed
// ports (one open on every tenth host).
func writeSweep16(w io.Writer) {
	bw := bufio.NewWriter(w)
	const start = 1795766374
	fmt.Fprintf(bw, `<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE nmaprun>
<nmaprun scanner="nmap" args="nmap -sS -p 22,80,443,3389 -oX - 127.1.0.0/16" start="%d" version="7.93" xmloutputversion="1.05">
<scaninfo type="syn" protocol="tcp" numservices="4" services="22,80,443,3389"/>
`, start)
	for i := 0; i < 1<<16; i++ {
		fmt.Fprintf(bw, `<host starttime="%d" endtime="%d"><status state="up" reason="echo-reply" reason_ttl="64"/>`+"\n", start, start+1)
		fmt.Fprintf(bw, `<address addr="127.1.%d.%d" addrtype="ipv4"/>`+"\n", i>>8, i&255)
		if i%4 == 0 {
			fmt.Fprintf(bw, `<address addr="02:00:7f:01:%02X:%02X" addrtype="mac" vendor="Sunset Test"/>`+"\n", i>>8, i&255)
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
	fmt.Fprintf(bw, `<runstats><finished time="%d" elapsed="60" exit="success"/><hosts up="65536" down="0" total="65536"/>
</runstats>
</nmaprun>
`, start+60)
	bw.Flush()
}

// BenchmarkIngestSweep16 measures `sunset import` of a /16 sweep file:
// decode, observe, match against 2,000 assets and store 65,536
// observations in one transaction.
func BenchmarkIngestSweep16(b *testing.B) {
	var doc bytes.Buffer
	writeSweep16(&doc)
	ctx := context.Background()
	st, err := sqlite.Open(filepath.Join(b.TempDir(), "ingest.db"), sqlite.Options{Actor: "bench"})
	if err != nil {
		b.Fatal(err)
	}
	defer st.Close()
	err = st.Update(ctx, func(w inventory.Writer) error {
		for i := 0; i < 2000; i++ {
			a := asset(0, fmt.Sprintf("A-%04d", i), inventory.StageActive,
				fmt.Sprintf("127.1.%d.%d", i*32>>8, i*32&255), fmt.Sprintf("02:00:7f:01:%02x:%02x", i*32>>8, i*32&255))
			if err := w.CreateAsset(ctx, &a, "bench"); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(doc.Len()))
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		res, err := ImportReader(ctx, st, bytes.NewReader(doc.Bytes()), "sweep16.xml")
		if err != nil {
			b.Fatal(err)
		}
		if res.Check.HostsAnswered != 1<<16 || len(res.Conflicts) != 0 {
			b.Fatalf("answered=%d conflicts=%d", res.Check.HostsAnswered, len(res.Conflicts))
		}
		matched := 0
		for _, o := range res.Observations {
			if o.AssetID != 0 {
				matched++
			}
		}
		if matched != 2000 {
			b.Fatalf("matched %d observations, want 2000", matched)
		}
	}
}
