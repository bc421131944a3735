package importers

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/sunset-tui/sunset/inventory"
)

func readTable(t *testing.T, name string, data []byte, latin1 bool) (*table, error) {
	t.Helper()
	return tableOf(name, data, latin1)
}

// tableRow is one data row as a table reads it.
type tableRow struct {
	cells []string
	line  int
	err   error // why it could not be read
}

// readRows reads every data row of tb.
func readRows(tb *table) ([]tableRow, error) {
	var rows []tableRow
	for {
		cells, line, rowErr, err := tb.next(nil)
		if errors.Is(err, io.EOF) {
			return rows, nil
		}
		if err != nil {
			return rows, err
		}
		rows = append(rows, tableRow{cells: cells, line: line, err: rowErr})
	}
}

func cellsOf(tb *table) [][]string {
	out := [][]string{tb.header}
	rows, err := readRows(tb)
	if err != nil {
		panic(err)
	}
	for _, r := range rows {
		if r.err != nil {
			panic(r.err)
		}
		out = append(out, r.cells)
	}
	return out
}

// The csv-spectrum cases, with the records their json/ files expect.
func TestCSVSpectrumParsesAsExpected(t *testing.T) {
	cases := map[string][][]string{
		"comma_in_quotes.csv":     {{"first", "last", "address", "city", "zip"}, {"John", "Doe", "120 any st.", "Anytown, WW", "08123"}},
		"empty.csv":               {{"a", "b", "c"}, {"1", "", ""}, {"2", "3", "4"}},
		"escaped_quotes.csv":      {{"a", "b"}, {"1", `ha "ha" ha`}, {"3", "4"}},
		"newlines.csv":            {{"a", "b", "c"}, {"1", "2", "3"}, {"Once upon \na time", "5", "6"}, {"7", "8", "9"}},
		"quotes_and_newlines.csv": {{"a", "b"}, {"1", "ha \n\"ha\" \nha"}, {"3", "4"}},
		"utf8.csv":                {{"a", "b", "c"}, {"1", "2", "3"}, {"4", "5", "ʤ"}},
		"location_coordinates.csv": {{"Contact Phone Number", "Location Coordinates", "Cities", "Counties"},
			{"2095257564", "37\uFFFD36'37.8\"N 121\uFFFD2'17.9\"W", "Modesto", "Stanislaus"}},
	}
	for name, want := range cases {
		t.Run(name, func(t *testing.T) {
			data, err := os.ReadFile(filepath.Join("testdata", "csv-spectrum", name))
			if err != nil {
				t.Fatal(err)
			}
			tb, err := readTable(t, name, data, false)
			if err != nil {
				t.Fatal(err)
			}
			if got := cellsOf(tb); !reflect.DeepEqual(got, want) {
				t.Fatalf("got %q\nwant %q", got, want)
			}
			// The same file with CRLF and with lone-CR line ends reads the
			// same, except that line breaks inside quotes stay as written.
			for _, eol := range []string{"\r\n", "\r"} {
				tb2, err := readTable(t, name, []byte(strings.ReplaceAll(string(data), "\n", eol)), false)
				if err != nil {
					t.Fatalf("%q line ends: %v", eol, err)
				}
				want2 := [][]string{}
				for _, rec := range want {
					r2 := make([]string, len(rec))
					for i, c := range rec {
						r2[i] = strings.ReplaceAll(c, "\n", eol)
					}
					want2 = append(want2, r2)
				}
				if got := cellsOf(tb2); !reflect.DeepEqual(got, want2) {
					t.Fatalf("%q line ends: got %q\nwant %q", eol, got, want2)
				}
			}
		})
	}
}

func TestRowsKeepTheLineTheyStartOn(t *testing.T) {
	tb, err := readTable(t, "x.csv", []byte("a,b\n1,\"two\nlines\"\n\n3,4\r\n5,6\r7,8"), false)
	if err != nil {
		t.Fatal(err)
	}
	rows, err := readRows(tb)
	if err != nil {
		t.Fatal(err)
	}
	var lines []int
	for _, r := range rows {
		lines = append(lines, r.line)
	}
	if want := []int{2, 5, 6, 7}; !reflect.DeepEqual(lines, want) {
		t.Fatalf("lines %v, want %v", lines, want)
	}
}

