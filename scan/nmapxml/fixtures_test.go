package nmapxml

import (
	"bytes"
	"os"
	"path/filepath"
	"slices"
	"testing"
)

// gplFixtures are GPL-3.0 files: never copied into testdata, read from the
// shared corpus at test time only.
var gplFixtures = map[string]bool{
	"ndr_nmap_multihome_v6.xml": true,
	"ndr_nmap_v4_surface.xml":   true,
}

// corpusNmapDir finds the shared corpus's nmap folder: $SUNSET_CORPUS/nmap,
// else ../shared/corpus/nmap beside the repository root (the folder
// holding go.mod).
func corpusNmapDir() string {
	if dir := os.Getenv("SUNSET_CORPUS"); dir != "" {
		return filepath.Join(dir, "nmap")
	}
	dir, err := os.Getwd()
	if err != nil {
		return ""
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return filepath.Join(dir, "..", "shared", "corpus", "nmap")
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return ""
		}
		dir = parent
	}
}

// fixture returns a fixture's bytes: permissively licensed files from
// testdata, GPL ones from the corpus, skipping loudly when it is absent.
func fixture(t testing.TB, name string) []byte {
	t.Helper()
	path := filepath.Join("testdata", name)
	if gplFixtures[name] {
		path = filepath.Join(corpusNmapDir(), name)
	}
	b, err := os.ReadFile(path)
	if err != nil {
		if gplFixtures[name] && os.IsNotExist(err) {
			t.Skipf("SKIPPED: the GPL-3.0 fixture %s is read only from the shared corpus, not found at %s (set SUNSET_CORPUS)", name, path)
		}
		t.Fatal(err)
	}
	return b
}

// fixtureNames lists every nmap XML fixture: testdata's and the corpus's.
func fixtureNames(t *testing.T) []string {
	t.Helper()
	var names []string
	for _, dir := range []string{"testdata", corpusNmapDir()} {
		paths, _ := filepath.Glob(filepath.Join(dir, "*.xml"))
		for _, p := range paths {
			names = append(names, filepath.Base(p))
		}
	}
	if _, err := os.Stat(corpusNmapDir()); err != nil {
		t.Logf("NOTE: shared corpus not found at %q: testing testdata copies only", corpusNmapDir())
		for name := range gplFixtures {
			names = append(names, name) // each one then skips loudly
		}
	}
	slices.Sort(names)
	return slices.Compact(names)
}

// decodeAll decodes b and collects its hosts.
func decodeAll(t testing.TB, b []byte) ([]Host, Summary, error) {
	t.Helper()
	var hosts []Host
	sum, err := Decode(bytes.NewReader(b), func(h Host) error {
		hosts = append(hosts, h)
		return nil
	})
	return hosts, sum, err
}

// TestTestdataCopiesMatchTheCorpus proves the permissive fixtures in
// testdata are the corpus files unchanged.
func TestTestdataCopiesMatchTheCorpus(t *testing.T) {
	dir := corpusNmapDir()
	if _, err := os.Stat(dir); err != nil {
		t.Skipf("SKIPPED: shared corpus not found at %q (set SUNSET_CORPUS)", dir)
	}
	paths, _ := filepath.Glob(filepath.Join("testdata", "*.xml"))
	if len(paths) == 0 {
		t.Fatal("no fixtures in testdata")
	}
	for _, p := range paths {
		name := filepath.Base(p)
		if gplFixtures[name] {
			t.Errorf("%s is GPL-3.0 and must not be in testdata", name)
		}
		ours, _ := os.ReadFile(p)
		theirs, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil {
			t.Errorf("%s: not in the corpus: %v", name, err)
			continue
		}
		if !bytes.Equal(ours, theirs) {
			t.Errorf("%s differs from the corpus copy", name)
		}
	}
}
