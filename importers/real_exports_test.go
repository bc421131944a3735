package importers

import (
	"bytes"
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/sunset-tui/sunset/inventory"
)

// The rules of issue 14, each on a small file written the way the tool
// writes its export: identity beyond tag and hostname, names that are no
// hostnames, each tool's columns, classes that are no devices, status
// words in four languages, and re-imports that keep what people wrote.

// assetWhere finds the one asset that ok accepts.
func assetWhere(t *testing.T, st inventory.Reader, what string, ok func(a inventory.Asset) bool) inventory.Asset {
	t.Helper()
	var found []inventory.Asset
	for _, a := range allAssets(t, st) {
		if ok(a) {
			found = append(found, a)
		}
	}
	if len(found) != 1 {
		t.Fatalf("%d assets with %s, want 1: %+v", len(found), what, found)
	}
	return found[0]
}

func bySerial(serial string) func(inventory.Asset) bool {
	return func(a inventory.Asset) bool { return a.Serial == serial }
}

func byExternalID(source, id string) func(inventory.Asset) bool {
	return func(a inventory.Asset) bool { return a.Source == source && a.ExternalID == id }
}

const netboxUnnamed = "ID,Name,Status,Site,Location,Rack,Role,Manufacturer,Type,Serial number,Asset tag,Position,Face,IP Address\n" +
	"11,AP 0A,Active,HQ,Floor 1,,Access Point,Cisco,AIR-AP2802I,FGL0000AP0A,,,,192.0.2.70/24\n" +
	"12,Unnamed device,Active,HQ,Server Room,R03,PDU,APC,AP8941,ZA1234567890,,1.0,Rear,\n" +
	"13,,Offline,HQ,Server Room,R03,PDU,APC,AP8941,ZA1234567891,,2.0,Rear,\n" +
	"14,SW FD0A,Active,HQ,Floor 1,,Access Switch,Cisco,C9200L,FOC0000FD0A,,,,192.0.2.71/24\n"

// NetBox devices without a tag and without a DNS name (an access point
// named "AP 0A", PDUs with only a serial) are devices all the same,
// known by their NetBox ID, which a re-import matches first: a device
// renamed in NetBox is the same asset, renamed, with no --map ID=tag.
func TestDevicesWithoutTagOrHostnameAreKnownByTheirSourceID(t *testing.T) {
	st, _ := testStore(t)
	file := writeFile(t, "netbox.csv", netboxUnnamed)
	rep := mustImport(t, st, []string{file}, Options{})
	if rep.Counts != (Counts{Rows: 4, Created: 4}) || rep.Files[0].Format != FormatNetBox {
		t.Fatalf("%+v %+v", rep.Counts, rep.Rows)
	}
	ap := assetWhere(t, st, "NetBox ID 11", byExternalID("netbox", "11"))
	if ap.Name != "AP 0A" || ap.Hostname != "" || ap.Tag != "" || ap.Kind != inventory.KindAccessPoint || ap.Serial != "FGL0000AP0A" ||
		ap.PrimaryIP() != "192.0.2.70" || ap.Location != "Floor 1" {
		t.Fatalf("access point: %+v", ap)
	}
	pdu := assetWhere(t, st, "serial ZA1234567890", bySerial("ZA1234567890"))
	if pdu.Name != "" || pdu.Hostname != "" || pdu.ExternalID != "12" || pdu.Stage != inventory.StageActive || importedOf(t, st, pdu.ID)["Rack"] != "R03" {
		t.Fatalf("unnamed PDU: %+v", pdu)
	}
	if r := rowAt(t, rep, 3); r.Asset != "serial ZA1234567890" {
		t.Fatalf("the PDU is named by its serial in the report: %+v", r)
	}
	if spare := assetWhere(t, st, "serial ZA1234567891", bySerial("ZA1234567891")); spare.ExternalID != "13" || spare.Stage != inventory.StageSpare {
		t.Fatalf("PDU with no name: %+v", spare)
	}

	again := mustImport(t, st, []string{file}, Options{})
	if again.Counts != (Counts{Rows: 4, Unchanged: 4}) {
		t.Fatalf("second import: %+v %+v", again.Counts, again.Rows)
	}
	if r := rowAt(t, again, 3); r.Asset != "serial ZA1234567890" || r.AssetID != pdu.ID {
		t.Fatalf("unchanged PDU row: %+v", r)
	}

	renamed := writeFile(t, "netbox.csv", strings.Replace(netboxUnnamed, "AP 0A", "AP 0B", 1))
	third := mustImport(t, st, []string{renamed}, Options{})
	if third.Counts != (Counts{Rows: 4, Updated: 1, Unchanged: 3}) {
		t.Fatalf("renamed: %+v %+v", third.Counts, third.Rows)
	}
	if r := rowAt(t, third, 2); r.AssetID != ap.ID || len(r.Changes) != 1 || r.Changes[0] != (inventory.Change{Field: "name", From: "AP 0A", To: "AP 0B"}) {
		t.Fatalf("rename row: %+v", r)
	}
	if n := len(allAssets(t, st)); n != 4 {
		t.Fatalf("%d assets after a rename, want 4", n)
	}
}

