package tui

import (
	"context"
	"path/filepath"
	"strings"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/x/ansi"
	"github.com/muesli/termenv"
	"github.com/sunset-tui/sunset/inventory"
	"github.com/sunset-tui/sunset/inventory/sqlite"
	"github.com/sunset-tui/sunset/lifecycle"
	"github.com/sunset-tui/sunset/lifecycle/service"
)

func init() {
	// Goldens and width checks read plain text: fix the colour profile.
	lipgloss.SetColorProfile(termenv.Ascii)
	lipgloss.SetHasDarkBackground(true)
}

// testNow is the fixed clock of every test.
var testNow = time.Date(2025, 6, 15, 12, 0, 0, 0, time.UTC)

func fixedNow() time.Time { return testNow }

// openStore opens a real SQLite store in a temporary directory.
func openStore(tb testing.TB) *sqlite.Store {
	tb.Helper()
	s, err := sqlite.Open(filepath.Join(tb.TempDir(), "sunset.db"), sqlite.Options{Actor: "tester", Now: fixedNow})
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { s.Close() })
	return s
}

// svcOf is the service over s, acting as the tests' actor on their clock.
func svcOf(s inventory.Store) *service.Service {
	return service.New(s, service.Options{Actor: "tester", Now: fixedNow})
}

func update(tb testing.TB, s inventory.Store, fn func(ctx context.Context, w inventory.Writer) error) {
	tb.Helper()
	ctx := context.Background()
	if err := s.Update(ctx, func(w inventory.Writer) error { return fn(ctx, w) }); err != nil {
		tb.Fatal(err)
	}
}

func ipAddr(v string) inventory.Address {
	return inventory.Address{Kind: inventory.AddrIP, Value: v, Primary: true}
}

// seeded holds the ids of the assets seedInventory creates.
type seeded struct {
	db, cam, legacy, nvr, printer, sw, laptop int64
	mapping                                   int64
}

