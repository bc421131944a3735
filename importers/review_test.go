package importers

import (
	"bytes"
	"context"
	"strings"
	"testing"

	"github.com/sunset-tui/sunset/inventory"
)

// A value from a name column that reads as a hostname is a name all the
// same: it finds the asset of that name, and "Excavator" in a name
// column is never a second Excavator.
func TestANameThatLooksLikeAHostnameMatchesTheAssetOfThatName(t *testing.T) {
	st, _ := testStore(t)
	seed(t, st, inventory.Asset{Name: "Excavator", Kind: inventory.KindOther})
	file := writeFile(t, "yard.csv", "name,location\nExcavator,Depot\n")
	rep := mustImport(t, st, []string{file}, Options{})
	if rep.Counts != (Counts{Rows: 1, Updated: 1}) {
		t.Fatalf("%+v %+v", rep.Counts, rep.Rows)
	}
	all := allAssets(t, st)
	if len(all) != 1 || all[0].Name != "Excavator" || all[0].Hostname != "" || all[0].Location != "Depot" {
		t.Fatalf("%+v", all)
	}
	if again := mustImport(t, st, []string{file}, Options{}); again.Counts != (Counts{Rows: 1, Unchanged: 1}) {
		t.Fatalf("second import: %+v %+v", again.Counts, again.Rows)
	}

	// The reverse: a name (Snipe-IT's Asset Name is never a hostname)
	// finds the asset whose hostname it is, and adds no name to it.
	st2, _ := testStore(t)
	seed(t, st2, inventory.Asset{Tag: "T-1", Hostname: "excavator"})
	snipe := writeFile(t, "snipe.csv", "Asset Tag,Asset Name,Location\n,Excavator,Depot\n")
	rep = mustImport(t, st2, []string{snipe}, Options{Format: FormatSnipeIT})
	if rep.Counts != (Counts{Rows: 1, Updated: 1}) {
		t.Fatalf("%+v %+v", rep.Counts, rep.Rows)
	}
	if a := assetByTag(t, st2, "T-1"); a.Name != "" || a.Location != "Depot" || len(allAssets(t, st2)) != 1 {
		t.Fatalf("%+v", allAssets(t, st2))
	}
}

// One asset named Excavator, another whose hostname is excavator: a row
// naming Excavator names both, and is a conflict, not a merge into one.
func TestANameThatIsOneAssetsNameAndAnothersHostnameIsAConflict(t *testing.T) {
	st, _ := testStore(t)
	seed(t, st, inventory.Asset{Name: "Excavator"}, inventory.Asset{Hostname: "excavator"})
	for _, csv := range []string{"name,location\nExcavator,Depot\n", "Asset Tag,Asset Name,Location\n,Excavator,Depot\n"} {
		rep, err := Import(context.Background(), st, []string{writeFile(t, "yard.csv", csv)}, Options{})
		if err != nil || rep.Counts != (Counts{Rows: 1, Rejected: 1, Conflicts: 1}) ||
			!strings.Contains(rep.Rows[0].Reason, "matches 2 assets") {
			t.Fatalf("%q: %v %+v %+v", csv, err, rep.Counts, rep.Rows)
		}
	}
}

// An asset that only its tool's id names (a NetBox device with no name)
// goes out in the export with its source and id, and comes back: into
// the same inventory as no change, into an empty one as the same asset.
func TestExportKeepsWhatIdentifiesAnAssetKnownOnlyByItsSourceID(t *testing.T) {
	st, path := testStore(t)
	netbox := writeFile(t, "devices.csv", "ID,Name,Status,Serial number\n11,Unnamed device,Active,\n12,sw1,Active,SN12\n")
	mustImport(t, st, []string{netbox}, Options{Format: FormatNetBox})
	exported := exportCSV(t, st)
	if !bytes.HasPrefix(exported, []byte(strings.Join(ExportHeader(), ",")+"\n")) ||
		!bytes.Contains(exported, []byte(",netbox,11\n")) || !strings.HasSuffix(strings.Join(ExportHeader(), ","), ",mac,source,external-id") {
		t.Fatalf("%s", exported)
	}
	file := writeFile(t, "export.csv", string(exported))

	if err := st.Close(); err != nil {
		t.Fatal(err)
	}
	before := fileHash(t, path)
	st = reopen(t, st, path)
	rep := mustImport(t, st, []string{file}, Options{})
	if rep.Counts != (Counts{Rows: 2, Unchanged: 2}) || rep.Written {
		t.Fatalf("%+v %+v", rep.Counts, rep.Rows)
	}
	st.Close()
	if fileHash(t, path) != before {
		t.Fatal("importing the export into its inventory changed it")
	}

	empty, _ := testStore(t)
	if rep := mustImport(t, empty, []string{file}, Options{}); rep.Counts != (Counts{Rows: 2, Created: 2}) {
		t.Fatalf("%+v %+v", rep.Counts, rep.Rows)
	}
	if again := exportCSV(t, empty); !bytes.Equal(again, exported) {
		t.Fatalf("export of the copy differs:\n%s---\n%s", exported, again)
	}
	back := allAssets(t, empty)
	if back[0].Source != "netbox" || back[0].ExternalID != "11" || back[1].Hostname != "sw1" || back[1].ExternalID != "12" {
		t.Fatalf("%+v", back)
	}
	// An export written before the source columns still reads as one.
	old := strings.Join(ExportHeader()[:len(inventory.Fields)], ",") + "\n,sw2,,other,,,,,,,active,,,,,no,,no,,,,no,,,,\n"
	if rep := mustImport(t, empty, []string{writeFile(t, "old.csv", old)}, Options{}); rep.Files[0].Detected != "the header is sunset's own export header" {
		t.Fatalf("%+v", rep.Files[0])
	}
}