// A source's ids name only that source's records: runZero's id 11 is not
// NetBox's device 11.
func TestSourceIDsOfTwoToolsNeverMatch(t *testing.T) {
	st, _ := testStore(t)
	mustImport(t, st, []string{writeFile(t, "netbox.csv", netboxUnnamed)}, Options{})
	rz := "id,address,names,macs,type,alive,last_seen\n11,192.0.2.99,,,Server,true,1731000000\n"
	rep := mustImport(t, st, []string{writeFile(t, "runzero.csv", rz)}, Options{})
	if rep.Counts != (Counts{Rows: 1, Created: 1}) {
		t.Fatalf("%+v %+v", rep.Counts, rep.Rows)
	}
	if a := assetWhere(t, st, "runZero id 11", byExternalID("runzero", "11")); a.PrimaryIP() != "192.0.2.99" {
		t.Fatalf("%+v", a)
	}
}

// runZero assets with an address and an id but no name go in; last_seen
// in seconds since 1970 is when runZero last saw them.
func TestRunZeroNamelessAssetsAndEpochLastSeen(t *testing.T) {
	st, _ := testStore(t)
	rz := "id,address,names,macs,type,os,alive,first_seen,last_seen,site_name\n" +
		"b1,192.0.2.60,,00:00:5e:00:53:60,Server,Linux,true,1700000000,1731000000,HQ\n" +
		"b2,192.0.2.61,host61,,Server,Linux,true,1700000000,1731000500,HQ\n"
	file := writeFile(t, "runzero.csv", rz)
	rep := mustImport(t, st, []string{file}, Options{Now: func() time.Time { return testNow }})
	if rep.Counts != (Counts{Rows: 2, Created: 2}) || rep.Files[0].Format != FormatRunZero {
		t.Fatalf("%+v %+v", rep.Counts, rep.Rows)
	}
	b1 := assetWhere(t, st, "runZero id b1", byExternalID("runzero", "b1"))
	if !b1.LastSeen.Equal(time.Unix(1731000000, 0)) || b1.Name != "" || b1.Hostname != "" || b1.MACs()[0] != "00:00:5e:00:53:60" ||
		b1.Kind != inventory.KindServer || importedOf(t, st, b1.ID)["first_seen"] != "1700000000" {
		t.Fatalf("%+v %v", b1, importedOf(t, st, b1.ID))
	}
	if b2, err := st.FindAsset(context.Background(), "host61"); err != nil || !b2.LastSeen.Equal(time.Unix(1731000500, 0)) {
		t.Fatalf("%+v %v", b2, err)
	}
	if again := mustImport(t, st, []string{file}, Options{}); again.Counts != (Counts{Rows: 2, Unchanged: 2}) {
		t.Fatalf("second import: %+v", again.Counts)
	}
}

// Ralph's back-office assets often have only an id and a serial.
func TestRalphBackOfficeAssetsWithOnlyIDAndSerial(t *testing.T) {
	st, _ := testStore(t)
	ralph := "id,barcode,sn,hostname,status,model,remarks,invoice_no,warehouse,management_ip\n" +
		"7,,SN-R7,,in use,Laptop X,bought for the lab,INV1,WH1,\n" +
		"8,BC-8,SN-R8,srv-r8,liquidated,Server Y,,INV2,WH1,192.0.2.88\n"
	file := writeFile(t, "ralph.csv", ralph)
	rep := mustImport(t, st, []string{file}, Options{})
	if rep.Counts != (Counts{Rows: 2, Created: 2}) || rep.Files[0].Format != FormatRalph {
		t.Fatalf("%+v %+v", rep.Counts, rep.Files[0])
	}
	laptop := assetWhere(t, st, "Ralph id 7", byExternalID("ralph", "7"))
	if laptop.Serial != "SN-R7" || laptop.Stage != inventory.StageActive || laptop.Location != "WH1" || laptop.Notes != "" ||
		importedOf(t, st, laptop.ID)["remarks"] != "bought for the lab" {
		t.Fatalf("%+v %v", laptop, importedOf(t, st, laptop.ID))
	}
	if srv := assetByTag(t, st, "BC-8"); srv.Hostname != "srv-r8" || srv.Stage != inventory.StageDisposed || srv.PrimaryIP() != "192.0.2.88" {
		t.Fatalf("%+v", srv)
	}
	if again := mustImport(t, st, []string{file}, Options{}); again.Counts != (Counts{Rows: 2, Unchanged: 2}) {
		t.Fatalf("second import: %+v", again.Counts)
	}
}

