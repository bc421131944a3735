package lifecycle

import (
	"fmt"
	"strings"
	"time"

	"github.com/sunset-tui/sunset/inventory"
)

// missing: an active device that the newest complete check covering it
// found dark at every address, with no answer since. Medium: it may be
// gone without paperwork.
func missing(a inventory.Asset, x *index, now time.Time) (Finding, bool) {
	if a.Stage != inventory.StageActive {
		return Finding{}, false
	}
	proof, _ := x.proveDark(a, 0, now)
	if proof == nil {
		return Finding{}, false
	}
	ips := a.IPs()
	return Finding{
		Kind: FindingMissing, Severity: SeverityMedium, AssetID: a.ID, Asset: a.Ref(),
		Address: ips[0], CheckID: proof.CheckID,
		Since: streakStart(x.of(a), sighting.dark),
		Summary: fmt.Sprintf("%s is active but gave no answer on %s in %s at %s",
			displayName(a), strings.Join(ips, " or "), proof.Origin, clock(proof.At, now)),
		Steps: []Step{do("find out why it is down"), orStep(stageStep(a, inventory.StageDecommissioning))},
	}, true
}

// noOwner: an active or decommissioning device with nobody to ask. Low.
func noOwner(a inventory.Asset) (Finding, bool) {
	if a.Stage != inventory.StageActive && a.Stage != inventory.StageDecommissioning {
		return Finding{}, false
	}
	if strings.TrimSpace(a.Owner) != "" {
		return Finding{}, false
	}
	return Finding{
		Kind: FindingNoOwner, Severity: SeverityLow, AssetID: a.ID, Asset: a.Ref(), Address: a.PrimaryIP(),
		Summary: fmt.Sprintf("%s is %s but has no owner", displayName(a), a.Stage),
		Steps:   []Step{setFieldStep(a, "owner")},
	}, true
}
