package main

import (
	"fmt"

	"github.com/spf13/cobra"

	"github.com/sunset-tui/sunset/inventory"
)

func newPolicyCmd(a *app) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "policy",
		Short: "Show or set the shared policy: scan scope, thresholds, reminder windows",
		Args:  cobra.NoArgs,
	}
	var asJSON bool
	show := &cobra.Command{
		Use:   "show",
		Short: "Show every policy key with its value, and where the database is",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			s, err := a.open()
			if err != nil {
				return err
			}
			values, err := s.PolicyValues(cmd.Context())
			if err != nil {
				return err
			}
			for k, v := range values {
				values[k] = inventory.ShownPolicyValue(k, v)
			}
			if asJSON {
				return writeJSON(a.stdout, map[string]any{"database": s.Location(), "policy": values})
			}
			fmt.Fprintf(a.stdout, "database: %s\n\n", s.Location())
			t := newTable(a.stdout, "KEY", "VALUE", "MEANING")
			for _, k := range inventory.PolicyKeys {
				v := values[k.Name]
				if v == "" {
					v = "(empty)"
				}
				t.row(k.Name, v, k.Help)
			}
			return t.flush()
		},
	}
	show.Flags().BoolVar(&asJSON, "json", false, "print JSON")
	set := &cobra.Command{
		Use:   "set KEY VALUE",
		Short: "Set one policy key (see `sunset policy show` for the keys)",
		Args:  exactArgs(2, "KEY", "VALUE"),
		RunE: func(cmd *cobra.Command, args []string) error {
			if err := inventory.ValidatePolicyValue(args[0], args[1]); err != nil {
				return err
			}
			svc, err := a.serviceToWrite()
			if err != nil {
				return err
			}
			if err := svc.SetPolicy(cmd.Context(), args[0], args[1]); err != nil {
				return err
			}
			fmt.Fprintf(a.stdout, "%s = %s\n", args[0], inventory.ShownPolicyValue(args[0], args[1]))
			return nil
		},
	}
	cmd.AddCommand(show, set)
	return cmd
}