// seedInventory fills s with a small inventory covering every stage, a
// decommissioning server with an open mapping and a checklist, a retired
// NVR that still answers, and a check that also saw an unknown device.
func seedInventory(tb testing.TB, s inventory.Store) seeded {
	tb.Helper()
	var ids seeded
	update(tb, s, func(ctx context.Context, w inventory.Writer) error {
		if err := w.SetPolicyValue(ctx, "scan.scope", "192.0.2.0/24,198.51.100.0/24"); err != nil {
			return err
		}
		mk := func(id *int64, a inventory.Asset) error {
			if err := w.CreateAsset(ctx, &a, "seed"); err != nil {
				return err
			}
			*id = a.ID
			return nil
		}
		assets := []struct {
			id *int64
			a  inventory.Asset
		}{
			{&ids.db, inventory.Asset{Tag: "A-0001", Hostname: "srv-db-01", Kind: inventory.KindServer, Stage: inventory.StageActive,
				Owner: "infra", LastManagedOn: inventory.Date{Year: 2025, Month: 6, Day: 1}, Addresses: []inventory.Address{ipAddr("192.0.2.10")}}},
			{&ids.cam, inventory.Asset{Tag: "A-0002", Hostname: "cam-lobby", Kind: inventory.KindCamera, Stage: inventory.StageActive,
				Owner: "facilities", LastManagedOn: inventory.Date{Year: 2025, Month: 5, Day: 20}, Addresses: []inventory.Address{ipAddr("192.0.2.20")}}},
			{&ids.legacy, inventory.Asset{Tag: "A-0003", Hostname: "srv-legacy", Kind: inventory.KindServer, Stage: inventory.StageDecommissioning,
				Owner: "infra", HoldsCredentials: true, StoresData: true, Addresses: []inventory.Address{ipAddr("192.0.2.30")}}},
			{&ids.nvr, inventory.Asset{Tag: "A-0004", Hostname: "nvr-old", Kind: inventory.KindNVR, Stage: inventory.StageRetired,
				Owner: "facilities", StageSince: testNow.AddDate(0, -2, 0), Addresses: []inventory.Address{ipAddr("192.0.2.40")}}},
			{&ids.printer, inventory.Asset{Tag: "A-0005", Hostname: "printer-2", Kind: inventory.KindPrinter, Stage: inventory.StageSpare, Owner: "office"}},
			{&ids.sw, inventory.Asset{Tag: "A-0006", Hostname: "sw-core", Kind: inventory.KindSwitch, Stage: inventory.StagePlanned, Owner: "net",
				EOLOn: inventory.Date{Year: 2025, Month: 7, Day: 1}}},
			{&ids.laptop, inventory.Asset{Tag: "A-0007", Hostname: "laptop-17", Kind: inventory.KindLaptop, Stage: inventory.StageDisposed, Owner: "it"}},
		}
		for _, x := range assets {
			if err := mk(x.id, x.a); err != nil {
				return err
			}
		}
		m := inventory.PortMapping{AssetID: ids.legacy, ExternalAddr: "198.51.100.5", ExternalPort: 3389,
			InternalAddr: "192.0.2.30", InternalPort: 3389, Purpose: "vendor maintenance", Owner: "infra",
			OpenedOn: inventory.Date{Year: 2024, Month: 1, Day: 10}}
		if err := w.AddMapping(ctx, &m, "seed"); err != nil {
			return err
		}
		ids.mapping = m.ID
		legacy, err := w.Asset(ctx, ids.legacy)
		if err != nil {
			return err
		}
		if err := w.PutChecklist(ctx, ids.legacy, lifecycle.Checklist(legacy, []inventory.PortMapping{m}, nil)); err != nil {
			return err
		}
		seen := testNow.Add(-time.Hour)
		c := inventory.Check{StartedAt: seen, EndedAt: seen.Add(time.Minute), Source: "live",
			Targets: []string{"192.0.2.0/24"}, HostsAnswered: 5, HostsDark: 0}
		obs := []inventory.Observation{
			{AssetID: ids.db, Address: "192.0.2.10", State: inventory.Answered, Reason: "syn-ack", SeenAt: seen,
				Ports: []inventory.Port{{Number: 22, Protocol: "tcp", State: "open", Service: "ssh"}, {Number: 443, Protocol: "tcp", State: "open", Service: "https"}}},
			{AssetID: ids.cam, Address: "192.0.2.20", State: inventory.Answered, Reason: "syn-ack", SeenAt: seen,
				Ports: []inventory.Port{{Number: 80, Protocol: "tcp", State: "open", Service: "http"}, {Number: 554, Protocol: "tcp", State: "open", Service: "rtsp"}}},
			{AssetID: ids.legacy, Address: "192.0.2.30", State: inventory.Answered, Reason: "syn-ack", SeenAt: seen,
				Ports: []inventory.Port{{Number: 3389, Protocol: "tcp", State: "open", Service: "ms-wbt-server"}}},
			{AssetID: ids.nvr, Address: "192.0.2.40", State: inventory.Answered, Reason: "syn-ack", SeenAt: seen,
				Ports: []inventory.Port{{Number: 80, Protocol: "tcp", State: "open", Service: "http"}}},
			{Address: "192.0.2.99", State: inventory.Answered, Reason: "syn-ack", SeenAt: seen, MAC: "02:00:00:00:00:99",
				Hostnames: []string{"guest-phone.example.org"},
				Ports:     []inventory.Port{{Number: 23, Protocol: "tcp", State: "open", Service: "telnet"}}},
		}
		return w.SaveCheck(ctx, &c, obs)
	})
	return ids
}

