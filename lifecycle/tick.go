package lifecycle

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/sunset-tui/sunset/inventory"
)

// Tick marks one checklist item done by a person. Evidence items need
// evidence text; items verified by a check (scan-dark, scan-mapping-closed)
// cannot be ticked by hand at all. It returns a new slice; items is not
// changed.
func Tick(items []inventory.ChecklistItem, itemID, evidence, by string, now time.Time) ([]inventory.ChecklistItem, error) {
	i := findItem(items, itemID)
	if i < 0 {
		return nil, &inventory.Error{Kind: inventory.ErrNotFound, Field: "item",
			Msg: fmt.Sprintf("no checklist item %q (%s)", itemID, itemIDs(items))}
	}
	it := items[i]
	evidence = strings.TrimSpace(evidence)
	switch {
	case it.Done:
		return nil, inventory.Errorf(inventory.ErrRefused, "checklist item %s is already done (by %s at %s)",
			it.ID, orDash(it.DoneBy), it.DoneAt.In(now.Location()).Format("2006-01-02 15:04"))
	case it.Verify == inventory.VerifyScanDark:
		return nil, inventory.Errorf(inventory.ErrRefused,
			"checklist item %s cannot be ticked by hand: a check that finds the device dark ticks it", it.ID)
	case it.Verify == inventory.VerifyMappingClosed:
		return nil, inventory.Errorf(inventory.ErrRefused,
			"checklist item %s cannot be ticked by hand: a check after the mapping was recorded closed ticks it", it.ID)
	case it.ID == ItemSanitizeMedia:
		return nil, inventory.Errorf(inventory.ErrRefused,
			"checklist item %s cannot be ticked with free text: a sanitization record (NIST SP 800-88) ticks it", it.ID)
	case it.Verify == inventory.VerifyEvidence && evidence == "":
		return nil, inventory.FieldError("evidence", "checklist item %s needs evidence: say what was done and where the proof is", it.ID)
	case strings.TrimSpace(by) == "":
		return nil, inventory.FieldError("by", "who ticked checklist item %s is required", it.ID)
	}
	if problem := textProblem(evidence, MaxText); problem != "" {
		return nil, inventory.FieldError("evidence", "checklist item %s: %s", it.ID, problem)
	}
	out := slices.Clone(items)
	out[i].Done, out[i].DoneAt, out[i].DoneBy, out[i].Evidence = true, now, strings.TrimSpace(by), evidence
	return out, nil
}

// VerifyByCheck ticks the items only a check can tick, when check is what
// proves them: power-down when check is the newest complete check that
// covered the asset, is fresh (policy check.fresh), found every known
// address of the asset dark and nothing answered since (an unknown result
// is not dark; a partial check never proves dark); a mapping's item when
// the mapping was recorded closed and check, after the closing, is what
// found its external port not answering. ev is all the evidence about the
// asset and its mappings, check's observations included: a check that
// proves something only on its own (an old file imported after a live
// check saw the device answer) ticks nothing. It returns the new items,
// with the evidence of each tick, and the ids it ticked; items is not
// changed. (A store records a tick at its own time and actor.)
func VerifyByCheck(items []inventory.ChecklistItem, a inventory.Asset, mappings []inventory.PortMapping,
	check inventory.Check, ev Evidence, p inventory.Policy, now time.Time) ([]inventory.ChecklistItem, []string) {
	return verifyByCheck(newIndex(ev), items, a, mappings, check, p, now)
}

// Ticked is what a check ticked on one asset: its items after, and the ids
// ticked.
type Ticked struct {
	Items []inventory.ChecklistItem
	IDs   []string
}

// VerifyAllByCheck is VerifyByCheck for many assets at once, judged on one
// body of evidence about all of them (and their mappings). It returns what
// it ticked, by asset id; an asset it ticked nothing on is absent.
func VerifyAllByCheck(assets []inventory.Asset, checklists map[int64][]inventory.ChecklistItem, mappings []inventory.PortMapping,
	check inventory.Check, ev Evidence, p inventory.Policy, now time.Time) map[int64]Ticked {
	x := newIndex(ev)
	out := map[int64]Ticked{}
	for _, a := range assets {
		items, ids := verifyByCheck(x, checklists[a.ID], a, mappingsOf(a, mappings), check, p, now)
		if len(ids) > 0 {
			out[a.ID] = Ticked{Items: items, IDs: ids}
		}
	}
	return out
}

