package lifecycle

import (
	"fmt"
	"net/netip"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/sunset-tui/sunset/inventory"
)

// UnknownInput is what unknown devices are found in.
type UnknownInput struct {
	Evidence   Evidence
	Dismissals []inventory.Dismissal
	// Known reports whether an asset or a port mapping has the address.
	Known func(addr string) bool
}

// UnknownFindings are the unknown devices: a device answered at an address
// inside the scan scope that no asset and no mapping has, and nobody
// dismissed it with the same answer. Medium; high when it offers RDP, VNC,
// telnet or SMB. They are sorted by address.
func UnknownFindings(in UnknownInput, p inventory.Policy, now time.Time) []Finding {
	x := newIndex(in.Evidence)
	addrs := make([]string, 0, len(x.byAddr))
	for addr := range x.byAddr {
		addrs = append(addrs, addr)
	}
	slices.SortFunc(addrs, CompareAddress)

	var out []Finding
	for _, addr := range addrs {
		ip, err := netip.ParseAddr(addr)
		if err != nil || !inventory.AddrWithin(ip, p.Scope) || in.Known(addr) {
			continue
		}
		ss := x.at(addr)
		latest := latestByAddress(ss)
		if len(latest) == 0 || !latest[0].answered() || latest[0].AssetID != 0 {
			continue
		}
		s := latest[0]
		ss = alongside(ss, s)
		sig := Signature(s.Observation)
		if dismissed(in.Dismissals, addr, s.MAC, sig) {
			continue
		}
		ports := s.OpenPorts()
		sev := SeverityMedium
		if len(riskyNames(ports)) > 0 {
			sev = SeverityHigh
		}
		out = append(out, Finding{
			Kind: FindingUnknown, Severity: sev, Address: addr, CheckID: s.CheckID, Ports: ports,
			MAC: s.MAC, Signature: sig,
			Since: streakStart(ss, func(o sighting) bool {
				return o.answered() && o.AssetID == 0 && Signature(o.Observation) == sig
			}),
			Summary: fmt.Sprintf("An unknown device%s answered on %s%s at %s", identity(s), addr, offering(s), clock(s.at, now)),
			Steps:   []Step{{Kind: StepAdopt, Address: addr}, {Kind: StepDismiss, Address: addr, Or: true}},
		})
	}
	return out
}

// identity writes " (printer-3.example.org, MAC 02:00:00:00:00:99, Acme)".
func identity(s sighting) string {
	var parts []string
	if len(s.Hostnames) > 0 {
		parts = append(parts, s.Hostnames[0])
	}
	if s.MAC != "" {
		parts = append(parts, "MAC "+s.MAC)
	}
	if s.MACVendor != "" {
		parts = append(parts, s.MACVendor)
	}
	if len(parts) == 0 {
		return ""
	}
	return " (" + strings.Join(parts, ", ") + ")"
}

// offering writes " with 23/telnet, 80/http open", or the reply that
// showed the device alive.
func offering(s sighting) string {
	if ports := s.OpenPorts(); len(ports) > 0 {
		return " with " + formatPorts(ports) + " open"
	}
	if s.Reason != "" {
		return " (" + s.Reason + ")"
	}
	return ""
}

// Signature summarises what a device answered, its open ports
// ("tcp/22,tcp/80"), so that a dismissal holds until the answer changes.
func Signature(o inventory.Observation) string {
	ports := o.OpenPorts()
	slices.SortFunc(ports, func(a, b inventory.Port) int {
		if c := strings.Compare(protocolOf(a.Protocol), protocolOf(b.Protocol)); c != 0 {
			return c
		}
		return a.Number - b.Number
	})
	parts := make([]string, 0, len(ports))
	for _, p := range ports {
		part := protocolOf(p.Protocol) + "/" + strconv.Itoa(p.Number)
		if !slices.Contains(parts, part) {
			parts = append(parts, part)
		}
	}
	return strings.Join(parts, ",")
}

