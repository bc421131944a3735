package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// The README's first import command works on a fresh install: a dry run
// previews against an empty inventory and creates nothing on disk.
func TestImportDryRunNeedsNoInventoryAndCreatesNone(t *testing.T) {
	e := newEnv(t)
	csv := writeFile(t, e.dir, "inventory.csv", "tag,hostname,ip\nA-1,a1,192.0.2.1\nA-2,a2,192.0.2.2\n")
	r := e.ok("import", csv, "--dry-run")
	if !strings.Contains(r.stdout, "2 created") || !strings.Contains(r.stdout, "Dry run: nothing written") ||
		!strings.Contains(r.stderr, "no inventory yet") {
		t.Fatalf("stdout:\n%s\nstderr:\n%s", r.stdout, r.stderr)
	}
	if _, err := os.Stat(filepath.Dir(e.db)); !os.IsNotExist(err) {
		t.Fatalf("the dry run created %s: %v", filepath.Dir(e.db), err)
	}
	// A real import still creates the inventory.
	e.ok("import", csv)
	if _, err := os.Stat(e.db); err != nil {
		t.Fatal(err)
	}
}

// export writes what names each asset, its tool's id included, and an
// import of it changes nothing in its inventory and makes the same
// inventory from nothing.
func TestExportThenImportRoundTripsAssetsKnownByTheirSourceID(t *testing.T) {
	e := newEnv(t)
	nb := writeFile(t, e.dir, "devices.csv", "ID,Name,Status,Serial number\n11,Unnamed device,Active,\n12,sw1,Active,SN12\n")
	e.ok("import", "--format", "netbox", nb)
	exported := e.ok("export").stdout
	if !strings.Contains(strings.SplitN(exported, "\n", 2)[0], ",source,external-id") || !strings.Contains(exported, ",netbox,11\n") {
		t.Fatalf("%s", exported)
	}
	file := writeFile(t, e.dir, "export.csv", exported)
	if out := e.ok("import", file).stdout; !strings.Contains(out, "2 unchanged") {
		t.Fatalf("%s", out)
	}
	other := newEnv(t)
	if out := other.ok("import", file).stdout; !strings.Contains(out, "2 created") {
		t.Fatalf("%s", out)
	}
	if again := other.ok("export").stdout; again != exported {
		t.Fatalf("export of the copy differs:\n%s---\n%s", exported, again)
	}
}

// A lab's loopback address in a CSV is kept, as `asset add --ip` keeps
// it; --classes on a file with no class column is refused.
func TestImportKeepsALoopbackAddressAndRefusesClassesWithoutAClassColumn(t *testing.T) {
	e := newEnv(t)
	csv := writeFile(t, e.dir, "lab.csv", "tag,hostname,ip\nLB-1,lb1,127.0.0.40\n")
	e.ok("import", csv)
	e.fails(2, []string{"--classes", "no input file has a class column"}, "import", csv, "--classes", "nosuch")
	if out := e.ok("asset", "show", "LB-1").stdout; !strings.Contains(out, "127.0.0.40") || strings.Contains(out, "shared or local") {
		t.Fatalf("%s", out)
	}
}