func verifyByCheck(x *index, items []inventory.ChecklistItem, a inventory.Asset, mappings []inventory.PortMapping,
	check inventory.Check, p inventory.Policy, now time.Time) ([]inventory.ChecklistItem, []string) {
	by := check.Actor
	if by == "" {
		by = "sunset check"
	}
	out := slices.Clone(items)
	var ticked []string
	for i := range out {
		it := &out[i]
		if it.Done {
			continue
		}
		switch it.Verify {
		case inventory.VerifyScanDark:
			proof, refusals := x.proveDark(a, p.CheckFresh.Std(), now)
			if proof == nil || len(refusals) > 0 || proof.CheckID != check.ID {
				continue
			}
			it.Evidence = fmt.Sprintf("%s found no answer at %s", Origin(check), strings.Join(proof.Addresses, ", "))
			it.DoneAt = proof.At
		case inventory.VerifyMappingClosed:
			mi := slices.IndexFunc(mappings, func(m inventory.PortMapping) bool { return m.ID == it.MappingID })
			if mi < 0 {
				continue
			}
			m := mappings[mi]
			v, e := x.verdict(m)
			if v != verified || e.s.CheckID != check.ID {
				continue
			}
			it.Evidence = fmt.Sprintf("%s found %s not answering (%s)", Origin(check), m.External(), shutHow(e))
			it.DoneAt = e.s.at
		default:
			continue
		}
		it.Done, it.DoneBy = true, by
		ticked = append(ticked, it.ID)
	}
	return out, ticked
}

func shutHow(e endpoint) string {
	if e.port.Number == 0 {
		return "no answer from the address"
	}
	return fmt.Sprintf("port %d/%s %s", e.port.Number, protocolOf(e.port.Protocol), e.port.State)
}

// Untick says whether a done item may be reopened: a wrong tick is undone
// with a reason, one line of plain text. It changes nothing.
func Untick(items []inventory.ChecklistItem, itemID, reason string) error {
	i := findItem(items, itemID)
	if i < 0 {
		return &inventory.Error{Kind: inventory.ErrNotFound, Field: "item",
			Msg: fmt.Sprintf("no checklist item %q (%s)", itemID, itemIDs(items))}
	}
	reason = strings.TrimSpace(reason)
	switch {
	case !items[i].Done:
		return inventory.Errorf(inventory.ErrRefused, "checklist item %s is not done", itemID)
	case reason == "":
		return inventory.FieldError("reason", "reopening checklist item %s needs a reason: say why the tick was wrong", itemID)
	}
	if problem := textProblem(reason, MaxText); problem != "" {
		return inventory.FieldError("reason", "checklist item %s: %s", itemID, problem)
	}
	return nil
}

// SanitizationEvidence is the evidence a sanitization record gives the
// item that asks for it.
func SanitizationEvidence(rec inventory.Sanitization) string {
	return fmt.Sprintf("sanitization record: %s by %s (%s) on %s, verified by %s",
		rec.Method, rec.Technique, rec.Tool, rec.Date, rec.Verification)
}

// CarrySanitization ticks the sanitize-media item of a checklist just
// generated (items, from existing) with the asset's sanitization record,
// when it has one made before the checklist: the item is ticked only by a
// record. An item that was already listed is left as it is, so a reopened
// item stays open until a new record ticks it. It returns items, changed
// in place.
func CarrySanitization(existing, items []inventory.ChecklistItem, rec *inventory.Sanitization) []inventory.ChecklistItem {
	i := findItem(items, ItemSanitizeMedia)
	if rec == nil || i < 0 || items[i].Done || findItem(existing, ItemSanitizeMedia) >= 0 {
		return items
	}
	items[i].Done, items[i].DoneAt, items[i].DoneBy, items[i].Evidence = true, rec.RecordedAt, rec.RecordedBy, SanitizationEvidence(*rec)
	return items
}
