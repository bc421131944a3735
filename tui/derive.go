package tui

import (
	"context"
	"strings"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/sunset-tui/sunset/inventory"
	"github.com/sunset-tui/sunset/lifecycle"
	"github.com/sunset-tui/sunset/lifecycle/service"
	"github.com/sunset-tui/sunset/tui/safe"
)

// deriveInput is what the snapshot loader already read.
type deriveInput struct {
	policy inventory.Policy
}

// derivedMsg delivers the derive step of the load with the same task.
type derivedMsg struct {
	task taskID
	d    derived
	err  error
}

func deriveCmd(c *common, task taskID, in deriveInput) tea.Cmd {
	ctx, log := c.ctx, c.log
	return func() tea.Msg {
		start := time.Now()
		d, err := derive(ctx, c, in)
		if err != nil {
			log.Error("derive findings", "err", err)
		} else {
			log.Debug("findings derived", "findings", len(d.findings), "reminders", len(d.reminders), "took", time.Since(start))
		}
		return derivedMsg{task: task, d: d, err: err}
	}
}

type derived struct {
	findings  []findingView
	reminders []reminderView
	unknowns  []unknownView
}

// derive asks the service for the findings, reminders and unknown devices
// of the whole inventory: the same judgement the command line prints. It
// runs inside a tea.Cmd.
func derive(ctx context.Context, c *common, in deriveInput) (derived, error) {
	var out derived
	j, err := c.svc.Judge(ctx, reminderWindow(in.policy))
	if err != nil {
		return out, err
	}
	out.findings = make([]findingView, 0, len(j.Findings))
	for _, f := range j.Findings {
		out.findings = append(out.findings, findingView{kind: string(f.Kind), severity: string(f.Severity),
			assetID: f.AssetID, asset: safe.Text(f.Asset), address: safe.Text(f.Address),
			summary: c.advise(f.Summary, f.Steps), since: f.Since})
	}
	for _, u := range j.Unknowns {
		out.unknowns = append(out.unknowns, c.unknownOf(u))
	}
	out.reminders = make([]reminderView, len(j.Reminders))
	for i, rm := range j.Reminders {
		out.reminders[i] = reminderView{due: rm.Date, kind: string(rm.Kind), assetID: rm.AssetID,
			asset: safe.Text(rm.Asset), what: c.advise(rm.Action, rm.Steps)}
	}
	return out, nil
}

// reminderWindow is how far ahead reminders are listed: the policy's
// longest remind.before.
func reminderWindow(p inventory.Policy) inventory.Duration {
	w := 30 * inventory.Day
	for _, d := range p.RemindBefore {
		w = max(w, d)
	}
	return w
}

// unknownOf turns an unknown device into a row of the unknown devices
// screen, with the observation it came from for an adoption.
func (c *common) unknownOf(d service.Unknown) unknownView {
	f := d.Finding
	u := unknownView{obs: d.Observation, device: d, severity: string(f.Severity), summary: c.advise(f.Summary, f.Steps)}
	o := u.obs
	u.address, u.mac, u.vendor, u.seenAt = safe.Text(o.Address), safe.Text(o.MAC), safe.Text(o.MACVendor), o.SeenAt
	names := make([]string, len(o.Hostnames))
	for i, h := range o.Hostnames {
		names[i] = safe.Text(h)
	}
	u.hostnames = strings.Join(names, ", ")
	var ports []string
	for _, p := range o.OpenPorts() {
		ports = append(ports, safe.Text(lifecycle.PortLabel(p)))
	}
	u.ports = strings.Join(ports, " ")
	return u
}
