package main

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/sunset-tui/sunset/inventory/postgres/pgtest"
)

// migrateTargets are the kinds of store `sunset migrate` copies into, each
// given a new, empty one: a SQLite file, and a database of a throwaway
// PostgreSQL cluster (skipped loudly when none can start, and a failure
// under SUNSET_REQUIRE_PG=1).
var migrateTargets = []struct {
	name   string
	target func(t *testing.T) string
}{
	{"sqlite", func(t *testing.T) string { return filepath.Join(t.TempDir(), "copy", "sunset.db") }},
	{"postgresql", func(t *testing.T) string { return pgtest.NewDatabase(t) }},
}

// seedEverything fills e's inventory through the command line with a row
// of every kind sunset keeps: assets with addresses and imported columns,
// a port mapping, a checklist with a tick and a sanitization record,
// stage changes, a live check from one site and a file from another,
// a dismissed unknown device, an acknowledged finding, an owner's
// webhook and the sent-log of a notification, and policy.
func seedEverything(t *testing.T, e *env) {
	t.Helper()
	hooks := startHooks(t)
	soon := time.Now().AddDate(0, 0, 5).Format("2006-01-02")
	e.ok("policy", "set", "scan.scope", "127.77.12.0/24")
	e.ok("policy", "set", "scan.discover", "127.77.12.99/32")
	e.ok("policy", "set", "idle.after", "60d")
	e.ok("asset", "add", "--tag", "SRV-1", "--hostname", "srv-1", "--ip", "127.77.12.20", "--owner", "acme", "--eol-on", soon,
		"--serial", "SN-0001", "--holds-credentials", "true")
	e.ok("asset", "add", "--tag", "RET-1", "--hostname", "ret-1", "--ip", "127.77.12.21", "--owner", "infra", "--stage", "retired")
	e.ok("asset", "add", "--tag", "OLD-1", "--hostname", "old-1", "--ip", "127.77.12.22", "--owner", "infra", "--mac", "02:00:00:00:12:22")
	csv := filepath.Join(t.TempDir(), "extra.csv")
	if err := os.WriteFile(csv, []byte("tag,hostname,rack\nCSV-1,csv-1,R12\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	e.ok("import", csv)
	e.ok("mapping", "add", "SRV-1", "--external", "127.77.12.50:3389", "--internal", "127.77.12.20:3389", "--purpose", "vendor",
		"--expires", time.Now().AddDate(0, 0, -3).Format("2006-01-02"))
	e.ok("stage", "OLD-1", "decommissioning", "--reason", "replaced by SRV-1")
	e.ok("checklist", "OLD-1", "--done", "remove-access", "--evidence", "accounts removed")
	e.ok("checklist", "OLD-1", "--sanitized", "--media-type", "SSD", "--method", "purge", "--technique", "crypto-erase",
		"--tool", "nvme-cli", "--verification", "read back zeros", "--operator", "tester", "--date", time.Now().Format("2006-01-02"),
		"--destination", "recycle")
	e.ok("owner", "set", "acme", "--webhook", hooks.URL+"/hooks/acme")
	e.ok("notify")
	if len(hooks.received()) == 0 {
		t.Fatal("notify sent nothing to acme's webhook: the sent-log would be empty")
	}
	if r := e.run("check", "--site", "branch"); r.code == 2 {
		t.Fatalf("check: %s", r.stderr)
	}
	dark := filepath.Join(t.TempDir(), "hq.xml")
	if err := os.WriteFile(dark, []byte(darkXML(time.Now().Add(2*time.Second), "127.77.12.21", "127.77.12.22")), 0o600); err != nil {
		t.Fatal(err)
	}
	e.ok("import", "--site", "hq", dark)
	e.ok("unknown", "dismiss", "127.77.12.99", "--reason", "the lab's printer")
	var zombie string
	for _, f := range jsonDoc(t, e.run("findings", "--json").stdout)["findings"].([]any) {
		if f := f.(map[string]any); f["kind"] == "zombie" {
			zombie = f["id"].(string)
		}
	}
	if zombie == "" {
		t.Fatal("no zombie to acknowledge")
	}
	e.ok("findings", "ack", zombie, "--reason", "moving racks", "--until", "30d")
}

// what reads the same inventory from a store: every listing a user or a
// script sees, in JSON.
var migrateViews = [][]string{
	{"export", "--format", "json"},
	{"export", "--format", "csv"},
	{"findings", "--json", "--fail-on", "none"},
	{"due", "--json"},
	{"asset", "show", "OLD-1", "--json"},
	{"asset", "show", "SRV-1", "--json"},
	{"asset", "show", "RET-1", "--json"},
	{"checklist", "OLD-1", "--json"},
	{"mapping", "list", "--json"},
	{"owner", "list", "--json"},
	{"findings", "acks", "--json"},
	{"unknown", "--json"},
	{"notify", "--dry-run", "--json"},
}

func (e *env) views(db string) map[string]string {
	e.t.Helper()
	out := map[string]string{}
	for _, v := range migrateViews {
		r := e.run(append([]string{"--db", db}, v...)...)
		if r.code == 2 {
			e.t.Fatalf("sunset --db %s %s: %s", db, strings.Join(v, " "), r.stderr)
		}
		out[strings.Join(v, " ")] = r.stdout
	}
	return out
}

// A copy into another store is the same inventory: every listing reads
// the same from it, history included, and a copy of the copy back into
// SQLite too. A target that is not empty, or the inventory itself, is
// refused with one line, and left as it was.
func TestMigrateCopiesTheWholeInventory(t *testing.T) {
	needNmap(t)
	for _, tc := range migrateTargets {
		t.Run(tc.name, func(t *testing.T) {
			e := newEnv(t)
			seedEverything(t, e)
			want := e.views(e.db)
			if !strings.Contains(want["asset show RET-1 --json"], `"site": "branch"`) ||
				!strings.Contains(want["asset show OLD-1 --json"], "replaced by SRV-1") {
				t.Fatalf("the seeded inventory lacks the sites or the history it should hold:\n%s\n%s",
					want["asset show RET-1 --json"], want["asset show OLD-1 --json"])
			}

			dst := tc.target(t)
			r := e.ok("migrate", "--to", dst, "--json")
			rows := map[string]float64{}
			for _, c := range jsonDoc(t, r.stdout)["tables"].([]any) {
				c := c.(map[string]any)
				rows[c["table"].(string)] = c["rows"].(float64)
			}
			for _, table := range []string{"assets", "addresses", "imported_columns", "events", "port_mappings", "checklist_items",
				"sanitizations", "checks", "observations", "dismissals", "acknowledgements", "owners", "notification_deliveries",
				"notifications_sent", "policy"} {
				if rows[table] == 0 {
					t.Errorf("migrate copied no rows of %s: %v", table, rows)
				}
			}
			for v, got := range e.views(dst) {
				if got != want[v] {
					t.Errorf("sunset %s reads differently from the copy:\ngot  %s\nwant %s", v, got, want[v])
				}
			}

			back := filepath.Join(t.TempDir(), "back.db")
			e.ok("--db", dst, "migrate", "--to", back)
			for v, got := range e.views(back) {
				if got != want[v] {
					t.Errorf("sunset %s reads differently after the round trip:\ngot  %s\nwant %s", v, got, want[v])
				}
			}

			e.fails(2, []string{"not empty"}, "migrate", "--to", dst)
			e.fails(2, []string{"--db"}, "migrate", "--to", e.db)
			e.fails(2, []string{"--to"}, "migrate")
			for v, got := range e.views(dst) {
				if got != want[v] {
					t.Errorf("after a refused migrate, sunset %s reads differently from the target", v)
				}
			}
		})
	}
}

// A migrate that fails after it made a new SQLite file for its copy
// leaves no file there: the doc promises that a target is left as it was.
func TestAFailedMigrateLeavesNoNewFileBehind(t *testing.T) {
	dir := t.TempDir()
	t.Setenv("SUNSET_DB", filepath.Join(dir, "from.db"))
	t.Setenv("SUNSET_ACTOR", "tester")
	var out, errOut strings.Builder
	if code := run(context.Background(), []string{"asset", "add", "--tag", "AT-1", "--kind", "server"}, strings.NewReader(""), &out, &errOut); code != 0 {
		t.Fatalf("asset add: exit %d: %s", code, errOut.String())
	}
	to := filepath.Join(dir, "to.db")
	stopped, stop := context.WithCancel(context.Background())
	stop() // the copy is interrupted before its first row
	errOut.Reset()
	if code := run(stopped, []string{"migrate", "--to", to}, strings.NewReader(""), &out, &errOut); code == 0 {
		t.Fatalf("an interrupted migrate succeeded: %s", out.String())
	}
	if !strings.Contains(errOut.String(), "interrupted") {
		t.Errorf("the error does not say the copy was interrupted: %s", errOut.String())
	}
	left, err := filepath.Glob(to + "*")
	if err != nil || len(left) > 0 {
		t.Errorf("files left where there were none: %v %v", left, err)
	}
}
