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

// VerifyByCheck ticks the items only a check can tick, from one check and
// its observations: power-down when the check is complete, fresh (policy
// check.fresh) and found every known address of the asset dark (an unknown
// result is not dark; a partial check never proves dark); a mapping's item
// when the mapping was recorded closed and the check, after the closing,
// found its external port not answering. It returns the new items and the
// ids it ticked; items is not changed.
func VerifyByCheck(items []inventory.ChecklistItem, a inventory.Asset, mappings []inventory.PortMapping,
	check inventory.Check, obs []inventory.Observation, p inventory.Policy, now time.Time) ([]inventory.ChecklistItem, []string) {
	ev := Evidence{Checks: []inventory.Check{check}}
	for _, o := range obs {
		if o.CheckID == check.ID {
			ev.Observations = append(ev.Observations, o)
		}
	}
	x := newIndex(ev)
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
			if proof == nil || len(refusals) > 0 {
				continue
			}
			it.Evidence = fmt.Sprintf("check #%d found no answer at %s", check.ID, strings.Join(proof.Addresses, ", "))
			it.DoneAt = proof.At
		case inventory.VerifyMappingClosed:
			mi := slices.IndexFunc(mappings, func(m inventory.PortMapping) bool { return m.ID == it.MappingID })
			if mi < 0 {
				continue
			}
			m := mappings[mi]
			v, e := x.verdict(m)
			if v != verified {
				continue
			}
			it.Evidence = fmt.Sprintf("check #%d found %s not answering (%s)", check.ID, m.External(), shutHow(e))
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
