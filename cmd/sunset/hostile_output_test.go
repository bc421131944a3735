package main

import (
	"fmt"
	"os/exec"
	"strings"
	"testing"
	"time"
)

// dangerous are the characters that must never reach a terminal raw: ESC
// (every escape sequence), BEL (ends an OSC 52 clipboard write), a C1 CSI
// and a right-to-left override.
var dangerous = []string{"\x1b", "\x07", "\u009b", "\u202e"}

func assertHarmless(t *testing.T, what string, r result) {
	t.Helper()
	for _, d := range dangerous {
		if strings.Contains(r.stdout, d) || strings.Contains(r.stderr, d) {
			t.Errorf("%s printed %q raw:\nstdout: %q\nstderr: %q", what, d, r.stdout, r.stderr)
		}
	}
}

// Identifiers refuse what a terminal would act on; and whatever an older
// database or a free-text field holds, every line the command line prints
// shows it escaped, as the TUI does.
func TestStoredTextNeverReachesTheTerminalRaw(t *testing.T) {
	if _, err := exec.LookPath("sqlite3"); err != nil {
		t.Skip("SKIPPING: the sqlite3 tool makes the old database of this test (apt-get install -y sqlite3)")
	}
	e := newEnv(t)
	e.ok("policy", "set", "check.fresh", "24h") // creates the database
	clipboard := "\x1b]52;c;ZXZpbA==\x07"
	e.fails(2, []string{"tag", "not allowed"}, "asset", "add", "--tag", "EVIL"+clipboard)
	e.fails(2, []string{"serial", "not allowed"}, "asset", "add", "--tag", "S-1", "--serial", "SN\u202e1")

	// Free text may hold anything; a database from an older version may
	// hold such a tag too.
	e.ok("asset", "add", "--tag", "EVIL-1", "--ip", "127.0.0.9", "--owner", "own\x1b[31mer\u009b2J", "--location", "Rack\u202e3",
		"--stage", "active")
	e.ok("asset", "add", "--tag", "EVIL-2", "--owner", "x")
	for _, sql := range []string{
		`UPDATE assets SET tag = 'EVIL' || char(27) || ']52;c;ZXZpbA==' || char(7) || char(8238) WHERE tag = 'EVIL-1'`,
		`UPDATE assets SET tag = 'NOIP' || char(27) || '[2J' WHERE tag = 'EVIL-2'`,
	} {
		if out, err := exec.Command("sqlite3", e.db, sql).CombinedOutput(); err != nil {
			t.Fatalf("sqlite3: %v %s", err, out)
		}
	}
	for _, args := range [][]string{
		{"asset", "show", "#1"},
		{"asset", "list"},
		{"asset", "set", "#1", "--notes", "n\x1b[5m"},
		{"stage", "#1", "decommissioning"},
		{"checklist", "#1"},
		{"checklist", "#1", "--done", "remove-access", "--evidence", "done \x1b[1m"},
		{"stage", "#1", "retired"},
		{"asset", "show", "EVIL" + clipboard},
		{"findings"},
		{"due"},
		{"report", "--format", "md"},
		{"report", "--format", "html"},
		{"report", "--format", "json"},
		{"mapping", "add", "#1", "--external", "127.0.0.1:8443", "--purpose", "p\x1b[8m"},
		{"mapping", "list"},
	} {
		assertHarmless(t, "sunset "+strings.Join(args, " "), e.run(args...))
	}

	// An export to a file or a pipe is data, to be imported again: as
	// stored.
	if out := e.ok("export").stdout; !strings.Contains(out, "own\x1b[31mer") {
		t.Errorf("an export to a pipe changed the stored text:\n%q", out)
	}

	e.ok("policy", "set", "scan.scope", "127.0.0.0/16")
	binary, env := fakeNmapEnv(t, "", 0)
	r := e.runEnv(env, "check", "--nmap", binary)
	if !strings.Contains(r.stdout, `not checked: NOIP\x1b[2J`) {
		t.Errorf("the check does not show the unchecked asset escaped:\n%s", r.stdout)
	}
	assertHarmless(t, "sunset check", r)
	assertHarmless(t, "sunset check --json", e.runEnv(env, "check", "--nmap", binary, "--json"))
}