// GLPI in French is GLPI: "Composants - Adresse MAC" holds MACs, several
// to a cell (a line each, or HTML line breaks), and free-text names are
// names.
func TestGLPIInFrenchAndGermanWithSeveralMACsPerCell(t *testing.T) {
	st, _ := testStore(t)
	fr := "\"Nom\";\"Entité\";\"Statut\";\"Fabricant\";\"Numéro de série\";\"Type\";\"Composants - Adresse MAC\";\"Réseau - Adresse IP\"\n" +
		"\"PC-0001\";\"Racine\";\"Actif\";\"Dell\";\"SN1\";\"Ordinateur\";\"00:00:5e:00:53:01\n00:00:5e:00:53:02\";\"192.0.2.90\"\n" +
		"\"POSTE COMPTA\";\"Racine\";\"Recyclé\";\"HP\";\"SN2\";\"Portable\";\"00:00:5e:00:53:03<br>00:00:5e:00:53:04\";\"\"\n"
	rep := mustImport(t, st, []string{writeFile(t, "glpi_fr.csv", fr)}, Options{})
	if rep.Counts != (Counts{Rows: 2, Created: 2}) || rep.Files[0].Format != FormatGLPI {
		t.Fatalf("%+v %+v", rep.Counts, rep.Files[0])
	}
	pc := assetByTag(t, st, "PC-0001")
	if pc.Hostname != "PC-0001" || pc.Stage != inventory.StageActive || strings.Join(pc.MACs(), " ") != "00:00:5e:00:53:01 00:00:5e:00:53:02" ||
		pc.Kind != inventory.KindWorkstation || pc.Source != "glpi" {
		t.Fatalf("%+v", pc)
	}
	compta := assetByTag(t, st, "POSTE COMPTA")
	if compta.Name != "POSTE COMPTA" || compta.Hostname != "" || compta.Stage != inventory.StageDisposed ||
		strings.Join(compta.MACs(), " ") != "00:00:5e:00:53:03 00:00:5e:00:53:04" || compta.Kind != inventory.KindLaptop {
		t.Fatalf("%+v", compta)
	}

	de := "Name;Einheit;Status;Hersteller;Seriennummer;Komponenten - MAC-Adresse;Inventarnummer\n" +
		"pc-de-1;Root;Aktiv;Dell;DE1;00:00:5e:00:53:11, 00:00:5e:00:53:12;INV-DE-1\n" +
		"pc-de-2;Root;Ausgemustert;Dell;DE2;;INV-DE-2\n" +
		"pc-de-3;Root;Verschrottet;Dell;DE3;;INV-DE-3\n"
	rep = mustImport(t, st, []string{writeFile(t, "glpi_de.csv", de)}, Options{})
	if rep.Counts != (Counts{Rows: 3, Created: 3}) || rep.Files[0].Format != FormatGLPI {
		t.Fatalf("%+v %+v", rep.Counts, rep.Files[0])
	}
	if a := assetByTag(t, st, "INV-DE-1"); a.Hostname != "pc-de-1" || len(a.MACs()) != 2 || a.Stage != inventory.StageActive {
		t.Fatalf("%+v", a)
	}
	assertStages(t, map[string]inventory.Stage{
		"INV-DE-2": assetByTag(t, st, "INV-DE-2").Stage, "INV-DE-3": assetByTag(t, st, "INV-DE-3").Stage,
	}, map[string]inventory.Stage{"INV-DE-2": inventory.StageRetired, "INV-DE-3": inventory.StageDisposed})
}

