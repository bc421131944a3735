package main

import (
	"bytes"
	"os"
	"os/exec"
	"strings"
	"testing"
)

// TestImportJSONIsOneDocumentAsItStreams: the report of a dry run larger
// than a batch, streamed as rows are decided, is one JSON document with
// every row, and after it the counts; a rejected row exits 1.
func TestImportJSONIsOneDocumentAsItStreams(t *testing.T) {
	e := newEnv(t)
	e.ok("policy", "set", "check.fresh", "24h")
	csv := e.dir + "/assets.csv"
	writeAssets(t, csv, 12_000)
	appendTo(t, csv, "AT-0000007,again,server,,,,,,,active,,,,\n")
	r := e.run("import", "--dry-run", "--json", csv)
	if r.code != 1 {
		t.Fatalf("exit %d, want 1 for the rejected row; stderr %q", r.code, r.stderr)
	}
	doc := jsonDoc(t, r.stdout)
	imp := doc["import"].(map[string]any)
	rows := imp["rows"].([]any)
	counts := imp["counts"].(map[string]any)
	if len(rows) != 12_001 || counts["rows"] != float64(12_001) || counts["conflicts"] != float64(1) || imp["schema"] != float64(1) || imp["dry_run"] != true {
		t.Fatalf("%d rows, counts %v, schema %v", len(rows), counts, imp["schema"])
	}
	last := rows[len(rows)-1].(map[string]any)
	if last["line"] != float64(12_002) || last["action"] != "conflict" || !strings.Contains(last["reason"].(string), "line 9") {
		t.Fatalf("last row %v", last)
	}
	if files := imp["files"].([]any); files[0].(map[string]any)["rows"] != float64(12_001) {
		t.Fatalf("files %v", files)
	}
}

// TestImportFailingMidStreamEndsItsJSON: a file found to be no text after
// its first rows were reported ends the document, which says why, exits 2
// and writes nothing.
func TestImportFailingMidStreamEndsItsJSON(t *testing.T) {
	e := newEnv(t)
	e.ok("policy", "set", "check.fresh", "24h")
	csv := e.dir + "/assets.csv"
	writeAssets(t, csv, 60_000) // more than one window of text
	appendTo(t, csv, "AT-bad,Z\x00rich,server,,,,,,,active,,,,\n")
	r := e.run("import", "--json", csv)
	if r.code != 2 || strings.Count(r.stderr, "\n") != 1 || !strings.Contains(r.stderr, "NUL byte") {
		t.Fatalf("exit %d, stderr %q; want 2 and one line naming the bad byte", r.code, r.stderr)
	}
	imp := jsonDoc(t, r.stdout)["import"].(map[string]any)
	if !strings.Contains(imp["error"].(string), "line 60002") || imp["written"] != false || len(imp["rows"].([]any)) == 0 {
		t.Fatalf("error %v, written %v, %d rows", imp["error"], imp["written"], len(imp["rows"].([]any)))
	}
	if out := e.ok("asset", "list", "--json").stdout; strings.Contains(out, "AT-") {
		t.Fatal("a failed import wrote assets")
	}
}

// TestImportTextReportStreamsFromStandardInput: standard input, read once
// as a stream, larger than what the import reads at a time; the report
// lists each row as it is decided, then how the file was read, then the
// summary.
func TestImportTextReportStreamsFromStandardInput(t *testing.T) {
	e := newEnv(t)
	csv := e.dir + "/assets.csv"
	writeAssets(t, csv, 40_000)
	data, err := os.ReadFile(csv)
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(sunsetBin, "import", "-")
	cmd.Env = append(os.Environ(), "SUNSET_DB="+e.db, "SUNSET_ACTOR=tester")
	var out, errb bytes.Buffer
	cmd.Stdin, cmd.Stdout, cmd.Stderr = bytes.NewReader(data), &out, &errb
	if err := cmd.Run(); err != nil {
		t.Fatalf("%v: %s", err, errb.String())
	}
	text := out.String()
	first := strings.Index(text, "line 2     create     AT-0000000 (#1)")
	last := strings.Index(text, "line 40001  create     AT-0039999 (#40000)")
	file := strings.Index(text, "<stdin>: csv")
	summary := strings.Index(text, "40000 rows: 40000 created, 0 updated, 0 unchanged, 0 rejected (0 conflicts, 0 errors). Written in one transaction.")
	if first < 0 || last < first || file < last || summary < file {
		t.Fatalf("report out of order (%d %d %d %d):\n%.300s\n...\n%s", first, last, file, summary, text, text[max(0, len(text)-700):])
	}
	if got := jsonDoc(t, e.ok("asset", "show", "AT-0039999", "--json").stdout)["asset"].(map[string]any)["hostname"]; got != "host-0039999" {
		t.Fatalf("last asset's hostname %v", got)
	}
}

func appendTo(t *testing.T, path, text string) {
	t.Helper()
	f, err := os.OpenFile(path, os.O_APPEND|os.O_WRONLY, 0)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if _, err := f.WriteString(text); err != nil {
		t.Fatal(err)
	}
}
