package main

import (
	"net"
	"strconv"
	"strings"
	"testing"
	"time"
)

// listen serves TCP on addr until the test ends, closing every connection.
func listen(t *testing.T, addr string) int {
	t.Helper()
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ln.Close() })
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			c.Close()
		}
	}()
	return ln.Addr().(*net.TCPAddr).Port
}

func TestTerminalFlowFilterTickRefuseCheckAndCancel(t *testing.T) {
	needNmap(t)
	needTmux(t)
	port := strconv.Itoa(listen(t, "127.0.0.2:0"))
	e := newEnv(t)
	e.ok("policy", "set", "scan.scope", "127.0.0.0/8")
	e.ok("policy", "set", "scan.ports", port)
	e.ok("asset", "add", "--tag", "SRV-OLD", "--hostname", "srv-old", "--ip", "127.0.0.2", "--kind", "server",
		"--owner", "infra", "--stage", "retired")
	e.ok("asset", "add", "--tag", "LEG-1", "--hostname", "srv-legacy", "--ip", "127.0.0.5", "--kind", "server",
		"--owner", "infra", "--stores-data", "yes", "--stage", "decommissioning")
	// A sweep of a /16 keeps the first check running long enough to cancel.
	e.ok("policy", "set", "scan.discover", "127.1.0.0/16")
	env := []string{"SUNSET_DB=" + e.db, "SUNSET_ACTOR=tester", "XDG_STATE_HOME=" + e.dir + "/state"}

	s := startTmux(t, env)
	s.waitFor(10*time.Second, "Assets by stage", "Open findings")
	s.keys("2", "/")
	s.typeText("legacy")
	s.waitFor(5*time.Second, "1 shown")
	s.keys("Enter", "Enter")
	s.waitFor(5*time.Second, "decommissioning since")
	s.keys("Right", "Right", "Right")
	s.waitFor(5*time.Second, "required items done")
	s.keys("x")
	s.waitFor(5*time.Second, "Tick:")
	s.typeText("restic snapshot 2026-11-01 verified")
	s.keys("Enter")
	s.waitFor(5*time.Second, "1 of ")
	s.keys("t")
	s.waitFor(5*time.Second, "may not move from decommissioning to retired")
	s.keys("Escape", "Escape", "1", "C")
	// 65,538 addresses: more than a check probes without asking.
	s.waitFor(10*time.Second, "A large check", "65,538 addresses")
	s.keys("Enter")
	s.waitFor(20*time.Second, "ctrl+x")
	s.keys("C-x")
	s.waitFor(20*time.Second, "stopped early")
	s.keys("q")
	s.waitFor(10*time.Second, "SUNSET-EXITED-0")

	// What the screen said is what the database holds.
	items := jsonDoc(t, e.ok("checklist", "LEG-1", "--json").stdout)["items"].([]any)
	first := items[0].(map[string]any)
	if first["done"] != true || first["evidence"] != "restic snapshot 2026-11-01 verified" || first["done_by"] != "tester" {
		t.Errorf("ticked item in the database: %v", first)
	}
	if st := jsonDoc(t, e.ok("asset", "show", "LEG-1", "--json").stdout)["asset"].(map[string]any)["stage"]; st != "decommissioning" {
		t.Errorf("a refused retirement left the stage at %v", st)
	}

	// Without the sweep a check runs to its end and finds the zombie.
	e.ok("policy", "set", "scan.discover", "")
	s = startTmux(t, env)
	s.waitFor(10*time.Second, "Assets by stage")
	s.keys("C")
	s.waitFor(60*time.Second, "done:")
	s.keys("3")
	scr := s.waitFor(10*time.Second, "zombie", "critical")
	if !strings.Contains(scr, "SRV-OLD") && !strings.Contains(scr, "srv-old") {
		t.Errorf("the zombie finding does not name the server:\n%s", scr)
	}
	s.keys("q")
	s.waitFor(10*time.Second, "SUNSET-EXITED-0")
}

func TestTerminalFirstStepsOnAnEmptyInventory(t *testing.T) {
	needTmux(t)
	e := newEnv(t)
	s := startTmux(t, []string{"SUNSET_DB=" + e.db, "XDG_STATE_HOME=" + e.dir + "/state"})
	s.waitFor(10*time.Second, "Start here", "The inventory is empty", "No scan scope is set")
	s.keys("q")
	s.waitFor(10*time.Second, "SUNSET-EXITED-0")

	e.ok("asset", "add", "--tag", "A-1")
	e.ok("policy", "set", "scan.scope", "127.0.0.0/24")
	s = startTmux(t, []string{"SUNSET_DB=" + e.db, "XDG_STATE_HOME=" + e.dir + "/state"})
	scr := s.waitFor(10*time.Second, "Assets by stage")
	if strings.Contains(scr, "Start here") {
		t.Errorf("first steps shown for an inventory that has assets and a scope:\n%s", scr)
	}
	s.keys("q")
	s.waitFor(10*time.Second, "SUNSET-EXITED-0")
}
