package main

import (
	"bytes"
	"context"
	"fmt"
	"net/netip"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/exp/teatest"

	"github.com/sunset-tui/sunset/inventory"
	"github.com/sunset-tui/sunset/inventory/sqlite"
	"github.com/sunset-tui/sunset/lifecycle/service"
	"github.com/sunset-tui/sunset/scan"
	"github.com/sunset-tui/sunset/scan/lab"
	"github.com/sunset-tui/sunset/tui"
)

// The command line and the TUI act and judge through one place: the same
// scenario, driven through each on a copy of one inventory, leaves the
// same findings, checklists, sanitization records and history. The
// checks are real nmap runs in a namespace lab, where a powered-down
// device is really dark.
func TestCommandLineAndTUIAgree(t *testing.T) {
	needNmap(t)
	needLab(t)
	l, err := lab.Start(context.Background(), lab.Spec{Prefix: "sunsetagree", Devices: []lab.Device{
		{Name: "server", Addr: netip.MustParseAddr("192.0.2.20"), Ports: []int{22}},
		{Name: "zombie", Addr: netip.MustParseAddr("192.0.2.21"), Ports: []int{3389}},
		{Name: "firewall", Addr: netip.MustParseAddr("192.0.2.50"), Ports: []int{443}},
		{Name: "stranger", Addr: netip.MustParseAddr("192.0.2.12"), Ports: []int{23}},
	}})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { l.Close() })

	dir := t.TempDir()
	cliDB, tuiDB := filepath.Join(dir, "cli", "sunset.db"), filepath.Join(dir, "tui", "sunset.db")
	agreeInventory(t, cliDB, l)
	copyFile(t, cliDB, tuiDB)

	// The command line, on one copy.
	wrapper := filepath.Join(dir, "nmap-in-lab")
	script := "#!/bin/sh\nexec " + strings.Join(l.NmapPrefix(), " ") + " nmap \"$@\"\n"
	if err := os.WriteFile(wrapper, []byte(script), 0o755); err != nil {
		t.Fatal(err)
	}
	e := &env{t: t, db: cliDB, dir: filepath.Join(dir, "cli")}
	today := time.Now().Format("2006-01-02")
	e.ok("checklist", "GONE-1", "--sanitized", "--media-type", "SSD", "--method", "purge", "--technique", "crypto-erase",
		"--tool", "nvme-cli", "--verification", "read back zeros", "--operator", "tester", "--date", today, "--destination", "recycle")
	e.ok("unknown", "adopt", "192.0.2.12", "--tag", "STRANGER-1", "--owner", "net")
	e.ok("checklist", "GONE-1", "--done", "backup-data", "--evidence", "archived to the NAS")
	e.ok("checklist", "GONE-1", "--done", "remove-access", "--evidence", "accounts removed")
	e.ok("checklist", "GONE-1", "--done", "remove-dns-dhcp-monitoring")
	e.ok("mapping", "close", "1", "--evidence", "rule 12 removed")
	if r := e.run("check", "--nmap", wrapper); r.code > 1 {
		t.Fatalf("sunset check: exit %d\n%s", r.code, r.stderr)
	}
	e.ok("stage", "GONE-1", "retired", "--reason", "dark and closed")

	// The TUI, on the other.
	store, err := sqlite.Open(tuiDB, sqlite.Options{Actor: "tester"})
	if err != nil {
		t.Fatal(err)
	}
	defer store.Close()
	svc := service.New(store, service.Options{Actor: "tester"})
	runner, err := scan.NewNmap(scan.Options{Prefix: l.NmapPrefix()})
	if err != nil {
		t.Fatal(err)
	}
	tm := teatest.NewTestModel(t, tui.New(svc, tui.Options{Check: tui.ScanCheck(svc, runner), PollInterval: time.Hour}),
		teatest.WithInitialTermSize(160, 50))
	ui := &driver{t: t, tm: tm}
	ui.wait("Assets by stage")
	ui.openAsset("GONE-1")
	ui.keys("z")
	ui.wait("Sanitization record for GONE-1")
	for _, v := range []string{"SSD", "", "", "", "purge", "crypto-erase", "nvme-cli", "read back zeros", "tester"} {
		ui.typeText(v)
		ui.keys("tab")
	}
	ui.keys("tab") // the date is today's already
	ui.typeText("recycle")
	ui.keys("enter")
	ui.wait("recorded the sanitization of GONE-1")

	ui.keys("5")
	ui.wait("Unknown devices")
	ui.keys("a")
	ui.wait("Adopt 192.0.2.12")
	ui.typeText("STRANGER-1")
	ui.keys("tab", "tab", "tab", "tab") // to the owner
	ui.typeText("net")
	ui.keys("enter")
	ui.wait("adopted 192.0.2.12 as STRANGER-1")

	ui.openAsset("GONE-1")
	ui.keys("right", "right", "right")
	ui.wait("1 of 5 required items done")
	ui.tick("archived to the NAS", "2 of 5")
	ui.keys("down")
	ui.tick("accounts removed", "3 of 5")
	ui.keys("down", "down")
	ui.tick("", "4 of 5")
	ui.keys("left")
	ui.wait("192.0.2.50:8443")
	ui.keys("D")
	ui.wait("Close port mapping #1")
	ui.typeText("rule 12 removed")
	ui.keys("enter")
	ui.wait("closed port mapping #1")
	ui.keys("C")
	ui.wait("check #2 done")
	ui.keys("t")
	ui.wait("may move from decommissioning to retired")
	ui.typeText("dark and closed")
	ui.keys("enter")
	ui.wait("moved GONE-1 to retired")
	ui.keys("q")
	tm.WaitFinished(t, teatest.WithFinalTimeout(10*time.Second))

	cli, err := sqlite.Open(cliDB, sqlite.Options{Actor: "tester"})
	if err != nil {
		t.Fatal(err)
	}
	defer cli.Close()
	got, want := stateOf(t, store), stateOf(t, cli)
	for _, part := range []string{"findings", "checklists", "sanitizations", "history"} {
		if got[part] != want[part] {
			t.Errorf("%s differ\nthrough the TUI:\n%s\nthrough the command line:\n%s", part, got[part], want[part])
		}
	}
	if !strings.Contains(want["findings"], "zombie critical ZOMBIE-1") || !strings.Contains(want["history"], "stage [stage: decommissioning→retired] dark and closed") {
		t.Errorf("the scenario did not run to its end:\n%s\n%s", want["findings"], want["history"])
	}
}

