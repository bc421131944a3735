package importers

import (
	"context"
	"maps"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/sunset-tui/sunset/inventory"
)

// corpusCase is what importing one corpus file must give.
type corpusCase struct {
	opts  Options
	check func(t *testing.T, rep Report, err error, st inventory.Store)
}

// Every file in the corpus csv folder has an expectation here; a new file
// fails the test until it gets one.
var corpusCases = map[string]corpusCase{
	"snipeit_assets-sample.csv": {check: func(t *testing.T, rep Report, err error, st inventory.Store) {
		if err != nil {
			t.Fatal(err)
		}
		f := rep.Files[0]
		if f.Format != FormatSnipeIT || f.Encoding != "utf-8 (byte-order mark removed)" || f.Rows != 22 {
			t.Fatalf("%+v", f)
		}
		if rep.Counts != (Counts{Rows: 22, Created: 22}) || !rep.Written {
			t.Fatalf("%+v", rep.Counts)
		}
		if w := rowAt(t, rep, 17).Warnings; len(w) != 0 {
			t.Fatalf("line 17 warnings %q", w)
		}
		// Snipe-IT's asset names are labels: the asset's name, never a
		// hostname.
		if truck := assetByTag(t, st, rowAt(t, rep, 17).Asset); truck.Name != "Dump Truck" || truck.Hostname != "" {
			t.Fatalf("%+v", truck)
		}
		a := assetByTag(t, st, "WBH-2841795")
		cols := importedOf(t, st, a.ID)
		if a.Name != "Dragline" || a.Hostname != "" || a.Owner != "gmccrackem2a" || a.Model != `Macbook Pro 13"` || a.EOLOn.String() != "2028-10-27" ||
			a.Vendor != "Botsford, Boyle and Herzog" || cols["Company"] != "Quitzon, Oberbrunner and Dibbert" ||
			cols["Purchase Date"] != "11/14/22" || a.Notes != "" || a.Source != "snipeit" {
			t.Fatalf("%+v %v", a, cols)
		}
	}},
	"snipeit_assets-sample-BAD.csv": {check: snipeitLatin1Sample},
	"snipeit_assets-sample-BLANKS.csv": {check: func(t *testing.T, rep Report, err error, st inventory.Store) {
		snipeitLatin1Sample(t, rep, err, st)
		var unnamed int
		for _, c := range rep.Files[0].Columns {
			if c.Why == "no header" {
				unnamed++
			}
		}
		if unnamed != 3 {
			t.Fatalf("%d columns without a header, want 3: %+v", unnamed, rep.Files[0].Columns)
		}
	}},
	"csvspectrum_comma_in_quotes.csv": {opts: Options{Map: map[string]string{"first": "tag", "city": "location"}},
		check: spectrumAsset("John", func(a inventory.Asset, cols map[string]string) bool {
			return a.Location == "Anytown, WW" && a.Notes == "" && maps.Equal(cols, map[string]string{"last": "Doe", "address": "120 any st.", "zip": "08123"})
		})},
	"csvspectrum_empty.csv": {opts: Options{Map: map[string]string{"a": "tag"}},
		check: spectrumAsset("2", func(a inventory.Asset, cols map[string]string) bool {
			return a.Notes == "" && maps.Equal(cols, map[string]string{"b": "3", "c": "4"})
		})},
	"csvspectrum_escaped_quotes.csv": {opts: Options{Map: map[string]string{"a": "tag", "b": "owner"}},
		check: spectrumAsset("1", func(a inventory.Asset, _ map[string]string) bool { return a.Owner == `ha "ha" ha` })},
	"csvspectrum_newlines.csv": {opts: Options{Map: map[string]string{"c": "tag", "a": "notes"}},
		check: spectrumAsset("6", func(a inventory.Asset, cols map[string]string) bool {
			return a.Notes == "Once upon \na time" && maps.Equal(cols, map[string]string{"b": "5"})
		})},
	"csvspectrum_quotes_and_newlines.csv": {opts: Options{Map: map[string]string{"a": "tag", "b": "notes"}},
		check: spectrumAsset("1", func(a inventory.Asset, _ map[string]string) bool { return a.Notes == "ha \n\"ha\" \nha" })},
	"csvspectrum_utf8.csv": {opts: Options{Map: map[string]string{"a": "tag", "c": "owner"}},
		check: spectrumAsset("4", func(a inventory.Asset, _ map[string]string) bool { return a.Owner == "ʤ" })},
	"csvspectrum_location_coordinates.csv": {opts: Options{Map: map[string]string{"contact phone number": "tag", "location coordinates": "location", "cities": "ignore"}},
		check: spectrumAsset("2095257564", func(a inventory.Asset, cols map[string]string) bool {
			return a.Location == "37\uFFFD36'37.8\"N 121\uFFFD2'17.9\"W" && a.Notes == "" && maps.Equal(cols, map[string]string{"Counties": "Stanislaus"})
		})},
}

