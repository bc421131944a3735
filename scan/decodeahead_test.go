package scan

import (
	"bytes"
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/sunset-tui/sunset/inventory"
	"github.com/sunset-tui/sunset/scan/nmapxml"
)

// sweepOf writes nmap XML of n hosts that answered, 127.2.x.y in order.
func sweepOf(n int, finished bool) string {
	var b strings.Builder
	b.WriteString(`<?xml version="1.0"?><nmaprun scanner="nmap" args="nmap -sn 127.2.0.0/16" start="1795766374" version="7.93">` + "\n")
	for i := range n {
		fmt.Fprintf(&b, `<host><status state="up" reason="echo-reply"/><address addr="127.2.%d.%d" addrtype="ipv4"/></host>`+"\n", i>>8, i&255)
	}
	if finished {
		b.WriteString(`<runstats><finished time="1795766434" exit="success"/></runstats></nmaprun>` + "\n")
	}
	return b.String()
}

// TestDecodeAheadHandsEveryHostInOrder crosses several batches and ends
// on a partial one.
func TestDecodeAheadHandsEveryHostInOrder(t *testing.T) {
	const n = 5*hostBatch + 7
	var got []string
	sum, err := decodeAhead(strings.NewReader(sweepOf(n, true)), func(h nmapxml.Host) error {
		got = append(got, h.IPs()[0])
		return nil
	})
	if err != nil || !sum.Finished || sum.Decoded != n {
		t.Fatalf("summary %+v, err %v", sum, err)
	}
	if len(got) != n {
		t.Fatalf("%d hosts, want %d", len(got), n)
	}
	for i, ip := range got {
		if want := fmt.Sprintf("127.2.%d.%d", i>>8, i&255); ip != want {
			t.Fatalf("host %d is %s, want %s", i, ip, want)
		}
	}
}

// TestDecodeAheadStopsOnError: onHost's error ends the decoding and is
// returned; no host after it is handed over.
func TestDecodeAheadStopsOnError(t *testing.T) {
	stop := errors.New("enough")
	calls := 0
	_, err := decodeAhead(strings.NewReader(sweepOf(20*hostBatch, true)), func(h nmapxml.Host) error {
		calls++
		if calls == hostBatch+3 {
			return stop
		}
		return nil
	})
	if !errors.Is(err, stop) || calls != hostBatch+3 {
		t.Fatalf("err %v after %d hosts, want %v after %d", err, calls, stop, hostBatch+3)
	}
}

// TestDecodeAheadReportsTruncation: a file cut short hands over every
// complete host, then the decoder's error.
func TestDecodeAheadReportsTruncation(t *testing.T) {
	doc := sweepOf(hostBatch+10, false)
	doc = doc[:strings.LastIndex(doc, "<host>")+20]
	n := 0
	sum, err := decodeAhead(bytes.NewReader([]byte(doc)), func(nmapxml.Host) error { n++; return nil })
	if !errors.Is(err, nmapxml.ErrTruncated) || n != hostBatch+9 || sum.Decoded != n {
		t.Fatalf("err %v, %d hosts, summary %+v; want ErrTruncated after %d", err, n, sum, hostBatch+9)
	}
}

// TestSweepObservationsSharePortLists: observations with the same ports
// share one list, and each still reads as its own.
func TestSweepObservationsSharePortLists(t *testing.T) {
	var doc bytes.Buffer
	writeSweep(&doc, 3000)
	res, err := DecodeXML(&doc, "sweep.xml", nil)
	if err != nil {
		t.Fatal(err)
	}
	lists := map[*inventory.Port]int{}
	for _, o := range res.Observations {
		if len(o.Ports) != 4 || o.Ports[0].Number != 22 || o.Ports[3].Number != 3389 {
			t.Fatalf("%s: ports %+v", o.Address, o.Ports)
		}
		if open := o.Ports[3].State == "open"; open != isTenth(o.Address) {
			t.Fatalf("%s: port 3389 %s", o.Address, o.Ports[3].State)
		}
		lists[&o.Ports[0]]++
	}
	if len(lists) != 2 {
		t.Fatalf("%d distinct port lists among %d observations, want 2", len(lists), len(res.Observations))
	}
}

// isTenth says whether a 127.1.x.y address is a tenth host of the sweep,
// the ones with 3389 open.
func isTenth(addr string) bool {
	var a, b, x, y int
	fmt.Sscanf(addr, "%d.%d.%d.%d", &a, &b, &x, &y)
	return (x<<8|y)%10 == 0
}