// Snipe-IT's import layout: the person an asset is checked out to is
// "Name" or "Full Name", with "Email" and "Username"; the asset is "Item
// Name". The person is the owner, the item the asset's name, and neither
// a hostname.
func TestSnipeITImportLayoutPersonIsOwnerItemIsName(t *testing.T) {
	for name, file := range map[string]string{
		"full name": "Full Name,Email,Username,item Name,Category,Manufacturer,Serial,Asset Tag,Status\n" +
			"Bonnie Nelson,bn@example.net,bnelson,Laptop of Bonnie,Laptops,Dell,SNIPE1,T-001,Ready to Deploy\n" +
			",,,Spare laptop,Laptops,Dell,SNIPE2,T-002,Ready to Deploy\n",
		"name": "Name,Email,Username,Item Name,Category,Serial,Asset Tag,Status\n" +
			"Bonnie Nelson,bn@example.net,bnelson,Laptop of Bonnie,Laptops,SNIPE1,T-001,Ready to Deploy\n" +
			",,,Spare laptop,Laptops,SNIPE2,T-002,Ready to Deploy\n",
	} {
		t.Run(name, func(t *testing.T) {
			st, _ := testStore(t)
			rep := mustImport(t, st, []string{writeFile(t, "snipe.csv", file)}, Options{})
			if rep.Counts != (Counts{Rows: 2, Created: 2}) || rep.Files[0].Format != FormatSnipeIT {
				t.Fatalf("%+v %+v", rep.Counts, rep.Files[0])
			}
			lent := assetByTag(t, st, "T-001")
			if lent.Owner != "Bonnie Nelson" || lent.Name != "Laptop of Bonnie" || lent.Hostname != "" || lent.Kind != inventory.KindLaptop ||
				lent.Stage != inventory.StageActive || importedOf(t, st, lent.ID)["Email"] != "bn@example.net" {
				t.Fatalf("%+v %v", lent, importedOf(t, st, lent.ID))
			}
			if spare := assetByTag(t, st, "T-002"); spare.Owner != "" || spare.Name != "Spare laptop" || spare.Stage != inventory.StageSpare {
				t.Fatalf("%+v", spare)
			}
		})
	}
}

// The Snipe-IT corpus sample in the import layout (Full Name, Email,
// Username, item Name): the person is the owner, the item the name.
func TestSnipeITCorpusImportLayoutFields(t *testing.T) {
	path := corpusFile(t, "csv/snipeit_assets-sample-BAD.csv")
	st, _ := testStore(t)
	mustImport(t, st, []string{path}, Options{Latin1: true, StageMap: map[string]inventory.Stage{"Pending Diagnostics": "spare"}})
	a := assetByTag(t, st, "970882174-8")
	if a.Owner != "Bonnie Nelson" || a.Name != "eget nunc donec quis" || a.Hostname != "" || a.Serial != "27aa8378-b0f4-4289-84a4-405da95c6147" ||
		a.Stage != inventory.StageSpare || a.Source != "snipeit" {
		t.Fatalf("%+v", a)
	}
	if cols := importedOf(t, st, a.ID); cols["Email"] != "bnelson0@cdbaby.com" || cols["Username"] != "bnelson0" {
		t.Fatalf("%v", cols)
	}
}

// A ServiceNow cmdb_ci export holds software and services beside
// computers: their rows are skipped, one line per class, and --classes
// imports them when asked.
func TestServiceNowClassesThatAreNoDevicesAreSkippedByClass(t *testing.T) {
	var b strings.Builder
	b.WriteString("sys_id,name,sys_class_name,serial_number,ip_address,install_status\n")
	b.WriteString("c1,*ANNIE-IBM,Computer,SER001,192.0.2.80,Installed\n")
	b.WriteString("c2,web-01,Linux Server,SER002,192.0.2.81,Installed\n")
	for i := range 1767 {
		fmt.Fprintf(&b, "s%d,Adobe Reader %d,Software,,,Installed\n", i, i)
	}
	b.WriteString("d1,Oracle on db01,cmdb_ci_db_ora_instance,,,Installed\n")
	b.WriteString("e1,Email,Business Service,,,Installed\n")
	file := writeFile(t, "cmdb_ci.csv", b.String())

	st, _ := testStore(t)
	rep := mustImport(t, st, []string{file}, Options{})
	if rep.Counts != (Counts{Rows: 1771, Created: 2, Skipped: 1769}) {
		t.Fatalf("%+v", rep.Counts)
	}
	want := []SkippedClass{{file, "Software", 1767}, {file, "cmdb_ci_db_ora_instance", 1}, {file, "Business Service", 1}}
	if fmt.Sprint(rep.SkippedClasses) != fmt.Sprint(want) {
		t.Fatalf("skipped %+v", rep.SkippedClasses)
	}
	var text bytes.Buffer
	if err := rep.WriteText(&text); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(text.String(), "1,767 rows of class Software skipped") || strings.Count(text.String(), "Software") != 2 {
		t.Fatalf("one summary line per class, not a line per row:\n%s", text.String()[max(0, text.Len()-800):])
	}
	annie := assetWhere(t, st, "sys_id c1", byExternalID("servicenow", "c1"))
	if annie.Name != "*ANNIE-IBM" || annie.Hostname != "" || annie.Kind != inventory.KindWorkstation || annie.Serial != "SER001" {
		t.Fatalf("%+v", annie)
	}
	if web := assetByTag(t, st, "web-01"); web.Kind != inventory.KindServer || web.ExternalID != "c2" {
		t.Fatalf("%+v", web)
	}

	st, _ = testStore(t)
	rep = mustImport(t, st, []string{file}, Options{Classes: []string{"devices", "business service"}})
	if rep.Counts != (Counts{Rows: 1771, Created: 3, Skipped: 1768}) {
		t.Fatalf("--classes devices,business service: %+v", rep.Counts)
	}
	st, _ = testStore(t)
	rep = mustImport(t, st, []string{file}, Options{Classes: []string{"all"}})
	if rep.Counts != (Counts{Rows: 1771, Created: 1771}) {
		t.Fatalf("--classes all: %+v", rep.Counts)
	}
}

