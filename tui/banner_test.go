package tui

import (
	"strings"
	"testing"
)

// The finding banner of an asset's detail wraps its findings at any width
// without losing a character: the whole advice, mapping ids included, is
// on screen at 112 and 166 columns (where characters used to vanish), and
// at the other common widths.
func TestFindingBannerWrapsWithoutDroppingText(t *testing.T) {
	s := openStore(t)
	ids := seedInventory(t, s)
	squeeze := func(s string) string { return strings.Join(strings.Fields(s), "") }
	for _, w := range []int{80, 100, 112, 120, 166, 200} {
		m := run(t, loaded(t, s, Options{}, w, 50), openAssetMsg{id: ids.legacy})
		fs := m.detail.assetFindings()
		if len(fs) == 0 {
			t.Fatal("the decommissioning server has no findings to show")
		}
		view := squeeze(plainView(m))
		for i := range fs {
			text := m.snap.summaryOf(&fs[i])
			if !strings.Contains(view, squeeze(text)) {
				t.Errorf("at %d columns the banner lost part of %q:\n%s", w, text, plainView(m))
			}
		}
		if !strings.Contains(view, "#"+itoa(int(ids.mapping))) {
			t.Errorf("at %d columns the mapping id is not on screen", w)
		}
	}
}
