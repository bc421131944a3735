package nmapxml

import (
	"bytes"
	"fmt"
	"strconv"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/sunset-tui/sunset/inventory"
)

// hugeHost writes one host that brings far more than nmap ever writes:
// a hostname of 10 MiB and 39 more names, 30,000 ports with a product
// and a version of 300 bytes each, an OS guess and a MAC vendor of 1 MiB.
func hugeHost() []byte {
	var b bytes.Buffer
	b.WriteString(`<host starttime="1700000001" endtime="1700000009"><status state="up" reason="syn-ack"/>
<address addr="192.0.2.9" addrtype="ipv4"/>
<address addr="02:00:00:00:00:09" addrtype="mac" vendor="` + strings.Repeat("V", 1<<20) + `"/>
<hostnames><hostname name="` + strings.Repeat("h", 10<<20) + `.example" type="PTR"/>`)
	for i := range 39 {
		fmt.Fprintf(&b, `<hostname name="name-%d.example" type="PTR"/>`, i)
	}
	b.WriteString("</hostnames>\n<ports>")
	text := strings.Repeat("é", 150) // two bytes each: cuts must not split one
	for port := 1; port <= 30000; port++ {
		fmt.Fprintf(&b, `<port protocol="tcp" portid="%d"><state state="open" reason="syn-ack"/><service name="tarpit" product="%s" version="&#x41;%s"/></port>`+"\n",
			port, text, text)
	}
	b.WriteString(`</ports><os><osmatch name="` + strings.Repeat("O", 1<<20) + `" accuracy="90"/></os></host>` + "\n")
	return b.Bytes()
}

func hugeDocument() []byte {
	return []byte(`<?xml version="1.0"?>
<!DOCTYPE nmaprun>
<nmaprun scanner="nmap" args="nmap -p- 192.0.2.9" start="1700000000" version="7.94">
` + string(hugeHost()) + `<runstats><finished time="1700000010" exit="success"/><hosts up="1" down="0" total="1"/></runstats>
</nmaprun>
`)
}

func TestOneHostBringsNoMoreThanTheCaps(t *testing.T) {
	hosts, sum, err := decodeAll(t, hugeDocument())
	if err != nil || len(hosts) != 1 {
		t.Fatalf("%d hosts, err %v", len(hosts), err)
	}
	h := hosts[0]
	name := h.Hostnames[0].Name
	if len(name) > MaxHostnameLen || !strings.HasSuffix(name, ellipsis) || !strings.HasPrefix(name, "hhhh") {
		t.Errorf("the 10 MiB hostname is kept as %d bytes: %.20q...", len(name), name)
	}
	if len(h.Hostnames) != MaxHostnames {
		t.Errorf("%d hostnames kept, want %d", len(h.Hostnames), MaxHostnames)
	}
	if len(h.Ports) != MaxPorts || h.Ports[MaxPorts-1].ID != MaxPorts {
		t.Errorf("%d ports kept, the last %d; want the first %d", len(h.Ports), h.Ports[len(h.Ports)-1].ID, MaxPorts)
	}
	// The ports left out still count, as nmap counts those it does not
	// list.
	if len(h.ExtraPorts) != 1 || h.ExtraPorts[0] != (ExtraPorts{State: "open", Count: 30000 - MaxPorts}) {
		t.Errorf("ports left out: %+v", h.ExtraPorts)
	}
	for _, p := range h.Ports {
		for _, v := range []string{p.Service.Product, p.Service.Version} {
			if len(v) > MaxText || !strings.HasSuffix(v, ellipsis) || !utf8.ValidString(v) {
				t.Fatalf("port %d: %d bytes kept, or cut badly: %.20q...", p.ID, len(v), v)
			}
		}
	}
	if v := h.Ports[0].Service.Version; !strings.HasPrefix(v, "Aé") {
		t.Errorf("the version's reference is not resolved: %.10q", v)
	}
	if _, vendor := h.MAC(); len(vendor) > MaxText || len(h.BestOS()) > MaxText {
		t.Errorf("MAC vendor of %d bytes, OS guess of %d", len(vendor), len(h.BestOS()))
	}
	// Cut: the hostname, 24 hostnames, 28,976 ports, the product and
	// the version of the 1,024 ports kept, the vendor and the OS guess.
	if want := 1 + 24 + (30000 - MaxPorts) + 2*MaxPorts + 2; sum.Cut != want {
		t.Errorf("Summary.Cut = %d, want %d", sum.Cut, want)
	}
}

func TestCutHostStillAnswersAndFitsTheStore(t *testing.T) {
	hosts, _, err := decodeAll(t, hugeDocument())
	if err != nil || len(hosts) != 1 {
		t.Fatalf("%d hosts, err %v", len(hosts), err)
	}
	// Every port kept is filtered: the answer is in the ports left out.
	h := hosts[0]
	h.Status = Status{State: "up", Reason: "user-set"}
	for i := range h.Ports {
		h.Ports[i].State = "filtered"
	}
	if state, reason := Liveness(h); state != inventory.Answered || reason != "28976 ports open" {
		t.Errorf("liveness %s (%s), want answered by the ports left out", state, reason)
	}
	obs := Observe(hosts[0], hosts[0].EndTime)
	if len(obs) != 1 {
		t.Fatalf("%d observations", len(obs))
	}
	o := obs[0]
	if len(o.Ports) > MaxPorts || len(o.Hostnames) > MaxHostnames || len(o.MACVendor) > inventory.MaxShortText ||
		len(o.OSGuess) > inventory.MaxShortText {
		t.Errorf("observation of %d ports, %d names, vendor %d bytes, OS %d bytes", len(o.Ports), len(o.Hostnames), len(o.MACVendor), len(o.OSGuess))
	}
	// A dismissal keeps the device's open ports as its signature, which
	// the store holds to inventory.MaxNotes.
	var sig strings.Builder
	for _, p := range o.OpenPorts() {
		sig.WriteString(p.Protocol + "/" + strconv.Itoa(p.Number) + ",")
	}
	if sig.Len() > inventory.MaxNotes {
		t.Errorf("the open ports' signature takes %d bytes, more than %d", sig.Len(), inventory.MaxNotes)
	}
}

func TestValuesWithinTheCapsAreNotCut(t *testing.T) {
	_, sum, err := decodeAll(t, []byte(plainDoc))
	if err != nil || sum.Cut != 0 {
		t.Fatalf("cut %d of nmap's own output, err %v", sum.Cut, err)
	}
	name := strings.Repeat("a", 63) + "." + strings.Repeat("b", 63) + "." + strings.Repeat("c", 63) + "." + strings.Repeat("d", 61)
	doc := strings.Replace(plainDoc, "cam-7.lab.example", name, 1)
	hosts, sum, err := decodeAll(t, []byte(doc))
	if err != nil || sum.Cut != 0 || hosts[0].Hostnames[0].Name != name {
		t.Errorf("a %d-byte hostname was cut (%d cut), err %v", len(name), sum.Cut, err)
	}
}