// The common status words in French, German and Spanish map like their
// English twins; a word still unknown is refused with the --stage-map to
// paste.
func TestStatusWordsInFourLanguages(t *testing.T) {
	want := map[string]inventory.Stage{
		"Actif": "active", "Inactif": "spare", "En service": "active", "Recyclé": "disposed", "Au rebut": "disposed",
		"Perdu": "retired", "Volé": "retired", "En stock": "spare", "Réformé": "retired",
		"Aktiv": "active", "Ausgemustert": "retired", "Verschrottet": "disposed", "Im Lager": "spare", "Geplant": "planned",
		"Activo": "active", "Retirado": "retired", "En almacén": "spare", "Dado de baja": "retired", "Desechado": "disposed",
		"In Use": "active", "Disposed": "disposed",
	}
	var b strings.Builder
	b.WriteString("tag,status\n")
	for word := range want {
		tag := "W-" + strings.ReplaceAll(word, " ", "_")
		fmt.Fprintf(&b, "%s,%s\n", tag, word)
	}
	st, _ := testStore(t)
	mustImport(t, st, []string{writeFile(t, "words.csv", b.String())}, Options{})
	for word, stage := range want {
		if a := assetByTag(t, st, "W-"+strings.ReplaceAll(word, " ", "_")); a.Stage != stage {
			t.Errorf("%q: %s, want %s", word, a.Stage, stage)
		}
	}

	rep, err := Import(context.Background(), st, []string{writeFile(t, "odd.csv", "tag,status\nX-1,Kaputt\n")}, Options{})
	if err != nil {
		t.Fatal(err)
	}
	var text bytes.Buffer
	if err := rep.WriteText(&text); err != nil {
		t.Fatal(err)
	}
	if rep.Written || !strings.Contains(text.String(), "--stage-map Kaputt=STAGE") {
		t.Fatalf("an unknown word is refused with the flag to paste:\n%s", text.String())
	}
}

// A re-import never overwrites what a person wrote in notes: a CMDB's
// comments are its imported columns, and a CSV's notes column fills only
// empty notes. A second import of the same file changes nothing.
func TestReimportKeepsHandWrittenNotes(t *testing.T) {
	st, _ := testStore(t)
	nb := "ID,Name,Status,Site,Role,Serial number,Asset tag,Comments,Rack\n" +
		"1,core-sw-01,Active,HQ,Core Switch,PE01,NB-1,Installed by the vendor,R01\n"
	file := writeFile(t, "netbox.csv", nb)
	mustImport(t, st, []string{file}, Options{})
	sw := assetByTag(t, st, "NB-1")
	setNotes(t, st, sw.ID, "replaced PSU")

	rep := mustImport(t, st, []string{file}, Options{})
	if rep.Counts != (Counts{Rows: 1, Unchanged: 1}) {
		t.Fatalf("%+v %+v", rep.Counts, rep.Rows)
	}
	changed := writeFile(t, "netbox.csv", strings.Replace(strings.Replace(nb, "Installed by the vendor", "RMA open", 1), "R01", "R02", 1))
	rep = mustImport(t, st, []string{changed}, Options{})
	if rep.Counts != (Counts{Rows: 1, Updated: 1}) {
		t.Fatalf("%+v %+v", rep.Counts, rep.Rows)
	}
	sw = assetByTag(t, st, "NB-1")
	if cols := importedOf(t, st, sw.ID); sw.Notes != "replaced PSU" || cols["Comments"] != "RMA open" || cols["Rack"] != "R02" {
		t.Fatalf("notes %q, imported %v", sw.Notes, cols)
	}

	csv := writeFile(t, "sheet.csv", "tag,notes\nNB-1,from the spreadsheet\n")
	rep = mustImport(t, st, []string{csv}, Options{})
	if r := rowAt(t, rep, 2); r.Action != ActionUnchanged || len(r.Warnings) != 1 || !strings.Contains(r.Warnings[0], "notes: kept as written in sunset") {
		t.Fatalf("%+v", r)
	}
	if got := assetByTag(t, st, "NB-1").Notes; got != "replaced PSU" {
		t.Fatalf("notes %q", got)
	}
}

