package main

import (
	"fmt"
	"strconv"

	"github.com/spf13/cobra"

	"github.com/sunset-tui/sunset/inventory"
	"github.com/sunset-tui/sunset/lifecycle"
	"github.com/sunset-tui/sunset/lifecycle/reportdoc"
)

// failOn turns findings at or above a severity into exit code 1.
func failOn(findings []lifecycle.Finding, min string) error {
	if min == "" || min == "none" {
		return nil
	}
	sev, err := lifecycle.ParseSeverity(min)
	if err != nil {
		return inventory.FieldError("fail-on", "%v", err)
	}
	if n := lifecycle.CountAtLeast(findings, sev); n > 0 {
		return &exitError{code: exitFindings, msg: fmt.Sprintf("%d finding(s) at or above %s", n, sev)}
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

// writeFindings prints findings, each summary followed by what to do as
// commands, as a table or as JSON.
func writeFindings(a *app, findings []lifecycle.Finding, asJSON bool) error {
	findings = wordedFindings(findings)
	if asJSON {
		return writeJSON(a.stdout, map[string]any{"findings": nonNil(findings)})
	}
	if len(findings) == 0 {
		fmt.Fprintln(a.stdout, "no findings")
		return nil
	}
	t := newTable(a.stdout, "SEVERITY", "KIND", "ASSET", "ADDRESS", "SUMMARY")
	for _, f := range findings {
		t.row(string(f.Severity), string(f.Kind), f.Asset, f.Address, f.Summary)
	}
	return t.flush()
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
			svc, err := a.service()
			if err != nil {
				return err
			}
			findings, err := svc.Findings(cmd.Context())
			if err != nil {
				return err
			}
			if err := writeFindings(a, findings, asJSON); err != nil {
				return err
			}
			return failOn(findings, failOnSev)
		},
	}
	cmd.Flags().BoolVar(&asJSON, "json", false, "print JSON")
	cmd.Flags().StringVar(&failOnSev, "fail-on", "none", "exit 1 when a finding is at or above this severity (critical, high, medium, low, none)")
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
			svc, err := a.service()
			if err != nil {
				return err
			}
			rs, err := svc.Due(cmd.Context(), win)
			if err != nil {
				return err
			}
			rs = wordedReminders(rs)
			if asJSON {
				return writeJSON(a.stdout, map[string]any{"within": win.String(), "reminders": nonNil(rs)})
			}
			if len(rs) == 0 {
				fmt.Fprintf(a.stdout, "nothing due within %s\n", win)
				return nil
			}
			t := newTable(a.stdout, "DATE", "DAYS", "KIND", "ASSET", "ACTION")
			for _, r := range rs {
				days := strconv.Itoa(r.DaysLeft)
				if r.Overdue {
					days = "OVERDUE " + strconv.Itoa(-r.DaysLeft) + "d"
				}
				t.row(r.Date.String(), days, string(r.Kind), r.Asset, r.Action)
			}
			return t.flush()
		},
	}
	cmd.Flags().BoolVar(&asJSON, "json", false, "print JSON")
	cmd.Flags().StringVar(&within, "within", "30d", "window from today (e.g. 7d, 30d, 12w)")
	return cmd
}

func newReportCmd(a *app) *cobra.Command {
	var format, within string
	cmd := &cobra.Command{
		Use:   "report [--format md|html|json]",
		Short: "Write the end-of-life audit report: summary, overrides, and an audit pack per retiring asset",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if format != "md" && format != "html" && format != "json" {
				return inventory.FieldError("format", "%q is not md, html or json", format)
			}
			win, err := inventory.ParseDuration(within)
			if err != nil {
				return inventory.FieldError("within", "%v", err)
			}
			svc, err := a.service()
			if err != nil {
				return err
			}
			rep, err := svc.Report(cmd.Context(), win)
			if err != nil {
				return err
			}
			rep = wordedReport(rep)
			switch format {
			case "json":
				return writeJSON(a.stdout, map[string]any{"summary": rep.Summary, "audits": nonNil(rep.Audits)})
			case "html":
				page, err := reportdoc.HTML(rep)
				if err != nil {
					return err
				}
				_, err = fmt.Fprint(a.stdout, page)
				return err
			}
			_, err = fmt.Fprint(a.stdout, reportdoc.Markdown(rep))
			return err
		},
	}
	cmd.Flags().StringVar(&format, "format", "md", "md, html or json")
	cmd.Flags().StringVar(&within, "within", "30d", "window for the reminders it lists")
	return cmd
}