// The TUI's edit form shows a field holding control characters escaped,
// and saving the form after an unrelated edit leaves it as it was: forms
// edit the real value.
func TestTerminalEditFormKeepsWhatItDidNotTouch(t *testing.T) {
	needTmux(t)
	e := newEnv(t)
	e.ok("asset", "add", "--tag", "RACK-1", "--hostname", "rack-1", "--owner", "infra", "--location", "Rack\t3",
		"--notes", "C:\\share\\backups")
	s := startTmux(t, []string{"SUNSET_DB=" + e.db, "SUNSET_ACTOR=tester", "XDG_STATE_HOME=" + e.dir + "/state"})
	s.waitFor(10*time.Second, "Assets by stage")
	s.keys("2", "/")
	s.typeText("RACK-1")
	s.waitFor(5*time.Second, "1 shown")
	s.keys("Enter", "Enter")
	s.waitFor(5*time.Second, "rack-1")
	s.keys("e")
	s.waitFor(5*time.Second, `Rack\x093`)
	s.keys("Tab", "Tab", "Tab") // to the owner
	for range "infra" {
		s.keys("BSpace")
	}
	s.typeText("ops")
	s.keys("Enter")
	s.waitFor(5*time.Second, "saved RACK-1")
	s.keys("q")
	s.waitFor(10*time.Second, "SUNSET-EXITED-0")

	doc := jsonDoc(t, e.ok("asset", "show", "RACK-1", "--json").stdout)
	a := doc["asset"].(map[string]any)
	if a["location"] != "Rack\t3" || a["notes"] != "C:\\share\\backups" || a["owner"] != "ops" {
		t.Errorf("after editing the owner only: location %q, notes %q, owner %q", a["location"], a["notes"], a["owner"])
	}
	history := doc["history"].([]any)
	last := history[len(history)-1].(map[string]any)
	if changes := last["changes"].([]any); len(changes) != 1 || changes[0].(map[string]any)["field"] != "owner" {
		t.Errorf("the edit recorded %v, want the owner alone", changes)
	}
}

// One host of an imported file cannot fill the database or the screen: a
// 10 MiB hostname is cut to fit, and the import says how much was cut.
func TestAnImportedHostIsCutToFit(t *testing.T) {
	e := newEnv(t)
	now := time.Now().Add(-time.Hour).Unix()
	xml := fmt.Sprintf(`<?xml version="1.0"?>
<nmaprun scanner="nmap" args="nmap -sT 127.0.0.9" start="%d" version="7.93" xmloutputversion="1.05">
<host starttime="%d" endtime="%d"><status state="up" reason="syn-ack"/><address addr="127.0.0.9" addrtype="ipv4"/>
<hostnames><hostname name="%s" type="PTR"/></hostnames>
<ports><port protocol="tcp" portid="22"><state state="open" reason="syn-ack"/><service name="ssh" product="%s"/></port></ports></host>
<runstats><finished time="%d" exit="success"/><hosts up="1" down="0" total="1"/></runstats>
</nmaprun>
`, now, now, now, strings.Repeat("a", 10<<20), strings.Repeat("b", 1<<20), now)
	path := writeFile(t, e.dir, "huge.xml", xml)
	e.ok("policy", "set", "scan.scope", "127.0.0.0/24")
	r := e.ok("import", path)
	if !strings.Contains(r.stdout, "were cut to fit") || len(r.stdout) > 4096 {
		t.Fatalf("import said %d bytes: %.300s", len(r.stdout), r.stdout)
	}
	if u := e.ok("unknown"); !strings.Contains(u.stdout, "127.0.0.9") || len(u.stdout) > 4096 {
		t.Errorf("the unknown device is listed in %d bytes: %.300s", len(u.stdout), u.stdout)
	}
}