// loaded returns a model of the store with its snapshot loaded and the
// window sized, driven through Update as the program would.
func loaded(tb testing.TB, s inventory.Store, opts Options, w, h int) Model {
	tb.Helper()
	if opts.Now == nil {
		opts.Now = fixedNow
	}
	m := New(svcOf(s), opts)
	m = step(tb, m, tea.WindowSizeMsg{Width: w, Height: h})
	m, derive := readAll(tb, m, m.loadCmd(m.loadTask))
	m = step(tb, m, derive())
	if m.snap == nil || !m.snap.derived {
		tb.Fatal("the load did not end with findings derived")
	}
	return m
}

// readAll runs a load's commands from load (the head, then, when the
// head did not hold every row, nothing more), feeding each result to the
// model as the program would, and returns the derive step that follows
// without running it: that step reads the rest of the rows, if any, as it
// judges them.
func readAll(tb testing.TB, m Model, load tea.Cmd) (Model, tea.Cmd) {
	tb.Helper()
	cmd := load
	for i := 0; ; i++ {
		if cmd == nil {
			tb.Fatal("the load stopped before the derive step")
		}
		if i > 10000 {
			tb.Fatal("the load never ends")
		}
		m, cmd = stepCmd(tb, m, cmd())
		if m.deriving {
			return m, cmd
		}
	}
}

// step feeds one message to the model.
func step(tb testing.TB, m Model, msg tea.Msg) Model {
	tb.Helper()
	next, _ := m.Update(msg)
	return next.(Model)
}

// stepCmd feeds one message and returns the command too.
func stepCmd(tb testing.TB, m Model, msg tea.Msg) (Model, tea.Cmd) {
	tb.Helper()
	next, cmd := m.Update(msg)
	return next.(Model), cmd
}

func keyMsg(s string) tea.KeyMsg {
	switch s {
	case "enter":
		return tea.KeyMsg{Type: tea.KeyEnter}
	case "esc":
		return tea.KeyMsg{Type: tea.KeyEsc}
	case "tab":
		return tea.KeyMsg{Type: tea.KeyTab}
	case "shift+tab":
		return tea.KeyMsg{Type: tea.KeyShiftTab}
	case "down":
		return tea.KeyMsg{Type: tea.KeyDown}
	case "up":
		return tea.KeyMsg{Type: tea.KeyUp}
	case "right":
		return tea.KeyMsg{Type: tea.KeyRight}
	case "left":
		return tea.KeyMsg{Type: tea.KeyLeft}
	case "space":
		return tea.KeyMsg{Type: tea.KeySpace, Runes: []rune{' '}}
	case "ctrl+f":
		return tea.KeyMsg{Type: tea.KeyCtrlF}
	case "ctrl+x":
		return tea.KeyMsg{Type: tea.KeyCtrlX}
	case "ctrl+r":
		return tea.KeyMsg{Type: tea.KeyCtrlR}
	case "ctrl+c":
		return tea.KeyMsg{Type: tea.KeyCtrlC}
	case "pgdown":
		return tea.KeyMsg{Type: tea.KeyPgDown}
	case "pgup":
		return tea.KeyMsg{Type: tea.KeyPgUp}
	case "backspace":
		return tea.KeyMsg{Type: tea.KeyBackspace}
	}
	return tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune(s)}
}

// typeText feeds each rune as a key press.
func typeText(tb testing.TB, m Model, s string) Model {
	for _, r := range s {
		m = step(tb, m, tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune{r}})
	}
	return m
}

// plainView is the view without escape sequences.
func plainView(m Model) string { return ansi.Strip(m.View()) }

// checkFits fails when a line of view is wider than w or it has more than
// h lines.
func checkFits(tb testing.TB, name, view string, w, h int) {
	tb.Helper()
	lines := strings.Split(view, "\n")
	if len(lines) > h {
		tb.Errorf("%s at %dx%d: %d lines", name, w, h, len(lines))
	}
	for i, l := range lines {
		if lw := ansi.StringWidth(l); lw > w {
			tb.Errorf("%s at %dx%d: line %d is %d wide: %q", name, w, h, i, lw, ansi.Strip(l))
			return
		}
	}
}
