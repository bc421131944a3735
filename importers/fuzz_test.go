package importers

import (
	"bytes"
	"context"
	"encoding/csv"
	"os"
	"path/filepath"
	"reflect"
	"testing"

	"github.com/sunset-tui/sunset/inventory"
)

func addSeeds(f *testing.F) {
	for _, dir := range []string{"testdata", "testdata/csv-spectrum"} {
		entries, _ := os.ReadDir(dir)
		for _, e := range entries {
			if data, err := os.ReadFile(filepath.Join(dir, e.Name())); err == nil && !e.IsDir() {
				f.Add(data)
			}
		}
	}
	for _, s := range []string{
		"\xEF\xBB\xBFtag;hostname\r\nA;b\r\n", "tag,hostname\rA,b\rB,\"c\r\nd\"\r", "tag,notes\nA,\"open\n",
		"tag,ip,ip\nA,192.0.2.1,192.0.2.1\nA,x,y,z\n", "tag,Password\nA,b\n", "tag,status\nA,weird\n",
		"tag,deployed on\nA,3/4/24\nB,13/4/24\n", "tag,hostname\nA,\xff\n", "hostname,mac\nh,00:00:5e:00:53:01\nh2,00:00:5e:00:53:01\n",
	} {
		f.Add([]byte(s))
	}
}

// FuzzCSVReader: reading never panics, and what it reads survives being
// written out as CSV and read again.
func FuzzCSVReader(f *testing.F) {
	addSeeds(f)
	f.Fuzz(func(t *testing.T, data []byte) {
		tb, err := tableOf("fuzz.csv", data, false)
		if err != nil {
			return
		}
		rows, err := readRows(tb)
		if err != nil {
			return
		}
		last := tb.headerLine
		for _, r := range rows {
			if r.line <= last {
				t.Fatalf("row lines not increasing: %d after %d", r.line, last)
			}
			last = r.line
		}
		records := [][]string{tb.header}
		for _, r := range rows {
			if r.err == nil { // else a bad row, rejected with its line
				records = append(records, r.cells)
			}
		}
		for _, rec := range records {
			if len(rec) < 2 {
				return // a one-cell record is written ambiguously; skip
			}
		}
		var b bytes.Buffer
		w := csv.NewWriter(&b)
		w.Comma = rune(tb.delim)
		if err := w.WriteAll(records); err != nil {
			return // e.g. a cell encoding/csv cannot write
		}
		sc := &scanner{name: "again.csv", s: b.String(), line: 1, delim: tb.delim}
		var again [][]string
		for sc.pos < len(sc.s) {
			cells, _, err := sc.record(nil)
			if err != nil {
				t.Fatalf("re-reading written CSV: %v\n%q", err, b.String())
			}
			again = append(again, cells)
		}
		// Header cells were trimmed when first read.
		for i := range again[0] {
			again[0][i] = records[0][i]
		}
		if !reflect.DeepEqual(again, records) {
			t.Fatalf("read %q\nwrote %q\nread again %q", records, b.String(), again)
		}
	})
}

// FuzzImport: whatever the file, Import never panics, every row gets one
// outcome, and a rejected import writes nothing.
func FuzzImport(f *testing.F) {
	addSeeds(f)
	st, _ := testStore(f)
	ctx := context.Background()
	f.Fuzz(func(t *testing.T, data []byte) {
		before, err := st.Assets(ctx, inventory.AssetFilter{})
		if err != nil {
			t.Fatal(err)
		}
		for _, dry := range []bool{true, false} {
			open := func(name string) (*Input, error) { return NewInput(ctx, name, bytes.NewReader(data)), nil }
			rep, err := Import(ctx, st, []string{"fuzz.csv"}, Options{DryRun: dry, Latin1: len(data)%2 == 0, Open: open})
			if err != nil {
				return
			}
			c := rep.Counts
			if c.Rows != len(rep.Rows) || c.Rows != c.Created+c.Updated+c.Unchanged+c.Rejected || c.Rejected != c.Conflicts+c.Errors {
				t.Fatalf("counts do not add up: %+v", c)
			}
			after, err := st.Assets(ctx, inventory.AssetFilter{})
			if err != nil {
				t.Fatal(err)
			}
			switch {
			case dry || c.Rejected > 0:
				if len(after) != len(before) || rep.Written {
					t.Fatalf("dry=%v rejected=%d but %d assets became %d (written %v)", dry, c.Rejected, len(before), len(after), rep.Written)
				}
			default:
				if len(after) != len(before)+c.Created {
					t.Fatalf("%d created but %d assets became %d", c.Created, len(before), len(after))
				}
			}
		}
	})
}

// FuzzPlainRecordAgrees: the fast reading of plain records finds the same
// cells, lines and errors as reading every record carefully.
func FuzzPlainRecordAgrees(f *testing.F) {
	addSeeds(f)
	f.Add([]byte("a,b\r\nc,d\re,f\n\ng,\"h\ni\"\r\nj"))
	f.Add([]byte("a;b\tc\nd\r"))
	f.Fuzz(func(t *testing.T, data []byte) {
		for _, delim := range []byte{',', ';', '\t'} {
			fast := &scanner{name: "f", s: string(data), line: 1, delim: delim}
			slow := &scanner{name: "f", s: string(data), line: 1, delim: delim}
			for fast.pos < len(fast.s) && slow.pos < len(slow.s) {
				fc, fl, ferr := fast.record(nil)
				sc, sl, serr := slow.carefulRecord(nil)
				if !reflect.DeepEqual(fc, sc) || fl != sl || (ferr == nil) != (serr == nil) ||
					ferr != nil && ferr.Error() != serr.Error() || fast.pos != slow.pos || fast.line != slow.line {
					t.Fatalf("delimiter %q at %d: fast %q line %d (%v) then %d/%d; careful %q line %d (%v) then %d/%d",
						delim, slow.pos, fc, fl, ferr, fast.pos, fast.line, sc, sl, serr, slow.pos, slow.line)
				}
				if serr != nil {
					break
				}
			}
		}
	})
}
