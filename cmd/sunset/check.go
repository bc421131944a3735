package main

import (
	"fmt"
	"net"
	"strings"

	"github.com/spf13/cobra"

	"github.com/sunset-tui/sunset/inventory"
	"github.com/sunset-tui/sunset/lifecycle"
	"github.com/sunset-tui/sunset/scan"
)

func newCheckCmd(a *app) *cobra.Command {
	var asJSON bool
	var failOnSev, nmapPath string
	cmd := &cobra.Command{
		Use:   "check [ASSET...] [--json] [--fail-on SEVERITY]",
		Short: "Run a live nmap check of the inventory (or of the named assets) and report the findings",
		Long: `Run a live nmap check: every known address of assets that are active,
decommissioning, retired or disposed, every open (and recently closed) port
mapping, and the scan.discover ranges — only inside scan.scope. A check
ticks the checklist items only a check may tick (power down, mapping
closed), then prints the findings.

Exit codes: 0 nothing at or above --fail-on; 1 findings at or above it;
2 the check could not run (nmap missing, empty scope, target outside it).`,
		RunE: func(cmd *cobra.Command, args []string) error {
			if err := checkFailOn(failOnSev); err != nil {
				return err
			}
			ctx := cmd.Context()
			s, err := a.open()
			if err != nil {
				return err
			}
			runner, err := scan.NewNmap(scan.Options{Binary: nmapPath, Now: a.now})
			if err != nil {
				return err
			}
			bar := newProgressBar(a.stderr, "checking")
			res, err := scan.Check(ctx, s, runner, scan.CheckRequest{
				Only: args, Actor: a.actor, Now: a.now,
				OnProgress: func(p scan.Progress) {
					bar.update(p.Percent, p.Remaining, fmt.Sprintf("%d answered", p.Answered))
				},
			})
			bar.done()
			if err != nil {
				return err
			}
			ticked, err := scan.TickVerified(ctx, s, res, a.now())
			if err != nil {
				return err
			}
			w, err := loadWorld(ctx, s)
			if err != nil {
				return err
			}
			findings := lifecycle.Findings(w.findingInput(), w.policy, a.now())
			if len(args) > 0 {
				findings = findingsAbout(findings, res.Observations)
			}
			if asJSON {
				err = writeJSON(a.stdout, map[string]any{
					"check": res.Check, "observations": nonNil(res.Observations), "conflicts": nonNil(res.Conflicts),
					"ticked": ticked, "findings": nonNil(findings),
				})
			} else {
				writeCheckSummary(a, res, ticked)
				err = writeFindings(a, findings, false)
			}
			if err != nil {
				return err
			}
			return failOn(findings, failOnSev)
		},
	}
	cmd.Flags().BoolVar(&asJSON, "json", false, "print JSON")
	cmd.Flags().StringVar(&failOnSev, "fail-on", "high", "exit 1 when a finding is at or above this severity (critical, high, medium, low, none)")
	cmd.Flags().StringVar(&nmapPath, "nmap", "", "path of the nmap binary (default: nmap on PATH)")
	return cmd
}

func writeCheckSummary(a *app, res scan.Result, ticked map[string][]string) {
	c := res.Check
	state := "complete"
	if c.Partial {
		state = "PARTIAL (" + c.PartialReason + "): it proves nothing dark"
	}
	fmt.Fprintf(a.stdout, "check #%d %s in %s: %d answered, %d dark, %d unclear\n",
		c.ID, state, c.EndedAt.Sub(c.StartedAt).Round(100_000_000), c.HostsAnswered, c.HostsDark, c.HostsUnknown)
	for _, n := range c.NotChecked {
		fmt.Fprintf(a.stdout, "  not checked: %s (%s)\n", n.Asset, n.Reason)
	}
	for _, cf := range res.Conflicts {
		fmt.Fprintf(a.stdout, "  conflict: %s\n", cf.Text)
	}
	for ref, ids := range ticked {
		fmt.Fprintf(a.stdout, "  %s: ticked %s\n", ref, strings.Join(ids, ", "))
	}
	fmt.Fprintln(a.stdout)
}

// findingsAbout keeps the findings about what a named check looked at: the
// assets it observed and the addresses it probed.
func findingsAbout(findings []lifecycle.Finding, obs []inventory.Observation) []lifecycle.Finding {
	assets, addrs := map[int64]bool{}, map[string]bool{}
	for _, o := range obs {
		if o.AssetID != 0 {
			assets[o.AssetID] = true
		}
		addrs[o.Address] = true
	}
	var out []lifecycle.Finding
	for _, f := range findings {
		host, _, err := net.SplitHostPort(f.Address)
		if err != nil {
			host = f.Address
		}
		if f.AssetID != 0 && assets[f.AssetID] || addrs[host] {
			out = append(out, f)
		}
	}
	return out
}
