package tui

import (
	"context"
	"strings"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/sunset-tui/sunset/inventory"
	"github.com/sunset-tui/sunset/lifecycle"
	"github.com/sunset-tui/sunset/lifecycle/service"
	"github.com/sunset-tui/sunset/tui/safe"
)

// newAckDialog acknowledges findings, named by their keys, with one
// reason and an expiry, in one write: each stops showing until then, or
// until it changes.
func newAckDialog(c *common, keys []string) dialog {
	keys = append([]string(nil), keys...)
	n := findingCount(len(keys))
	title, named := "Acknowledge "+n, "Findings "+addressList(keys)+"."
	if len(keys) == 1 {
		title, named = "Acknowledge "+safe.Text(keys[0]), "Finding "+addressList(keys)+"."
	}
	f := newForm(c, title)
	f.intro = []string{named,
		"Accept the risk for a while: each finding stops showing until the date, " +
			"or sooner when it changes (a new port, service, version or severity). History keeps who, why and until when."}
	f.add("reason", "reason", "", "why the risk is accepted (e.g. vendor patch due in March)")
	f.add("until", "until", "30d", "how long (30d, 12w) or until when (YYYY-MM-DD)")
	now := c.now
	f.validate = func(v map[string]string) map[string]string {
		errs := map[string]string{}
		if strings.TrimSpace(v["reason"]) == "" {
			errs["reason"] = "an acknowledgement needs a reason"
		}
		if when, err := inventory.ParseUntil(v["until"], now); err != nil {
			errs["until"] = err.Error()
		} else if err := lifecycle.CheckUntil(when, now); err != nil {
			errs["until"] = messageOf(err)
		}
		return errs
	}
	f.submit = func(v map[string]string) tea.Cmd {
		reason, until := v["reason"], v["until"]
		return c.actSaying("acknowledging "+n, func(ctx context.Context, svc *service.Service) (string, error) {
			when, err := inventory.ParseUntil(until, svc.Now())
			if err != nil {
				return "", inventory.FieldError("until", "%v", err)
			}
			acks, err := svc.Acknowledge(ctx, keys, reason, when)
			if err != nil {
				return "", err
			}
			return "acknowledged " + findingCount(len(acks)) + " until " + when.In(now.Location()).Format(time.DateOnly), nil
		})
	}
	return f
}

// findingCount counts findings: "1 finding", "1,204 findings".
func findingCount(n int) string { return countOf(n, "finding", "findings") }

// countOf counts n of something: "1 host", "1,204 hosts".
func countOf(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return thousands(n) + " " + many
}
