package lifecycle

import (
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/sunset-tui/sunset/inventory"
)

// Key names a finding the same way in every judgement for as long as what
// it is about exists: "unknown:192.0.2.7" for an unknown device,
// "exposed-mapping:m7" for a port mapping, "idle:#12" (the kind and the
// asset's id) for anything else about an asset. An acknowledgement names
// its finding by it, and `sunset findings ack` takes it.
func (f Finding) Key() string { return FindingKey(f.Kind, f.AssetID, f.MappingID, f.Address) }

// FindingKey is Finding.Key of a finding with these fields, for a front
// end that keeps only them.
func FindingKey(kind FindingKind, assetID, mappingID int64, address string) string {
	switch {
	case mappingID != 0:
		return string(kind) + ":m" + strconv.FormatInt(mappingID, 10)
	case assetID != 0:
		return string(kind) + ":#" + strconv.FormatInt(assetID, 10)
	}
	return string(kind) + ":" + address
}

// Substance is what an acknowledgement of f accepts: its severity, the
// MAC of the device and every port it answers on, with the service,
// product and version seen there. When any of these changes the risk is
// no longer the one accepted and the finding shows again. Its wording
// (times, counts of days) is not part of it.
func Substance(f Finding) string {
	ports := make([]string, 0, len(f.Ports))
	for _, p := range f.Ports {
		ports = append(ports, strings.Join([]string{strconv.Itoa(p.Number) + "/" + p.Protocol, p.Service, p.Product, p.Version}, " "))
	}
	slices.Sort(ports)
	ports = slices.Compact(ports)
	s := string(f.Severity)
	if f.MAC != "" {
		s += "|mac " + f.MAC
	}
	return s + "|" + strings.Join(ports, ",")
}

// DescribeSubstance words a Substance for a person: the severity, the
// MAC and each port with what answered there, e.g. "critical; 18080/tcp
// (unknown)"; "" when s is empty.
func DescribeSubstance(s string) string {
	if s == "" {
		return ""
	}
	parts := strings.Split(s, "|")
	out := []string{parts[0]}
	for _, p := range parts[1:] {
		if mac, ok := strings.CutPrefix(p, "mac "); ok {
			out = append(out, "MAC "+mac)
			continue
		}
		for _, port := range strings.Split(p, ",") {
			num, what, _ := strings.Cut(port, " ")
			if num = strings.TrimSpace(num); num == "" {
				continue
			}
			if what = strings.Join(strings.Fields(what), " "); what != "" {
				num += " (" + what + ")"
			}
			out = append(out, num)
		}
	}
	return strings.Join(out, "; ")
}

// MaxAck is the longest an acknowledgement lasts: a year from when it is
// made (to the end of that day). An accepted risk is looked at again at
// least once a year.
const MaxAck = "a year"

// AckLimit is the latest expiry an acknowledgement made at now may have:
// the end of the day a year from now, in now's location.
func AckLimit(now time.Time) time.Time {
	y, m, d := now.AddDate(1, 0, 0).Date()
	return time.Date(y, m, d, 23, 59, 59, 0, now.Location())
}

// CheckUntil says why an acknowledgement made at now may not expire at
// until, or nil: the expiry must lie after now and no later than
// AckLimit(now).
func CheckUntil(until, now time.Time) error {
	switch {
	case !until.After(now):
		return inventory.Errorf(inventory.ErrInvalid, "%s has passed: an acknowledgement expires in the future",
			until.In(now.Location()).Format(time.DateTime))
	case until.After(AckLimit(now)):
		return inventory.Errorf(inventory.ErrInvalid, "%s is more than %s away: an acknowledgement lasts until %s at the latest; acknowledge it again then",
			until.In(now.Location()).Format(time.DateOnly), MaxAck, AckLimit(now).Format(time.DateOnly))
	}
	return nil
}

// Acknowledge is the acknowledgement of f with reason until then (to the
// second), made at now. It refuses a blank reason and an expiry
// CheckUntil refuses.
func Acknowledge(f Finding, reason string, until, now time.Time) (inventory.Acknowledgement, error) {
	a := inventory.Acknowledgement{Finding: f.Key(), AssetID: f.AssetID, Substance: Substance(f),
		Reason: strings.TrimSpace(reason), Until: until.Truncate(time.Second)}
	if err := a.Validate(); err != nil {
		return a, err
	}
	if err := CheckUntil(a.Until, now); err != nil {
		return a, err
	}
	return a, nil
}

// AckState says what became of an acknowledgement.
type AckState string

const (
	// AckHolds: the finding is as it was acknowledged, and hidden.
	AckHolds AckState = "holds"
	// AckExpired: its time is up; the finding shows again.
	AckExpired AckState = "expired"
	// AckChanged: the finding says something else now; it shows again.
	AckChanged AckState = "changed"
	// AckResolved: the finding is gone.
	AckResolved AckState = "resolved"
)

// AckStateOf says what became of a at now, given the finding it names
// (ok false when there is no such finding any more).
func AckStateOf(a inventory.Acknowledgement, f Finding, ok bool, now time.Time) AckState {
	switch {
	case !ok:
		return AckResolved
	case !now.Before(a.Until):
		return AckExpired
	case Substance(f) != a.Substance:
		return AckChanged
	}
	return AckHolds
}

// Acks are acknowledgements by the key of their finding.
type Acks map[string]inventory.Acknowledgement

// NewAcks indexes acknowledgements by finding key.
func NewAcks(as []inventory.Acknowledgement) Acks {
	out := make(Acks, len(as))
	for _, a := range as {
		out[a.Finding] = a
	}
	return out
}

// Hides reports whether an acknowledgement hides f at now.
func (acks Acks) Hides(f Finding, now time.Time) bool {
	a, ok := acks[f.Key()]
	return ok && AckStateOf(a, f, true, now) == AckHolds
}

// AcceptedRisk is a finding an acknowledgement hides, with who accepted
// it, when, why and until when. The report lists them, so that an audit
// sees what was set aside and by whom.
type AcceptedRisk struct {
	Finding Finding   `json:"finding"`
	By      string    `json:"by"`
	At      time.Time `json:"at"`
	Reason  string    `json:"reason"`
	Until   time.Time `json:"until"`
}

// Accepted pairs each hidden finding with the acknowledgement that hides
// it.
func (acks Acks) Accepted(hidden []Finding) []AcceptedRisk {
	out := make([]AcceptedRisk, 0, len(hidden))
	for _, f := range hidden {
		a := acks[f.Key()]
		out = append(out, AcceptedRisk{Finding: f, By: a.By, At: a.At, Reason: a.Reason, Until: a.Until})
	}
	return out
}

// Split keeps in place the findings no acknowledgement hides at now and
// returns them, with those hidden.
func (acks Acks) Split(fs []Finding, now time.Time) (shown, hidden []Finding) {
	if len(acks) == 0 {
		return fs, nil
	}
	shown = fs[:0:0]
	for _, f := range fs {
		if acks.Hides(f, now) {
			hidden = append(hidden, f)
		} else {
			shown = append(shown, f)
		}
	}
	return shown, hidden
}
