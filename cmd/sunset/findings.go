package main

import (
	"context"
	"fmt"
	"strconv"

	"github.com/spf13/cobra"

	"github.com/sunset-tui/sunset/inventory"
	"github.com/sunset-tui/sunset/lifecycle"
	"github.com/sunset-tui/sunset/lifecycle/service"
)

// failOn turns findings at or above a severity into exit code 1; counts
// are the findings printed, by severity.
func failOn(counts map[lifecycle.Severity]int, min string) error {
	if min == "" || min == "none" {
		return nil
	}
	sev, err := lifecycle.ParseSeverity(min)
	if err != nil {
		return inventory.FieldError("fail-on", "%v", err)
	}
	n := 0
	for s, c := range counts {
		if s.AtLeast(sev) {
			n += c
		}
	}
	if n > 0 {
		return &exitError{code: exitFindings, msg: fmt.Sprintf("%s at or above %s", plural(n, "finding", "findings"), sev)}
	}
	return nil
}

// checkFailOn validates --fail-on before any work is done.
func checkFailOn(min string) error {
	if min == "" || min == "none" {
		return nil
	}
	if _, err := lifecycle.ParseSeverity(min); err != nil {
		return inventory.FieldError("fail-on", "%v", err)
	}
	return nil
}

// findingSource hands emit the findings to print and returns how many
// of them acknowledgements hide, so that no caller can print a short list
// without saying why it is short.
type findingSource func(emit func(lifecycle.Finding) error) (hidden int, err error)

// printFindings prints the findings src hands it, worst first, as a
// table or as JSON, each summary followed by what to do as commands. They
// go through a spool, so a million of them are never held at once. It
// returns how many it printed of each severity, and how many
// acknowledgements hid. none is what the table says when there are none.
func printFindings(a *app, asJSON bool, none string, src findingSource) (map[lifecycle.Severity]int, int, error) {
	l, err := newListing(a, asJSON, "ID", "SEVERITY", "KIND", "ASSET", "ADDRESS", "SUMMARY")
	if err != nil {
		return nil, 0, err
	}
	defer l.close()
	counts := map[lifecycle.Severity]int{}
	hidden, err := src(func(f lifecycle.Finding) error {
		counts[f.Severity]++
		f.Summary = advise(f.Summary, f.Steps)
		return l.add(findingKey(f), f, f.Key(), string(f.Severity), string(f.Kind), f.Asset, f.Address, f.Summary)
	})
	if err != nil {
		return nil, 0, err
	}
	if asJSON {
		return counts, hidden, l.writeJSONList("findings", nil)
	}
	return counts, hidden, l.writeTable(none)
}

// allFindings is the source of the findings of the whole inventory, a
// chunk of assets at a time, those keep keeps (all when keep is nil).
func allFindings(ctx context.Context, svc *service.Service, keep func(lifecycle.Finding) bool) findingSource {
	return func(emit func(lifecycle.Finding) error) (int, error) {
		hidden := 0
		err := svc.Each(ctx, service.Judging{Findings: true}, func(p service.Part) error {
			for _, f := range p.Acknowledged {
				if keep == nil || keep(f) {
					hidden++
				}
			}
			for _, f := range p.Findings {
				if keep != nil && !keep(f) {
					continue
				}
				if err := emit(f); err != nil {
					return err
				}
			}
			return nil
		})
		return hidden, err
	}
}

func newFindingsCmd(a *app) *cobra.Command {
	var asJSON bool
	var failOnSev string
	cmd := &cobra.Command{
		Use:   "findings [--json] [--fail-on SEVERITY]",
		Short: "List the risks found in the inventory and the latest checks, worst first",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if err := checkFailOn(failOnSev); err != nil {
				return err
			}
			a.bulkWork()
			svc, err := a.service()
			if err != nil {
				return err
			}
			counts, hidden, err := printFindings(a, asJSON, "no findings", allFindings(cmd.Context(), svc, nil))
			if err != nil {
				return err
			}
			sayAcknowledged(a, hidden)
			return failOn(counts, failOnSev)
		},
	}
	cmd.Flags().BoolVar(&asJSON, "json", false, "print JSON")
	cmd.Flags().StringVar(&failOnSev, "fail-on", "none", "exit 1 when a finding is at or above this severity (critical, high, medium, low, none)")
	cmd.AddCommand(newAckCmd(a), newAcksCmd(a), newUnackCmd(a))
	return cmd
}

func newDueCmd(a *app) *cobra.Command {
	var asJSON bool
	var within string
	cmd := &cobra.Command{
		Use:   "due [--within 30d] [--json]",
		Short: "List what falls due: end of life, warranties, mapping expiries, checklist items, reviews",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			win, err := inventory.ParseDuration(within)
			if err != nil {
				return inventory.FieldError("within", "%v", err)
			}
			a.bulkWork()
			svc, err := a.service()
			if err != nil {
				return err
			}
			l, err := newListing(a, asJSON, "DATE", "DAYS", "KIND", "ASSET", "ACTION")
			if err != nil {
				return err
			}
			defer l.close()
			err = svc.Each(cmd.Context(), service.Judging{Reminders: true, Within: win}, func(p service.Part) error {
				for _, r := range p.Reminders {
					r.Action = advise(r.Action, r.Steps)
					days := strconv.Itoa(r.DaysLeft)
					if r.Overdue {
						days = "OVERDUE " + strconv.Itoa(-r.DaysLeft) + "d"
					}
					if err := l.add(reminderKey(r), r, r.Date.String(), days, string(r.Kind), r.Asset, r.Action); err != nil {
						return err
					}
				}
				return nil
			})
			if err != nil {
				return err
			}
			if asJSON {
				return l.writeJSONList("reminders", map[string]any{"within": win.String()})
			}
			return l.writeTable(fmt.Sprintf("nothing due within %s", win))
		},
	}
	cmd.Flags().BoolVar(&asJSON, "json", false, "print JSON")
	cmd.Flags().StringVar(&within, "within", "30d", "window from today (e.g. 7d, 30d, 12w)")
	return cmd
}
