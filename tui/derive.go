package tui

import (
	"context"
	"strings"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/sunset-tui/sunset/inventory"
	"github.com/sunset-tui/sunset/lifecycle"
	"github.com/sunset-tui/sunset/tui/safe"
)

// Checks whose observations feed the findings: enough to see a device
// stop answering or come back, without reading years of history.
const evidenceChecks = 50

// deriveInput is what the snapshot loader already read.
type deriveInput struct {
	ids    []int64 // every asset, as listed
	policy inventory.Policy
	now    time.Time
}

// Assets judged at once: lifecycle copies what it is given, so a large
// inventory is read and judged a slice at a time.
const deriveChunk = 5000

// derivedMsg delivers the derive step of the load with the same task.
type derivedMsg struct {
	task taskID
	d    derived
	err  error
}

func deriveCmd(c *common, task taskID, in deriveInput) tea.Cmd {
	ctx, store, log := c.ctx, c.store, c.log
	return func() tea.Msg {
		start := time.Now()
		d, err := derive(ctx, store, in)
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

// derive asks lifecycle for findings and reminders. It runs inside a
// tea.Cmd. Assets are read and judged a chunk at a time (every finding
// and reminder but the unknown devices is about one asset or one of its
// mappings), so a large inventory is never held whole; unknown devices
// are then found against every known address at once.
func derive(ctx context.Context, r inventory.Reader, in deriveInput) (derived, error) {
	var out derived
	mappings, err := r.Mappings(ctx, inventory.MappingFilter{})
	if err != nil {
		return out, err
	}
	dismissals, err := r.Dismissals(ctx)
	if err != nil {
		return out, err
	}
	ev, err := recentEvidence(ctx, r)
	if err != nil {
		return out, err
	}
	checklists, err := r.Checklists(ctx, inventory.AssetFilter{Stages: []inventory.Stage{inventory.StageDecommissioning}})
	if err != nil {
		return out, err
	}
	var findings []lifecycle.Finding
	var reminders []lifecycle.Reminder
	// known carries every asset's IP addresses for the unknown-device pass.
	known := inventory.Asset{Stage: inventory.StagePlanned}
	judged := map[int64]bool{} // mappings judged with their asset
	err = eachChunk(ctx, r, in.ids, func(assets []inventory.Asset) error {
		ids := map[int64]bool{}
		for _, a := range assets {
			ids[a.ID] = true
			for _, ip := range a.IPs() {
				known.Addresses = append(known.Addresses, inventory.Address{Kind: inventory.AddrIP, Value: ip})
			}
		}
		var ms []inventory.PortMapping
		for _, m := range mappings {
			if ids[m.AssetID] {
				ms = append(ms, m)
				judged[m.ID] = true
			}
		}
		for _, f := range lifecycle.Findings(lifecycle.FindingInput{Assets: assets, Mappings: ms,
			Checklists: checklists, Dismissals: dismissals, Evidence: ev}, in.policy, in.now) {
			if f.Kind != lifecycle.FindingUnknown { // judged below against every asset
				findings = append(findings, f)
			}
		}
		reminders = append(reminders, lifecycle.Reminders(lifecycle.ReminderInput{Assets: assets, Mappings: ms,
			Checklists: checklists}, in.policy, in.now, reminderWindow(in.policy))...)
		return nil
	})
	if err != nil {
		return out, err
	}
	for _, f := range lifecycle.Findings(lifecycle.FindingInput{Assets: []inventory.Asset{known}, Mappings: mappings,
		Dismissals: dismissals, Evidence: ev}, in.policy, in.now) {
		if f.Kind == lifecycle.FindingUnknown || f.Kind == lifecycle.FindingExposedMapping && !judged[f.MappingID] {
			findings = append(findings, f)
		}
	}
	lifecycle.SortFindings(findings)
	out.findings = make([]findingView, 0, len(findings))
	for _, f := range findings {
		out.findings = append(out.findings, findingView{kind: string(f.Kind), severity: string(f.Severity),
			assetID: f.AssetID, asset: safe.Text(f.Asset), address: safe.Text(f.Address),
			summary: safe.Text(f.Summary), since: f.Since})
		if f.Kind == lifecycle.FindingUnknown {
			out.unknowns = append(out.unknowns, unknownOf(f, ev.Observations))
		}
	}
	out.reminders = make([]reminderView, len(reminders))
	for i, rm := range reminders {
		out.reminders[i] = reminderView{due: rm.Date, kind: string(rm.Kind), assetID: rm.AssetID,
			asset: safe.Text(rm.Asset), what: safe.Text(rm.Action)}
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

// recentEvidence reads the latest checks and their observations.
func recentEvidence(ctx context.Context, r inventory.Reader) (lifecycle.Evidence, error) {
	var ev lifecycle.Evidence
	checks, err := r.Checks(ctx, evidenceChecks)
	if err != nil || len(checks) == 0 {
		return ev, err
	}
	ev.Checks = checks
	ids := map[int64]bool{}
	oldest := checks[0].StartedAt
	for _, c := range checks {
		ids[c.ID] = true
		if c.StartedAt.Before(oldest) {
			oldest = c.StartedAt
		}
	}
	obs, err := r.Observations(ctx, inventory.ObservationFilter{Since: oldest})
	if err != nil {
		return ev, err
	}
	for _, o := range obs {
		if ids[o.CheckID] {
			ev.Observations = append(ev.Observations, o)
		}
	}
	return ev, nil
}

// unknownOf turns an unknown-device finding into a row of the unknown
// devices screen, with the observation it came from for an adoption.
func unknownOf(f lifecycle.Finding, obs []inventory.Observation) unknownView {
	u := unknownView{obs: inventory.Observation{Address: f.Address, MAC: f.MAC, CheckID: f.CheckID, Ports: f.Ports,
		State: inventory.Answered}, severity: string(f.Severity), summary: safe.Text(f.Summary), seenAt: f.Since}
	for _, o := range obs {
		if o.CheckID == f.CheckID && o.Address == f.Address && o.AssetID == 0 {
			u.obs = o
			break
		}
	}
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

// eachChunk reads the assets with the given ids, deriveChunk at a time.
func eachChunk(ctx context.Context, r inventory.Reader, ids []int64, fn func([]inventory.Asset) error) error {
	for len(ids) > 0 {
		n := min(len(ids), deriveChunk)
		assets, err := r.Assets(ctx, inventory.AssetFilter{IDs: ids[:n]})
		if err != nil {
			return err
		}
		if err := fn(assets); err != nil {
			return err
		}
		ids = ids[n:]
	}
	return nil
}
