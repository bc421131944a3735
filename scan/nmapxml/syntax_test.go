package nmapxml

import (
	"errors"
	"strings"
	"testing"
)

const plainDoc = `<?xml version="1.0"?>
<nmaprun scanner="nmap" args="nmap -sV 192.0.2.7" start="1700000000" version="7.94">
<host starttime="1700000001" endtime="1700000002"><status state="up" reason="arp-response" reason_ttl="0"/>
<address addr="192.0.2.7" addrtype="ipv4"/>
<address addr="02:00:00:00:00:07" addrtype="mac" vendor="Acme &amp; Sons &lt;Lab&gt;"/>
<hostnames><hostname name="cam-7.lab.example" type="PTR"/></hostnames>
<ports><extraports state="closed" count="997"/>
<port protocol="tcp" portid="80"><state state="open" reason="syn-ack" reason_ttl="64"/><service name="http" product="Cam &quot;Pro&quot; A" version="2'1"/></port>
<port protocol="tcp" portid="554"><state state="open" reason="syn-ack" reason_ttl="64"/><service name="rtsp"/></port>
</ports>
<os><osmatch name="Linux 5.X" accuracy="96"/></os>
</host>
<runstats><finished time="1700000003" exit="success"/><hosts up="1" down="0" total="1"/></runstats>
</nmaprun>
`

// oddDoc holds the same facts as plainDoc written every other way XML
// allows, with unknown elements (some named like known ones) in between.
const oddDoc = "<?xml version='1.0' encoding='UTF-8'?>\r\n" +
	`<!DOCTYPE nmaprun SYSTEM "nmap>[1].dtd">
<?xml-stylesheet href="file:///usr/share/nmap/nmap.xsl" type="text/xsl"?>
<!-- Nmap scan initiated: <host> in a comment is not a host -->
<nmaprun version = '7.94' start="1700000000" args='nmap -sV 192.0.2.7' scanner="nmap" >
<hosthint><status state="down" reason="no-response"/><address addr="192.0.2.99" addrtype="ipv4"/></hosthint>
<host endtime='1700000002'
      starttime="1700000001"><!-- a comment inside a host -->
<status reason_ttl="0" reason='arp-response' state='up' />
<address addrtype="ipv4" addr="192.0.2.7"/>
<address vendor='Acme &#38; Sons &#x3C;Lab&gt;' addrtype="mac" addr="02:00:00:00:00:07"></address>
<hostnames>
<hostname type="PTR" name="cam-7.lab.example"/>
</hostnames>
<ports >
<extraports count="997" state="closed"><extrareasons reason="resets" count="997"/></extraports>
<port portid="80" protocol="tcp"><state reason="syn-ack" state="open"/><service version="2&apos;1" product='Cam "Pro" &#65;' name="http"/>
<script id="x" output="a > b, ]]> is text here"><table key="t"><elem key="state">closed</elem><port portid="9" protocol="tcp"/><state state="closed"/></table><![CDATA[ <port portid="1"/> ]]></script>
</port >
<port protocol="tcp" portid="554"><state state="open" reason="syn-ack"/><service name="rtsp"/><?pi inside?></port>
</ports>
<trace><hop ttl="1" ipaddr="192.0.2.1"/></trace>
<os><portused state="open" proto="tcp" portid="80"/><osmatch accuracy="96" name="Linux 5.X"><osclass type="general purpose"/></osmatch></os>
<unknownelement><host><status state="down"/></host></unknownelement>
</host   >
<runstats><finished exit="success" time="1700000003"/><hosts total="1" down="0" up="1"/></runstats>
</nmaprun>
trailing text after the document is ignored
`

func TestEveryWayOfWritingTheSameHostDecodesTheSame(t *testing.T) {
	want, wantSum, err := decodeAll(t, []byte(plainDoc))
	if err != nil || len(want) != 1 {
		t.Fatalf("plain: %d hosts, err %v", len(want), err)
	}
	h := want[0]
	if h.Addresses[1].Vendor != "Acme & Sons <Lab>" || h.Ports[0].Service.Product != `Cam "Pro" A` || h.Ports[0].Service.Version != "2'1" {
		t.Errorf("entities not resolved: %+v", h)
	}
	got, gotSum, err := decodeAll(t, []byte(oddDoc))
	if err != nil || len(got) != 1 {
		t.Fatalf("odd: %d hosts, err %v", len(got), err)
	}
	if a, b := describeHost(got[0]), describeHost(h); a != b {
		t.Errorf("odd document:\n%s\nplain document:\n%s", a, b)
	}
	if gotSum != wantSum {
		t.Errorf("summaries differ:\n%+v\n%+v", gotSum, wantSum)
	}
	if err := strictXML(oddDoc[:strings.Index(oddDoc, "trailing")]); err != nil {
		t.Errorf("the odd document is not well-formed XML itself: %v", err)
	}
}

func TestCRLFLineEndingsInValues(t *testing.T) {
	doc := strings.ReplaceAll(plainDoc, "\n", "\r\n")
	doc = strings.ReplaceAll(doc, `product="Cam &quot;Pro&quot; A"`, "product=\"two\r\nlines\rhere\"")
	hosts, _, err := decodeAll(t, []byte(doc))
	if err != nil || len(hosts) != 1 {
		t.Fatalf("%d hosts, err %v", len(hosts), err)
	}
	if p := hosts[0].Ports[0].Service.Product; p != "two\nlines\nhere" {
		t.Errorf("product %q: line ends not normalised", p)
	}
}

