package main

import (
	"fmt"
	"strings"
	"testing"
)

// What an import kept of columns that are no asset field shows with the
// asset, apart from its notes.
func TestAssetShowListsImportedColumns(t *testing.T) {
	e := newEnv(t)
	e.ok("import", writeFile(t, e.dir, "netbox.csv", netboxExport))
	e.ok("asset", "set", "ZA1234567890", "--notes", "label faded")
	show := e.ok("asset", "show", "ZA1234567890").stdout
	for _, want := range []string{"Imported columns", "Rack", "R03", "label faded"} {
		if !strings.Contains(show, want) {
			t.Errorf("asset show lacks %q:\n%s", want, show)
		}
	}
	doc := jsonDoc(t, e.ok("asset", "show", "ZA1234567890", "--json").stdout)
	if got := fmt.Sprint(doc["imported"]); !strings.Contains(got, "column:Rack") || !strings.Contains(got, "value:R03") {
		t.Fatalf("asset show --json imported: %s", got)
	}
	if notes := doc["asset"].(map[string]any)["notes"]; notes != "label faded" {
		t.Fatalf("notes %q", notes)
	}
}

// An asset without a tag is listed by its id, which asset show takes.
func TestAnAssetWithoutATagIsListedByItsID(t *testing.T) {
	e := newEnv(t)
	e.ok("import", writeFile(t, e.dir, "serials.csv", "Serial number,Status\nZA1234567890,Active\n"))
	list := e.ok("asset", "list").stdout
	if !strings.Contains(list, "#1 ") {
		t.Fatalf("asset list of a tagless asset:\n%s", list)
	}
	if show := e.ok("asset", "show", "#1").stdout; !strings.Contains(show, "ZA1234567890") {
		t.Fatalf("asset show #1:\n%s", show)
	}
}
