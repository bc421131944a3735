package lifecycle

import (
	"cmp"
	"slices"
	"time"

	"github.com/sunset-tui/sunset/inventory"
)

// ReportSchema is the version of the report's JSON document.
const ReportSchema = 1

// DefaultReportWindow is how far ahead a report lists reminders.
const DefaultReportWindow = 30 * inventory.Day

// StageCount is how many assets are in one stage.
type StageCount struct {
	Stage inventory.Stage `json:"stage"`
	Count int             `json:"count"`
}

// SeverityCount is how many open findings have one severity.
type SeverityCount struct {
	Severity Severity `json:"severity"`
	Count    int      `json:"count"`
}

// AssetOverride is a guard override, with the asset it concerned.
type AssetOverride struct {
	Asset string `json:"asset"`
	StageChange
}

// Summary is the state of the whole inventory at a glance.
type Summary struct {
	GeneratedAt time.Time       `json:"generated_at"`
	Assets      int             `json:"assets"`
	Stages      []StageCount    `json:"stages"`
	Severities  []SeverityCount `json:"findings_by_severity"`
	Findings    []Finding       `json:"findings"`
	// Accepted are the findings acknowledgements hide, with who accepted
	// each and why: out of Findings and their counts, never out of sight.
	Accepted  []AcceptedRisk  `json:"accepted_risks"`
	Window    string          `json:"reminder_window"`
	Reminders []Reminder      `json:"reminders"`
	Overrides []AssetOverride `json:"overrides"`
}

// Report is the summary plus an audit pack for every asset in
// decommissioning, retired or disposed.
type Report struct {
	Schema  int         `json:"schema"`
	Summary Summary     `json:"summary"`
	Audits  []AuditPack `json:"audits"`
}

// ReportInput is the whole inventory a report is built from.
type ReportInput struct {
	Assets     []inventory.Asset
	Mappings   []inventory.PortMapping
	Checklists map[int64][]inventory.ChecklistItem
	// History holds each asset's events by asset id.
	History map[int64][]inventory.Event
	// Sanitizations holds the recorded sanitizations by asset id.
	Sanitizations map[int64]inventory.Sanitization
	Dismissals    []inventory.Dismissal
	Evidence      Evidence
	// Within is the reminder window; zero means DefaultReportWindow.
	Within inventory.Duration
}

// BuildReport assembles the report from the whole inventory at once.
func BuildReport(in ReportInput, p inventory.Policy, now time.Time) Report {
	within := in.Within
	if within <= 0 {
		within = DefaultReportWindow
	}
	findings := Findings(FindingInput{Assets: in.Assets, Mappings: in.Mappings, Checklists: in.Checklists,
		Dismissals: in.Dismissals, Evidence: in.Evidence}, p, now)
	reminders := Reminders(ReminderInput{Assets: in.Assets, Mappings: in.Mappings, Checklists: in.Checklists}, p, now, within)
	counts := map[inventory.Stage]int{}
	assets := slices.Clone(in.Assets)
	slices.SortStableFunc(assets, func(a, b inventory.Asset) int { return cmp.Compare(a.Ref(), b.Ref()) })
	var overrides []AssetOverride
	var audits []AuditPack
	for _, a := range assets {
		counts[a.Stage]++
		overrides = append(overrides, AssetOverrides(a, in.History[a.ID])...)
		if !Audited(a.Stage) {
			continue
		}
		var san *inventory.Sanitization
		if rec, ok := in.Sanitizations[a.ID]; ok {
			san = &rec
		}
		audits = append(audits, BuildAuditPack(AuditInput{
			Asset: a, History: in.History[a.ID], Checklist: in.Checklists[a.ID], Mappings: in.Mappings,
			Sanitization: san, Evidence: in.Evidence, Findings: findings,
		}))
	}
	return Report{Schema: ReportSchema, Summary: NewSummary(now, within, counts, findings, reminders, overrides), Audits: audits}
}

// Audited reports whether a report carries an audit pack for an asset in
// this stage: one that reached the end of its life.
func Audited(s inventory.Stage) bool {
	switch s {
	case inventory.StageDecommissioning, inventory.StageRetired, inventory.StageDisposed:
		return true
	}
	return false
}

// AssetOverrides are the guard overrides in an asset's history.
func AssetOverrides(a inventory.Asset, history []inventory.Event) []AssetOverride {
	var out []AssetOverride
	for _, o := range Overrides(StageHistory(history)) {
		out = append(out, AssetOverride{Asset: a.Ref(), StageChange: o})
	}
	return out
}

// NewSummary puts the summary of a report together from its parts: the
// count of assets by stage, the findings (counted by severity), the
// reminders due within the window and the guard overrides (ordered by
// time).
func NewSummary(now time.Time, within inventory.Duration, stages map[inventory.Stage]int,
	findings []Finding, reminders []Reminder, overrides []AssetOverride) Summary {
	s := Summary{GeneratedAt: now, Findings: findings, Window: within.String(), Reminders: reminders,
		Overrides: slices.Clone(overrides)}
	for _, st := range inventory.Stages {
		s.Assets += stages[st]
		s.Stages = append(s.Stages, StageCount{st, stages[st]})
	}
	bySeverity := map[Severity]int{}
	for _, f := range findings {
		bySeverity[f.Severity]++
	}
	for _, sev := range Severities {
		s.Severities = append(s.Severities, SeverityCount{sev, bySeverity[sev]})
	}
	slices.SortStableFunc(s.Overrides, func(a, b AssetOverride) int { return a.At.Compare(b.At) })
	return s
}
