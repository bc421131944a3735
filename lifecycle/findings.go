package lifecycle

import (
	"cmp"
	"encoding/json"
	"slices"
	"time"

	"github.com/sunset-tui/sunset/inventory"
)

// FindingKind names a kind of risk.
type FindingKind string

const (
	// FindingZombie: a retired or disposed device, or one a check found
	// powered down, answered again.
	FindingZombie FindingKind = "zombie"
	// FindingExposedMapping: a port mapping past its expiry, recorded
	// closed but answering, or exposing RDP/VNC/telnet/SMB with no expiry.
	FindingExposedMapping FindingKind = "exposed-mapping"
	// FindingIdle: an active device that answers but nobody managed for
	// longer than policy idle.after.
	FindingIdle FindingKind = "idle"
	// FindingUnknown: a device inside the scan scope that the inventory
	// does not know answered.
	FindingUnknown FindingKind = "unknown"
	// FindingMissing: an active device stopped answering.
	FindingMissing FindingKind = "missing"
	// FindingNoOwner: an active or decommissioning device nobody owns.
	FindingNoOwner FindingKind = "no-owner"
)

// Finding is one risk, with a sentence saying what to do about it.
type Finding struct {
	Kind     FindingKind `json:"kind"`
	Severity Severity    `json:"severity"`
	AssetID  int64       `json:"asset_id,omitempty"`
	// Asset is the asset's ref (tag, else hostname); empty for an unknown
	// device, written as null in JSON.
	Asset   string `json:"asset"`
	Address string `json:"address"`
	// Summary says what is wrong; Steps say what to do about it, as data.
	// A front end shows both, the steps in its own words (Advise).
	Summary string `json:"summary"`
	Steps   []Step `json:"steps"`
	// Since is when the condition began, as far as sunset can tell; zero
	// (null in JSON) when it cannot.
	Since     time.Time        `json:"since"`
	MappingID int64            `json:"mapping_id,omitempty"`
	CheckID   int64            `json:"check_id,omitempty"`
	Ports     []inventory.Port `json:"ports,omitempty"`
	// MAC and Signature describe an unknown device, for a dismissal.
	MAC       string `json:"mac,omitempty"`
	Signature string `json:"signature,omitempty"`
}

// MarshalJSON writes a missing asset and an unknown start as null, and
// the finding's Key as its "id".
func (f Finding) MarshalJSON() ([]byte, error) {
	type plain Finding
	out := struct {
		ID string `json:"id"`
		plain
		Asset *string    `json:"asset"`
		Since *time.Time `json:"since"`
	}{ID: f.Key(), plain: plain(f)}
	if f.Asset != "" {
		out.Asset = &f.Asset
	}
	if !f.Since.IsZero() {
		out.Since = &f.Since
	}
	return json.Marshal(out)
}

// FindingInput is what findings are derived from.
type FindingInput struct {
	Assets   []inventory.Asset
	Mappings []inventory.PortMapping
	// Checklists holds each asset's checklist by asset id.
	Checklists map[int64][]inventory.ChecklistItem
	Dismissals []inventory.Dismissal
	Evidence   Evidence
}

// Findings derives the risks from the inventory, what checks saw, the
// policy and now, worst first, then by asset.
func Findings(in FindingInput, p inventory.Policy, now time.Time) []Finding {
	known := map[string]bool{}
	for _, a := range in.Assets {
		for _, ip := range a.IPs() {
			known[ip] = true
		}
	}
	for _, m := range in.Mappings {
		known[m.ExternalAddr] = true
	}
	out := AssetFindings(in, p, now)
	out = append(out, UnknownFindings(UnknownInput{Evidence: in.Evidence, Dismissals: in.Dismissals,
		Known: func(addr string) bool { return known[addr] }}, p, now)...)
	SortFindings(out)
	return out
}

// AssetFindings are the findings about the assets and the port mappings
// of in: every kind but unknown devices. A large inventory is judged a
// part at a time this way, each mapping with its asset.
func AssetFindings(in FindingInput, p inventory.Policy, now time.Time) []Finding {
	x := newIndex(in.Evidence)
	byID := make(map[int64]inventory.Asset, len(in.Assets))
	var out []Finding
	add := func(f Finding, ok bool) {
		if ok {
			out = append(out, f)
		}
	}
	for _, a := range in.Assets {
		byID[a.ID] = a
		add(zombie(a, in.Checklists[a.ID], x, now))
		add(idle(a, x, p, now))
		add(missing(a, x, now))
		add(noOwner(a))
	}
	for _, m := range in.Mappings {
		add(exposedMapping(m, byID, x, now))
	}
	SortFindings(out)
	return out
}

// SortFindings orders findings worst first, then by asset, kind and
// address.
func SortFindings(fs []Finding) { slices.SortStableFunc(fs, CompareFindings) }

// CompareFindings orders findings as they are shown: worst first, then by
// asset, kind and address.
func CompareFindings(a, b Finding) int {
	if c := cmp.Compare(b.Severity.Rank(), a.Severity.Rank()); c != 0 {
		return c
	}
	if c := cmp.Compare(a.Asset, b.Asset); c != 0 {
		return c
	}
	if c := cmp.Compare(a.Kind, b.Kind); c != 0 {
		return c
	}
	return CompareAddress(a.Address, b.Address)
}

// allOpenPorts gathers the open ports of the sightings.
func allOpenPorts(ss []sighting) []inventory.Port {
	var out []inventory.Port
	for _, s := range ss {
		out = append(out, s.OpenPorts()...)
	}
	return out
}