func TestMalformedInputIsASyntaxError(t *testing.T) {
	tests := []struct {
		name, doc, msg string
		line           int
	}{
		{"not nmap", "<?xml version=\"1.0\"?>\n<html><body/></html>", "not nmap XML", 2},
		{"mismatched end tag", "<nmaprun>\n<host>\n</hots>\n</nmaprun>", "</hots> where </host> belongs", 3},
		{"end tag first", "</nmaprun>", "closes nothing", 1},
		{"'<' inside a tag", "<nmaprun><host <status/></host></nmaprun>", "'<'", 1},
		{"attribute without value", "<nmaprun><host timedout></host></nmaprun>", `attribute "timedout" has no value`, 1},
		{"unquoted value", "<nmaprun>\n<host timedout=true></host></nmaprun>", "not quoted", 2},
		{"attributes run together", `<nmaprun><host a="1"b="2"></host></nmaprun>`, "not separated", 1},
		{"slash inside a tag", `<nmaprun><host/ ></nmaprun>`, "'/' not followed by '>'", 1},
		{"bad declaration", "<nmaprun><!ELEMENT x></nmaprun>", "'<!'", 1},
		{"tag without a name", "<nmaprun>< host></nmaprun>", "without a name", 1},
		{"empty end tag", "<nmaprun></></nmaprun>", "end tag without a name", 1},
		{"bad name byte", "<nmaprun><ho\"st/></nmaprun>", "in a tag name", 1},
		{"port not a number", "<nmaprun><host><ports>\n<port portid=\"eighty\"/></ports></host></nmaprun>", `portid="eighty" is not a number`, 2},
		{"port too large", `<nmaprun><host><ports><port portid="70000"/></ports></host></nmaprun>`, "not a port number", 1},
		{"start not a time", `<nmaprun start="yesterday"></nmaprun>`, `start="yesterday" is not a number`, 1},
		{"too deep", "<nmaprun>" + strings.Repeat("<a>", 600), "nested more than", 1},
	}
	for _, tt := range tests {
		sum, err := Decode(strings.NewReader(tt.doc), func(Host) error { return nil })
		var syn *SyntaxError
		if !errors.As(err, &syn) {
			t.Errorf("%s: err = %v, want a *SyntaxError", tt.name, err)
			continue
		}
		if !strings.Contains(syn.Msg, tt.msg) || syn.Line != tt.line {
			t.Errorf("%s: %v (line %d), want %q on line %d", tt.name, err, syn.Line, tt.msg, tt.line)
		}
		if sum.Truncated || sum.Finished {
			t.Errorf("%s: summary %+v", tt.name, sum)
		}
	}
}

func TestCutInsideEveryKindOfMarkupIsTruncation(t *testing.T) {
	for _, doc := range []string{
		"<nmaprun><!-- comment that never ends",
		"<nmaprun><script><![CDATA[ never ends",
		"<?xml version='1.0'",
		"<!DOCTYPE nmaprun SYSTEM 'never closed",
		`<nmaprun><host><address addr="192.0.2.1`,
		`<nmaprun><host><address addr="192.0.2.1"`,
		"<nmaprun><host></host",
		"<nmaprun><unknown attr='never closed",
		"<",
		"<!",
		"<nmaprun",
	} {
		sum, err := Decode(strings.NewReader(doc), nil)
		if !errors.Is(err, ErrTruncated) || !sum.Truncated {
			t.Errorf("%q: err %v, summary %+v", doc, err, sum)
		}
	}
}

func TestSelfClosingRootEndsTheDocument(t *testing.T) {
	sum, err := Decode(strings.NewReader(`<nmaprun args="nmap"/><not-read-any-more`), nil)
	if err != nil || sum.Truncated || sum.Finished || sum.Args != "nmap" {
		t.Fatalf("err %v, summary %+v", err, sum)
	}
}

func TestADoctypeThatDeclaresEntitiesIsRefused(t *testing.T) {
	for _, doctype := range []string{
		`<!DOCTYPE nmaprun [<!ENTITY name "cam-7.lab.example">]>`,
		"<!DOCTYPE nmaprun [\n  <!ELEMENT nmaprun ANY>\n]>",
		`<!DOCTYPE nmaprun SYSTEM "nmap.dtd" []>`,
	} {
		doc := strings.Replace(plainDoc, "<?xml version=\"1.0\"?>\n", "<?xml version=\"1.0\"?>\n"+doctype+"\n", 1)
		doc = strings.Replace(doc, "cam-7.lab.example", "&name;", 1)
		hosts, _, err := decodeAll(t, []byte(doc))
		var syn *SyntaxError
		if !errors.Is(err, ErrEntities) || !errors.As(err, &syn) || syn.Line != 2 || len(hosts) != 0 {
			t.Errorf("%s: %d hosts, err %v; want ErrEntities on line 2", doctype, len(hosts), err)
		}
	}
	// What nmap writes, and a DOCTYPE naming a DTD, are read.
	for _, doctype := range []string{`<!DOCTYPE nmaprun>`, `<!DOCTYPE nmaprun SYSTEM "nmap[1].dtd">`} {
		doc := strings.Replace(plainDoc, "<?xml version=\"1.0\"?>\n", "<?xml version=\"1.0\"?>\n"+doctype+"\n", 1)
		if hosts, _, err := decodeAll(t, []byte(doc)); err != nil || len(hosts) != 1 {
			t.Errorf("%s: %d hosts, err %v", doctype, len(hosts), err)
		}
	}
}
