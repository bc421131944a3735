package main

import (
	"fmt"
	"strings"
	"testing"
)

// Issue 14 on the command line: what a person wrote survives re-imports,
// names show, classes and mappings are said, and an nmap import's summary
// agrees with `sunset unknown`.

const netboxExport = "ID,Name,Status,Site,Rack,Role,Manufacturer,Type,Serial number,Asset tag,IP Address,Comments\n" +
	"11,AP 0A,Active,HQ,,Access Point,Cisco,AIR-AP2802I,FGL0000AP0A,,192.0.2.70/24,mounted on the ceiling\n" +
	"12,Unnamed device,Active,HQ,R03,PDU,APC,AP8941,ZA1234567890,,,\n"

func TestReimportKeepsNotesWrittenWithAssetSet(t *testing.T) {
	e := newEnv(t)
	file := writeFile(t, e.dir, "netbox.csv", netboxExport)
	if out := e.ok("import", file).stdout; !strings.Contains(out, "2 created") || !strings.Contains(out, "serial ZA1234567890") {
		t.Fatalf("first import:\n%s", out)
	}
	e.ok("asset", "set", "AP 0A", "--notes", "replaced PSU")
	if out := e.ok("import", file).stdout; !strings.Contains(out, "2 unchanged") {
		t.Fatalf("second import of the same file:\n%s", out)
	}
	renamed := writeFile(t, e.dir, "netbox2.csv", strings.Replace(netboxExport, "mounted on the ceiling", "moved to the wall", 1))
	if out := e.ok("import", renamed).stdout; !strings.Contains(out, "1 updated") || !strings.Contains(out, `Comments "mounted on the ceiling" → "moved to the wall"`) {
		t.Fatalf("import of a changed export:\n%s", out)
	}
	a := jsonDoc(t, e.ok("asset", "show", "AP 0A", "--json").stdout)["asset"].(map[string]any)
	if a["notes"] != "replaced PSU" || a["name"] != "AP 0A" || a["hostname"] != "" || a["source"] != "netbox" || a["external_id"] != "11" {
		t.Fatalf("asset after re-imports: %v", a)
	}
	show := e.ok("asset", "show", "AP 0A").stdout
	if !strings.Contains(show, "AP 0A") || !strings.Contains(show, "netbox 11") || !strings.Contains(show, "replaced PSU") {
		t.Fatalf("asset show:\n%s", show)
	}
	list := e.ok("asset", "list").stdout
	if !strings.Contains(list, "NAME") || !strings.Contains(list, "AP 0A") {
		t.Fatalf("asset list shows names:\n%s", list)
	}
	export := jsonDoc(t, e.ok("export", "--format", "json").stdout)
	if !strings.Contains(fmt.Sprint(export["assets"]), "name:AP 0A") {
		t.Fatalf("export: %v", export["assets"])
	}
}

func TestImportClassesFlagChoosesWhatIsImported(t *testing.T) {
	e := newEnv(t)
	var b strings.Builder
	b.WriteString("sys_id,name,sys_class_name,serial_number,install_status\nc1,*ANNIE-IBM,Computer,SER001,Installed\n")
	for i := range 1767 {
		fmt.Fprintf(&b, "s%d,Reader %d,Software,,Installed\n", i, i)
	}
	b.WriteString("b1,Email,Business Service,,Installed\n")
	file := writeFile(t, e.dir, "cmdb_ci.csv", b.String())
	e.ok("policy", "set", "check.fresh", "24h") // creates the database
	out := e.ok("import", file, "--dry-run").stdout
	for _, want := range []string{"1,767 rows of class Software skipped", "1 row of class Business Service skipped", "1 created", "1768 skipped (by class)"} {
		if !strings.Contains(out, want) {
			t.Errorf("dry run lacks %q:\n%s", want, out[max(0, len(out)-1000):])
		}
	}
	out = e.ok("import", file, "--classes", "devices,Business Service").stdout
	if !strings.Contains(out, "2 created") || !strings.Contains(out, "1767 skipped") {
		t.Fatalf("--classes devices,Business Service:\n%s", out[max(0, len(out)-600):])
	}
	if a := jsonDoc(t, e.ok("asset", "show", "*ANNIE-IBM", "--json").stdout)["asset"].(map[string]any); a["name"] != "*ANNIE-IBM" || a["kind"] != "workstation" {
		t.Fatalf("%v", a)
	}
	// Devices that --classes leaves out are said to be devices.
	out = e.ok("import", file, "--dry-run", "--classes", "Business Service").stdout
	if !strings.Contains(out, "1 row of class Computer skipped: devices, but --classes leaves them out") {
		t.Fatalf("--classes Business Service:\n%s", out[max(0, len(out)-600):])
	}
}

