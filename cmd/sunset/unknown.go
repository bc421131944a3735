package main

import (
	"fmt"

	"github.com/spf13/cobra"

	"github.com/sunset-tui/sunset/inventory"
	"github.com/sunset-tui/sunset/lifecycle"
)

func newUnknownCmd(a *app) *cobra.Command {
	var asJSON bool
	cmd := &cobra.Command{
		Use:   "unknown [--json]",
		Short: "List devices that answered inside the scope but are not in the inventory; adopt or dismiss them",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			fs, err := unknownFindings(cmd, a)
			if err != nil {
				return err
			}
			return writeFindings(a, fs, asJSON)
		},
	}
	cmd.Flags().BoolVar(&asJSON, "json", false, "print JSON")
	cmd.AddCommand(newAdoptCmd(a), newDismissCmd(a))
	return cmd
}

// unknownFindings are the current findings of kind unknown.
func unknownFindings(cmd *cobra.Command, a *app) ([]lifecycle.Finding, error) {
	_, w, err := a.openWorld(cmd.Context())
	if err != nil {
		return nil, err
	}
	var out []lifecycle.Finding
	for _, f := range lifecycle.Findings(w.findingInput(), w.policy, a.now()) {
		if f.Kind == lifecycle.FindingUnknown {
			out = append(out, f)
		}
	}
	return out, nil
}

// unknownAt finds the unknown-device finding at an address.
func unknownAt(cmd *cobra.Command, a *app, addr string) (lifecycle.Finding, error) {
	ip, err := inventory.NormalizeIP(addr)
	if err != nil {
		return lifecycle.Finding{}, inventory.FieldError("address", "%v", err)
	}
	fs, err := unknownFindings(cmd, a)
	if err != nil {
		return lifecycle.Finding{}, err
	}
	for _, f := range fs {
		if f.Address == ip {
			return f, nil
		}
	}
	return lifecycle.Finding{}, inventory.Errorf(inventory.ErrNotFound, "no unknown device answered at %s (see `sunset unknown`)", ip)
}

func newAdoptCmd(a *app) *cobra.Command {
	var ff *fieldFlags
	var tag string
	cmd := &cobra.Command{
		Use:   "adopt ADDRESS --tag T [--FIELD VALUE]...",
		Short: "Add an unknown device to the inventory, prefilled from what it answered",
		Args:  exactArgs(1, "ADDRESS"),
		RunE: func(cmd *cobra.Command, args []string) error {
			f, err := unknownAt(cmd, a, args[0])
			if err != nil {
				return err
			}
			s, _ := a.open()
			ctx := cmd.Context()
			obs, err := s.Observations(ctx, inventory.ObservationFilter{CheckID: f.CheckID, Address: f.Address, Limit: 1})
			if err != nil {
				return err
			}
			if len(obs) == 0 {
				return inventory.Errorf(inventory.ErrNotFound, "the observation of %s is gone", f.Address)
			}
			as, err := lifecycle.Adopt(obs[0], tag)
			if err != nil {
				return err
			}
			if _, err := ff.apply(&as); err != nil {
				return err
			}
			err = s.Update(ctx, func(w inventory.Writer) error {
				return w.CreateAsset(ctx, &as, fmt.Sprintf("adopted: answered at %s in check #%d", f.Address, f.CheckID))
			})
			if err != nil {
				return err
			}
			fmt.Fprintf(a.stdout, "adopted %s as %s (#%d)\n", f.Address, as.Ref(), as.ID)
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
			f, err := unknownAt(cmd, a, args[0])
			if err != nil {
				return err
			}
			d, err := lifecycle.Dismiss(f, reason, a.actor, a.now())
			if err != nil {
				return err
			}
			s, _ := a.open()
			if err := s.Update(cmd.Context(), func(w inventory.Writer) error { return w.Dismiss(cmd.Context(), &d) }); err != nil {
				return err
			}
			fmt.Fprintf(a.stdout, "dismissed %s until it answers differently than %q\n", d.Address, d.Signature)
			return nil
		},
	}
	cmd.Flags().StringVar(&reason, "reason", "", "why it may stay (kept with the dismissal)")
	return cmd
}
