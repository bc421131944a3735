package lifecycle

import (
	"fmt"
	"time"

	"github.com/sunset-tui/sunset/inventory"
)

// zombie: a retired or disposed device that answered since it left service
// (critical), or a decommissioning device that answered after a check
// found it powered down (high).
func zombie(a inventory.Asset, items []inventory.ChecklistItem, x *index, now time.Time) (Finding, bool) {
	var floor time.Time
	var sev Severity
	var state string
	var action Step
	name := displayName(a)
	switch a.Stage {
	case inventory.StageRetired, inventory.StageDisposed:
		floor, sev = a.StageSince, SeverityCritical
		state = fmt.Sprintf("%s was %s", name, a.Stage)
		if !a.StageSince.IsZero() {
			state += " on " + dayOf(a.StageSince, now).String()
		}
		action = do("power it down and disconnect it")
		if a.Stage == inventory.StageDisposed {
			action = do("find it, power it down and disconnect it, and correct its disposal record")
		}
	case inventory.StageDecommissioning:
		i := findItem(items, ItemPowerDown)
		if i < 0 || !items[i].Done {
			return Finding{}, false
		}
		floor, sev = items[i].DoneAt, SeverityHigh
		state = fmt.Sprintf("%s was found powered down on %s", name, dayOf(items[i].DoneAt, now))
		action = do("find out who switched it back on, power it down and disconnect it")
	default:
		return Finding{}, false
	}
	answers := x.answering(a, floor)
	if len(answers) == 0 {
		return Finding{}, false
	}
	last := newest(answers)
	return Finding{
		Kind: FindingZombie, Severity: sev, AssetID: a.ID, Asset: a.Ref(),
		Address: answers[0].Address, CheckID: last.CheckID, Ports: allOpenPorts(answers),
		Since:   x.answeringSince(a, answers, floor),
		Summary: fmt.Sprintf("%s but answered on %s at %s", state, describeAnswers(answers, severalSites(x.of(a))), clock(last.at, now)),
		Steps:   []Step{action, checkStep(a)},
	}, true
}
