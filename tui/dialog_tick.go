package tui

import (
	"context"
	"strings"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/sunset-tui/sunset/inventory"
	"github.com/sunset-tui/sunset/lifecycle"
	"github.com/sunset-tui/sunset/tui/safe"
)

// tickActor stands in for the person in lifecycle.Tick's check that
// someone is named; the store records its own actor on the write.
const tickActor = "sunset"

// newTickDialog ticks one checklist item, asking for evidence.
func newTickDialog(c *common, a inventory.Asset, it inventory.ChecklistItem) dialog {
	f := newForm(c, "Tick: "+safe.Text(it.Title))
	need := "optional"
	if it.Verify == inventory.VerifyEvidence {
		need = "required: say what was done and where the proof is"
	}
	f.intro = []string{"Asset " + safe.Text(a.Ref()) + ", item " + safe.Text(it.ID) + "."}
	f.add("evidence", "evidence", "", need)
	items := []inventory.ChecklistItem{it}
	f.validate = func(v map[string]string) map[string]string {
		if _, err := lifecycle.Tick(items, it.ID, v["evidence"], tickActor, c.now); err != nil {
			return map[string]string{"evidence": messageOf(err)}
		}
		return nil
	}
	f.submit = func(v map[string]string) tea.Cmd {
		evidence, id, assetID, now := strings.TrimSpace(v["evidence"]), it.ID, a.ID, c.now
		return c.write("ticked "+safe.Text(it.Title), func(ctx context.Context, w inventory.Writer) error {
			current, err := w.Checklist(ctx, assetID)
			if err != nil {
				return err
			}
			if _, err := lifecycle.Tick(current, id, evidence, tickActor, now); err != nil {
				return err
			}
			return w.CompleteItem(ctx, assetID, id, evidence)
		})
	}
	return f
}

// newDismissDialog dismisses an unknown device with a reason; it stays
// out of the findings until it answers differently.
func newDismissDialog(c *common, u unknownView) dialog {
	f := newForm(c, "Dismiss "+u.address)
	f.intro = []string{u.summary}
	f.add("reason", "reason", "", "why this device may stay unknown (e.g. guest Wi-Fi phone)")
	f.validate = func(v map[string]string) map[string]string {
		if v["reason"] == "" {
			return map[string]string{"reason": "a dismissal needs a reason"}
		}
		return nil
	}
	f.submit = func(v map[string]string) tea.Cmd {
		d := inventory.Dismissal{Address: u.obs.Address, MAC: u.obs.MAC, Signature: lifecycle.Signature(u.obs), Reason: v["reason"]}
		return c.write("dismissed "+u.address, func(ctx context.Context, w inventory.Writer) error {
			return w.Dismiss(ctx, &d)
		})
	}
	return f
}