// A lab's loopback address is the device's, as `asset add --ip` keeps it;
// only among several addresses of a row are the loopback, link-local and
// shared ones set aside, and the row says so.
func TestOneLoopbackAddressIsKeptAndSharedOnesAmongSeveralAreNamed(t *testing.T) {
	st, _ := testStore(t)
	file := writeFile(t, "lab.csv", "tag,hostname,ip\nLB-1,lb1,127.0.0.40\nLB-2,lb2,\"127.0.0.1 192.0.2.5 fe80::1\"\n")
	rep := mustImport(t, st, []string{file}, Options{})
	if a := assetByTag(t, st, "LB-1"); strings.Join(a.IPs(), " ") != "127.0.0.40" || len(rowAt(t, rep, 2).Warnings) != 0 {
		t.Fatalf("%+v %+v", a, rep.Rows)
	}
	b := assetByTag(t, st, "LB-2")
	warn := strings.Join(rowAt(t, rep, 3).Warnings, "\n")
	if strings.Join(b.IPs(), " ") != "192.0.2.5" || importedOf(t, st, b.ID)["ip (shared or local)"] != "127.0.0.1 fe80::1" ||
		!strings.Contains(warn, `column "ip"`) || !strings.Contains(warn, "127.0.0.1 loopback") || !strings.Contains(warn, "fe80::1 link-local") {
		t.Fatalf("%+v %v %q", b, importedOf(t, st, b.ID), warn)
	}
	// A VPN adapter's MAC is many devices', even alone: set aside, said.
	vpn := writeFile(t, "vpn.csv", "tag,mac\nV-1,00:05:9A:3C:7A:00\n")
	rep = mustImport(t, st, []string{vpn}, Options{})
	if v := assetByTag(t, st, "V-1"); len(v.MACs()) != 0 || !strings.Contains(strings.Join(rowAt(t, rep, 2).Warnings, ""), `column "mac"`) {
		t.Fatalf("%+v %+v", v, rep.Rows)
	}
}

// --classes that no row matches says so; on a file with no class column
// it is refused, as a --map of a column no file has; and a summary never
// says the inventory matches rows that were skipped.
func TestClassesThatMatchNoRowAreNamedAndTheSummaryCountsSkippedRows(t *testing.T) {
	st, _ := testStore(t)
	sn := writeFile(t, "cmdb_ci.csv", "sys_id,name,sys_class_name,install_status\nabc,srv1,cmdb_ci_linux_server,1\n")
	for _, dry := range []bool{false, true} {
		rep := mustImport(t, st, []string{sn}, Options{Classes: []string{"nosuch"}, DryRun: dry})
		var text bytes.Buffer
		if err := rep.WriteText(&text); err != nil {
			t.Fatal(err)
		}
		out := text.String()
		if rep.Counts != (Counts{Rows: 1, Skipped: 1}) || len(rep.Warnings) != 1 || !strings.Contains(rep.Warnings[0], "--classes nosuch matched no row") ||
			strings.Contains(out, "already matches every row") || !strings.Contains(out, "every row was skipped by its class") ||
			!strings.Contains(out, "warning: --classes nosuch") {
			t.Fatalf("dry run %v: %+v %v\n%s", dry, rep.Counts, rep.Warnings, out)
		}
		if dry != strings.Contains(out, "Dry run: nothing written") {
			t.Fatalf("dry run %v:\n%s", dry, out)
		}
	}
	rep := mustImport(t, st, []string{sn}, Options{Classes: []string{"Linux Server", "devices"}})
	if rep.Counts != (Counts{Rows: 1, Created: 1}) || len(rep.Warnings) != 0 {
		t.Fatalf("%+v %v", rep.Counts, rep.Warnings)
	}
	plain := writeFile(t, "plain.csv", "tag,hostname\nP-1,p1\n")
	_, err := Import(context.Background(), st, []string{plain}, Options{Classes: []string{"nosuch"}})
	if err == nil || !strings.Contains(err.Error(), "no input file has a class column") {
		t.Fatalf("%v", err)
	}
}

