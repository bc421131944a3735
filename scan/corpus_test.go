package scan

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/sunset-tui/sunset/inventory"
)

// corpusDir finds the shared test corpus: $SUNSET_CORPUS, else
// ../shared/corpus beside the module root. Tests that need it skip loudly
// when it is absent.
func corpusDir(t *testing.T) string {
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
			break
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			t.Skip("SKIPPED: no go.mod above the test directory, so the shared corpus cannot be found; set SUNSET_CORPUS")
		}
		dir = parent
	}
	c := filepath.Join(dir, "..", "shared", "corpus")
	if _, err := os.Stat(filepath.Join(c, "nmap")); err != nil {
		t.Skipf("SKIPPED: the shared test corpus is not at %s (set SUNSET_CORPUS)", c)
	}
	return c
}

func decodeCorpus(t *testing.T, name string, cut int) Result {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(corpusDir(t), "nmap", name))
	if err != nil {
		t.Fatal(err)
	}
	if cut > 0 {
		b = b[:cut]
	}
	res, err := DecodeXML(bytes.NewReader(b), name, time.Now)
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	return res
}

func TestCorpusFilesDecodeUnderTheLivenessRule(t *testing.T) {
	for _, tc := range []struct {
		file                    string
		partial                 bool
		answered, dark, unknown int
	}{
		{"ayrx_host-down.xml", false, 0, 4, 0},
		{"ayrx_incomplete_scan.xml", true, 0, 0, 0},
		{"ayrx_issue_1_mac.xml", false, 1, 0, 0},
		{"libnmap_2_hosts.xml", false, 2, 0, 0},
		{"libnmap_full_sudo6.xml", false, 4, 252, 0},
		{"libnmap_dionaea_scan.xml", false, 1, 0, 0},
		{"ostorlab_fake_output_range.xml", false, 32, 0, 0},
		{"ostorlab_unresolved_target.xml", false, 0, 0, 0},
		{"rubynmap_down_host_scan.xml", false, 0, 1, 0},
		{"ullaakut_scan_base.xml", false, 1, 0, 0},                // timed out, but it had answered
		{"ullaakut_scan_error_resolving_name.xml", true, 0, 0, 0}, // errormsg
	} {
		res := decodeCorpus(t, tc.file, 0)
		c := res.Check
		if c.Partial != tc.partial || c.HostsAnswered != tc.answered || c.HostsDark != tc.dark || c.HostsUnknown != tc.unknown {
			t.Errorf("%s: partial=%v (%s) answered/dark/unknown=%d/%d/%d, want %v %d/%d/%d", tc.file, c.Partial,
				c.PartialReason, c.HostsAnswered, c.HostsDark, c.HostsUnknown, tc.partial, tc.answered, tc.dark, tc.unknown)
		}
	}
}

func TestCorpusFileCutMidHostListKeepsHostsAndProvesNobodyDark(t *testing.T) {
	full := decodeCorpus(t, "libnmap_full_sudo6.xml", 0)
	cut := decodeCorpus(t, "libnmap_full_sudo6.xml", 40000)
	if !cut.Check.Partial {
		t.Fatal("a file cut short is not partial")
	}
	if cut.Check.HostsDark != 0 {
		t.Errorf("%d dark in a partial check", cut.Check.HostsDark)
	}
	kept := len(cut.Observations)
	if kept == 0 || kept >= len(full.Observations) {
		t.Errorf("kept %d of %d hosts", kept, len(full.Observations))
	}
	want := byAddress(full.Observations)
	for _, o := range cut.Observations {
		if w := want[o.Address]; w.State == inventory.Answered && o.State != inventory.Answered {
			t.Errorf("%s answered in the full file but is %s in the cut one", o.Address, o.State)
		}
	}
}
