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
	var failOnSev, nmapPath string
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
check was interrupted: what it saw is kept as a partial check).`,
		RunE: func(cmd *cobra.Command, args []string) error {
			if err := checkFailOn(failOnSev); err != nil {
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
				Only: args, Confirmed: yes,
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
			produce := allFindings(ctx, svc, nil)
			if len(args) > 0 {
				produce = onlyAbout(produce, out.Observations)
			}
			var counts map[lifecycle.Severity]int
			if asJSON {
				counts, err = printCheck(a, out, produce)
			} else {
				writeCheckSummary(a, out.Result, out.Ticked)
				counts, err = printFindings(a, false, produce)
			}
			if err != nil {
				return err
			}
			if out.Check.Partial {
				return unfinished(out.Check, runErr)
			}
			return failOn(counts, failOnSev)
		},
	}
	cmd.Flags().BoolVar(&asJSON, "json", false, "print JSON")
	cmd.Flags().StringVar(&failOnSev, "fail-on", "high", "exit 1 when a finding is at or above this severity (critical, high, medium, low, none)")
	cmd.Flags().StringVar(&nmapPath, "nmap", "", "path of the nmap binary (default: nmap on PATH)")
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
	if res.Cut > 0 {
		fmt.Fprintf(a.stdout, "  %d values the devices sent were cut to fit (names, ports, banners)\n", res.Cut)
	}
	fmt.Fprintln(a.stdout)
}

// printCheck prints a check and the findings produce hands it as one JSON
// document.
func printCheck(a *app, out service.CheckOutcome, produce func(emit func(lifecycle.Finding) error) error) (map[lifecycle.Severity]int, error) {
	l, err := newListing(a, true)
	if err != nil {
		return nil, err
	}
	defer l.close()
	counts := map[lifecycle.Severity]int{}
	err = produce(func(f lifecycle.Finding) error {
		counts[f.Severity]++
		f.Summary = advise(f.Summary, f.Steps)
		return l.add(findingKey(f), f)
	})
	if err != nil {
		return nil, err
	}
	return counts, l.writeJSONList("findings", map[string]any{"check": out.Check, "observations": nonNil(out.Observations),
		"conflicts": nonNil(out.Conflicts), "ticked": out.Ticked, "cut": out.Cut})
}

// onlyAbout keeps, of what produce hands on, the findings about what a
// named check looked at: the assets it observed and the addresses it
// probed.
func onlyAbout(produce func(emit func(lifecycle.Finding) error) error, obs []inventory.Observation) func(emit func(lifecycle.Finding) error) error {
	assets, addrs := map[int64]bool{}, map[string]bool{}
	for _, o := range obs {
		if o.AssetID != 0 {
			assets[o.AssetID] = true
		}
		addrs[o.Address] = true
	}
	return func(emit func(lifecycle.Finding) error) error {
		return produce(func(f lifecycle.Finding) error {
			host, _, err := net.SplitHostPort(f.Address)
			if err != nil {
				host = f.Address
			}
			if f.AssetID != 0 && assets[f.AssetID] || addrs[host] {
				return emit(f)
			}
			return nil
		})
	}
}
