package nmapxml

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"io"
	"math/rand/v2"
	"strings"
	"testing"
	"testing/iotest"

	nmap "github.com/Ullaakut/nmap/v3"
)

func sanitize(t *testing.T, r io.Reader) (string, int) {
	t.Helper()
	s := NewSanitizer(r)
	out, err := io.ReadAll(s)
	if err != nil {
		t.Fatal(err)
	}
	return string(out), s.Replaced()
}

func TestSanitizerReplacesWhatXMLForbids(t *testing.T) {
	const fffd = "\uFFFD"
	tests := []struct {
		in, want string
		replaced int
	}{
		{"plain text", "plain text", 0},
		{"a&#x1b;[31mred", "a" + fffd + "[31mred", 1},
		{"&#x1B;&#27;&#0;&#x0;", fffd + fffd + fffd + fffd, 4},
		{"&#x00000000001b;", fffd, 1}, // leading zeros are allowed in references
		{"&#xD800;&#xdfff;&#xFFFE;&#xFFFF;&#x110000;&#99999999999;", strings.Repeat(fffd, 6), 6},
		{"keep &#x9;&#xa;&#xD;&#10;&#x41;&#xFFFD;&#x10FFFF; as they are", "keep &#x9;&#xa;&#xD;&#10;&#x41;&#xFFFD;&#x10FFFF; as they are", 0},
		{"&amp;&lt;&quot;&#;&#x;&#xZZ;&#12 &", "&amp;&lt;&quot;&#;&#x;&#xZZ;&#12 &", 0},
		{"raw \x00\x01\x08\x0b\x0c\x1b\x1f bytes", "raw " + strings.Repeat(fffd, 7) + " bytes", 7},
		{"tab\tnewline\ncr\r\n", "tab\tnewline\ncr\r\n", 0},
		{"caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80", "caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80", 0},
		{"bad \xff\xfe utf8 \xc3", "bad " + fffd + fffd + " utf8 " + fffd, 3},
		{"surrogate \xed\xa0\x80 raw", "surrogate " + fffd + fffd + fffd + " raw", 3},
		{"nonchar \xef\xbf\xbe\xef\xbf\xbf", "nonchar " + fffd + fffd, 2},
		{"del \x7f stays", "del \x7f stays", 0},
		{"cut at the end &#x1b", "cut at the end &#x1b", 0},
	}
	for _, tt := range tests {
		got, n := sanitize(t, strings.NewReader(tt.in))
		if got != tt.want || n != tt.replaced {
			t.Errorf("%q: got %q (%d replaced), want %q (%d)", tt.in, got, n, tt.want, tt.replaced)
		}
		// Split into one-byte reads, every reference and UTF-8 sequence
		// straddles reads; the result must not change.
		got, n = sanitize(t, iotest.OneByteReader(strings.NewReader(tt.in)))
		if got != tt.want || n != tt.replaced {
			t.Errorf("%q one byte at a time: got %q (%d replaced), want %q (%d)", tt.in, got, n, tt.want, tt.replaced)
		}
	}
}

// chunkReader returns its data in reads of random sizes.
type chunkReader struct {
	data []byte
	rnd  *rand.Rand
}

func (c *chunkReader) Read(p []byte) (int, error) {
	if len(c.data) == 0 {
		return 0, io.EOF
	}
	n := min(len(p), len(c.data), 1+c.rnd.IntN(40))
	copy(p, c.data[:n])
	c.data = c.data[n:]
	return n, nil
}

func TestSanitizerIgnoresHowReadsAreSplit(t *testing.T) {
	doc := illegalCharsDocument(200)
	want, wantN := sanitize(t, bytes.NewReader(doc))
	for seed := range uint64(20) {
		got, n := sanitize(t, &chunkReader{data: doc, rnd: rand.New(rand.NewPCG(seed, 1))})
		if got != want || n != wantN {
			t.Fatalf("seed %d: output differs (%d vs %d replaced)", seed, n, wantN)
		}
	}
	// And when the caller reads into tiny slices.
	for _, size := range []int{1, 2, 3, 5} {
		s := NewSanitizer(bytes.NewReader(doc))
		var out bytes.Buffer
		p := make([]byte, size)
		for {
			n, err := s.Read(p)
			out.Write(p[:n])
			if err == io.EOF {
				break
			}
			if err != nil {
				t.Fatal(err)
			}
		}
		if out.String() != want || s.Replaced() != wantN {
			t.Fatalf("reads of %d bytes: output differs (%d vs %d replaced)", size, s.Replaced(), wantN)
		}
	}
}