// snipeitLatin1Sample: Snipe-IT's "BAD" samples (CR line ends, duplicate or
// empty headers, mojibake) read as Latin-1; their "Pending Diagnostics"
// label is no stage until the user says which.
func snipeitLatin1Sample(t *testing.T, rep Report, err error, st inventory.Store) {
	if err != nil {
		t.Fatal(err)
	}
	if rep.Files[0].Format != FormatSnipeIT || rep.Files[0].Rows != 200 {
		t.Fatalf("%+v", rep.Files[0])
	}
	if rep.Written || rep.Counts.Errors != 36 || rep.Counts.Rejected != 36 || len(rep.UnknownStatuses) != 1 ||
		rep.UnknownStatuses[0].Value != "Pending Diagnostics" || len(rep.UnknownStatuses[0].Lines) != 36 || rep.UnknownStatuses[0].Lines[0] != 5 {
		t.Fatalf("%+v %+v", rep.Counts, rep.UnknownStatuses)
	}
	if n := len(allAssets(t, st)); n != 0 {
		t.Fatalf("%d assets written", n)
	}
}

func spectrumAsset(tag string, ok func(inventory.Asset, map[string]string) bool) func(*testing.T, Report, error, inventory.Store) {
	return func(t *testing.T, rep Report, err error, st inventory.Store) {
		if err != nil {
			t.Fatal(err)
		}
		if rep.Counts.Rejected != 0 || !rep.Written {
			t.Fatalf("%+v %+v", rep.Counts, rep.Rows)
		}
		if a := assetByTag(t, st, tag); !ok(a, importedOf(t, st, a.ID)) {
			t.Fatalf("%+v %v", a, importedOf(t, st, a.ID))
		}
	}
}

func TestEveryCorpusCSV(t *testing.T) {
	dir := filepath.Join(corpusDir(t), "csv")
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Skipf("SKIPPING: the test corpus is missing (%v); set SUNSET_CORPUS", err)
	}
	seen := 0
	for _, e := range entries {
		name := e.Name()
		tc, ok := corpusCases[name]
		if !ok {
			t.Errorf("corpus file %s has no expected report in corpusCases", name)
			continue
		}
		seen++
		t.Run(name, func(t *testing.T) {
			st, _ := testStore(t)
			opts := tc.opts
			if strings.HasPrefix(name, "snipeit_assets-sample-") {
				opts.Latin1 = true
			}
			rep, err := Import(context.Background(), st, []string{filepath.Join(dir, name)}, opts)
			if err == nil {
				checkCounts(t, rep)
			}
			tc.check(t, rep, err, st)
		})
	}
	if seen != len(corpusCases) {
		t.Errorf("%d corpus files checked, %d expected", seen, len(corpusCases))
	}
}

// The samples are not UTF-8 (a spreadsheet saved them in its own
// encoding): they are read as Latin-1 without being asked, and say so.
func TestSnipeITBadSampleIsReadAsLatin1WithoutAFlag(t *testing.T) {
	for _, name := range []string{"snipeit_assets-sample-BAD.csv", "snipeit_assets-sample-BLANKS.csv"} {
		path := corpusFile(t, "csv/"+name)
		st, _ := testStore(t)
		rep, err := Import(context.Background(), st, []string{path}, Options{DryRun: true,
			StageMap: map[string]inventory.Stage{"Pending Diagnostics": "spare"}})
		if err != nil || rep.Files[0].Encoding != "windows-1252 (not UTF-8; read as Latin-1)" || rep.Counts.Rows != 200 {
			t.Fatalf("%s: %v, %+v", name, err, rep)
		}
	}
}

func TestSnipeITBadSampleImportsOnceTheUserSaysWhatTheLabelMeans(t *testing.T) {
	path := corpusFile(t, "csv/snipeit_assets-sample-BAD.csv")
	st, _ := testStore(t)
	rep := mustImport(t, st, []string{path}, Options{StageMap: map[string]inventory.Stage{"Pending Diagnostics": "spare"}})
	if rep.Counts != (Counts{Rows: 200, Created: 200}) || !rep.Written {
		t.Fatalf("%+v", rep.Counts)
	}
	count := map[inventory.Stage]int{}
	for _, a := range allAssets(t, st) {
		count[a.Stage]++
	}
	// Archived 39 and Lost 37 → retired; Pending Diagnostics 36 and
	// Undeployable 32 → spare; no status 28, and Ready to Deploy 28 checked
	// out to the person in Full Name → active.
	if count["retired"] != 76 || count["spare"] != 68 || count["active"] != 56 {
		t.Fatalf("stages %v", count)
	}
	a := assetByTag(t, st, "441402118-9")
	if !strings.Contains(a.Location, "Luts‰Ûªk") {
		t.Fatalf("Latin-1 location %q", a.Location)
	}
	again := mustImport(t, st, []string{path}, Options{Latin1: true, StageMap: map[string]inventory.Stage{"Pending Diagnostics": "spare"}})
	if again.Counts.Unchanged != 200 {
		t.Fatalf("re-import %+v", again.Counts)
	}
}
