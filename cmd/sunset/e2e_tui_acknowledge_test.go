package main

import (
	"strings"
	"testing"
	"time"
)

// cursorLine is the line of the screen that holds the cursor mark.
func cursorLine(scr string) string {
	for _, l := range strings.Split(scr, "\n") {
		if strings.HasPrefix(strings.TrimLeft(l, " ●"), "› ") {
			return l
		}
	}
	return ""
}

// The real program in a terminal of 80 columns: the tab bar and the
// footer fit, two letters sent at once both move the cursor, findings are
// acknowledged in bulk with a reason and an expiry (and the command line
// then lists them), the policy screen shows, and Esc on a half-typed form
// asks before it throws the work away.
func TestTerminalAcknowledgeRunesPolicyAndDiscard(t *testing.T) {
	needTmux(t)
	e := newEnv(t)
	e.ok("policy", "set", "scan.scope", "192.0.2.0/24")
	e.ok("asset", "add", "--tag", "FW-1", "--hostname", "fw-1", "--ip", "192.0.2.1", "--kind", "firewall", "--owner", "net")
	e.ok("mapping", "add", "FW-1", "--external", "192.0.2.1:3389", "--internal", "192.0.2.30:3389", "--purpose", "contractor rdp")
	for _, tag := range []string{"A-1", "A-2", "A-3", "A-4"} {
		e.ok("asset", "add", "--tag", tag, "--hostname", strings.ToLower(tag)+"-host", "--stage", "active")
	}
	env := []string{"SUNSET_DB=" + e.db, "SUNSET_ACTOR=tester", "XDG_STATE_HOME=" + e.dir + "/state"}
	s := startTmux(t, env)
	s.tmux("resize-window", "-t", "main", "-x", "80", "-y", "24")
	scr := s.waitFor(10*time.Second, "Assets by stage", "6 Policy")
	lines := strings.Split(strings.TrimRight(scr, "\n"), "\n")
	if head := lines[0]; strings.Contains(head, "…") || !strings.Contains(head, "1 Dashboard") {
		t.Errorf("the tab bar at 80 columns reads %q", head)
	}
	if foot := strings.TrimSpace(lines[len(lines)-1]); !strings.HasSuffix(foot, "? keys • q quit") {
		t.Errorf("the footer at 80 columns reads %q", foot)
	}

	s.keys("2")
	s.waitFor(5*time.Second, "5 shown")
	s.typeText("jj") // two runes in one read
	if l := cursorLine(s.waitFor(5*time.Second, "› A-3")); !strings.Contains(l, "A-3") {
		t.Errorf("jj sent at once left the cursor on %q", l)
	}

	s.keys("3", "/")
	s.typeText("kind:no-owner")
	s.keys("Enter", "A")
	s.waitFor(5*time.Second, "4 selected")
	s.keys("a")
	s.waitFor(5*time.Second, "Acknowledge 4 findings")
	s.typeText("lab machines, owners named next sprint")
	s.keys("Tab", "BSpace", "BSpace", "BSpace")
	s.typeText("14d")
	s.keys("Enter")
	s.waitFor(10*time.Second, "acknowledged 4 findings until", "4 acknowledged hidden")

	s.keys("6")
	s.waitFor(5*time.Second, "Policy: shared by everyone", "scan.scope", "192.0.2.0/24")

	s.keys("2", "n")
	s.waitFor(5*time.Second, "New asset")
	s.typeText("SRV-HALF")
	s.keys("Escape")
	s.waitFor(5*time.Second, "Discard what you typed?")
	s.keys("n")
	s.typeText("X")
	s.waitFor(5*time.Second, "SRV-HALFX")
	s.keys("Escape", "y")
	s.keys("q")
	s.waitFor(10*time.Second, "SUNSET-EXITED-0")

	acks := jsonDoc(t, e.ok("findings", "acks", "--json").stdout)["acknowledgements"].([]any)
	if len(acks) != 4 {
		t.Fatalf("%d acknowledgements in the database, want 4: %v", len(acks), acks)
	}
	for _, a := range acks {
		a := a.(map[string]any)
		if !strings.HasPrefix(a["finding"].(string), "no-owner:#") || a["reason"] != "lab machines, owners named next sprint" || a["state"] != "holds" {
			t.Errorf("acknowledgement %v", a)
		}
	}
	if out := e.ok("asset", "list").stdout; strings.Contains(out, "SRV-HALF") {
		t.Errorf("a discarded form was saved:\n%s", out)
	}
}

// NO_COLOR takes the colours away and keeps bold, underline and reverse:
// the active tab and the cursor row still show.
func TestTerminalNoColorKeepsBoldAndReverse(t *testing.T) {
	needTmux(t)
	e := newEnv(t)
	e.ok("asset", "add", "--tag", "A-1", "--hostname", "a1", "--owner", "it")
	s := startTmux(t, []string{"SUNSET_DB=" + e.db, "XDG_STATE_HOME=" + e.dir + "/state", "NO_COLOR=1"})
	s.waitFor(10*time.Second, "Assets by stage")
	s.keys("2")
	s.waitFor(5*time.Second, "1 shown")
	scr := s.tmux("capture-pane", "-e", "-p", "-t", "main")
	for _, colour := range []string{"38;5;", "38;2;", "48;5;", "48;2;", "\x1b[3"} {
		if strings.Contains(strings.ReplaceAll(scr, "\x1b[39m", ""), colour) {
			t.Errorf("NO_COLOR screen has colour %q:\n%q", colour, scr)
			break
		}
	}
	for _, attr := range []string{"1", "4", "7"} {
		if !sgrHas(scr, attr) {
			t.Errorf("NO_COLOR screen lost SGR %s:\n%q", attr, scr)
		}
	}
	s.keys("q")
	s.waitFor(10*time.Second, "SUNSET-EXITED-0")
}

// sgrHas reports whether an SGR sequence of s sets attribute p.
func sgrHas(s, p string) bool {
	for _, part := range strings.Split(s, "\x1b[")[1:] {
		end := strings.IndexByte(part, 'm')
		if end < 0 {
			continue
		}
		for _, q := range strings.Split(part[:end], ";") {
			if q == p {
				return true
			}
		}
	}
	return false
}
