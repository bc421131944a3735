package lifecycle

import (
	"fmt"
	"time"

	"github.com/sunset-tui/sunset/inventory"
)

// exposedMapping judges one port mapping:
//   - recorded closed but answering since: critical;
//   - past its expiry and still answering: critical; past it and not
//     probed: high; past it, found closed, but still recorded open: medium;
//   - exposing RDP, VNC, telnet or SMB with no expiry: high, critical when
//     it answers.
func exposedMapping(m inventory.PortMapping, assets map[int64]inventory.Asset, x *index, now time.Time) (Finding, bool) {
	a, ok := assets[m.AssetID]
	owner := ""
	if ok {
		owner = " of " + displayName(a)
	} else {
		a = inventory.Asset{ID: m.AssetID}
	}
	ref := a.Ref()
	desc := capitalize(DescribeMapping(m)) + owner
	closeIt := []Step{do("close it on the firewall"), closeMappingStep(a, m)}
	e := x.endpoint(m)
	answer := ""
	if e.state == exposed {
		answer = fmt.Sprintf("%s at %s", PortLabel(e.port), clock(e.s.at, now))
	}
	f := Finding{Kind: FindingExposedMapping, AssetID: m.AssetID, Asset: ref, Address: m.External(),
		MappingID: m.ID, CheckID: e.s.CheckID}
	if e.state == exposed {
		f.Ports = []inventory.Port{e.port}
	}
	today := inventory.DateOf(now)

	switch {
	case !m.Open():
		if e.state != exposed || e.s.at.Before(m.ClosedAt) {
			return Finding{}, false
		}
		f.Severity, f.Since = SeverityCritical, x.openSince(m, m.ClosedAt)
		f.Summary = fmt.Sprintf("%s was recorded closed on %s but still answers (%s)", desc, dayOf(m.ClosedAt, now), answer)
		f.Steps = []Step{do("remove the forward on the firewall"), checkStep(a)}
	case !m.ExpiresOn.IsZero() && m.ExpiresOn.Before(today):
		f.Since = m.ExpiresOn.AddDays(1).Time()
		expired := fmt.Sprintf("%s expired on %s", desc, m.ExpiresOn)
		switch e.state {
		case exposed:
			f.Severity = SeverityCritical
			f.Summary = fmt.Sprintf("%s and still answers (%s)", expired, answer)
			f.Steps = closeIt
		case unobserved:
			f.Severity = SeverityHigh
			f.Summary = fmt.Sprintf("%s and is still recorded open; no check has probed it", expired)
			f.Steps = closeIt
		default:
			f.Severity = SeverityMedium
			f.Summary = fmt.Sprintf("%s; check #%d found it closed at %s but it is still recorded open",
				expired, e.s.CheckID, clock(e.s.at, now))
			f.Steps = []Step{closeMappingStep(a, m)}
		}
	case m.ExpiresOn.IsZero():
		services := riskyNames(append(f.Ports, inventory.Port{Number: m.ExternalPort, Protocol: m.Protocol},
			inventory.Port{Number: m.InternalPort, Protocol: m.Protocol}))
		if len(services) == 0 {
			return Finding{}, false
		}
		f.Since = m.OpenedOn.Time()
		exposes := fmt.Sprintf("%s exposes %s with no expiry", desc, joinAnd(upper(services)))
		f.Severity, f.Summary = SeverityHigh, exposes
		if e.state == exposed {
			f.Severity, f.Summary = SeverityCritical, fmt.Sprintf("%s and answers (%s)", exposes, answer)
		}
		f.Steps = append(closeIt, Step{Kind: StepManual, Or: true, Text: "agree an expiry with its owner"})
	default:
		return Finding{}, false
	}
	return f, true
}

var serviceTitles = map[string]string{"rdp": "RDP", "vnc": "VNC", "smb": "SMB"}

// upper writes service names as admins do: RDP, VNC, SMB, telnet.
func upper(names []string) []string {
	out := make([]string, len(names))
	for i, n := range names {
		out[i] = n
		if t, ok := serviceTitles[n]; ok {
			out[i] = t
		}
	}
	return out
}
