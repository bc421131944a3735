package importers

import (
	"encoding/json"
	"strings"
	"testing"
)

func TestDryRunReportShowsEveryOutcome(t *testing.T) {
	st, _ := testStore(t)
	mustImport(t, st, []string{writeFile(t, "base.csv", "tag,hostname,owner\nD-1,one,alice\nD-2,two,bob\n")}, Options{})
	rep := mustImport(t, st, []string{writeFile(t, "next.csv",
		"tag,hostname,owner,deployed on\nD-1,one,carol,\nD-2,two,bob,\nD-3,three,dave,\nD-4,four,erin,3/4/24\nD-5,five,x,\nD-5,five-again,y,\n")},
		Options{DryRun: true})
	var text strings.Builder
	if err := rep.WriteText(&text); err != nil {
		t.Fatal(err)
	}
	out := text.String()
	for _, want := range []string{
		"next.csv: csv (recognised: no CMDB export's typical columns in the header); utf-8, delimiter \",\", 6 rows",
		"columns: tag → tag, hostname → hostname, owner → owner, deployed on → deployed-on",
		`line 2  update     D-1 (#1): owner "alice" → "carol"`,
		"line 3  unchanged  D-2 (#2)",
		"line 4  create     D-3",
		`line 5  error      column "deployed on": "3/4/24" is ambiguous: 3 April or 4 March 2024? Write dates as YYYY-MM-DD, or give the date order`,
		"line 6  create     D-5",
		`line 7  conflict   has the same tag "D-5" as line 6`,
		"6 rows: 2 created, 1 updated, 1 unchanged, 2 rejected (1 conflicts, 1 errors). Dry run: nothing written; as it stands, the import would be refused (2 rows rejected).",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("report lacks %q:\n%s", want, out)
		}
	}
	if owner := assetByTag(t, st, "D-1").Owner; owner != "alice" {
		t.Fatalf("dry run wrote: %s", owner)
	}

	b, err := json.Marshal(rep)
	if err != nil {
		t.Fatal(err)
	}
	var doc map[string]any
	if err := json.Unmarshal(b, &doc); err != nil {
		t.Fatal(err)
	}
	if doc["schema"] != float64(1) || doc["dry_run"] != true || doc["written"] != false {
		t.Fatalf("%s", b)
	}
	counts := doc["counts"].(map[string]any)
	if counts["rows"] != float64(6) || counts["rejected"] != float64(2) || counts["conflicts"] != float64(1) {
		t.Fatalf("counts %v", counts)
	}
	first := doc["rows"].([]any)[0].(map[string]any)
	change := first["changes"].([]any)[0].(map[string]any)
	if first["action"] != "update" || first["line"] != float64(2) || first["asset"] != "D-1" || change["field"] != "owner" ||
		change["from"] != "alice" || change["to"] != "carol" {
		t.Fatalf("first row %v", first)
	}
	col := doc["files"].([]any)[0].(map[string]any)["columns"].([]any)[3].(map[string]any)
	if col["column"] != "deployed on" || col["use"] != "field" || col["field"] != "deployed-on" {
		t.Fatalf("column %v", col)
	}
}

func TestReportTextCannotSteerTheTerminal(t *testing.T) {
	st, _ := testStore(t)
	rep := mustImport(t, st, []string{writeFile(t, "esc.csv", "tag,kind\n\"X\x1b[2J\u202e\",toaster\n")}, Options{DryRun: true})
	var text strings.Builder
	rep.WriteText(&text)
	if strings.ContainsAny(text.String(), "\x1b\u202e") {
		t.Fatalf("control characters reached the report: %q", text.String())
	}
}
