package tui

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/exp/teatest"
	"github.com/sunset-tui/sunset/inventory"
)

func writeFile(t *testing.T, name, content string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(path, []byte(content), 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

// openImportDialog starts the TUI on s and opens the import dialog from
// the asset list.
func openImportDialog(t *testing.T, s inventory.Store) *teatest.TestModel {
	t.Helper()
	tm := startProgram(t, s, Options{})
	waitFor(t, tm, "Assets by stage")
	press(tm, "2", "i")
	waitFor(t, tm, "Import a file")
	return tm
}

func TestFlowImportPreviewsTheDryRunThenWrites(t *testing.T) {
	s := openStore(t)
	seedInventory(t, s)
	csv := writeFile(t, "new.csv", "tag,hostname,kind,owner,ip\nA-0200,srv-imported,server,infra,192.0.2.200\n")
	tm := openImportDialog(t, s)
	tm.Type(csv)
	press(tm, "enter")
	waitFor(t, tm, "new.csv: dry run", "1 created")

	// Nothing is written before the confirmation.
	if _, err := s.FindAsset(context.Background(), "A-0200"); !inventory.IsKind(err, inventory.ErrNotFound) {
		t.Fatalf("the dry run wrote: %v", err)
	}
	press(tm, "enter")
	waitFor(t, tm, "imported new.csv: 1 created", "srv-imported")
	press(tm, "q")
	tm.WaitFinished(t, teatest.WithFinalTimeout(5*time.Second))
	a, err := s.FindAsset(context.Background(), "A-0200")
	if err != nil || a.Hostname != "srv-imported" {
		t.Fatalf("imported asset: %+v, %v", a, err)
	}
}

func TestFlowImportWithRejectedRowsCannotBeConfirmed(t *testing.T) {
	s := openStore(t)
	seedInventory(t, s)
	csv := writeFile(t, "bad.csv", "tag,hostname,ip\nA-0300,ok-host,192.0.2.201\nA-0301,bad-host,192.0.2.999\n")
	tm := openImportDialog(t, s)
	tm.Type(csv)
	press(tm, "enter")
	waitFor(t, tm, "rows rejected: the import would be refused")
	press(tm, "enter", "esc", "q")
	tm.WaitFinished(t, teatest.WithFinalTimeout(5*time.Second))
	if _, err := s.FindAsset(context.Background(), "A-0300"); !inventory.IsKind(err, inventory.ErrNotFound) {
		t.Fatalf("a refused import wrote: %v", err)
	}
}

func TestFlowImportInDecommissioningGetsAChecklist(t *testing.T) {
	s := openStore(t)
	seedInventory(t, s)
	csv := writeFile(t, "retiring.csv", "tag,hostname,stage,stores-data,ip\nA-0210,srv-going,decommissioning,yes,192.0.2.210\n")
	tm := openImportDialog(t, s)
	tm.Type(csv)
	press(tm, "enter")
	waitFor(t, tm, "retiring.csv: dry run", "1 created")
	press(tm, "enter")
	waitFor(t, tm, "imported retiring.csv: 1 created")
	press(tm, "q")
	tm.WaitFinished(t, teatest.WithFinalTimeout(5*time.Second))
	a, err := s.FindAsset(context.Background(), "A-0210")
	if err != nil {
		t.Fatal(err)
	}
	items, err := s.Checklist(context.Background(), a.ID)
	if err != nil || len(items) == 0 {
		t.Fatalf("an asset imported in decommissioning has no checklist (%v)", err)
	}
}

// An nmap XML file goes in as a check, as on the command line: a dry run
// says what it saw, and enter stores it, with what it proves.
func TestFlowImportOfNmapXMLBecomesACheck(t *testing.T) {
	s := openStore(t)
	ids := seedInventory(t, s)
	end := testNow.Add(-10 * time.Minute).Unix()
	xml := writeFile(t, "scan.xml", fmt.Sprintf(`<?xml version="1.0"?>
<!DOCTYPE nmaprun>
<nmaprun scanner="nmap" args="nmap -sT 192.0.2.30" start="%d" version="7.93" xmloutputversion="1.05">
<host starttime="%d" endtime="%d"><status state="down" reason="no-response"/><address addr="192.0.2.30" addrtype="ipv4"/></host>
<runstats><finished time="%d" exit="success"/><hosts up="0" down="1" total="1"/></runstats>
</nmaprun>
`, end-60, end-60, end, end))
	tm := openImportDialog(t, s)
	tm.Type(xml)
	press(tm, "enter")
	waitFor(t, tm, "scan.xml: dry run", "1 dark", "stored as a check")
	press(tm, "enter")
	waitFor(t, tm, "imported scan.xml as check #2")
	press(tm, "q")
	tm.WaitFinished(t, teatest.WithFinalTimeout(5*time.Second))
	obs, err := s.Observations(context.Background(), inventory.ObservationFilter{CheckID: 2})
	if err != nil || len(obs) != 1 || obs[0].AssetID != ids.legacy || obs[0].State != inventory.Dark {
		t.Fatalf("stored %+v, %v", obs, err)
	}
}

// A file whose status the inventory's words do not know, and whose
// column needs a mapping, goes in from the dialog as with --stage-map and
// --map: the dry run names the status, e puts VALUE=STAGE in the stage
// map for the user to finish, and the import uses what the inputs say.
func TestFlowImportTakesMappingsAndStageMappings(t *testing.T) {
	s := openStore(t)
	seedInventory(t, s)
	csv := writeFile(t, "odd.csv", "tag,hostname,Bldg,status\nA-0400,srv-odd,North wing,Broken\n")
	tm := openImportDialog(t, s)
	tm.Type(csv)
	press(tm, "tab")
	tm.Type("Bldg=location")
	press(tm, "enter")
	waitFor(t, tm, "odd.csv: dry run", "1 status value has no stage")
	press(tm, "e")
	waitFor(t, tm, "Broken=STAGE", "say which stage each status means")
	for range len("STAGE") {
		tm.Send(tea.KeyMsg{Type: tea.KeyBackspace})
	}
	tm.Type("spare")
	press(tm, "enter")
	waitFor(t, tm, "enter import (1 created, 0 updated)")
	press(tm, "enter")
	waitFor(t, tm, "imported odd.csv: 1 created")
	press(tm, "q")
	tm.WaitFinished(t, teatest.WithFinalTimeout(5*time.Second))
	a, err := s.FindAsset(context.Background(), "A-0400")
	if err != nil || a.Location != "North wing" || a.Stage != inventory.StageSpare {
		t.Fatalf("imported asset: %+v, %v", a, err)
	}
}

// A mapping the command line would refuse is refused here too, naming it.
func TestFlowImportRefusesAColumnMappedTwice(t *testing.T) {
	s := openStore(t)
	seedInventory(t, s)
	csv := writeFile(t, "twice.csv", "Name,ip\nsw-1,192.0.2.220\n")
	tm := openImportDialog(t, s)
	tm.Type(csv)
	press(tm, "tab")
	tm.Type("Name=tag, Name=hostname")
	press(tm, "enter")
	waitFor(t, tm, "map:", "a column fills one field")
	press(tm, "esc", "q")
	tm.WaitFinished(t, teatest.WithFinalTimeout(5*time.Second))
}

// A report longer than the dialog scrolls, and says which lines it shows.
func TestFlowImportReportScrolls(t *testing.T) {
	s := openStore(t)
	seedInventory(t, s)
	var b strings.Builder
	b.WriteString("tag,hostname\n")
	for i := range 60 {
		fmt.Fprintf(&b, "S-%03d,scroll-%03d\n", i, i)
	}
	csv := writeFile(t, "long.csv", b.String())
	tm := openImportDialog(t, s)
	tm.Type(csv)
	press(tm, "enter")
	waitFor(t, tm, "long.csv: dry run", "lines 1–")
	tm.Send(tea.KeyMsg{Type: tea.KeyEnd})
	waitFor(t, tm, "S-059", "of 65")
	press(tm, "esc", "q")
	tm.WaitFinished(t, teatest.WithFinalTimeout(5*time.Second))
}

// The import reads the file again after its dry run: a file changed in
// between is refused, whatever changed (its size, or only its content,
// its time set back), and nothing is written.
func TestFlowImportRefusesAFileChangedSinceTheDryRun(t *testing.T) {
	for _, sameSize := range []bool{false, true} {
		s := openStore(t)
		seedInventory(t, s)
		csv := writeFile(t, "moving.csv", "tag,hostname\nA-0500,srv-first\n")
		info, err := os.Stat(csv)
		if err != nil {
			t.Fatal(err)
		}
		tm := openImportDialog(t, s)
		tm.Type(csv)
		press(tm, "enter")
		waitFor(t, tm, "moving.csv: dry run", "1 created")
		changed := "tag,hostname\nA-0501,srv-other-one\n"
		if sameSize {
			changed = "tag,hostname\nA-0501,srv-other\n"
		}
		if err := os.WriteFile(csv, []byte(changed), 0o600); err != nil {
			t.Fatal(err)
		}
		if sameSize {
			if err := os.Chtimes(csv, info.ModTime(), info.ModTime()); err != nil {
				t.Fatal(err)
			}
		}
		press(tm, "enter")
		why := "size or time"
		if sameSize {
			why = "what it holds"
		}
		waitFor(t, tm, "changed since the dry run", why)
		press(tm, "esc", "q")
		tm.WaitFinished(t, teatest.WithFinalTimeout(5*time.Second))
		for _, tag := range []string{"A-0500", "A-0501"} {
			if _, err := s.FindAsset(context.Background(), tag); !inventory.IsKind(err, inventory.ErrNotFound) {
				t.Fatalf("same size %v: a changed file was imported (%s): %v", sameSize, tag, err)
			}
		}
	}
}
