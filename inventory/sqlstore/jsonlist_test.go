package sqlstore

import (
	"encoding/json"
	"reflect"
	"testing"

	"github.com/sunset-tui/sunset/inventory"
)

var awkwardStrings = []string{"", "plain", `quote " and \ backslash`, "tab\tnewline\nreturn\r", "bell\x07 nul\x00 del\x7f",
	"ünïcødé ✓ 𝄞", "<html> & </html>", "line\u2028separator", "bad \xff utf-8 \xc3"}

// TestPortsRoundTrip writes ports with every field awkward and reads them
// back as they were (invalid UTF-8 turned into U+FFFD, as encoding/json
// does), in fewer bytes than encoding/json's objects.
func TestPortsRoundTrip(t *testing.T) {
	var ports []inventory.Port
	for i, s := range awkwardStrings {
		ports = append(ports, inventory.Port{Number: i, Protocol: "tcp", State: s, Service: s, Product: s, Version: s})
	}
	ports = append(ports,
		inventory.Port{Number: 65535, Protocol: "udp", State: "open|filtered"},
		inventory.Port{Number: 22, Protocol: "tcp", State: "open", Version: "9.2"}, // a gap before the last field
		inventory.Port{Number: 0})
	text := string(portsJSON(nil, ports))
	if !json.Valid([]byte(text)) {
		t.Fatalf("%s is not JSON", text)
	}
	got, err := readPorts(text)
	if err != nil {
		t.Fatalf("readPorts(%s): %v", text, err)
	}
	var want []inventory.Port
	objects, _ := json.Marshal(ports)
	if err := json.Unmarshal(objects, &want); err != nil { // encoding/json's view of the same strings
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("read back\n%+v\nwant\n%+v", got, want)
	}
	if len(text) >= len(objects) {
		t.Fatalf("stored %d bytes, objects take %d", len(text), len(objects))
	}
	if got := string(portsJSON(nil, []inventory.Port{{Number: 80, Protocol: "tcp", State: "closed"}})); got != `[[80,"tcp","closed"]]` {
		t.Fatalf("one port stored as %s", got)
	}
}

// TestReadPortsOfEarlierStores: ports that encoding/json wrote as objects
// still read.
func TestReadPortsOfEarlierStores(t *testing.T) {
	old := `[{"port":22,"protocol":"tcp","state":"open","service":"ssh","product":"OpenSSH"},{"port":80,"protocol":"tcp","state":"closed"}]`
	got, err := readPorts(old)
	want := []inventory.Port{{Number: 22, Protocol: "tcp", State: "open", Service: "ssh", Product: "OpenSSH"},
		{Number: 80, Protocol: "tcp", State: "closed"}}
	if err != nil || !reflect.DeepEqual(got, want) {
		t.Fatalf("readPorts = %+v, %v", got, err)
	}
	for _, empty := range []string{"", "[]", "null"} {
		if got, err := readPorts(empty); got != nil || err != nil {
			t.Fatalf("readPorts(%q) = %v, %v", empty, got, err)
		}
	}
}

// TestReadPortsRefusesDamage: a damaged list is an error, never a panic or
// a silently shortened list.
func TestReadPortsRefusesDamage(t *testing.T) {
	for _, bad := range []string{`[`, `[[`, `[[22`, `[[22,"tcp"`, `[[22,"tcp]]`, `[[x,"tcp"]]`, `[[22,tcp]]`,
		`[[22,"tcp"]]x`, `[[22,"tcp"][80]]`, `[[22,"a","b","c","d","e","f"]]`, `[[22,"\q"]]`} {
		if got, err := readPorts(bad); err == nil {
			t.Errorf("readPorts(%s) = %+v, want an error", bad, got)
		}
	}
}

// TestStringsJSONIsJSON: hostnames are stored as encoding/json reads them.
func TestStringsJSONIsJSON(t *testing.T) {
	text := stringsJSON(nil, awkwardStrings)
	var got []string
	if err := json.Unmarshal(text, &got); err != nil {
		t.Fatalf("%s: %v", text, err)
	}
	var want []string
	b, _ := json.Marshal(awkwardStrings)
	json.Unmarshal(b, &want)
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("read back %q, want %q", got, want)
	}
	if string(stringsJSON(nil, nil)) != "[]" {
		t.Fatal("an empty list is not []")
	}
}
