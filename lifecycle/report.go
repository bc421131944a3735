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
	Window      string          `json:"reminder_window"`
	Reminders   []Reminder      `json:"reminders"`
	Overrides   []AssetOverride `json:"overrides"`
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

// BuildReport assembles the report.
func BuildReport(in ReportInput, p inventory.Policy, now time.Time) Report {
	within := in.Within
	if within <= 0 {
		within = DefaultReportWindow
	}
	findings := Findings(FindingInput{Assets: in.Assets, Mappings: in.Mappings, Checklists: in.Checklists,
		Dismissals: in.Dismissals, Evidence: in.Evidence}, p, now)
	s := Summary{
		GeneratedAt: now, Assets: len(in.Assets), Findings: findings, Window: within.String(),
		Reminders: Reminders(ReminderInput{Assets: in.Assets, Mappings: in.Mappings, Checklists: in.Checklists}, p, now, within),
	}
	for _, st := range inventory.Stages {
		n := 0
		for _, a := range in.Assets {
			if a.Stage == st {
				n++
			}
		}
		s.Stages = append(s.Stages, StageCount{st, n})
	}
	for _, sev := range Severities {
		n := 0
		for _, f := range findings {
			if f.Severity == sev {
				n++
			}
		}
		s.Severities = append(s.Severities, SeverityCount{sev, n})
	}

	assets := slices.Clone(in.Assets)
	slices.SortStableFunc(assets, func(a, b inventory.Asset) int { return cmp.Compare(a.Ref(), b.Ref()) })
	r := Report{Schema: ReportSchema}
	for _, a := range assets {
		for _, o := range Overrides(StageHistory(in.History[a.ID])) {
			s.Overrides = append(s.Overrides, AssetOverride{Asset: a.Ref(), StageChange: o})
		}
		switch a.Stage {
		case inventory.StageDecommissioning, inventory.StageRetired, inventory.StageDisposed:
		default:
			continue
		}
		var san *inventory.Sanitization
		if rec, ok := in.Sanitizations[a.ID]; ok {
			san = &rec
		}
		r.Audits = append(r.Audits, BuildAuditPack(AuditInput{
			Asset: a, History: in.History[a.ID], Checklist: in.Checklists[a.ID], Mappings: in.Mappings,
			Sanitization: san, Evidence: in.Evidence, Findings: findings,
		}))
	}
	slices.SortStableFunc(s.Overrides, func(a, b AssetOverride) int { return a.At.Compare(b.At) })
	r.Summary = s
	return r
}