func dismissed(ds []inventory.Dismissal, addr, mac, sig string) bool {
	for _, d := range ds {
		if d.Address != addr || d.Signature != sig {
			continue
		}
		if d.MAC != "" && mac != "" && !sameMAC(d.MAC, mac) {
			continue
		}
		return true
	}
	return false
}

func sameMAC(a, b string) bool {
	na, errA := inventory.NormalizeMAC(a)
	nb, errB := inventory.NormalizeMAC(b)
	if errA != nil || errB != nil {
		return strings.EqualFold(a, b)
	}
	return na == nb
}

// Dismiss records that an unknown device was looked at; it stays out of
// the findings until it answers differently (another signature or MAC).
func Dismiss(f Finding, reason, by string, now time.Time) (inventory.Dismissal, error) {
	if f.Kind != FindingUnknown {
		return inventory.Dismissal{}, inventory.Errorf(inventory.ErrRefused,
			"only unknown devices can be dismissed; %s is a %s finding", f.Address, f.Kind)
	}
	reason = strings.TrimSpace(reason)
	if reason == "" {
		return inventory.Dismissal{}, inventory.FieldError("reason", "dismissing %s needs a reason", f.Address)
	}
	if problem := textProblem(reason, MaxText); problem != "" {
		return inventory.Dismissal{}, inventory.FieldError("reason", "dismissing %s: %s", f.Address, problem)
	}
	if strings.TrimSpace(by) == "" {
		return inventory.Dismissal{}, inventory.FieldError("by", "who dismissed %s is required", f.Address)
	}
	return inventory.Dismissal{Address: f.Address, MAC: f.MAC, Signature: f.Signature,
		Reason: reason, By: strings.TrimSpace(by), At: now}, nil
}

// Adopt drafts an asset from what an unknown device answered: its address
// (and MAC), the first usable name it gave, the vendor of its network card
// and the OS nmap guessed, active. The caller fills in
// the rest (tag when empty, kind, owner) and stores it with an "adopted"
// history event.
func Adopt(o inventory.Observation, tag string) (inventory.Asset, error) {
	a := inventory.Asset{
		Tag: strings.TrimSpace(tag), Kind: inventory.KindOther, Stage: inventory.StageActive,
		Source: "adopted", LastSeen: o.SeenAt,
		Addresses: []inventory.Address{{Kind: inventory.AddrIP, Value: o.Address, Primary: true}},
	}
	for _, h := range o.Hostnames {
		if _, err := inventory.NormalizeDNS(h); err == nil {
			a.Hostname = strings.TrimSuffix(h, ".")
			break
		}
	}
	if o.MAC != "" {
		a.Addresses = append(a.Addresses, inventory.Address{Kind: inventory.AddrMAC, Value: o.MAC})
	}
	notes := fmt.Sprintf("adopted from check #%d", o.CheckID)
	if ports := o.OpenPorts(); len(ports) > 0 {
		notes += ": answered with " + formatPorts(ports) + " open"
	}
	if o.MACVendor != "" {
		notes += "; network card by " + o.MACVendor
	}
	a.Notes = notes
	// What the check saw of the device's make and system, where it fits
	// the field; a person corrects it in the form.
	if fitsShortText(o.MACVendor) {
		a.Vendor = o.MACVendor
	}
	if fitsShortText(o.OSGuess) {
		a.OS = o.OSGuess
	}
	// A draft may lack a tag and a name yet (a form asks for them); the
	// rest must already be valid.
	check := a
	if check.Tag == "" && check.Hostname == "" {
		check.Tag = "draft"
	}
	if err := check.Validate(); err != nil {
		return inventory.Asset{}, err
	}
	a.Addresses = check.Addresses
	return a, nil
}

// fitsShortText reports whether v may stand in a short field of an asset.
func fitsShortText(v string) bool {
	return v != "" && len(v) <= inventory.MaxShortText && textProblem(v, inventory.MaxShortText) == ""
}
