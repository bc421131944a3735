package main

import (
	"errors"
	"fmt"
	"net"
	"strings"

	"github.com/spf13/cobra"

	"github.com/sunset-tui/sunset/inventory"
	"github.com/sunset-tui/sunset/lifecycle"
	"github.com/sunset-tui/sunset/lifecycle/service"
	"github.com/sunset-tui/sunset/scan"
)

func newCheckCmd(a *app) *cobra.Command {
	var asJSON, yes bool
	var failOnSev, nmapPath, site string
	cmd := &cobra.Command{
		Use:   "check [ASSET...] [--json] [--fail-on SEVERITY]",
		Short: "Run a live nmap check of the inventory (or of the named assets) and report the findings",
		Long: `Run a live nmap check: every known address of assets that are active,
decommissioning, retired or disposed, every open (and recently closed) port
mapping, and the scan.discover ranges — only inside scan.scope. A check
ticks the checklist items only a check may tick (power down, mapping
closed), then prints the findings. A check of more than 65,536 addresses
needs --yes.

Exit codes: 0 nothing at or above --fail-on; 1 findings at or above it;
2 the check could not run (nmap missing, empty scope, target outside it,
too large without --yes) or did not run to its end (nmap failed, or the
check was interrupted: what it saw is kept as a partial check).

--site records where the check ran from (default: this machine's host
name). Liveness is judged per site: a device that one site's newest
check finds dark but another site's saw answer is alive.`,
		RunE: func(cmd *cobra.Command, args []string) error {
			if err := checkFailOn(failOnSev); err != nil {
				return err
			}
			if err := inventory.ValidSite(site); err != nil {
				return err
			}
			ctx := cmd.Context()
			svc, err := a.serviceToWrite()
			if err != nil {
				return err
			}
			runner, err := scan.NewNmap(scan.Options{Binary: nmapPath, Now: a.now})
			if err != nil {
				return err
			}
			bar := newProgressBar(a.stderr, "checking")
			out, runErr := svc.Check(ctx, runner, scan.CheckRequest{
				Only: args, Confirmed: yes, Site: site,
				OnProgress: func(p scan.Progress) {
					bar.update(p.Percent, p.Remaining, fmt.Sprintf("%d answered", p.Answered))
				},
			})
			bar.done()
			var large *scan.TooLarge
			if errors.As(runErr, &large) {
				return usageError("%v: run it again with --yes", runErr)
			}
			if out.Check.ID == 0 {
				return runErr // refused before nmap ran, or nmap could not start: nothing was stored
			}
			if ctx.Err() != nil {
				return unfinished(out.Check, runErr)
			}
			var keep func(lifecycle.Finding) bool
			if len(args) > 0 {
				keep = aboutChecked(out.Observations)
			}
			src := allFindings(ctx, svc, keep)
			var counts map[lifecycle.Severity]int
			var hidden int
			if asJSON {
				counts, hidden, err = printCheck(a, out, src)
			} else {
				writeCheckSummary(a, out.Result, out.Ticked)
				counts, hidden, err = printFindings(a, false, "no findings", src)
			}
			if err != nil {
				return err
			}
			sayAcknowledged(a, hidden)
			if out.Check.Partial {
				return unfinished(out.Check, runErr)
			}
			return failOn(counts, failOnSev)
		},
	}
	cmd.Flags().BoolVar(&asJSON, "json", false, "print JSON")
	cmd.Flags().StringVar(&failOnSev, "fail-on", "high", "exit 1 when a finding is at or above this severity (critical, high, medium, low, none)")
	cmd.Flags().StringVar(&nmapPath, "nmap", "", "path of the nmap binary (default: nmap on PATH)")
	cmd.Flags().StringVar(&site, "site", scan.DefaultSite(), "where this check runs from (a network segment, a scanner host)")
	cmd.Flags().BoolVar(&yes, "yes", false, fmt.Sprintf("go ahead with a check of more than %d addresses", scan.LargeCheck))
	return cmd
}

// unfinished is the exit of a check that did not run to its end: nmap
// failed, or the check was interrupted. What it saw is kept as a partial
// check, which proves nothing dark.
func unfinished(c inventory.Check, err error) error {
	what := "was interrupted (" + c.PartialReason + ")"
	var failed *scan.CheckFailed
	switch {
	case errors.As(err, &failed):
		what = "failed: " + failed.Reason
	case err != nil:
		what = "failed: " + err.Error()
	}
	return &exitError{code: exitFailed, msg: fmt.Sprintf("check #%d %s; what it saw before is kept as a partial check, which proves nothing dark", c.ID, what)}
}

func writeCheckSummary(a *app, res scan.Result, ticked map[string][]string) {
	c := res.Check
	state := "complete"
	if c.Partial {
		state = "PARTIAL (" + c.PartialReason + "): it proves nothing dark"
	}
	from := ""
	if c.Site != "" {
		from = " from site " + c.Site
	}
	fmt.Fprintf(a.stdout, "check #%d%s %s in %s: %d answered, %d dark, %d unclear\n",
		c.ID, from, state, c.EndedAt.Sub(c.StartedAt).Round(100_000_000), c.HostsAnswered, c.HostsDark, c.HostsUnknown)
	for _, n := range c.NotChecked {
		fmt.Fprintf(a.stdout, "  not checked: %s (%s)\n", n.Asset, n.Reason)
	}
	for _, cf := range res.Conflicts {
		fmt.Fprintf(a.stdout, "  conflict: %s\n", cf.Text)
	}
	for ref, ids := range ticked {
		fmt.Fprintf(a.stdout, "  %s: ticked %s\n", ref, strings.Join(ids, ", "))
	}
	if res.Cut > 0 {
		fmt.Fprintf(a.stdout, "  %d values the devices sent were cut to fit (names, ports, banners)\n", res.Cut)
	}
	fmt.Fprintln(a.stdout)
}

// printCheck prints a check and the findings src hands it as one JSON
// document; it returns them counted by severity, and how many
// acknowledgements hid.
func printCheck(a *app, out service.CheckOutcome, src findingSource) (map[lifecycle.Severity]int, int, error) {
	l, err := newListing(a, true)
	if err != nil {
		return nil, 0, err
	}
	defer l.close()
	counts := map[lifecycle.Severity]int{}
	hidden, err := src(func(f lifecycle.Finding) error {
		counts[f.Severity]++
		f.Summary = advise(f.Summary, f.Steps)
		return l.add(findingKey(f), f)
	})
	if err != nil {
		return nil, 0, err
	}
	return counts, hidden, l.writeJSONList("findings", map[string]any{"check": out.Check, "observations": nonNil(out.Observations),
		"conflicts": nonNil(out.Conflicts), "ticked": out.Ticked, "cut": out.Cut})
}

// aboutChecked keeps the findings about what a named check looked at: the
// assets it observed and the addresses it probed.
func aboutChecked(obs []inventory.Observation) func(lifecycle.Finding) bool {
	assets, addrs := map[int64]bool{}, map[string]bool{}
	for _, o := range obs {
		if o.AssetID != 0 {
			assets[o.AssetID] = true
		}
		addrs[o.Address] = true
	}
	return func(f lifecycle.Finding) bool {
		host, _, err := net.SplitHostPort(f.Address)
		if err != nil {
			host = f.Address
		}
		return f.AssetID != 0 && assets[f.AssetID] || addrs[host]
	}
}
