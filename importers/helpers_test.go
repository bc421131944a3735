package importers

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/sunset-tui/sunset/inventory"
	"github.com/sunset-tui/sunset/inventory/sqlite"
)

// corpusDir finds the shared test corpus: $SUNSET_CORPUS, else
// ../shared/corpus beside the repository root (the directory with go.mod).
func corpusDir(t testing.TB) string {
	t.Helper()
	if d := os.Getenv("SUNSET_CORPUS"); d != "" {
		return d
	}
	dir, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return filepath.Join(dir, "..", "shared", "corpus")
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			t.Fatal("no go.mod above the test directory")
		}
		dir = parent
	}
}

// corpusFile returns the path of a corpus file, skipping loudly when the
// corpus is not there (its copyleft files are never copied into sunset).
func corpusFile(t testing.TB, rel string) string {
	t.Helper()
	p := filepath.Join(corpusDir(t), rel)
	if _, err := os.Stat(p); err != nil {
		t.Skipf("SKIPPING: test corpus file %s is missing (set SUNSET_CORPUS to the corpus directory): %v", p, err)
	}
	return p
}

var testNow = time.Date(2025, 3, 14, 9, 30, 0, 0, time.UTC)

// testStore opens a real SQLite store in a temporary directory.
func testStore(t testing.TB) (*sqlite.Store, string) {
	t.Helper()
	path := filepath.Join(t.TempDir(), "sunset.db")
	st, err := sqlite.Open(path, sqlite.Options{Actor: "tester", Now: func() time.Time { return testNow }})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	return st, path
}

// reopen closes the store and opens the same file again.
func reopen(t testing.TB, st *sqlite.Store, path string) *sqlite.Store {
	t.Helper()
	if err := st.Close(); err != nil {
		t.Fatal(err)
	}
	st2, err := sqlite.Open(path, sqlite.Options{Actor: "tester", Now: func() time.Time { return testNow }})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st2.Close() })
	return st2
}

// fileHash hashes the database file and any sidecar files.
func fileHash(t testing.TB, path string) string {
	t.Helper()
	h := sha256.New()
	for _, p := range []string{path, path + "-wal", path + "-shm"} {
		b, err := os.ReadFile(p)
		if err != nil {
			if os.IsNotExist(err) {
				h.Write([]byte("absent:" + filepath.Base(p)))
				continue
			}
			t.Fatal(err)
		}
		h.Write(b)
	}
	return hex.EncodeToString(h.Sum(nil))
}

// writeFile writes content into a temporary file named name.
func writeFile(t testing.TB, name, content string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(p, []byte(content), 0o600); err != nil {
		t.Fatal(err)
	}
	return p
}

func allAssets(t testing.TB, st inventory.Reader) []inventory.Asset {
	t.Helper()
	as, err := st.Assets(context.Background(), inventory.AssetFilter{})
	if err != nil {
		t.Fatal(err)
	}
	return as
}

// importedOf reads an asset's imported columns, by column.
func importedOf(t testing.TB, st inventory.Reader, id int64) map[string]string {
	t.Helper()
	cols, err := st.ImportedColumns(context.Background(), []int64{id})
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]string{}
	for _, c := range cols[id] {
		out[c.Column] = c.Value
	}
	return out
}

func mustImport(t testing.TB, st inventory.Store, files []string, opts Options) Report {
	t.Helper()
	rep, err := Import(context.Background(), st, files, opts)
	if err != nil {
		t.Fatalf("import %v: %v", files, err)
	}
	checkCounts(t, rep)
	return rep
}

// checkCounts asserts the report's invariant: every row has one outcome.
func checkCounts(t testing.TB, rep Report) {
	t.Helper()
	c := rep.Counts
	if c.Rows-c.Skipped != len(rep.Rows) || c.Rows != c.Created+c.Updated+c.Unchanged+c.Rejected+c.Skipped || c.Rejected != c.Conflicts+c.Errors {
		t.Fatalf("counts do not add up: %+v (rows listed: %d)", c, len(rep.Rows))
	}
}

func rowAt(t testing.TB, rep Report, line int) Row {
	t.Helper()
	for _, r := range rep.Rows {
		if r.Line == line {
			return r
		}
	}
	t.Fatalf("no row for line %d in %+v", line, rep.Rows)
	return Row{}
}
