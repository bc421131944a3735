package lifecycle

import (
	"cmp"
	"slices"
	"time"

	"github.com/sunset-tui/sunset/inventory"
)

// StageChange is one stage change from an asset's history.
type StageChange struct {
	At     time.Time       `json:"at"`
	Actor  string          `json:"actor"`
	From   inventory.Stage `json:"from"`
	To     inventory.Stage `json:"to"`
	Reason string          `json:"reason,omitempty"`
	// Forced: the change overrode a guard.
	Forced bool `json:"forced,omitempty"`
}

// StageHistory picks the stage changes out of an asset's history (events
// carrying a "stage" change), oldest first.
func StageHistory(events []inventory.Event) []StageChange {
	var out []StageChange
	for _, e := range events {
		for _, c := range e.Changes {
			if c.Field == "stage" {
				out = append(out, StageChange{At: e.At, Actor: e.Actor, From: inventory.Stage(c.From),
					To: inventory.Stage(c.To), Reason: e.Reason, Forced: e.Forced})
			}
		}
	}
	slices.SortStableFunc(out, func(a, b StageChange) int { return a.At.Compare(b.At) })
	return out
}

// Overrides are the stage changes that overrode a guard.
func Overrides(history []StageChange) []StageChange {
	var out []StageChange
	for _, c := range history {
		if c.Forced {
			out = append(out, c)
		}
	}
	return out
}

// MappingAudit is one port mapping of an audited asset and what checks
// said about it.
type MappingAudit struct {
	Mapping inventory.PortMapping `json:"mapping"`
	// State is "open", "closed, verified", "closed, not verified" or
	// "closed, still answering".
	State     string    `json:"state"`
	CheckID   int64     `json:"check_id,omitempty"`
	CheckedAt time.Time `json:"checked_at"`
}

// AuditPack is the end-of-life record of one asset: how it moved through
// its stages, what was done with what evidence, how its media were
// sanitized, which check proved it dark, and every guard overridden.
type AuditPack struct {
	Asset        inventory.Asset           `json:"asset"`
	Stages       []StageChange             `json:"stage_history"`
	Overrides    []StageChange             `json:"overrides"`
	Checklist    []inventory.ChecklistItem `json:"checklist"`
	Mappings     []MappingAudit            `json:"mappings"`
	Sanitization *inventory.Sanitization   `json:"sanitization"`
	// DarkProof is the check that proved the asset dark: the last one
	// before it was retired, else the newest one; nil when none did.
	DarkProof *Proof `json:"dark_proof"`
	// Sites says what the newest complete check from each site saw of
	// the asset: which site saw it answer and which found it dark.
	Sites []SiteSight `json:"sites"`
	// Findings are the asset's open findings.
	Findings []Finding `json:"findings"`
}

// AuditInput is what one audit pack is built from.
type AuditInput struct {
	Asset        inventory.Asset
	History      []inventory.Event
	Checklist    []inventory.ChecklistItem
	Mappings     []inventory.PortMapping
	Sanitization *inventory.Sanitization
	Evidence     Evidence
	// Findings may hold every finding; the pack keeps the asset's own.
	Findings []Finding
}

// BuildAuditPack assembles the audit pack of one asset.
func BuildAuditPack(in AuditInput) AuditPack {
	a := in.Asset
	history := StageHistory(in.History)
	pack := AuditPack{
		Asset: a, Stages: history, Overrides: Overrides(history),
		Checklist: slices.Clone(in.Checklist), Sanitization: in.Sanitization,
	}
	slices.SortStableFunc(pack.Checklist, func(x, y inventory.ChecklistItem) int { return cmp.Compare(x.Position, y.Position) })
	if retiredAt, ok := RetiredAt(a, history); ok && (a.Stage == inventory.StageRetired || a.Stage == inventory.StageDisposed) {
		pack.DarkProof = LastDarkProof(a, in.Evidence.Until(retiredAt))
	}
	if pack.DarkProof == nil {
		pack.DarkProof = LastDarkProof(a, in.Evidence)
	}
	x := newIndex(in.Evidence)
	pack.Sites = bySite(x.of(a))
	for _, m := range mappingsOf(a, in.Mappings) {
		v, e := x.verdict(m)
		ma := MappingAudit{Mapping: m, State: map[mappingVerdict]string{
			stillOpen: "open", unverified: "closed, not verified", verified: "closed, verified",
			answersOpen: "closed, still answering"}[v]}
		if v != stillOpen && e.state != unobserved {
			ma.CheckID, ma.CheckedAt = e.s.CheckID, e.s.at
		}
		pack.Mappings = append(pack.Mappings, ma)
	}
	for _, f := range in.Findings {
		if f.AssetID == a.ID && a.ID != 0 {
			pack.Findings = append(pack.Findings, f)
		}
	}
	return pack
}

// RetiredAt is when the asset last entered retired, for a retired or
// disposed asset.
func RetiredAt(a inventory.Asset, history []StageChange) (time.Time, bool) {
	for i := len(history) - 1; i >= 0; i-- {
		if history[i].To == inventory.StageRetired {
			return history[i].At, true
		}
	}
	if a.Stage == inventory.StageRetired && !a.StageSince.IsZero() {
		return a.StageSince, true
	}
	return time.Time{}, false
}
