package tui

import (
	"context"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/sunset-tui/sunset/inventory"
)

// hostile is a hostname that would write the clipboard (OSC 52), clear
// the screen and reverse the text after it, if printed raw.
const hostile = "evil\x1b]52;c;ZXZpbA==\x07\x1b[2J\u202eexe.txt"

// checkVisible asserts the view shows the escapes as text and carries no
// raw control character (the colour profile is ASCII in tests, so the TUI
// itself writes no escape sequences either).
func checkVisible(t *testing.T, where, view string) {
	t.Helper()
	if strings.ContainsAny(view, "\x1b\x07\u202e") {
		t.Errorf("%s: raw control characters reach the terminal:\n%q", where, view)
	}
	for _, want := range []string{`\x1b]52;c;`, `\x1b[2J`, `\u202e`} {
		if !strings.Contains(view, want) {
			t.Errorf("%s: %q is not shown as text:\n%s", where, want, view)
		}
	}
}

func TestHostileHostnameRendersAsVisibleText(t *testing.T) {
	s := openStore(t)
	seedInventory(t, s)
	m := loaded(t, s, Options{}, 160, 40)

	// The store refuses such a hostname, so build the asset directly, as
	// if it had come from an older database or another tool.
	evil := inventory.Asset{ID: 999, Tag: "EVIL-1", Hostname: hostile, Kind: inventory.KindIoT,
		Stage: inventory.StageActive, Owner: "own\x1b[31mer", Addresses: []inventory.Address{ipAddr("192.0.2.66")}}
	summary := inventory.AssetSummary{ID: evil.ID, Tag: evil.Tag, Hostname: evil.Hostname, Kind: evil.Kind,
		Stage: evil.Stage, Owner: evil.Owner, PrimaryIP: evil.PrimaryIP(), Search: "192.0.2.66"}
	snap := *m.snap
	snap.rows, snap.index, snap.common = nil, newRowIndex(8), newCommonValues()
	snap.addRows(newRowPage([]inventory.AssetSummary{summary}))
	snap.addRows(rowPage{rows: slices.Clone(m.snap.rows), common: m.snap.common.sets})
	m.assets.setSnapshot(&snap)
	m = step(t, m, keyMsg("2"))
	checkVisible(t, "asset list", m.View())

	m.screen, m.back = screenDetail, screenAssets
	m.detail.id, m.detail.d = evil.ID, &assetDetail{asset: evil, checks: map[int64]inventory.Check{}}
	checkVisible(t, "asset detail", m.View())
}

func TestHostileObservationHostnameRendersAsVisibleText(t *testing.T) {
	s := openStore(t)
	ids := seedInventory(t, s)
	// Scans store what devices said about themselves, unvalidated.
	update(t, s, func(ctx context.Context, w inventory.Writer) error {
		at := testNow.Add(-10 * time.Minute)
		c := inventory.Check{StartedAt: at, EndedAt: at.Add(time.Minute), Source: "live", Targets: []string{"192.0.2.0/24"}}
		return w.SaveCheck(ctx, &c, []inventory.Observation{
			{Address: "192.0.2.77", State: inventory.Answered, Reason: "syn-ack", SeenAt: at, Hostnames: []string{hostile},
				Ports: []inventory.Port{{Number: 80, Protocol: "tcp", State: "open", Product: "web\x1b]0;pwned\x07"}}},
			{AssetID: ids.db, Address: "192.0.2.10", State: inventory.Answered, Reason: "syn-ack", SeenAt: at,
				Hostnames: []string{hostile}, Ports: []inventory.Port{{Number: 22, Protocol: "tcp", State: "open", Product: hostile}}},
		})
	})
	m := loaded(t, s, Options{}, 200, 40)
	m = step(t, m, keyMsg("5"))
	m = step(t, m, keyMsg("down")) // the telnet device is listed first, as it is worse
	checkVisible(t, "unknown devices", m.View())

	m, cmd := stepCmd(t, m, openAssetMsg{id: ids.db})
	m = step(t, m, cmd())
	for i := 0; i < int(tabObservations); i++ {
		m = step(t, m, keyMsg("right"))
	}
	checkVisible(t, "observations", m.View())
}

func TestFormsNeverDrawControlCharacters(t *testing.T) {
	s := openStore(t)
	seedInventory(t, s)
	m := loaded(t, s, Options{}, 120, 40)
	evil := inventory.Asset{ID: 999, Tag: "EVIL\x1b[2J", Hostname: "ok", Owner: "own\u202eer", Kind: inventory.KindIoT, Stage: inventory.StageActive}
	m = step(t, m, openDialogMsg{d: newAssetForm(m.c, &evil, nil)})
	m = keys(t, m, "tab", "tab", "tab") // to the owner
	m = step(t, m, keyMsg("x\u202ey"))
	view := m.View()
	if strings.ContainsAny(view, "\x1b\u202e") {
		t.Fatalf("raw control characters in the form:\n%q", view)
	}
	if !strings.Contains(view, `EVIL\x1b[2J`) || !strings.Contains(view, `own\u202eerxy`) {
		t.Fatalf("the values are not shown escaped:\n%s", view)
	}
}
