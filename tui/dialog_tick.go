package tui

import (
	"context"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/sunset-tui/sunset/inventory"
	"github.com/sunset-tui/sunset/lifecycle/service"
	"github.com/sunset-tui/sunset/tui/safe"
)

// newTickDialog ticks one checklist item, asking for evidence.
func newTickDialog(c *common, a inventory.Asset, it inventory.ChecklistItem) dialog {
	f := newForm(c, "Tick: "+safe.Text(it.Title))
	need := "optional"
	if it.Verify == inventory.VerifyEvidence {
		need = "required: say what was done and where the proof is"
	}
	f.intro = []string{"Asset " + safe.Text(a.Ref()) + ", item " + safe.Text(it.ID) + "."}
	f.add("evidence", "evidence", "", need)
	f.validate = func(v map[string]string) map[string]string {
		if err := c.svc.TickProblem(it, v["evidence"]); err != nil {
			return map[string]string{"evidence": messageOf(err)}
		}
		return nil
	}
	f.submit = func(v map[string]string) tea.Cmd {
		evidence, id, ref := v["evidence"], it.ID, service.IDRef(a.ID)
		return c.act("ticked "+safe.Text(it.Title), func(ctx context.Context, svc *service.Service) error {
			return svc.Tick(ctx, ref, id, evidence)
		})
	}
	return f
}

// newUntickDialog reopens a done checklist item: a wrong tick is undone
// with a reason, which the asset's history keeps.
func newUntickDialog(c *common, a inventory.Asset, it inventory.ChecklistItem) dialog {
	f := newForm(c, "Reopen: "+safe.Text(it.Title))
	done := "Ticked " + it.DoneAt.In(c.now.Location()).Format("2006-01-02 15:04") + " by " + safe.Text(it.DoneBy)
	if it.Evidence != "" {
		done += ": " + safe.Text(it.Evidence)
	}
	f.intro = []string{"Asset " + safe.Text(a.Ref()) + ", item " + safe.Text(it.ID) + ".", done + "."}
	f.add("reason", "reason", "", "why the tick was wrong; history keeps it")
	f.validate = func(v map[string]string) map[string]string {
		if v["reason"] == "" {
			return map[string]string{"reason": "reopening an item needs a reason: say why the tick was wrong"}
		}
		return nil
	}
	f.submit = func(v map[string]string) tea.Cmd {
		reason, id, ref := v["reason"], it.ID, service.IDRef(a.ID)
		return c.act("reopened "+safe.Text(it.Title), func(ctx context.Context, svc *service.Service) error {
			return svc.Untick(ctx, ref, id, reason)
		})
	}
	return f
}

// newDismissDialog dismisses an unknown device with a reason; it stays
// out of the findings until it answers differently.
func newDismissDialog(c *common, u unknownView) dialog {
	f := newForm(c, "Dismiss "+u.address())
	f.intro = []string{c.unknownSummary(&u)}
	f.add("reason", "reason", "", "why this device may stay unknown (e.g. guest Wi-Fi phone)")
	f.validate = func(v map[string]string) map[string]string {
		if v["reason"] == "" {
			return map[string]string{"reason": "a dismissal needs a reason"}
		}
		return nil
	}
	f.submit = func(v map[string]string) tea.Cmd {
		addr, reason := u.obs().Address, v["reason"]
		return c.act("dismissed "+u.address(), func(ctx context.Context, svc *service.Service) error {
			_, err := svc.Dismiss(ctx, addr, reason)
			return err
		})
	}
	return f
}
