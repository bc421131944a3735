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
			out = append(out, Refusal{Code: CodeChecklistOpen,
				Message: fmt.Sprintf("required checklist item %s (%s) is not done", it.ID, it.Title),
				Fix:     howToTick(f.Asset, it)})
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
// when the asset stores data.
func disposeGuard(f Facts, _ inventory.Policy, _ time.Time) []Refusal {
	if !f.Asset.StoresData {
		return nil
	}
	fix := "record how its media were sanitized (NIST SP 800-88: media, method clear/purge/destroy, " +
		"technique, tool, verification, operator, date, destination)"
	if f.Sanitization == nil {
		return []Refusal{{Code: CodeNoSanitization,
			Message: fmt.Sprintf("%s stores data and has no sanitization record", displayName(f.Asset)), Fix: fix}}
	}
	rec := *f.Sanitization
	if err := rec.Validate(); err != nil {
		return []Refusal{{Code: CodeSanitizationIncomplete,
			Message: fmt.Sprintf("the sanitization record of %s is incomplete: %v", displayName(f.Asset), err), Fix: fix}}
	}
	return nil
}

// howToTick says how a checklist item gets done.
func howToTick(a inventory.Asset, it inventory.ChecklistItem) string {
	ref := cliArg(a.Ref())
	switch it.Verify {
	case inventory.VerifyScanDark:
		return "power it down and disconnect it; a check that finds it dark ticks this item: " + cmd("check", ref)
	case inventory.VerifyMappingClosed:
		return "remove the mapping, record it with " + cmd("mapping", "close", fmt.Sprint(it.MappingID), "--evidence", "TEXT") +
			"; a check that finds it closed ticks this item: " + cmd("check", ref)
	case inventory.VerifyEvidence:
		return "do it, then " + cmd("checklist", ref, "--done", it.ID, "--evidence", "TEXT")
	}
	return "do it, then " + cmd("checklist", ref, "--done", it.ID)
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