// A short Snipe-IT export is Snipe-IT's by its own column titles, so a
// deployable asset checked out to someone is active.
func TestAShortSnipeITExportIsRecognised(t *testing.T) {
	st, _ := testStore(t)
	file := writeFile(t, "snipe.csv", "Asset Tag,Asset Name,Status,Checked Out To\nA-1,Dump Truck,Ready to Deploy,Jane Doe\nA-2,Crane,Ready to Deploy,\n")
	rep := mustImport(t, st, []string{file}, Options{})
	if rep.Files[0].Format != FormatSnipeIT {
		t.Fatalf("%+v", rep.Files[0])
	}
	if a := assetByTag(t, st, "A-1"); a.Stage != inventory.StageActive || a.Owner != "Jane Doe" || a.Name != "Dump Truck" {
		t.Fatalf("%+v", a)
	}
	if a := assetByTag(t, st, "A-2"); a.Stage != inventory.StageSpare {
		t.Fatalf("%+v", a)
	}
	// A spreadsheet with an asset tag and the usual words stays plain CSV.
	plain := writeFile(t, "plain.csv", "Asset Tag,Name,Status,Location,Serial\nB-1,b1,active,HQ,S1\n")
	if rep := mustImport(t, st, []string{plain}, Options{DryRun: true}); rep.Files[0].Format != FormatCSV {
		t.Fatalf("%+v", rep.Files[0])
	}
}

// --latin1 on a file that is UTF-8 would garble it: it is refused, and
// nothing is written. A file that is Latin-1 says the same encoding,
// forced or found.
func TestLatin1OnAUTF8FileIsRefusedAndTheEncodingIsNamedAlike(t *testing.T) {
	st, path := testStore(t)
	utf8File := writeFile(t, "utf8.csv", "tag,hostname,location\nZ-1,z1,Zürich\n")
	before := fileHash(t, path)
	_, err := Import(context.Background(), st, []string{utf8File}, Options{Latin1: true})
	if err == nil || !strings.Contains(err.Error(), "without --latin1") || !strings.Contains(err.Error(), "line 2") {
		t.Fatalf("%v", err)
	}
	if fileHash(t, path) != before {
		t.Fatal("the refused import wrote")
	}
	latin := writeFile(t, "latin.csv", "tag,hostname,location\nZ-1,z1,Z\xfcrich\n")
	forced := mustImport(t, st, []string{latin}, Options{Latin1: true, DryRun: true})
	found := mustImport(t, st, []string{latin}, Options{DryRun: true})
	for _, rep := range []Report{forced, found} {
		if !strings.HasPrefix(rep.Files[0].Encoding, "windows-1252 (") {
			t.Fatalf("%q", rep.Files[0].Encoding)
		}
	}
	// ASCII reads alike either way: nothing to refuse.
	mustImport(t, st, []string{writeFile(t, "ascii.csv", "tag,hostname\nA-1,a1\n")}, Options{Latin1: true, DryRun: true})
}

// A dry run needs no inventory: with no store it previews against an
// empty one.
func TestADryRunWithNoInventoryPreviewsAgainstAnEmptyOne(t *testing.T) {
	file := writeFile(t, "inventory.csv", "tag,hostname\nA-1,a1\nA-2,a2\n")
	rep, err := Import(context.Background(), nil, []string{file}, Options{DryRun: true})
	if err != nil || rep.Counts != (Counts{Rows: 2, Created: 2}) || rep.Written {
		t.Fatalf("%v %+v", err, rep.Counts)
	}
	if _, err := Import(context.Background(), nil, []string{file}, Options{}); err == nil {
		t.Fatal("a real import with no store did not fail")
	}
}

// A column that fills a field only where another is empty, or whose
// values the field cannot take, is reported as what it did: rows filled,
// rows kept as an imported column.
func TestTheSummarySaysWhatBecameOfEachColumn(t *testing.T) {
	st, _ := testStore(t)
	file := writeFile(t, "snipe.csv", "Asset Tag,Asset Name,Model,Model Number,Category,Checked Out To: Username,Checked Out To: Email\n"+
		"A-1,one,M1,MN1,quam,alice,alice@example.org\n"+
		"A-2,two,,MN2,Laptop,,bob@example.org\n")
	rep := mustImport(t, st, []string{file}, Options{DryRun: true})
	var text bytes.Buffer
	if err := rep.WriteText(&text); err != nil {
		t.Fatal(err)
	}
	out := text.String()
	for _, want := range []string{
		`Model Number → model only where "Model" is empty (1 row); kept as an imported column in 1 row`,
		`Checked Out To: Email → owner only where "Checked Out To: Username" is empty (1 row); kept as an imported column in 1 row`,
		`Category → kind in 1 row; kept as an imported column in 1 row`,
	} {
		if !strings.Contains(out, want) {
			t.Fatalf("want %q in:\n%s", want, out)
		}
	}
	if strings.Contains(out, "Model Number → model,") || strings.Contains(out, "Category → kind,") {
		t.Fatalf("a column listed as filling its field alone:\n%s", out)
	}
}