// agreeInventory writes the inventory both front ends start from: a
// server nobody owns, a retired server that still answers, a device being
// decommissioned (dark in the lab) with a port mapping on the firewall,
// and a first check that also saw a device nobody recorded.
func agreeInventory(t *testing.T, path string, l *lab.Lab) {
	t.Helper()
	ctx := context.Background()
	store, err := sqlite.Open(path, sqlite.Options{Actor: "tester"})
	if err != nil {
		t.Fatal(err)
	}
	defer store.Close()
	svc := service.New(store, service.Options{Actor: "tester"})
	for _, kv := range [][2]string{{"scan.scope", "192.0.2.0/24"}, {"scan.discover", "192.0.2.0/26"}} {
		if err := svc.SetPolicy(ctx, kv[0], kv[1]); err != nil {
			t.Fatal(err)
		}
	}
	ip := func(v string) []inventory.Address {
		return []inventory.Address{{Kind: inventory.AddrIP, Value: v, Primary: true}}
	}
	assets := []inventory.Asset{
		{Tag: "SRV-1", Hostname: "srv-1", Kind: inventory.KindServer, Stage: inventory.StageActive, Addresses: ip("192.0.2.20")},
		{Tag: "ZOMBIE-1", Kind: inventory.KindServer, Stage: inventory.StageRetired, Owner: "infra", Addresses: ip("192.0.2.21")},
		{Tag: "FW-1", Kind: inventory.KindFirewall, Stage: inventory.StageActive, Owner: "net", Addresses: ip("192.0.2.50")},
		{Tag: "GONE-1", Kind: inventory.KindServer, Stage: inventory.StageDecommissioning, Owner: "infra",
			StoresData: true, Addresses: ip("192.0.2.40")},
	}
	for i := range assets {
		if err := svc.AddAsset(ctx, &assets[i], "in the test inventory"); err != nil {
			t.Fatal(err)
		}
	}
	m := inventory.PortMapping{ExternalAddr: "192.0.2.50", ExternalPort: 8443, InternalAddr: "192.0.2.40", InternalPort: 443,
		Protocol: "tcp", Purpose: "upload portal", Owner: "infra"}
	if err := svc.AddMapping(ctx, "GONE-1", &m, "in the test inventory"); err != nil {
		t.Fatal(err)
	}
	runner, err := scan.NewNmap(scan.Options{Prefix: l.NmapPrefix()})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := svc.Check(ctx, runner, scan.CheckRequest{}); err != nil {
		t.Fatal(err)
	}
}

