package inventory

import "time"

// Check is one run of nmap (or one imported nmap XML file) against a planned
// set of targets.
type Check struct {
	ID        int64     `json:"id"`
	StartedAt time.Time `json:"started_at"`
	EndedAt   time.Time `json:"ended_at"`
	// RecordedAt is when sunset stored the check, by the store's clock
	// (SaveCheck sets it; a caller's value is ignored). Evidence is ordered
	// by it: a file's own times never let it outrank a later check.
	RecordedAt time.Time `json:"recorded_at"`
	// Source is "live" for a check sunset ran, or "import:FILE" for an nmap
	// XML file.
	Source string `json:"source"`
	// Site is where the check ran from (`sunset check --site`, by default
	// the host name): liveness is judged per site, so a device dark from
	// one network segment but answering from another is alive. Empty for
	// a check that names none (those recorded before sites, a file
	// imported without --site): such a check counts as seen from every
	// site. See ValidSite.
	Site    string   `json:"site"`
	Targets []string `json:"targets"`
	Args    []string `json:"args"`
	Ports   []int    `json:"ports"`
	// Partial is true when the run did not finish (interrupted, killed,
	// truncated output). A partial check never proves a device dark.
	Partial       bool   `json:"partial"`
	PartialReason string `json:"partial_reason,omitempty"`
	HostsAnswered int    `json:"hosts_answered"`
	HostsDark     int    `json:"hosts_dark"`
	HostsUnknown  int    `json:"hosts_unknown"`
	// NotChecked lists the assets (by ref) the check should have covered but
	// did not, each with the reason ("outside scope", "no address").
	NotChecked []NotChecked `json:"not_checked"`
	Actor      string       `json:"actor"`
}

// MaxClockSkew is how far past its recording a check's or an
// observation's own time may lie and still be taken, as the clock of the
// machine that ran nmap being a little ahead of this one. Such a time is
// stored as the moment of recording; a time further ahead is refused.
const MaxClockSkew = 5 * time.Minute

// NotChecked is one asset a check left out, and why.
type NotChecked struct {
	Asset  string `json:"asset"`
	Reason string `json:"reason"`
}

// Liveness is what one address did when checked. See ARCHITECTURE.md: the
// liveness rule.
type Liveness string

const (
	// Answered: host discovery got a reply (ARP, ICMP, TCP SYN/ACK or RST)
	// or a probed port was open or closed.
	Answered Liveness = "answered"
	// Dark: no reply of any kind within the timeout, in a check that ran
	// to its end.
	Dark Liveness = "dark"
	// Unknown: nmap gave up (host timeout) or reported "up" without
	// evidence (-Pn, reason user-set). Neither alive nor dark.
	Unknown Liveness = "unknown"
)

// Observation is what one check saw at one address.
type Observation struct {
	ID      int64 `json:"id"`
	CheckID int64 `json:"check_id"`
	// AssetID is the matched asset, or 0 for a device the inventory does
	// not know.
	AssetID   int64     `json:"asset_id"`
	Address   string    `json:"address"`
	State     Liveness  `json:"state"`
	Reason    string    `json:"reason"`
	MAC       string    `json:"mac,omitempty"`
	MACVendor string    `json:"mac_vendor,omitempty"`
	Hostnames []string  `json:"hostnames,omitempty"`
	Ports     []Port    `json:"ports,omitempty"`
	OSGuess   string    `json:"os_guess,omitempty"`
	SeenAt    time.Time `json:"seen_at"`
	// Conflict describes a mismatch found while matching (an IP recorded for
	// one asset answering with another asset's MAC); empty when none.
	Conflict string `json:"conflict,omitempty"`
}

// Port is one probed port of an observation.
type Port struct {
	Number   int    `json:"port"`
	Protocol string `json:"protocol"`
	State    string `json:"state"` // open, closed, filtered, open|filtered, ...
	Service  string `json:"service,omitempty"`
	Product  string `json:"product,omitempty"`
	Version  string `json:"version,omitempty"`
}

// OpenPorts returns the ports in state "open".
func (o Observation) OpenPorts() []Port {
	var out []Port
	for _, p := range o.Ports {
		if p.State == "open" {
			out = append(out, p)
		}
	}
	return out
}
