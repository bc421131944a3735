package main

import (
	"context"
	"fmt"

	"github.com/spf13/cobra"

	"github.com/sunset-tui/sunset/inventory"
	"github.com/sunset-tui/sunset/lifecycle"
	"github.com/sunset-tui/sunset/lifecycle/service"
)

func newUnknownCmd(a *app) *cobra.Command {
	var asJSON bool
	cmd := &cobra.Command{
		Use:   "unknown [--json]",
		Short: "List devices that answered inside the scope but are not in the inventory; adopt or dismiss them",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			a.bulkWork()
			svc, err := a.service()
			if err != nil {
				return err
			}
			n := 0
			counts, hidden, err := printFindings(a, asJSON, "no unknown devices", func(emit func(lifecycle.Finding) error) (int, error) {
				hidden := 0
				err := svc.Each(cmd.Context(), service.Judging{Findings: true}, func(p service.Part) error {
					for _, f := range p.Acknowledged {
						if f.Kind == lifecycle.FindingUnknown {
							hidden++
						}
					}
					for _, u := range p.Unknowns {
						if err := emit(u.Finding); err != nil {
							return err
						}
					}
					return nil
				})
				return hidden, err
			})
			if err != nil {
				return err
			}
			for _, c := range counts {
				n += c
			}
			sayAcknowledged(a, hidden)
			if n == 0 && hidden == 0 {
				return sayWhyNoneJudged(cmd.Context(), a, svc)
			}
			return nil
		},
	}
	cmd.Flags().BoolVar(&asJSON, "json", false, "print JSON")
	cmd.AddCommand(newAdoptCmd(a), newDismissCmd(a))
	return cmd
}

func newAdoptCmd(a *app) *cobra.Command {
	var ff *fieldFlags
	var tag string
	cmd := &cobra.Command{
		Use:   "adopt ADDRESS --tag T [--FIELD VALUE]...",
		Short: "Add an unknown device to the inventory, prefilled from what it answered",
		Args:  exactArgs(1, "ADDRESS"),
		RunE: func(cmd *cobra.Command, args []string) error {
			svc, err := a.serviceToWrite()
			if err != nil {
				return err
			}
			as, err := svc.Adopt(cmd.Context(), args[0], func(as *inventory.Asset) error {
				as.Tag = tag
				_, err := ff.apply(as)
				return err
			})
			if err != nil {
				return err
			}
			fmt.Fprintf(a.stdout, "adopted %s as %s (#%d)\n", as.PrimaryIP(), as.Ref(), as.ID)
			return nil
		},
	}
	ff = addFieldFlags(cmd, "tag", "ip")
	cmd.Flags().StringVar(&tag, "tag", "", "asset tag for it")
	return cmd
}

func newDismissCmd(a *app) *cobra.Command {
	var reason string
	cmd := &cobra.Command{
		Use:   "dismiss ADDRESS --reason TEXT",
		Short: "Stop reporting an unknown device until it answers differently",
		Args:  exactArgs(1, "ADDRESS"),
		RunE: func(cmd *cobra.Command, args []string) error {
			svc, err := a.serviceToWrite()
			if err != nil {
				return err
			}
			d, err := svc.Dismiss(cmd.Context(), args[0], reason)
			if err != nil {
				return err
			}
			fmt.Fprintf(a.stdout, "dismissed %s until it answers differently than %q\n", d.Address, d.Signature)
			return nil
		},
	}
	cmd.Flags().StringVar(&reason, "reason", "", "why it may stay (kept with the dismissal)")
	return cmd
}

// sayWhyNoneJudged tells, on stderr, that no device is judged unknown
// while the scan scope is empty, so that an empty list is not read as
// "every device that answered is known".
func sayWhyNoneJudged(ctx context.Context, a *app, svc *service.Service) error {
	p, err := svc.Store().Policy(ctx)
	if err != nil || len(p.Scope) > 0 {
		return err
	}
	fmt.Fprintln(a.stderr, "sunset: no device is judged unknown while the scan scope is empty; set it with `sunset policy set scan.scope CIDR,...`")
	return nil
}