func copyFile(t *testing.T, from, to string) {
	t.Helper()
	b, err := os.ReadFile(from)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.MkdirAll(filepath.Dir(to), 0o700); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(to, b, 0o600); err != nil {
		t.Fatal(err)
	}
}

// stateOf writes down what the two front ends must agree on, without the
// times at which things happened.
func stateOf(t *testing.T, s inventory.Store) map[string]string {
	t.Helper()
	ctx := context.Background()
	svc := service.New(s, service.Options{Actor: "tester"})
	findings, err := svc.Findings(ctx)
	if err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	for _, f := range findings {
		fmt.Fprintf(&b, "%s %s %s %s %+v\n", f.Kind, f.Severity, f.Asset, f.Address, f.Steps)
	}
	out := map[string]string{"findings": b.String()}
	assets, err := s.Assets(ctx, inventory.AssetFilter{})
	if err != nil {
		t.Fatal(err)
	}
	var lists, records, history strings.Builder
	for _, a := range assets {
		items, err := s.Checklist(ctx, a.ID)
		if err != nil {
			t.Fatal(err)
		}
		for _, it := range items {
			fmt.Fprintf(&lists, "%s %s done=%v by=%s evidence=%q\n", a.Ref(), it.ID, it.Done, it.DoneBy, it.Evidence)
		}
		if rec, ok, err := s.Sanitization(ctx, a.ID); err != nil {
			t.Fatal(err)
		} else if ok {
			rec.RecordedAt = time.Time{}
			fmt.Fprintf(&records, "%s %+v\n", a.Ref(), rec)
		}
		events, err := s.History(ctx, a.ID)
		if err != nil {
			t.Fatal(err)
		}
		for _, ev := range events {
			var changes []string
			for _, c := range ev.Changes {
				changes = append(changes, c.Field+": "+c.From+"→"+c.To)
			}
			fmt.Fprintf(&history, "%s %s %s %v %s forced=%v\n", a.Ref(), ev.Actor, ev.Action, changes, ev.Reason, ev.Forced)
		}
	}
	out["checklists"], out["sanitizations"], out["history"] = lists.String(), records.String(), history.String()
	return out
}

// driver types into a TUI under teatest and waits for what it draws.
type driver struct {
	t  *testing.T
	tm *teatest.TestModel
}

var namedKeys = map[string]tea.KeyType{"enter": tea.KeyEnter, "tab": tea.KeyTab, "esc": tea.KeyEsc,
	"down": tea.KeyDown, "up": tea.KeyUp, "left": tea.KeyLeft, "right": tea.KeyRight}

func (d *driver) keys(ks ...string) {
	for _, k := range ks {
		if kt, ok := namedKeys[k]; ok {
			d.tm.Send(tea.KeyMsg{Type: kt})
			continue
		}
		d.tm.Send(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune(k)})
	}
}

func (d *driver) typeText(s string) {
	for _, r := range s {
		d.tm.Send(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune{r}})
	}
}

// wait waits until the screen has drawn text since the last wait.
func (d *driver) wait(text string) {
	d.t.Helper()
	var seen []byte
	teatest.WaitFor(d.t, d.tm.Output(), func(out []byte) bool {
		seen = append(seen, out...)
		return bytes.Contains(seen, []byte(text))
	}, teatest.WithDuration(60*time.Second), teatest.WithCheckInterval(20*time.Millisecond))
}

// openAsset opens an asset's detail screen from the asset list.
func (d *driver) openAsset(tag string) {
	d.t.Helper()
	d.keys("2", "esc", "/")
	d.typeText(tag)
	d.wait("1 shown")
	d.keys("enter", "enter")
	d.wait(tag)
}

// tick ticks the checklist item under the cursor, with evidence when it
// needs some, and waits for the progress to show it.
func (d *driver) tick(evidence, progress string) {
	d.t.Helper()
	d.keys("x")
	d.wait("Tick:")
	d.typeText(evidence)
	d.keys("enter")
	d.wait(progress + " required items done")
}
