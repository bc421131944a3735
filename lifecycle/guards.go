package lifecycle

import (
	"fmt"
	"time"

	"github.com/sunset-tui/sunset/inventory"
)

// retireGuard: decommissioning → retired needs every required checklist
// item done, a fresh complete check that found no answer at any of the
// asset's addresses, and every port mapping closed and verified closed.
func retireGuard(f Facts, p inventory.Policy, now time.Time) []Refusal {
	var out []Refusal
	for _, it := range Checklist(f.Asset, f.Mappings, f.Checklist) {
		if it.Required && !it.Done {
			out = append(out, Refusal{Code: CodeChecklistOpen, Item: it.ID, MappingID: it.MappingID,
				Message: fmt.Sprintf("required checklist item %s (%s) is not done%s", it.ID, it.Title, whoTicks(it)),
				Steps:   tickSteps(f.Asset, it)})
		}
	}
	x := newIndex(f.Evidence)
	_, dark := x.proveDark(f.Asset, p.CheckFresh.Std(), now)
	out = append(out, dark...)
	for _, m := range mappingsOf(f.Asset, f.Mappings) {
		out = append(out, x.mappingRefusals(f.Asset, m, now)...)
	}
	return out
}

// disposeGuard: retired → disposed needs a complete sanitization record
// when the asset stores data, and its sanitize-media item done: a record
// whose item was reopened no longer counts (history keeps it), until a
// new record ticks the item again.
func disposeGuard(f Facts, _ inventory.Policy, _ time.Time) []Refusal {
	if !f.Asset.StoresData {
		return nil
	}
	steps := []Step{{Kind: StepSanitization, AssetID: f.Asset.ID, Asset: f.Asset.Ref()}}
	if f.Sanitization != nil && !SanitizationCounts(f.Checklist) {
		return []Refusal{{Code: CodeSanitizationReopened, Item: ItemSanitizeMedia, Steps: steps,
			Message: fmt.Sprintf("the sanitize-media item of %s was reopened: its sanitization record of %s no longer counts",
				displayName(f.Asset), f.Sanitization.Date)}}
	}
	if f.Sanitization == nil {
		return []Refusal{{Code: CodeNoSanitization, Steps: steps,
			Message: fmt.Sprintf("%s stores data and has no record of how its media were sanitized "+
				"(NIST SP 800-88: media, method clear/purge/destroy, technique, tool, verification, operator, date, destination)",
				displayName(f.Asset))}}
	}
	rec := *f.Sanitization
	if err := rec.Validate(); err != nil {
		return []Refusal{{Code: CodeSanitizationIncomplete, Steps: steps,
			Message: fmt.Sprintf("the sanitization record of %s is incomplete: %v", displayName(f.Asset), err)}}
	}
	return nil
}

// SanitizationCounts reports whether an asset's sanitization record, if
// it has one, counts for disposal given its checklist: it does unless the
// sanitize-media item is open, which means it was reopened after the
// record ticked it (only a record ticks that item). An asset without the
// item (never decommissioned through sunset) goes by its record alone.
func SanitizationCounts(items []inventory.ChecklistItem) bool {
	i := findItem(items, ItemSanitizeMedia)
	return i < 0 || items[i].Done
}

// tickSteps say how a checklist item gets done.
func tickSteps(a inventory.Asset, it inventory.ChecklistItem) []Step {
	switch it.Verify {
	case inventory.VerifyScanDark:
		return []Step{do("power it down and disconnect it"), checkStep(a)}
	case inventory.VerifyMappingClosed:
		m := inventory.PortMapping{ID: it.MappingID, AssetID: a.ID}
		return []Step{do("remove the mapping on the firewall"), closeMappingStep(a, m), checkStep(a)}
	}
	return []Step{do("do it"), {Kind: StepTick, AssetID: a.ID, Asset: a.Ref(), Item: it.ID,
		Evidence: it.Verify == inventory.VerifyEvidence, MappingID: it.MappingID}}
}

// whoTicks says, for an item only a check may tick, what ticks it.
func whoTicks(it inventory.ChecklistItem) string {
	switch it.Verify {
	case inventory.VerifyScanDark:
		return "; a check that finds the device dark ticks it"
	case inventory.VerifyMappingClosed:
		return "; a check after the mapping was recorded closed that finds it closed ticks it"
	}
	return ""
}

func mappingsOf(a inventory.Asset, ms []inventory.PortMapping) []inventory.PortMapping {
	var out []inventory.PortMapping
	for _, m := range ms {
		if m.AssetID == a.ID {
			out = append(out, m)
		}
	}
	return out
}
