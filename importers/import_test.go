package importers

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	"github.com/sunset-tui/sunset/inventory"
)

func seed(t *testing.T, st inventory.Store, assets ...inventory.Asset) {
	t.Helper()
	err := st.Update(context.Background(), func(w inventory.Writer) error {
		for i := range assets {
			if err := w.CreateAsset(context.Background(), &assets[i], "seed"); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

func assetByTag(t *testing.T, st inventory.Reader, tag string) inventory.Asset {
	t.Helper()
	a, err := st.FindAsset(context.Background(), tag)
	if err != nil {
		t.Fatalf("find %s: %v", tag, err)
	}
	return a
}

const hostsCSV = "Asset Tag,Host Name,IP Address,MAC Address,Serial Number,Status,Assigned To,Last Audit,Holds Credentials,Type,Rack\n" +
	"A-1,web01,192.0.2.10 192.0.2.11,00:00:5E:00:53:01,SN-1,In Use,alice,2024-05-06,yes,Server,R1\n" +
	"A-2,cam01,192.0.2.20,,SN-2,in stock,bob,05/16/2024,no,IP Camera,\n" +
	"A-3,nvr01,192.0.2.30,00-00-5e-00-53-03,,retired,,06/05/2024,,nvr,R2\n"

func TestImportCreatesAssetsWithHistory(t *testing.T) {
	st, _ := testStore(t)
	path := writeFile(t, "hosts.csv", hostsCSV)
	rep := mustImport(t, st, []string{path}, Options{})
	if rep.Counts != (Counts{Rows: 3, Created: 3}) || !rep.Written {
		t.Fatalf("counts %+v written %v", rep.Counts, rep.Written)
	}
	web := assetByTag(t, st, "A-1")
	if web.Hostname != "web01" || web.Serial != "SN-1" || web.Owner != "alice" || web.Stage != inventory.StageActive ||
		web.Kind != inventory.KindServer || !web.HoldsCredentials || web.LastManagedOn.String() != "2024-05-06" ||
		web.PrimaryIP() != "192.0.2.10" || len(web.IPs()) != 2 || web.MACs()[0] != "00:00:5e:00:53:01" || web.Notes != "" {
		t.Fatalf("web01 imported as %+v", web)
	}
	if cols := importedOf(t, st, web.ID); len(cols) != 1 || cols["Rack"] != "R1" {
		t.Fatalf("web01's imported columns %v", cols)
	}
	cam := assetByTag(t, st, "A-2")
	if cam.Stage != inventory.StageSpare || cam.Kind != inventory.KindCamera {
		t.Fatalf("cam01 imported as %+v", cam)
	}
	nvr := assetByTag(t, st, "A-3")
	if nvr.Stage != inventory.StageRetired || nvr.Kind != inventory.KindNVR || nvr.LastManagedOn.String() != "2024-06-05" {
		t.Fatalf("nvr01 imported as %+v (the column's other date shows month-first)", nvr)
	}
	events, err := st.History(context.Background(), nvr.ID)
	if err != nil {
		t.Fatal(err)
	}
	if len(events) != 1 || events[0].Reason != "import hosts.csv:4" || events[0].Action != inventory.ActionCreated {
		t.Fatalf("history %+v", events)
	}
	if got := rowAt(t, rep, 2); got.Action != ActionCreate || got.AssetID != web.ID || got.Asset != "A-1" {
		t.Fatalf("row 2 %+v", got)
	}
	cols := map[string]ColumnReport{}
	for _, c := range rep.Files[0].Columns {
		cols[c.Column] = c
	}
	if cols["Rack"].Use != UseKept || cols["Host Name"].Field != "hostname" || cols["Assigned To"].Field != "owner" {
		t.Fatalf("columns %+v", rep.Files[0].Columns)
	}
}

func TestReimportingTheSameFileChangesNothingAndSaysSo(t *testing.T) {
	st, dbPath := testStore(t)
	path := writeFile(t, "hosts.csv", hostsCSV)
	mustImport(t, st, []string{path}, Options{})
	st = reopen(t, st, dbPath)
	if err := st.Close(); err != nil {
		t.Fatal(err)
	}
	before := fileHash(t, dbPath)
	st = reopen(t, st, dbPath)
	rep := mustImport(t, st, []string{path}, Options{})
	if rep.Counts != (Counts{Rows: 3, Unchanged: 3}) || rep.Written {
		t.Fatalf("second import: %+v written %v", rep.Counts, rep.Written)
	}
	var text strings.Builder
	if err := rep.WriteText(&text); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(text.String(), "Nothing to change") {
		t.Fatalf("report does not say so:\n%s", text.String())
	}
	if err := st.Close(); err != nil {
		t.Fatal(err)
	}
	if after := fileHash(t, dbPath); after != before {
		t.Fatal("re-import changed the database file")
	}
}

func TestUpdateShowsEachFieldFromTo(t *testing.T) {
	st, _ := testStore(t)
	mustImport(t, st, []string{writeFile(t, "hosts.csv", hostsCSV)}, Options{})
	changed := strings.Replace(hostsCSV, "In Use,alice,2024-05-06,yes,Server,R1", "In Use,carol,2024-05-06,yes,Server,R9", 1)
	changed = strings.Replace(changed, "192.0.2.20,", "192.0.2.21,", 1)
	changed = strings.Replace(changed, "in stock", "Active", 1)
	path := writeFile(t, "hosts-v2.csv", changed)

	dry := mustImport(t, st, []string{path}, Options{DryRun: true})
	if dry.Counts != (Counts{Rows: 3, Updated: 2, Unchanged: 1}) || dry.Written {
		t.Fatalf("dry run %+v", dry.Counts)
	}
	if owner := assetByTag(t, st, "A-1").Owner; owner != "alice" {
		t.Fatalf("dry run wrote: owner is %q", owner)
	}
	rep := mustImport(t, st, []string{path}, Options{})
	row := rowAt(t, rep, 2)
	if row.Action != ActionUpdate || len(row.Changes) != 2 || row.Changes[0] != (inventory.Change{Field: "owner", From: "alice", To: "carol"}) ||
		row.Changes[1] != (inventory.Change{Field: "imported: Rack", From: "R1", To: "R9"}) {
		t.Fatalf("row 2: %+v", row)
	}
	cam := rowAt(t, rep, 3)
	if cam.Action != ActionUpdate || cam.Changes[0] != (inventory.Change{Field: "ip", From: "192.0.2.20", To: "192.0.2.21"}) {
		t.Fatalf("row 3: %+v", cam)
	}
	// The stage is not an import's to change: it stays, with a warning.
	if len(cam.Warnings) != 1 || !strings.Contains(cam.Warnings[0], "stage: the file says active, sunset has spare") {
		t.Fatalf("row 3 warnings %q", cam.Warnings)
	}
	a := assetByTag(t, st, "A-2")
	if a.Stage != inventory.StageSpare || a.PrimaryIP() != "192.0.2.21" {
		t.Fatalf("after update: %+v", a)
	}
	events, _ := st.History(context.Background(), a.ID)
	last := events[len(events)-1]
	if last.Action != inventory.ActionUpdated || last.Reason != "import hosts-v2.csv:3" {
		t.Fatalf("history %+v", events)
	}
}

func TestEmptyCellsNeverClearAField(t *testing.T) {
	st, _ := testStore(t)
	mustImport(t, st, []string{writeFile(t, "hosts.csv", hostsCSV)}, Options{})
	rep := mustImport(t, st, []string{writeFile(t, "sparse.csv", "tag,owner,ip\nA-1,,\n")}, Options{})
	if rep.Counts.Unchanged != 1 {
		t.Fatalf("%+v", rep.Rows)
	}
	if a := assetByTag(t, st, "A-1"); a.Owner != "alice" || len(a.IPs()) != 2 {
		t.Fatalf("%+v", a)
	}
}

// badFile is an input that must be refused, leaving the database exactly as
// it was.
type badFile struct {
	name, content string
	opts          Options
	fileErr       string         // a whole-file error containing this
	rows          map[int]string // or these rejected rows (line → reason part)
}

func TestBadFilesLeaveTheDatabaseUnchanged(t *testing.T) {
	cases := []badFile{
		{name: "ragged.csv", content: "tag,hostname,ip\nB-1,ok1,192.0.2.1\nB-2,short\nB-3,long,192.0.2.3,extra\nB-4,ok4,192.0.2.4\n",
			rows: map[int]string{3: "has 2 fields but the header has 3", 4: "has 4 fields but the header has 3"}},
		{name: "unterminated.csv", content: "tag,notes\nB-1,\"fine\"\nB-2,\"never closed\nB-3,x\n", rows: map[int]string{3: "a quoted field opened here is never closed"}},
		{name: "bad-quotes.csv", content: "tag,notes\nB-1,\"a\"b\nB-2,ok\nB-3,\"two\nlines\"x\nB-4,ok\n",
			rows: map[int]string{2: "text after the closing quote", 4: "a quoted field opened here runs to line 5", 5: "has 1 fields but the header has 2"}},
		{name: "half-latin1.csv", content: "tag,location\nB-1,Zürich\nB-2,Z\xfcrich\n", fileErr: "line 3: byte 0xFC is not valid UTF-8"},
		{name: "dup-tags.csv", content: "tag,hostname\nB-1,one\nB-2,two\nB-1,three\n",
			rows: map[int]string{4: `has the same tag "B-1" as line 2`}},
		{name: "dup-tag-in-db.csv", content: "tag,hostname,serial\nB-9,fresh,SN-B9\nSEED-1,other,SN-OTHER\n",
			rows: map[int]string{3: `tag "SEED-1" matches SEED-1 (#1), whose serial is "sn-seed", not "SN-OTHER"`}},
		{name: "password.csv", content: "tag,hostname,Admin Password\nB-1,one,hunter2\n", fileErr: `refusing column "Admin Password"`},
		{name: "ambiguous-date.csv", content: "tag,warranty ends\nB-1,03/04/2025\nB-2,04/05/2025\n",
			rows: map[int]string{2: `column "warranty ends": "03/04/2025" is ambiguous`, 3: `"04/05/2025" is ambiguous`}},
		{name: "status.csv", content: "tag,status\nB-1,in use\nB-2,Broken\nB-3,broken\n",
			rows: map[int]string{3: `status "Broken" means no sunset stage yet; say which with --stage-map Broken=STAGE`, 4: `status "broken"`}},
		{name: "bad-values.csv", content: "tag,ip,kind,approved\nB-1,300.1.2.3,server,yes\nB-2,192.0.2.2,toaster,yes\nB-3,192.0.2.3,server,maybe\nB-4,,,\n",
			rows: map[int]string{2: `column "ip": "300.1.2.3" is not an IP address`, 3: `column "kind": "toaster" is not a kind`, 4: `column "approved": "maybe" is not yes or no`}},
		{name: "no-identity.csv", content: "hostname,owner\n,alice\nweb01,bob\n", rows: map[int]string{2: "tag: an asset needs something that names it"}},
		{name: "one-column.csv", content: "hostname\nweb01\n", fileErr: "only one column found"},
		{name: "nmap.xml", content: "<?xml version=\"1.0\"?>\n<nmaprun scanner=\"nmap\"></nmaprun>\n", fileErr: "is nmap XML"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			st, dbPath := testStore(t)
			seed(t, st, inventory.Asset{Tag: "SEED-1", Hostname: "seed", Serial: "sn-seed"})
			path := writeFile(t, tc.name, tc.content)
			if err := st.Close(); err != nil {
				t.Fatal(err)
			}
			before := fileHash(t, dbPath)
			st = reopen(t, st, dbPath)
			rep, err := Import(context.Background(), st, []string{path}, tc.opts)
			if tc.fileErr != "" {
				var fe *FileError
				if !errors.As(err, &fe) || !strings.Contains(err.Error(), tc.fileErr) || !strings.HasPrefix(err.Error(), path) {
					t.Fatalf("error %v, want a file error with %q", err, tc.fileErr)
				}
				if len(rep.Files) != 1 || rep.Files[0].Error == "" {
					t.Fatalf("report does not carry the file error: %+v", rep.Files)
				}
			} else {
				if err != nil {
					t.Fatal(err)
				}
				checkCounts(t, rep)
				if rep.Written || rep.Counts.Rejected != len(tc.rows) {
					t.Fatalf("rejected %d rows, want %d: %+v", rep.Counts.Rejected, len(tc.rows), rep.Rows)
				}
				for line, reason := range tc.rows {
					r := rowAt(t, rep, line)
					if (r.Action != ActionError && r.Action != ActionConflict) || !strings.Contains(r.Reason, reason) {
						t.Errorf("line %d: %s %q, want a rejection saying %q", line, r.Action, r.Reason, reason)
					}
				}
			}
			if err := st.Close(); err != nil {
				t.Fatal(err)
			}
			if after := fileHash(t, dbPath); after != before {
				t.Fatal("the database file changed")
			}
		})
	}
}

// TestEveryBadQuoteLineIsReported: bad quotes far apart are each
// rejected with their line and what is wrong, like ragged rows; the rows
// between them are read as usual, and nothing is written.
func TestEveryBadQuoteLineIsReported(t *testing.T) {
	bad := map[int]string{
		20:  `Q-20,"quoted"tail,x`,
		500: `Q-500,x,"a "b" c"`,
		990: `Q-990,"never closed,x`,
	}
	var b strings.Builder
	b.WriteString("tag,hostname,notes\n")
	for line := 2; line <= 1000; line++ {
		if row, ok := bad[line]; ok {
			b.WriteString(row + "\n")
			continue
		}
		fmt.Fprintf(&b, "Q-%d,host-%d,fine\n", line, line)
	}
	st, _ := testStore(t)
	rep, err := Import(context.Background(), st, []string{writeFile(t, "quotes.csv", b.String())}, Options{})
	if err != nil {
		t.Fatal(err)
	}
	checkCounts(t, rep)
	if rep.Written || rep.Counts.Rows != 999 || rep.Counts.Rejected != 3 || rep.Counts.Created != 996 {
		t.Fatalf("counts %+v, written %v; want 999 rows, 3 rejected, nothing written", rep.Counts, rep.Written)
	}
	for line, want := range map[int]string{20: "text after the closing quote", 500: "text after the closing quote", 990: "never closed"} {
		if r := rowAt(t, rep, line); r.Action != ActionError || !strings.Contains(r.Reason, want) {
			t.Errorf("line %d: %s %q, want an error saying %q", line, r.Action, r.Reason, want)
		}
	}
	var text bytes.Buffer
	if err := rep.WriteText(&text); err != nil {
		t.Fatal(err)
	}
	for _, line := range []string{"line 20 ", "line 500 ", "line 990 "} {
		if !strings.Contains(text.String(), line) {
			t.Errorf("the report does not name %q:\n%s", line, text.String())
		}
	}
}

func TestUnknownStatusesAreListedWithTheirLinesAndStageMapResolvesThem(t *testing.T) {
	st, _ := testStore(t)
	path := writeFile(t, "status.csv", "tag,status\nB-1,in use\nB-2,Broken\nB-3,broken\nB-4,On Loan\n")
	rep := mustImport(t, st, []string{path}, Options{})
	if len(rep.UnknownStatuses) != 3 || rep.UnknownStatuses[0].Value != "Broken" || rep.UnknownStatuses[0].Lines[0] != 3 {
		t.Fatalf("unknown statuses %+v", rep.UnknownStatuses)
	}
	rep = mustImport(t, st, []string{path}, Options{StageMap: map[string]inventory.Stage{"BROKEN": "decommissioning", "on loan": "active"}})
	if rep.Counts.Created != 4 || len(rep.UnknownStatuses) != 0 {
		t.Fatalf("%+v", rep.Counts)
	}
	if a := assetByTag(t, st, "B-3"); a.Stage != inventory.StageDecommissioning {
		t.Fatalf("B-3 is %s", a.Stage)
	}
}

func TestGoodButUnusualFilesImport(t *testing.T) {
	for name, content := range map[string]string{
		"bom.csv":        "\xEF\xBB\xBFtag,hostname\nG-1,one\nG-2,two\n",
		"semicolon.csv":  "tag;hostname;notes\nG-1;one;\"a; b, c\"\nG-2;two;\n",
		"cr.csv":         "tag,hostname\rG-1,one\rG-2,two\r",
		"crlf.csv":       "tag,hostname\r\nG-1,one\r\nG-2,two",
		"tab.tsv":        "tag\thostname\nG-1\tone\nG-2\ttwo\n",
		"blank-rows.csv": "tag,hostname\n\nG-1,one\n,\nG-2,two\n\n",
	} {
		t.Run(name, func(t *testing.T) {
			st, _ := testStore(t)
			rep := mustImport(t, st, []string{writeFile(t, name, content)}, Options{})
			if rep.Counts.Created != 2 || rep.Counts.Rows != 2 {
				t.Fatalf("%+v", rep.Counts)
			}
			if a := assetByTag(t, st, "G-2"); a.Hostname != "two" {
				t.Fatalf("%+v", a)
			}
		})
	}
}

func TestEveryRejectedRowIsListedNotJustTheFirst(t *testing.T) {
	st, _ := testStore(t)
	var b strings.Builder
	b.WriteString("tag,ip\n")
	for i := 0; i < 50; i++ {
		if i%10 == 3 {
			b.WriteString("R-" + string(rune('a'+i%26)) + strings.Repeat("x", i) + ",not-an-ip\n")
		} else {
			b.WriteString("R-" + strings.Repeat("y", i+1) + ",192.0.2.1\n")
		}
	}
	rep := mustImport(t, st, []string{writeFile(t, "many.csv", b.String())}, Options{})
	if rep.Counts.Errors != 5 || rep.Written || len(allAssets(t, st)) != 0 {
		t.Fatalf("%+v, %d assets", rep.Counts, len(allAssets(t, st)))
	}
	var lines []int
	for _, r := range rep.Rows {
		if r.Action == ActionError {
			lines = append(lines, r.Line)
		}
	}
	if len(lines) != 5 || lines[0] != 5 || lines[4] != 45 {
		t.Fatalf("rejected lines %v", lines)
	}
}

func TestFormulaLikeCellsAreStoredAsTheyAre(t *testing.T) {
	st, _ := testStore(t)
	mustImport(t, st, []string{writeFile(t, "f.csv", "tag,owner,notes,model\nF-1,=cmd|' /C calc'!A0,+1+1,@SUM(A1)\nF-2,-2,'=x,\n")}, Options{})
	a := assetByTag(t, st, "F-1")
	if a.Owner != "=cmd|' /C calc'!A0" || a.Notes != "+1+1" || a.Model != "@SUM(A1)" {
		t.Fatalf("%+v", a)
	}
	// Outside a sunset export, a leading quote is data too.
	if b := assetByTag(t, st, "F-2"); b.Owner != "-2" || b.Notes != "'=x" {
		t.Fatalf("%+v", b)
	}
}

func TestUnknownColumnsAreReportedAndKeptOrIgnored(t *testing.T) {
	content := "tag,Rack,Cost Centre,hostname\nU-1,R7,,web\n"
	st, _ := testStore(t)
	rep := mustImport(t, st, []string{writeFile(t, "u.csv", content)}, Options{})
	if a := assetByTag(t, st, "U-1"); a.Notes != "" || importedOf(t, st, a.ID)["Rack"] != "R7" || len(importedOf(t, st, a.ID)) != 1 {
		t.Fatalf("notes %q, imported %v", a.Notes, importedOf(t, st, a.ID))
	}
	var text strings.Builder
	rep.WriteText(&text)
	if !strings.Contains(text.String(), "kept as imported columns (apart from notes): Rack, Cost Centre") {
		t.Fatalf("report:\n%s", text.String())
	}
	st2, _ := testStore(t)
	rep = mustImport(t, st2, []string{writeFile(t, "u.csv", content)}, Options{UnknownColumns: "ignore"})
	if a := assetByTag(t, st2, "U-1"); a.Notes != "" || len(importedOf(t, st2, a.ID)) != 0 {
		t.Fatalf("notes %q, imported %v", a.Notes, importedOf(t, st2, a.ID))
	}
	text.Reset()
	rep.WriteText(&text)
	if !strings.Contains(text.String(), "ignored: Rack, Cost Centre") {
		t.Fatalf("report:\n%s", text.String())
	}
}

func TestMapSendsColumnsWhereTheUserSays(t *testing.T) {
	st, _ := testStore(t)
	content := "Kennung,Rechner,Verantwortlich,Rack,Root Password\nM-1,srv1,Team A,R9,secret!\n"
	_, err := Import(context.Background(), st, []string{writeFile(t, "m.csv", content)}, Options{
		Map: map[string]string{"kennung": "tag", "RECHNER": "hostname", "Verantwortlich": "owner", "rack": "location"}})
	if err == nil || !strings.Contains(err.Error(), `refusing column "Root Password"`) || !strings.Contains(err.Error(), `--map 'Root Password=ignore'`) {
		t.Fatalf("secret column: %v", err)
	}
	rep := mustImport(t, st, []string{writeFile(t, "m.csv", content)}, Options{
		Map: map[string]string{"kennung": "tag", "RECHNER": "hostname", "Verantwortlich": "owner", "rack": "location", "root password": "ignore"}})
	a := assetByTag(t, st, "M-1")
	if a.Hostname != "srv1" || a.Owner != "Team A" || a.Location != "R9" || strings.Contains(a.Notes, "secret") {
		t.Fatalf("%+v", a)
	}
	if rep.Files[0].Columns[4].Use != UseIgnored {
		t.Fatalf("%+v", rep.Files[0].Columns)
	}
	for _, bad := range []map[string]string{{"Rechner": "hostnme"}, {"Typo": "hostname"}} {
		if _, err := Import(context.Background(), st, []string{writeFile(t, "m.csv", content)}, Options{Map: bad}); err == nil {
			t.Fatalf("--map %v accepted", bad)
		}
	}
}

func TestKeysDecideMatchesAndConflicts(t *testing.T) {
	st, _ := testStore(t)
	seed(t, st,
		inventory.Asset{Tag: "K-1", Hostname: "alpha", Serial: "S1", Addresses: []inventory.Address{{Kind: inventory.AddrMAC, Value: "00:00:5e:00:53:01"}}},
		inventory.Asset{Tag: "K-2", Hostname: "beta", Serial: "S2"},
		inventory.Asset{Tag: "K-3", Hostname: "printer", Serial: "S3"},
	)
	rep := mustImport(t, st, []string{writeFile(t, "k.csv",
		"serial,mac,tag,hostname,owner\n"+
			"s1,,,alpha-renamed,o1\n"+ // matched by serial (any case), renamed
			"S2,00:00:5e:00:53:01,,,o2\n"+ // serial says K-2, MAC says K-1
			",,,printer,o3\n"+ // hostname matches K-3 (no serial to tell them apart)
			"S9,,P-9,printer,o4\n"+ // a different printer: K-3's serial differs
			",00:00:5e:00:53:01,K-2,,o5\n")}, // MAC K-1, tag K-2
		Options{DryRun: true})
	want := map[int]string{2: ActionUpdate, 3: ActionConflict, 4: ActionUpdate, 5: ActionCreate, 6: ActionConflict}
	for line, action := range want {
		if r := rowAt(t, rep, line); r.Action != action {
			t.Errorf("line %d: %s (%s), want %s", line, r.Action, r.Reason, action)
		}
	}
	if r := rowAt(t, rep, 3); !strings.Contains(r.Reason, `serial "S2" matches K-2 (#2), but mac 00:00:5e:00:53:01 matches K-1 (#1)`) {
		t.Errorf("line 3: %q", r.Reason)
	}
	if r := rowAt(t, rep, 5); len(r.Warnings) != 1 || !strings.Contains(r.Warnings[0], "also names K-3 (#3), whose serial differs") {
		t.Errorf("line 5 warnings %q", r.Warnings)
	}
	// Matching by hostname alone, the same file names K-3 twice.
	rep = mustImport(t, st, []string{writeFile(t, "k2.csv", "hostname,owner\nprinter,a\nprinter,b\n")}, Options{Keys: []string{"hostname"}, DryRun: true})
	if rowAt(t, rep, 2).Action != ActionUpdate || !strings.Contains(rowAt(t, rep, 3).Reason, "matches the same asset, K-3 (#3), as line 2") {
		t.Fatalf("%+v", rep.Rows)
	}
	// A serial can be corrected by import when serial is not a key.
	rep = mustImport(t, st, []string{writeFile(t, "k3.csv", "tag,serial\nK-2,S2-FIXED\n")}, Options{Keys: []string{"tag"}})
	if r := rowAt(t, rep, 2); r.Action != ActionUpdate || assetByTag(t, st, "K-2").Serial != "S2-FIXED" {
		t.Fatalf("%+v", r)
	}
	// With serial first, the same row is a conflict that says how to do it.
	rep = mustImport(t, st, []string{writeFile(t, "k4.csv", "tag,serial\nK-2,S2-AGAIN\n")}, Options{})
	if r := rowAt(t, rep, 2); r.Action != ActionConflict || !strings.Contains(r.Reason, `whose serial is "S2-FIXED", not "S2-AGAIN"`) {
		t.Fatalf("%+v", r)
	}
	if _, err := Import(context.Background(), st, nil, Options{Keys: []string{"colour"}}); err == nil {
		t.Fatal("--key colour accepted")
	}
}

func TestTwoFilesAreOneImport(t *testing.T) {
	st, _ := testStore(t)
	a := writeFile(t, "a.csv", "tag,hostname\nT-1,one\n")
	b := writeFile(t, "b.csv", "tag,hostname\nT-2,two\nT-1,uno\n")
	rep := mustImport(t, st, []string{a, b}, Options{})
	if rep.Written || rep.Counts.Conflicts != 1 || len(allAssets(t, st)) != 0 {
		t.Fatalf("%+v", rep)
	}
	if r := rowAt(t, rep, 3); !strings.Contains(r.Reason, a+" line 2") {
		t.Fatalf("%q", r.Reason)
	}
}

func TestProgressIsReported(t *testing.T) {
	st, _ := testStore(t)
	var b strings.Builder
	b.WriteString("tag\thostname\n")
	n := 2*batchRows + 10
	for i := 0; i < n; i++ {
		b.WriteString("P-" + itoa(i) + "\th" + itoa(i) + "\n")
	}
	var calls []Progress
	mustImport(t, st, []string{writeFile(t, "p.tsv", b.String())}, Options{Progress: func(p Progress) { calls = append(calls, p) }})
	size := int64(b.Len())
	want := []Progress{{Rows: batchRows, Size: size}, {Rows: 2 * batchRows, Size: size}, {Rows: n, Read: size, Size: size}}
	if len(calls) != 3 {
		t.Fatalf("progress calls %+v, want one a batch", calls)
	}
	for i, c := range calls {
		if c.Rows != want[i].Rows || c.Size != size || c.Read <= 0 || c.Read > size || i == 2 && c.Read != size {
			t.Fatalf("progress calls %+v, want %+v (what was read growing to the size)", calls, want)
		}
	}
}

func itoa(i int) string {
	const digits = "0123456789"
	if i < 10 {
		return digits[i : i+1]
	}
	return itoa(i/10) + digits[i%10:i%10+1]
}

func TestMissingFileIsRefused(t *testing.T) {
	st, _ := testStore(t)
	path := writeFile(t, "here.csv", "tag\thostname\nM-1\tm1\n")
	rep, err := Import(context.Background(), st, []string{path, path + ".missing"}, Options{})
	var fe *FileError
	if !errors.As(err, &fe) || !strings.Contains(err.Error(), "cannot read: no such file or directory") {
		t.Fatalf("%v", err)
	}
	if len(rep.Files) != 1 || rep.Files[0].File != path+".missing" || len(allAssets(t, st)) != 0 {
		t.Fatalf("files %+v: want only the missing one reported, and nothing read", rep.Files)
	}
}

func TestSeveralValuesInOneCell(t *testing.T) {
	st, _ := testStore(t)
	mustImport(t, st, []string{writeFile(t, "multi.csv", "tag;mac;ip\nV-1;00:00:5e:00:53:01<br>00:00:5e:00:53:02;192.0.2.1, 192.0.2.2\n")}, Options{})
	a := assetByTag(t, st, "V-1")
	if len(a.MACs()) != 2 || strings.Join(a.IPs(), " ") != "192.0.2.1 192.0.2.2" {
		t.Fatalf("%+v", a.Addresses)
	}
}

// TestImportReadsAPipeAsAStream imports from a named pipe, which has no
// size and can be read once, more rows than a batch and a window of text
// hold, with a quoted cell across lines.
func TestImportReadsAPipeAsAStream(t *testing.T) {
	var b strings.Builder
	b.WriteString("tag,hostname,notes\n")
	n := 0
	for b.Len() < 2*windowBytes {
		fmt.Fprintf(&b, "S-%d,host-%d,\"two\nlines\"\n", n, n)
		n++
	}
	fifo := filepath.Join(t.TempDir(), "in.fifo")
	if err := syscall.Mkfifo(fifo, 0o600); err != nil {
		t.Skipf("LOUD SKIP: cannot make a named pipe here: %v", err)
	}
	go func() {
		f, err := os.OpenFile(fifo, os.O_WRONLY, 0)
		if err != nil {
			return
		}
		defer f.Close()
		f.WriteString(b.String())
	}()
	st, _ := testStore(t)
	rep := mustImport(t, st, []string{fifo}, Options{})
	if rep.Counts.Created != n || rep.Files[0].Rows != n {
		t.Fatalf("counts %+v, file %+v; want %d created", rep.Counts, rep.Files[0], n)
	}
	last := rowAt(t, rep, 2+2*(n-1))
	if a := assetByTag(t, st, fmt.Sprintf("S-%d", n-1)); last.AssetID != a.ID || a.Notes != "two\nlines" {
		t.Fatalf("last row %+v, asset %+v", last, a)
	}
}

// TestSniffFileReadsOnlyTheHead: a large table is judged by its header;
// a character cut at the end of what is read, and a bad byte far below,
// are no reason to refuse it (Import reports the bad byte, naming its line).
func TestSniffFileReadsOnlyTheHead(t *testing.T) {
	var b strings.Builder
	b.WriteString("Name,Serial Number,Status\n")
	for b.Len() < sniffBytes-200 {
		b.WriteString("plain-host,SN1,active\n")
	}
	// A row that ends where the last byte read begins: "ü", two bytes.
	pad := sniffBytes - 1 - b.Len() - len(",SN1,active\n")
	b.WriteString(strings.Repeat("p", pad) + ",SN1,active\n")
	b.WriteString("ünïcødé-host,SN1,active\n")
	b.WriteString("bad-\xff-host,SN2,active\n")
	if got := b.String()[sniffBytes-1 : sniffBytes+1]; got != "ü" {
		t.Fatalf("the cut falls on %q, want inside ü", got)
	}
	path := writeFile(t, "big.csv", b.String())
	format, _, err := SniffFile(path, false)
	if err != nil || format != FormatCSV {
		t.Fatalf("SniffFile = %q, %v; want csv", format, err)
	}
	st, _ := testStore(t)
	_, err = Import(context.Background(), st, []string{path}, Options{})
	if err == nil || !strings.Contains(err.Error(), "not valid UTF-8") || !strings.Contains(err.Error(), "line") {
		t.Fatalf("Import = %v, want the bad byte named with its line", err)
	}
	if _, _, err := SniffFile(path+".missing", false); err == nil || !strings.Contains(err.Error(), "cannot read") {
		t.Fatalf("SniffFile of a missing file = %v", err)
	}
	// A header longer than what is read first, with a quoted cell and a
	// character across the cut, is judged whole.
	var long strings.Builder
	long.WriteString("Name,Serial Number")
	for i := 0; long.Len() < sniffBytes-8000; i++ {
		fmt.Fprintf(&long, ",c%d-%s", i, strings.Repeat("é", 200))
	}
	long.WriteString(`,"` + strings.Repeat("é", 4000) + "\n" + strings.Repeat("é", 3000) + "\"\nhost,SN1\n")
	if strings.ContainsAny(long.String()[:sniffBytes], "\r\n") {
		t.Fatal("the long header has a line end in its first part")
	}
	if format, _, err := SniffFile(writeFile(t, "long.csv", long.String()), false); err != nil || format != FormatCSV {
		t.Fatalf("SniffFile of a long header = %q, %v; want csv", format, err)
	}
}
