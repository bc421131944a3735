package lifecycle

import (
	"fmt"
	"strings"
	"time"

	"github.com/sunset-tui/sunset/inventory"
)

// idle: an active device that answers but that nobody has managed for
// longer than policy idle.after (or, never managed, was deployed longer
// ago). Medium; high when it holds credentials or is past its end of life.
func idle(a inventory.Asset, x *index, p inventory.Policy, now time.Time) (Finding, bool) {
	if a.Stage != inventory.StageActive {
		return Finding{}, false
	}
	base, never := a.LastManagedOn, false
	if base.IsZero() {
		base, never = a.DeployedOn, true
	}
	if base.IsZero() {
		return Finding{}, false
	}
	today := inventory.DateOf(now)
	limit := wholeDays(p.IdleAfter)
	if base.DaysUntil(today) <= limit {
		return Finding{}, false
	}
	answers := x.answering(a, time.Time{})
	if len(answers) == 0 {
		return Finding{}, false
	}

	sev := SeverityMedium
	var worse []string
	if a.HoldsCredentials {
		sev = SeverityHigh
		creds := "it holds other systems' credentials"
		if a.CredentialsRef != "" {
			creds += " (" + a.CredentialsRef + ")"
		}
		worse = append(worse, creds)
	}
	if !a.EOLOn.IsZero() && a.EOLOn.Before(today) {
		sev = SeverityHigh
		worse = append(worse, "it passed its end of life on "+a.EOLOn.String())
	}
	if os := strings.TrimSpace(a.OS + " " + a.OSVersion); os != "" {
		worse = append(worse, "it runs "+os)
	}
	ports := allOpenPorts(answers)
	if sw := softwareSeen(ports); len(sw) > 0 {
		worse = append(worse, "it serves "+joinAnd(sw))
	}

	managed := "nobody has managed it since " + base.String()
	if never {
		managed = "nobody has recorded managing it since it was deployed on " + base.String()
	}
	steps := reviewSteps(a)
	summary := fmt.Sprintf("%s answers on %s but %s (%d days; idle.after is %s)",
		displayName(a), describeAnswers(answers, severalSites(x.of(a))), managed, base.DaysUntil(today), p.IdleAfter)
	if len(worse) > 0 {
		summary += "; " + strings.Join(worse, "; ")
	}
	return Finding{
		Kind: FindingIdle, Severity: sev, AssetID: a.ID, Asset: a.Ref(),
		Address: answers[0].Address, CheckID: newest(answers).CheckID, Ports: ports,
		Since:   base.AddDays(limit).Time(),
		Summary: summary,
		Steps:   steps,
	}, true
}