func TestDelimiterIsDetected(t *testing.T) {
	for _, tc := range []struct {
		text  string
		delim byte
	}{
		{"tag,hostname\nA1,web", ','},
		{"tag;hostname;notes\nA1;web;\"a, b\"", ';'},
		{"tag\thostname\nA1\tweb", '\t'},
		{"\"a;b\",c,d\n1,2,3", ','}, // a ; inside quotes does not count
	} {
		tb, err := readTable(t, "x.csv", []byte(tc.text), false)
		if err != nil {
			t.Fatal(err)
		}
		if tb.delim != tc.delim {
			t.Errorf("%q: delimiter %q, want %q", tc.text, tb.delim, tc.delim)
		}
	}
}

func TestBadTablesGiveOneClearErrorNamingTheLine(t *testing.T) {
	for _, tc := range []struct {
		name, text string
		line       int
		msg        string
	}{
		{"one column", "hostname\nweb01\n", 1, "only one column"},
		{"unterminated quote in the header", "tag,\"notes\nA1,fine\n", 1, "never closed"},
		{"text after quote in the header", "tag,\"notes\"x\nA1,fine\n", 1, "after the closing quote"},
		{"empty", "\n\n", 0, "empty"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := readTable(t, "bad.csv", []byte(tc.text), false)
			var fe *FileError
			if !errors.As(err, &fe) {
				t.Fatalf("error %v, want a FileError", err)
			}
			if fe.Line != tc.line || !strings.Contains(fe.Msg, tc.msg) || fe.File != "bad.csv" {
				t.Fatalf("got %q (line %d), want line %d and %q", err, fe.Line, tc.line, tc.msg)
			}
			if !inventory.IsKind(err, inventory.ErrInvalid) {
				t.Fatalf("%v is not classed as invalid input", err)
			}
		})
	}
}

func TestEncodings(t *testing.T) {
	t.Run("BOM is dropped", func(t *testing.T) {
		tb, err := readTable(t, "x.csv", []byte("\xEF\xBB\xBFtag,hostname\nA1,web\n"), false)
		if err != nil || tb.header[0] != "tag" {
			t.Fatalf("header %q, err %v", tb.header, err)
		}
	})
	t.Run("invalid UTF-8 after UTF-8 names its line", func(t *testing.T) {
		_, err := readTable(t, "x.csv", []byte("tag,location\rA0,Genève\rA1,Z\xfcrich\rA2,Bern\r"), false)
		var fe *FileError
		if !errors.As(err, &fe) || fe.Line != 3 || !strings.Contains(fe.Msg, "0xFC is not valid UTF-8") || !strings.Contains(fe.Msg, "Latin-1") {
			t.Fatalf("got %v", err)
		}
	})
	t.Run("Latin-1 when the first byte beyond ASCII is no UTF-8", func(t *testing.T) {
		tb, err := readTable(t, "x.csv", []byte("tag,location\nA1,Bern\nA2,Z\xfcrich \x80\n"), false)
		if err != nil || cellsOf(tb)[2][1] != "Zürich €" || tb.src.encoding != "windows-1252 (not UTF-8; read as Latin-1)" {
			t.Fatalf("got %v, %v", tb, err)
		}
	})
	t.Run("a UTF-8 byte-order mark keeps it UTF-8", func(t *testing.T) {
		_, err := readTable(t, "x.csv", []byte("\xEF\xBB\xBFtag,location\nA1,Z\xfcrich\n"), false)
		var fe *FileError
		if !errors.As(err, &fe) || fe.Line != 2 {
			t.Fatalf("got %v", err)
		}
	})
	t.Run("Latin-1 when asked", func(t *testing.T) {
		tb, err := readTable(t, "x.csv", []byte("tag,location\nA1,Z\xfcrich \x80\n"), true)
		if err != nil || cellsOf(tb)[1][1] != "Zürich €" {
			t.Fatalf("got %v, %v", tb, err)
		}
	})
	for name, data := range map[string]string{
		"UTF-16":   "\xFF\xFEt\x00a\x00g\x00",
		"xlsx":     "PK\x03\x04rest-of-zip",
		"NUL byte": "tag,hostname\nA1,w\x00b\n",
	} {
		t.Run(name+" is refused", func(t *testing.T) {
			_, err := readTable(t, "x.csv", []byte(data), false)
			var fe *FileError
			if !errors.As(err, &fe) {
				t.Fatalf("got %v", err)
			}
		})
	}
}