// illegalCharsDocument is an nmap document whose banners, script output
// and service names carry what real nmap sometimes writes and XML 1.0
// forbids, between ordinary hosts. Each host holds 6 such characters.
func illegalCharsDocument(hosts int) []byte {
	var b bytes.Buffer
	b.WriteString(`<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE nmaprun>
<nmaprun scanner="nmap" args="nmap -sV -p 22,23 192.0.2.0/24" start="1700000000" version="7.94" xmloutputversion="1.05">
`)
	for i := range hosts {
		fmt.Fprintf(&b, `<host starttime="1700000001" endtime="1700000002"><status state="up" reason="arp-response" reason_ttl="0"/>
<address addr="192.0.2.%d" addrtype="ipv4"/>
<hostnames></hostnames>
<ports><port protocol="tcp" portid="22"><state state="open" reason="syn-ack" reason_ttl="64"/><service name="ssh" product="Open&#x1b;SSH" version="9.6&#x0;" method="probed" conf="10"/><script id="banner" output="SSH-2.0-Open%s&#x7;&#x1b;[0m"/></port>
<port protocol="tcp" portid="23"><state state="open" reason="syn-ack" reason_ttl="64"/><service name="telnet" product="Busy%sBox" method="probed" conf="10"/></port>
</ports>
</host>
`, i%250+1, "\x1b", "\x00")
	}
	b.WriteString(`<runstats><finished time="1700000100" timestr="x" elapsed="100" exit="success"/><hosts up="` +
		fmt.Sprint(hosts) + `" down="0" total="` + fmt.Sprint(hosts) + `"/></runstats>
</nmaprun>
`)
	return b.Bytes()
}

// TestIllegalCharactersDoNotSinkTheScan decodes a document full of
// forbidden characters: every host comes through, the characters are
// replaced and counted, while a strict XML parser gives up on the raw
// document at the first one.
func TestIllegalCharactersDoNotSinkTheScan(t *testing.T) {
	const hosts = 300
	doc := illegalCharsDocument(hosts)
	got, sum, err := decodeAll(t, doc)
	if err != nil || len(got) != hosts || !sum.Finished {
		t.Fatalf("%d hosts, err %v, summary %+v", len(got), err, sum)
	}
	if sum.IllegalChars != 6*hosts {
		t.Errorf("IllegalChars = %d, want %d", sum.IllegalChars, 6*hosts)
	}
	ssh := got[hosts-1].Ports[0].Service
	if ssh.Product != "Open\uFFFDSSH" || ssh.Version != "9.6\uFFFD" {
		t.Errorf("ssh service %+v, want U+FFFD in place of the escapes", ssh)
	}
	if p := got[7].Ports[1].Service.Product; p != "Busy\uFFFDBox" {
		t.Errorf("telnet product %q", p)
	}

	var run nmap.Run
	if err := nmap.Parse(doc, &run); err == nil {
		t.Error("nmap.Parse accepted forbidden characters: the test document does not test anything")
	}
	clean, n := sanitize(t, bytes.NewReader(doc))
	if n != 6*hosts {
		t.Errorf("Sanitizer replaced %d, want %d", n, 6*hosts)
	}
	if err := strictXML(clean); err != nil {
		t.Errorf("sanitized document is still not XML: %v", err)
	}
	if err := nmap.Parse([]byte(clean), &run); err != nil || len(run.Hosts) != hosts {
		t.Errorf("nmap.Parse on the sanitized document: %d hosts, %v", len(run.Hosts), err)
	}
}

// strictXML runs encoding/xml over the whole document.
func strictXML(doc string) error {
	d := xml.NewDecoder(strings.NewReader(doc))
	for {
		_, err := d.Token()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return err
		}
	}
}

func TestIllegalReferenceBeyondTheSanitizersReachIsStillReplaced(t *testing.T) {
	// 40 leading zeros: longer than the Sanitizer examines, so the
	// decoder's own reference handling must catch it.
	ref := "&#x" + strings.Repeat("0", 40) + "1b;"
	doc := `<nmaprun args="nmap"><host><status state="up" reason="arp-response"/><address addr="192.0.2.9" addrtype="ipv4"/>` +
		`<ports><port protocol="tcp" portid="1"><state state="open" reason="syn-ack"/><service name="x" product="a` + ref + `b"/></port></ports></host></nmaprun>`
	hosts, sum, err := decodeAll(t, []byte(doc))
	if err != nil || len(hosts) != 1 {
		t.Fatalf("%d hosts, err %v", len(hosts), err)
	}
	if p := hosts[0].Ports[0].Service.Product; p != "a\uFFFDb" || sum.IllegalChars != 1 {
		t.Errorf("product %q, IllegalChars %d", p, sum.IllegalChars)
	}
}