func setNotes(t *testing.T, st inventory.Store, id int64, notes string) {
	t.Helper()
	err := st.Update(context.Background(), func(w inventory.Writer) error {
		a, err := w.Asset(context.Background(), id)
		if err != nil {
			return err
		}
		a.Notes = notes
		_, err = w.UpdateAsset(context.Background(), &a, "by hand")
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
}

// --map sends a column to one field: naming it twice is refused, never
// the last one kept silently.
func TestAColumnMappedToTwoFieldsIsRefused(t *testing.T) {
	_, err := ParseMap([]string{"Name=tag", "Name=hostname"})
	if err == nil || !strings.Contains(err.Error(), `"Name=tag" and --map "Name=hostname"`) {
		t.Fatalf("%v", err)
	}
	if _, err := ParseMap([]string{"Name=tag", "name=tag"}); err != nil {
		t.Fatalf("the same mapping twice: %v", err)
	}
}

// An inventory's computers share the MACs of their VPN and hypervisor
// host adapters: those identify no one device, so two computers that
// list the same one are two devices, and the MAC is kept as an imported
// column. A multicast MAC and a router pair's VRRP MAC are no device's
// either.
func TestMACsManyDevicesShareIdentifyNone(t *testing.T) {
	st, _ := testStore(t)
	glpi := "\"Nom\";\"Entité\";\"Statut\";\"Numéro de série\";\"Composants - Adresse MAC\";\"Réseau - Adresse IP\"\n" +
		"\"pc-01\";\"Racine\";\"En service\";\"S-01\";\"00:00:5e:00:53:01\n00:05:9A:3C:7A:00\n00:50:56:c0:00:08\";\"127.0.0.1\n192.0.2.91\nfe80::1\n::1\"\n" +
		"\"pc-02\";\"Racine\";\"En service\";\"S-02\";\"00:00:5e:00:53:02\n00:05:9a:3c:7a:00\n00:50:56:c0:00:08\";\"127.0.0.1\"\n" +
		"\"rtr-vip\";\"Racine\";\"En service\";\"S-03\";\"00:00:5e:00:01:0a 01:00:5e:00:00:01\";\"\"\n"
	file := writeFile(t, "glpi.csv", glpi)
	rep := mustImport(t, st, []string{file}, Options{})
	if rep.Counts != (Counts{Rows: 3, Created: 3}) {
		t.Fatalf("%+v %+v", rep.Counts, rep.Rows)
	}
	pc := assetByTag(t, st, "pc-02")
	if strings.Join(pc.MACs(), " ") != "00:00:5e:00:53:02" ||
		importedOf(t, st, pc.ID)["Composants - Adresse MAC (shared or local)"] != "00:05:9a:3c:7a:00 00:50:56:c0:00:08" {
		t.Fatalf("%+v %v", pc, importedOf(t, st, pc.ID))
	}
	if vip := assetByTag(t, st, "rtr-vip"); len(vip.MACs()) != 0 {
		t.Fatalf("%+v", vip)
	}
	if pc1 := assetByTag(t, st, "pc-01"); strings.Join(pc1.IPs(), " ") != "192.0.2.91" ||
		importedOf(t, st, pc1.ID)["Réseau - Adresse IP (shared or local)"] != "127.0.0.1 fe80::1 ::1" {
		t.Fatalf("%+v %v", pc1, importedOf(t, st, pc1.ID))
	}
	if again := mustImport(t, st, []string{file}, Options{}); again.Counts != (Counts{Rows: 3, Unchanged: 3}) {
		t.Fatalf("second import: %+v %+v", again.Counts, again.Rows)
	}
}

// ServiceNow's own statuses go in without a --stage-map, by label or by
// number; a file with sys_class_name is ServiceNow's whatever else it has.
func TestServiceNowBuiltInStatusesNeedNoStageMap(t *testing.T) {
	st, _ := testStore(t)
	sn := "sys_class_name,name,serial_number,install_status\n" +
		"cmdb_ci_computer,pc-repair,R-1,Pending Repair\n" +
		"cmdb_ci_computer,pc-moving,R-2,In Transit\n" +
		"cmdb_ci_computer,pc-absent,R-3,100\n" +
		"cmdb_ci_computer,pc-five,R-4,5\n"
	rep := mustImport(t, st, []string{writeFile(t, "sn.csv", sn)}, Options{})
	if rep.Files[0].Format != FormatServiceNow || rep.Counts != (Counts{Rows: 4, Created: 4}) {
		t.Fatalf("%+v %+v", rep.Files[0], rep.Counts)
	}
	got := map[string]inventory.Stage{}
	for _, a := range allAssets(t, st) {
		got[a.Ref()] = a.Stage
	}
	assertStages(t, got, map[string]inventory.Stage{"pc-repair": "spare", "pc-moving": "spare", "pc-absent": "retired", "pc-five": "spare"})
}

// A spreadsheet's "Computer Name" that is no DNS name is the asset's
// name, with a warning, not a rejected row.
func TestANameInAHostnameColumnIsTheName(t *testing.T) {
	st, _ := testStore(t)
	rep := mustImport(t, st, []string{writeFile(t, "pcs.csv", "Asset Tag,Computer Name\nT-1,*ANNIE-IBM\nT-2,pc-02\n")}, Options{})
	if rep.Counts != (Counts{Rows: 2, Created: 2}) {
		t.Fatalf("%+v %+v", rep.Counts, rep.Rows)
	}
	if a := assetByTag(t, st, "T-1"); a.Name != "*ANNIE-IBM" || a.Hostname != "" {
		t.Fatalf("%+v", a)
	}
	if w := rowAt(t, rep, 2).Warnings; len(w) != 1 || !strings.Contains(w[0], `"*ANNIE-IBM" is no DNS name`) {
		t.Fatalf("%q", w)
	}
	if a := assetByTag(t, st, "T-2"); a.Hostname != "pc-02" || a.Name != "" {
		t.Fatalf("%+v", a)
	}
}

// Ralph may export a status as its number, which means one status in
// back office and another in data center: the file's columns say which.
func TestRalphStatusNumbersByAssetType(t *testing.T) {
	st, _ := testStore(t)
	backOffice := "id,barcode,sn,status,warehouse,invoice_no,remarks\n" +
		"1,BO-1,S-BO-1,4,WH1,I1,\n" + // in use
		"2,BO-2,S-BO-2,7,WH1,I2,\n" + // liquidated
		"3,BO-3,S-BO-3,10,WH1,I3,\n" // free
	dataCenter := "id,barcode,sn,hostname,status,rack,management_ip,invoice_no,remarks\n" +
		"11,DC-1,S-DC-1,srv-dc-1,2,R1,192.0.2.41,I4,\n" + // in use
		"12,DC-2,S-DC-2,srv-dc-2,8,R1,192.0.2.42,I5,\n" // pre liquidated
	rep := mustImport(t, st, []string{writeFile(t, "bo.csv", backOffice), writeFile(t, "dc.csv", dataCenter)}, Options{})
	if rep.Counts != (Counts{Rows: 5, Created: 5}) || rep.Files[0].Format != FormatRalph || rep.Files[1].Format != FormatRalph {
		t.Fatalf("%+v %+v", rep.Counts, rep.Rows)
	}
	got := map[string]inventory.Stage{}
	for _, a := range allAssets(t, st) {
		got[a.Tag] = a.Stage
	}
	assertStages(t, got, map[string]inventory.Stage{"BO-1": "active", "BO-2": "disposed", "BO-3": "spare", "DC-1": "active", "DC-2": "decommissioning"})
	// A number the user maps means what the user says.
	st, _ = testStore(t)
	mustImport(t, st, []string{writeFile(t, "bo.csv", backOffice)}, Options{StageMap: map[string]inventory.Stage{"4": "spare"}})
	if a := assetByTag(t, st, "BO-1"); a.Stage != inventory.StageSpare {
		t.Fatalf("%+v", a)
	}
}

// Excel's "sep=;" line before the header says the delimiter; it is no
// header.
func TestExcelSepLineSaysTheDelimiter(t *testing.T) {
	st, _ := testStore(t)
	rep := mustImport(t, st, []string{writeFile(t, "excel.csv", "sep=;\r\nAsset Tag;Hostname;Location\r\nX-1;pc-x1;Lyon, 2e étage\r\n")}, Options{})
	if rep.Counts != (Counts{Rows: 1, Created: 1}) || rep.Files[0].Delimiter != ";" || rep.Rows[0].Line != 3 {
		t.Fatalf("%+v %+v %+v", rep.Counts, rep.Files[0], rep.Rows)
	}
	if a := assetByTag(t, st, "X-1"); a.Hostname != "pc-x1" || a.Location != "Lyon, 2e étage" {
		t.Fatalf("%+v", a)
	}
}

// An inventory agent lists what it found, a Teredo adapter's eight-byte
// "MAC" included: in a CMDB's export that value is kept aside with a
// warning, not a reason to refuse the computer; in a spreadsheet it is an
// error, as any value sunset cannot read.
func TestAnUnreadableAddressInACMDBExportIsKeptAside(t *testing.T) {
	st, _ := testStore(t)
	glpi := "Name;Entity;Status;Serial number;Components - MAC address\n" +
		"pc-teredo;Root;In use;T-01;\"00:00:5e:00:53:31\n00:00:00:00:00:00:00:e0\"\n"
	rep := mustImport(t, st, []string{writeFile(t, "glpi.csv", glpi)}, Options{})
	if rep.Counts != (Counts{Rows: 1, Created: 1}) || rep.Files[0].Format != FormatGLPI {
		t.Fatalf("%+v %+v", rep.Counts, rep.Rows)
	}
	if w := rowAt(t, rep, 2).Warnings; len(w) != 1 || !strings.Contains(w[0], "kept as an imported column") {
		t.Fatalf("%q", w)
	}
	pc := assetByTag(t, st, "pc-teredo")
	if strings.Join(pc.MACs(), " ") != "00:00:5e:00:53:31" || importedOf(t, st, pc.ID)["Components - MAC address (unreadable)"] != "00:00:00:00:00:00:00:e0" {
		t.Fatalf("%+v %v", pc, importedOf(t, st, pc.ID))
	}

	rep, err := Import(context.Background(), st, []string{writeFile(t, "sheet.csv", "tag,mac\nX-1,00:00:00:00:00:00:00:e0\n")}, Options{})
	if err != nil || rep.Counts.Errors != 1 || rep.Written {
		t.Fatalf("%+v %v", rep.Counts, err)
	}
}

// A CMDB's date field holds what people typed: one that is no date is kept
// aside with a warning; one whose day and month could be swapped still
// needs --date-order.
func TestUnreadableDatesInACMDBExportAreKeptAside(t *testing.T) {
	st, _ := testStore(t)
	snipe := "ID,Asset Name,Asset Tag,Serial,Status,Checked Out To,EOL,Purchase Cost\n" +
		"1,lt-1,S-1,SN-S-1,Ready to Deploy,,unknown,10\n" +
		"2,lt-2,S-2,SN-S-2,Ready to Deploy,,2027-01-10,10\n"
	rep := mustImport(t, st, []string{writeFile(t, "snipe.csv", snipe)}, Options{})
	if rep.Counts != (Counts{Rows: 2, Created: 2}) {
		t.Fatalf("%+v %+v", rep.Counts, rep.Rows)
	}
	if w := rowAt(t, rep, 2).Warnings; len(w) != 1 || !strings.Contains(w[0], `"unknown" is not a date`) {
		t.Fatalf("%q", w)
	}
	if a := assetByTag(t, st, "S-1"); !a.EOLOn.IsZero() || importedOf(t, st, a.ID)["EOL"] != "unknown" {
		t.Fatalf("%+v %v", a, importedOf(t, st, a.ID))
	}
	ambiguous := strings.Replace(snipe, "2027-01-10", "03/04/2027", 1)
	rep, err := Import(context.Background(), st, []string{writeFile(t, "snipe2.csv", ambiguous)}, Options{})
	if err != nil || rep.Counts.Errors != 1 || !strings.Contains(rowAt(t, rep, 3).Reason, "ambiguous") {
		t.Fatalf("%+v %+v %v", rep.Counts, rep.Rows, err)
	}
}