// A row that breaks a size cap is a bad row, named by its line; a header
// that does refuses the file.
func TestSizeCapsAreErrors(t *testing.T) {
	big := strings.Repeat("x", MaxFieldBytes+1)
	for name, text := range map[string]string{
		"field":        "tag,notes\nA1," + big + "\nA2,ok\n",
		"quoted field": "tag,notes\nA1,\"" + big + "\"\nA2,ok\n",
		"record":       "tag,notes\n" + strings.Repeat("\""+strings.Repeat("y", MaxFieldBytes-10)+"\",", MaxRecordBytes/MaxFieldBytes+2) + "z\nA2,ok\n",
		"columns":      "tag,notes\n" + strings.Repeat("c,", MaxColumns+1) + "c\nA2,ok\n",
	} {
		t.Run(name, func(t *testing.T) {
			tb, err := readTable(t, "big.csv", []byte(text), false)
			if err != nil {
				t.Fatal(err)
			}
			rows, err := readRows(tb)
			if err != nil {
				t.Fatal(err)
			}
			if len(rows) != 2 || rows[0].line != 2 || rows[1].line != 3 {
				t.Fatalf("rows %+v, want lines 2 and 3", rows)
			}
			var fe *FileError
			if !errors.As(rows[0].err, &fe) || fe.Line != 2 || !strings.Contains(fe.Msg, "than") {
				t.Fatalf("row 0: %v", rows[0].err)
			}
			if rows[1].err != nil || rows[1].cells[0] != "A2" {
				t.Fatalf("row 1: %q, %v", rows[1].cells, rows[1].err)
			}
		})
	}
	_, err := readTable(t, "big.csv", []byte(strings.Repeat("c,", MaxColumns+1)+"c\n"), false)
	var fe *FileError
	if !errors.As(err, &fe) || fe.Line != 1 || !strings.Contains(fe.Msg, "than") {
		t.Fatalf("header with too many columns: %v", err)
	}
}

// TestWindowsReadAsTheWholeText: a file of several windows reads, row by
// row, as reading its whole text at once does: its line ends of every
// kind, quoted cells across lines, blank rows, and a bad row whose line is
// longer than a window's lookahead, skipped to the line after it.
func TestWindowsReadAsTheWholeText(t *testing.T) {
	header := "a,b,c\r\n"
	var b strings.Builder
	b.WriteString(header)
	for i := 0; b.Len() < 3*windowBytes; i++ {
		switch i % 7 {
		case 0:
			fmt.Fprintf(&b, "%d,plain,row\n", i)
		case 1:
			fmt.Fprintf(&b, "%d,crlf,row\r\n", i)
		case 2:
			fmt.Fprintf(&b, "%d,lone,cr\r", i)
		case 3:
			fmt.Fprintf(&b, "%d,\"two\r\nlines\",\"a \"\"quote\"\"\"\n", i)
		case 4:
			b.WriteString(",,\n\n")
		case 5:
			fmt.Fprintf(&b, "%d,\"bad\"quote,x\n", i)
		case 6:
			if i%700 == 6 {
				fmt.Fprintf(&b, "%d,\"bad\"%s\n", i, strings.Repeat("y", lookahead+windowBytes/3))
			}
		}
	}
	text := b.String()
	tb, err := tableOf("w.csv", []byte(text), false)
	if err != nil {
		t.Fatal(err)
	}
	got, err := readRows(tb)
	if err != nil {
		t.Fatal(err)
	}
	want, blank := readWholeText(text, len(header))
	if len(got) != len(want) || tb.blank != blank {
		t.Fatalf("%d rows and %d blank, want %d and %d", len(got), tb.blank, len(want), blank)
	}
	for i := range want {
		sameCells := len(got[i].cells) == 0 && len(want[i].cells) == 0 || reflect.DeepEqual(got[i].cells, want[i].cells)
		if !sameCells || got[i].line != want[i].line || fmt.Sprint(got[i].err) != fmt.Sprint(want[i].err) {
			t.Fatalf("row %d: %q line %d (%v), want %q line %d (%v)", i, got[i].cells, got[i].line, got[i].err, want[i].cells, want[i].line, want[i].err)
		}
	}
}

// readWholeText reads the rows of text after its header, from from, as a
// table did when it held the whole file.
func readWholeText(text string, from int) (rows []tableRow, blank int) {
	sc := &scanner{name: "w.csv", s: text, pos: from, line: 2, delim: ','}
	for sc.pos < len(sc.s) {
		off := sc.pos
		cells, line, err := sc.record(nil)
		switch {
		case err != nil:
			sc.pos, sc.line = lineAfter(sc.s, off, line)
			rows = append(rows, tableRow{line: line, err: err})
		case allEmpty(cells):
			if len(cells) > 1 {
				blank++
			}
		default:
			rows = append(rows, tableRow{cells: cells, line: line})
		}
	}
	return rows, blank
}
