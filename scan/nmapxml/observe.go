package nmapxml

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/sunset-tui/sunset/inventory"
)

// Observe turns one host into observations, one per IP address of the
// host, each carrying the host's MAC and vendor, hostnames (deduplicated),
// ports and best OS guess, with State and Reason from Liveness. seenAt is
// when the check saw the host; when it is zero the host's end time is used.
// A host without an IP address gives no observation.
func Observe(h Host, seenAt time.Time) []inventory.Observation {
	ips := h.IPs()
	if len(ips) == 0 {
		return nil
	}
	if seenAt.IsZero() {
		seenAt = h.EndTime
	}
	live, reason := Liveness(h)
	mac, vendor := h.MAC()
	if norm, err := inventory.NormalizeMAC(mac); err == nil {
		mac = norm
	}
	base := inventory.Observation{
		State:     live,
		Reason:    reason,
		MAC:       mac,
		MACVendor: vendor,
		Hostnames: uniqueNames(h.Hostnames),
		Ports:     observedPorts(h.Ports),
		OSGuess:   h.BestOS(),
		SeenAt:    seenAt,
	}
	out := make([]inventory.Observation, len(ips))
	for i, ip := range ips {
		o := base
		if i > 0 { // each observation owns its slices
			o.Hostnames = slices.Clone(base.Hostnames)
			o.Ports = slices.Clone(base.Ports)
		}
		o.Address = ip
		if norm, err := inventory.NormalizeIP(ip); err == nil {
			o.Address = norm
		}
		out[i] = o
	}
	return out
}

// Liveness applies sunset's liveness rule to one host:
//
//   - Answered when any probed port is open, closed or unfiltered (each
//     is a reply: a SYN/ACK or an RST), or nmap's host discovery got a
//     reply (arp-response, nd-response, echo-reply, syn-ack, reset,
//     conn-refused, localhost-response, ...). An answer counts even from
//     a host nmap later gave up on: a device that replied is not dark.
//   - Unknown when nmap gave up on the host (timedout) without an answer,
//     or reported it "up" with reason user-set (-Pn), which is no evidence.
//   - Dark when nmap reported the host down: nothing replied.
//
// The reason says how: "arp-response", "port 3389 open", "994 ports
// closed", "user-set (no evidence)", "host-timeout", "no-response".
func Liveness(h Host) (inventory.Liveness, string) {
	reason := ""
	switch {
	case h.Status.State == "up" && h.Status.Reason != "" && h.Status.Reason != "user-set":
		reason = h.Status.Reason
	default:
		reason = portAnswer(h)
	}
	if reason != "" {
		if h.TimedOut {
			reason += " (host timed out)"
		}
		return inventory.Answered, reason
	}
	switch {
	case h.TimedOut:
		return inventory.Unknown, "host-timeout"
	case h.Status.State == "down":
		if h.Status.Reason == "" {
			return inventory.Dark, "down"
		}
		return inventory.Dark, h.Status.Reason
	case h.Status.State == "up" && h.Status.Reason == "user-set":
		return inventory.Unknown, "user-set (no evidence)"
	case h.Status.State == "up":
		return inventory.Unknown, "up without a reason (no evidence)"
	case h.Status.State == "":
		return inventory.Unknown, "no status"
	}
	return inventory.Unknown, "state " + h.Status.State
}

// portAnswer describes the first port evidence of a reply, open ports
// first, or returns "".
func portAnswer(h Host) string {
	for _, want := range []string{"open", "closed", "unfiltered"} {
		for _, p := range h.Ports {
			if p.State == want {
				if p.Protocol == "tcp" || p.Protocol == "" {
					return fmt.Sprintf("port %d %s", p.ID, want)
				}
				return fmt.Sprintf("port %d/%s %s", p.ID, p.Protocol, want)
			}
		}
		for _, e := range h.ExtraPorts {
			if e.State == want && e.Count > 0 {
				if e.Count == 1 {
					return "1 port " + want
				}
				return fmt.Sprintf("%d ports %s", e.Count, want)
			}
		}
	}
	return ""
}

// uniqueNames lists the names once each (ignoring case), in document order.
func uniqueNames(hs []Hostname) []string {
	if len(hs) == 0 {
		return nil
	}
	out := make([]string, 0, len(hs))
	for _, h := range hs {
		name := strings.TrimSuffix(h.Name, ".")
		if name == "" || slices.ContainsFunc(out, func(s string) bool { return strings.EqualFold(s, name) }) {
			continue
		}
		out = append(out, name)
	}
	return out
}

func observedPorts(ps []Port) []inventory.Port {
	if len(ps) == 0 {
		return nil
	}
	out := make([]inventory.Port, len(ps))
	for i, p := range ps {
		out[i] = inventory.Port{
			Number:   p.ID,
			Protocol: p.Protocol,
			State:    p.State,
			Service:  p.Service.Name,
			Product:  p.Service.Product,
			Version:  p.Service.Version,
		}
	}
	return out
}
