package importers

import (
	"context"
	"strings"
	"testing"

	"github.com/sunset-tui/sunset/inventory"
)

// TestASecondIdentityIsAConflictNotARename pins the rule of matching: a
// row names the asset its first key finds, and every other key it gives
// (hostname after that key aside) must agree with that asset or be empty.
// A tag, serial or MAC belonging to another asset, or differing from the
// matched asset's, makes the row a conflict naming the other asset or the
// values: it is never merged into the asset, nor renames it.
func TestASecondIdentityIsAConflictNotARename(t *testing.T) {
	const m1, m2, m9 = "00:00:5e:00:53:01", "00:00:5e:00:53:02", "00:00:5e:00:53:09"
	header := "serial,mac,tag,hostname,owner\n"
	for _, tc := range []struct {
		name, row string
		keys      []string
		action    string
		reason    string
	}{
		{"same tag", "S1,,K-1,,bob", nil, ActionUpdate, ""},
		{"no tag", "S1,,,,bob", nil, ActionUpdate, ""},
		{"a MAC it has, and another", "S1," + m1 + " " + m9 + ",,,", nil, ActionUpdate, ""},
		{"a new hostname: renamed", "S1,,,alpha-2,", nil, ActionUpdate, ""},
		{"another tag", "S1,,NEW-1,,bob", nil, ActionConflict,
			`serial "S1" matches K-1 (#1), whose tag is "K-1", not "NEW-1" (to change a tag by import, leave tag out of --key)`},
		{"another tag, found by MAC", "," + m1 + ",NEW-1,,", nil, ActionConflict,
			`mac 00:00:5e:00:53:01 matches K-1 (#1), whose tag is "K-1", not "NEW-1"`},
		{"another MAC", "S1," + m9 + ",,,", nil, ActionConflict,
			`serial "S1" matches K-1 (#1), whose mac is 00:00:5e:00:53:01, not 00:00:5e:00:53:09`},
		{"another asset's tag", "S1,,K-2,,", nil, ActionConflict, `serial "S1" matches K-1 (#1), but tag "K-2" matches K-2 (#2)`},
		{"another asset's MAC", "S1," + m2 + ",,,", nil, ActionConflict, `matches K-1 (#1), but mac 00:00:5e:00:53:02 matches K-2 (#2)`},
		{"another serial, found by tag", "S9,,K-1,,", nil, ActionConflict, `tag "K-1" matches K-1 (#1), whose serial is "S1", not "S9"`},
		{"a tag that is no key is a field", "S1,,NEW-1,,", []string{"serial"}, ActionUpdate, ""},
		{"even then not another asset's", "S1,,K-2,,", []string{"serial"}, ActionConflict, `tag "K-2" already belongs to K-2 (#2)`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			st, _ := testStore(t)
			seed(t, st,
				inventory.Asset{Tag: "K-1", Hostname: "alpha", Serial: "S1", Owner: "ann", Addresses: []inventory.Address{{Kind: inventory.AddrMAC, Value: m1}}},
				inventory.Asset{Tag: "K-2", Hostname: "beta", Serial: "S2", Addresses: []inventory.Address{{Kind: inventory.AddrMAC, Value: m2}}})
			rep := mustImport(t, st, []string{writeFile(t, "k.csv", header+tc.row+"\n")}, Options{Keys: tc.keys})
			row := rowAt(t, rep, 2)
			if row.Action != tc.action || !strings.Contains(row.Reason, tc.reason) {
				t.Fatalf("%s %q, want %s %q", row.Action, row.Reason, tc.action, tc.reason)
			}
			if tc.action == ActionConflict {
				if k1 := assetByTag(t, st, "K-1"); k1.Serial != "S1" || len(allAssets(t, st)) != 2 || rep.Written {
					t.Fatalf("a conflict wrote: K-1 is %+v", k1)
				}
			}
		})
	}
}

// TestTheStoreKeepsASerialToOneAssetWhateverTheKeys: serial and MAC are
// checked against other assets and other rows even when they are not
// keys, so that a row is refused with its line instead of the store
// refusing the whole import.
func TestTheStoreKeepsASerialToOneAssetWhateverTheKeys(t *testing.T) {
	st, _ := testStore(t)
	seed(t, st, inventory.Asset{Tag: "K-1", Serial: "S1"})
	rep := mustImport(t, st, []string{writeFile(t, "k.csv", "tag,serial\nN-1,S1\nN-2,S7\nN-3,s7\n")}, Options{Keys: []string{"tag"}})
	if r := rowAt(t, rep, 2); r.Action != ActionConflict || !strings.Contains(r.Reason, `serial "S1" already belongs to K-1 (#1)`) {
		t.Fatalf("line 2: %+v", r)
	}
	if r := rowAt(t, rep, 4); r.Action != ActionConflict || !strings.Contains(r.Reason, `has the same serial "s7" as line 3`) {
		t.Fatalf("line 4: %+v", r)
	}
	if rep.Written || len(allAssets(t, st)) != 1 {
		t.Fatal("a refused import wrote")
	}
}

// TestRowsAreMatchedToTheInventoryAsItWas: a real import decides each row
// against the inventory as it was before the import, as its dry run did,
// not against what the batches before it wrote: a row renaming K-1's host
// and a later row for the old hostname decide alike in both.
func TestRowsAreMatchedToTheInventoryAsItWas(t *testing.T) {
	st, _ := testStore(t)
	seed(t, st, inventory.Asset{Tag: "K-1", Hostname: "old", Serial: "S1"})
	var b strings.Builder
	b.WriteString("serial,tag,hostname\nS1,,new\n")
	for i := range batchRows + 5 {
		b.WriteString("SN-" + itoa(i) + ",T-" + itoa(i) + ",h" + itoa(i) + "\n")
	}
	b.WriteString(",,old\n") // K-1 by its old hostname: the second row for K-1
	path := writeFile(t, "k.csv", b.String())
	last := batchRows + 8
	for _, dry := range []bool{true, false} {
		rep, err := Import(context.Background(), st, []string{path}, Options{DryRun: dry})
		if err != nil {
			t.Fatal(err)
		}
		if r := rowAt(t, rep, last); r.Action != ActionConflict || !strings.Contains(r.Reason, "matches the same asset, K-1 (#1), as line 2") {
			t.Fatalf("dry run %v: line %d %+v", dry, last, r)
		}
	}
	if a := assetByTag(t, st, "K-1"); a.Hostname != "old" || len(allAssets(t, st)) != 1 {
		t.Fatalf("a refused import wrote: %+v", a)
	}
}
