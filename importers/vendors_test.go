package importers

import (
	"context"
	"maps"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/sunset-tui/sunset/inventory"
)

func testdata(name string) string { return filepath.Join("testdata", name) }

func TestFormatsAreRecognisedAndSaySo(t *testing.T) {
	for name, want := range map[string]Format{
		"netbox_devices.csv":          FormatNetBox,
		"snipeit_export.csv":          FormatSnipeIT,
		"servicenow_cmdb_ci.csv":      FormatServiceNow,
		"servicenow_alm_hardware.csv": FormatServiceNow,
		"glpi_computers.csv":          FormatGLPI,
		"glpi_ordinateurs_fr.csv":     FormatGLPI,
		"runzero_assets.csv":          FormatRunZero,
		"csv-spectrum/newlines.csv":   FormatCSV,
	} {
		data, err := os.ReadFile(testdata(name))
		if err != nil {
			t.Fatal(err)
		}
		got, reason, err := SniffFormat(name, data, false)
		if err != nil || got != want || reason == "" {
			t.Errorf("%s: %s (%q), %v; want %s", name, got, reason, err, want)
		}
	}
}

func TestNmapXMLIsRecognisedForTheScanImporter(t *testing.T) {
	dir := filepath.Join(corpusDir(t), "nmap")
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Skipf("SKIPPING: nmap corpus not found at %s: %v", dir, err)
	}
	for _, e := range entries {
		data, err := os.ReadFile(filepath.Join(dir, e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		f, _, err := SniffFormat(e.Name(), data, false)
		if err != nil || f != FormatNmapXML {
			t.Errorf("%s: %s, %v", e.Name(), f, err)
		}
	}
	if _, _, err := SniffFormat("x.xml", []byte("<?xml version=\"1.0\"?><inventory/>"), false); err == nil {
		t.Error("XML that is not nmap output was accepted")
	}
}

// stagesAfterImport imports one file into an empty store and returns the
// stage of every asset by tag.
func stagesAfterImport(t *testing.T, file string, opts Options) (map[string]inventory.Stage, Report, inventory.Store) {
	t.Helper()
	st, _ := testStore(t)
	rep := mustImport(t, st, []string{testdata(file)}, opts)
	got := map[string]inventory.Stage{}
	for _, a := range allAssets(t, st) {
		got[a.Ref()] = a.Stage
	}
	return got, rep, st
}

func assertStages(t *testing.T, got, want map[string]inventory.Stage) {
	t.Helper()
	if len(got) != len(want) {
		t.Errorf("%d assets, want %d: %v", len(got), len(want), got)
	}
	for ref, st := range want {
		if got[ref] != st {
			t.Errorf("%s: stage %q, want %q", ref, got[ref], st)
		}
	}
}

func TestNetBoxExport(t *testing.T) {
	got, rep, st := stagesAfterImport(t, "netbox_devices.csv", Options{})
	assertStages(t, got, map[string]inventory.Stage{
		"NB-0001": "active", "NB-0002": "active", "NB-0003": "planned", "NB-0004": "spare", "NB-0005": "decommissioning",
		"NB-0006": "spare", "NB-0007": "planned", "NB-0008": "spare", "NB-0009": "active",
	})
	sw := assetByTag(t, st, "NB-0001")
	if sw.Hostname != "core-sw-01" || sw.Kind != inventory.KindSwitch || sw.Model != "EX4300-48T" || sw.Vendor != "Juniper" ||
		sw.Serial != "PE3714110101" || sw.Department != "Networks" || sw.Location != "Server Room" || sw.OS != "Junos" ||
		strings.Join(sw.IPs(), " ") != "192.0.2.2 2001:db8::2" || sw.Source != "netbox" || sw.ExternalID != "1" {
		t.Fatalf("core switch: %+v", sw)
	}
	if cols := importedOf(t, st, sw.ID); sw.Notes != "" || cols["Site"] != "HQ" || cols["Rack"] != "R01" || cols["Tags"] != "core" {
		t.Fatalf("notes %q, imported %v", sw.Notes, cols)
	}
	if nvr := assetByTag(t, st, "NB-0004"); nvr.Notes != "" || importedOf(t, st, nvr.ID)["Comments"] != "Powered off, waiting for RMA" {
		t.Fatalf("NetBox's comments are its own, not a person's notes: %q, %v", nvr.Notes, importedOf(t, st, nvr.ID))
	}
	// A name that is no DNS name is the asset's name, not a hostname.
	panel := assetByTag(t, st, "NB-0009")
	if panel.Hostname != "" || panel.Name != "PP:B117" || panel.Kind != inventory.KindOther || importedOf(t, st, panel.ID)["Role"] != "Patch Panel" {
		t.Fatalf("patch panel: %+v", panel)
	}
	if w := rowAt(t, rep, 10).Warnings; len(w) != 0 {
		t.Fatalf("warnings %q", w)
	}
}

func TestSnipeITExport(t *testing.T) {
	_, rep, _ := stagesAfterImport(t, "snipeit_export.csv", Options{})
	if rep.Written || len(rep.UnknownStatuses) != 1 || rep.UnknownStatuses[0].Value != "Out for Repair" || rep.UnknownStatuses[0].Lines[0] != 6 {
		t.Fatalf("%+v", rep.UnknownStatuses)
	}
	got, _, st := stagesAfterImport(t, "snipeit_export.csv", Options{StageMap: map[string]inventory.Stage{"out for repair": "spare"}})
	assertStages(t, got, map[string]inventory.Stage{
		"ACME-0101": "active", // ready to deploy, but checked out to Jane: deployed
		"ACME-0102": "spare", "ACME-0103": "retired", "ACME-0104": "retired", "ACME-0105": "spare", "ACME-0106": "spare",
	})
	jane := assetByTag(t, st, "ACME-0101")
	if jane.Owner != "Jane Roe" || jane.Kind != inventory.KindLaptop || jane.WarrantyEnds.String() != "2026-01-10" ||
		jane.EOLOn.String() != "2027-01-10" || jane.LastManagedOn.String() != "2025-01-05" || jane.MACs()[0] != "00:00:5e:00:53:a1" ||
		importedOf(t, st, jane.ID)["Warranty"] != "36" || jane.ExternalID != "101" || jane.Name != "lt-jane" || jane.Hostname != "" {
		t.Fatalf("%+v", jane)
	}
	nvr := assetByTag(t, st, "ACME-0105")
	if want := map[string]string{"Notes": `=HYPERLINK("http://example.net")`, "Company": "Acme", "Purchase Date": "2020-01-01",
		"Purchase Cost": "900.00", "Order Number": "PO-3", "Supplier": "Hikvision", "Warranty": "12"}; nvr.Notes != "" || !maps.Equal(importedOf(t, st, nvr.ID), want) {
		t.Fatalf("notes %q, imported %v", nvr.Notes, importedOf(t, st, nvr.ID))
	}
}

func TestServiceNowExports(t *testing.T) {
	got, rep, st := stagesAfterImport(t, "servicenow_cmdb_ci.csv", Options{})
	if rep.Files[0].Format != FormatServiceNow {
		t.Fatal(rep.Files[0])
	}
	assertStages(t, got, map[string]inventory.Stage{
		"P000101": "active", "P000102": "active", "P000103": "spare", "P000104": "retired", "P000105": "planned", "P000106": "retired",
	})
	web := assetByTag(t, st, "P000101")
	if web.Hostname != "lnx-web-01" || web.Kind != inventory.KindServer || web.Owner != "Fred Luddy" || web.OSVersion != "9.3" ||
		web.DeployedOn.String() != "2022-05-01" || web.DNSNames()[0] != "lnx-web-01.example.net" || web.ExternalID != "3a1b0c2fdb001010a0b1c2d3e4f50001" {
		t.Fatalf("%+v", web)
	}
	if k := assetByTag(t, st, "P000106").Kind; k != inventory.KindCamera {
		t.Fatalf("camera kind %s", k)
	}

	got, _, st = stagesAfterImport(t, "servicenow_alm_hardware.csv", Options{})
	assertStages(t, got, map[string]inventory.Stage{
		"P1000101": "active", "P1000102": "planned", "P1000103": "spare", "P1000104": "disposed", "P1000105": "disposed",
		"P1000106": "decommissioning", "P1000107": "retired", "P1000108": "planned", "P1000109": "retired",
	})
	if a := assetByTag(t, st, "P1000101"); a.Hostname != "lt-beth-01" || a.Owner != "Beth Anglin" {
		t.Fatalf("%+v", a)
	}
}

func TestGLPIExports(t *testing.T) {
	_, rep, _ := stagesAfterImport(t, "glpi_computers.csv", Options{})
	if rep.Files[0].Delimiter != ";" || len(rep.UnknownStatuses) != 1 || rep.UnknownStatuses[0].Value != "Broken" {
		t.Fatalf("%+v %+v", rep.Files[0], rep.UnknownStatuses)
	}
	got, _, st := stagesAfterImport(t, "glpi_computers.csv", Options{StageMap: map[string]inventory.Stage{"Broken": "decommissioning"}})
	assertStages(t, got, map[string]inventory.Stage{"INV-0101": "active", "INV-0102": "spare", "INV-0103": "retired", "INV-0107": "decommissioning"})
	pc := assetByTag(t, st, "INV-0101")
	if pc.Hostname != "pc-acc-01" || pc.Kind != inventory.KindWorkstation || pc.Owner != "jdoe" || pc.OS != "Windows 11 Pro" ||
		pc.PrimaryIP() != "192.0.2.121" || pc.MACs()[0] != "00:00:5e:00:53:21" || pc.Location != "HQ > Floor 1" {
		t.Fatalf("%+v", pc)
	}

	got, rep, st = stagesAfterImport(t, "glpi_ordinateurs_fr.csv", Options{})
	assertStages(t, got, map[string]inventory.Stage{"INV-FR-001": "active", "INV-FR-002": "spare", "INV-FR-003": "disposed"})
	if rep.Files[0].Encoding != "utf-8 (byte-order mark removed)" {
		t.Fatal(rep.Files[0].Encoding)
	}
	if a := assetByTag(t, st, "INV-FR-002"); a.Kind != inventory.KindLaptop || a.Serial != "5CG9FR0002" || a.Vendor != "Dell" {
		t.Fatalf("%+v", a)
	}
}

func TestRunZeroExport(t *testing.T) {
	st, _ := testStore(t)
	rep := mustImport(t, st, []string{testdata("runzero_assets.csv")}, Options{})
	if rep.Counts != (Counts{Rows: 3, Created: 3}) {
		t.Fatalf("%+v %+v", rep.Counts, rep.Rows)
	}
	nas, err := st.FindAsset(context.Background(), "nas01")
	if err != nil {
		t.Fatal(err)
	}
	if nas.Kind != inventory.KindStorage || nas.Stage != inventory.StageActive || strings.Join(nas.IPs(), " ") != "192.0.2.50 2001:db8::50" ||
		nas.DNSNames()[0] != "nas01.example.net" || nas.Vendor != "Synology" || nas.Model != "DS920+" || nas.OS != "DSM" || nas.OSVersion != "7.2" ||
		nas.Location != "HQ" || nas.Source != "runzero" || nas.ExternalID != "6a1f0d2e-0001-4c6e-9a7b-000000000001" ||
		!nas.LastSeen.Equal(time.Date(2025, 3, 13, 23, 10, 0, 0, time.UTC)) {
		t.Fatalf("%+v", nas)
	}
	// An asset discovery found no name for is the device its id and its
	// address name.
	if r := rowAt(t, rep, 4); r.Action != ActionCreate || r.Asset != "runzero id 6a1f0d2e-0003-4c6e-9a7b-000000000003" {
		t.Fatalf("%+v", r)
	}
	nameless, err := st.FindAsset(context.Background(), "192.0.2.52")
	if err != nil || nameless.ExternalID != "6a1f0d2e-0003-4c6e-9a7b-000000000003" || nameless.Tag != "" || nameless.Hostname != "" {
		t.Fatalf("%+v %v", nameless, err)
	}
	again := mustImport(t, st, []string{testdata("runzero_assets.csv")}, Options{})
	if again.Counts != (Counts{Rows: 3, Unchanged: 3}) {
		t.Fatalf("re-import %+v %+v", again.Counts, again.Rows)
	}
}