func TestImportRefusesAColumnMappedToTwoFields(t *testing.T) {
	e := newEnv(t)
	file := writeFile(t, e.dir, "hosts.csv", "Name,ip\nsw-1,192.0.2.10\n")
	e.fails(2, []string{`--map "Name=tag" and --map "Name=hostname"`, "a column fills one field"},
		"import", file, "--map", "Name=tag", "--map", "Name=hostname")
}

// Two hosts that answered, no <status> on either, and no <runstats>, as
// tools other than nmap write the format: the file is whole.
const statuslessXML = `<?xml version="1.0"?>
<nmaprun scanner="masscan" start="1700000000" version="1.0-BETA" xmloutputversion="1.03">
<scaninfo type="syn" protocol="tcp" />
<host endtime="1700000010"><address addr="192.0.2.10" addrtype="ipv4"/><ports><port protocol="tcp" portid="80"><state state="open" reason="syn-ack" reason_ttl="64"/></port></ports></host>
<host endtime="1700000011"><address addr="192.0.2.11" addrtype="ipv4"/><ports><port protocol="tcp" portid="22"><state state="open" reason="syn-ack" reason_ttl="64"/></port></ports></host>
</nmaprun>
`

func TestNmapImportSummaryAgreesWithUnknownAndSaysWhyNoneWasJudged(t *testing.T) {
	e := newEnv(t)
	file := writeFile(t, e.dir, "sweep.xml", statuslessXML)
	out := e.ok("import", file).stdout
	for _, want := range []string{"2 hosts answered, 0 dark, 0 unclear", "no device judged unknown: the scan scope is empty",
		"2 answering addresses not in the inventory went unjudged", "no <runstats><finished> element"} {
		if !strings.Contains(out, want) {
			t.Errorf("import summary lacks %q:\n%s", want, out)
		}
	}
	if strings.Contains(out, "ends before the scan finished") {
		t.Errorf("a file that closes </nmaprun> is not cut short:\n%s", out)
	}
	r := e.ok("unknown")
	if !strings.Contains(r.stderr, "the scan scope is empty") {
		t.Errorf("sunset unknown with an empty scope does not say why it lists nothing: %q", r.stderr)
	}

	e.ok("policy", "set", "scan.scope", "192.0.2.10/32")
	out = e.ok("import", file).stdout
	if !strings.Contains(out, "1 unknown device (`sunset unknown` lists it), 1 answering address outside the scan scope not judged") {
		t.Errorf("import summary:\n%s", out)
	}
	list := jsonDoc(t, e.ok("unknown", "--json").stdout)["findings"].([]any)
	if len(list) != 1 || list[0].(map[string]any)["address"] != "192.0.2.10" {
		t.Errorf("sunset unknown: %v", list)
	}
	doc := jsonDoc(t, e.ok("import", file, "--json").stdout)
	s := doc["nmap"].([]any)[0].(map[string]any)
	if s["judged"] != true || s["unknown_devices"] != float64(1) || s["unjudged"] != float64(1) || s["scope_empty"] != false {
		t.Errorf("JSON summary: %v", s)
	}
	dry := jsonDoc(t, e.ok("import", file, "--json", "--dry-run").stdout)["nmap"].([]any)[0].(map[string]any)
	if dry["judged"] != false {
		t.Errorf("a dry run judges no unknown device: %v", dry)
	}
	if out := e.ok("import", file, "--dry-run").stdout; !strings.Contains(out, "unknown devices are judged once it is stored") {
		t.Errorf("dry run summary:\n%s", out)
	}
}
