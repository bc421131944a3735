package main

import (
	"fmt"
	"strconv"

	"github.com/spf13/cobra"

	"github.com/sunset-tui/sunset/inventory"
)

func newMappingSetCmd(a *app) *cobra.Command {
	var external, internal, proto, purpose, owner, expires, opened, reason string
	cmd := &cobra.Command{
		Use: "set ID [--external ADDR:PORT] [--internal ADDR:PORT] [--proto tcp|udp] [--purpose TEXT] [--owner WHO] " +
			"[--expires DATE] [--opened DATE] [--reason TEXT]",
		Short: "Change fields of an open port mapping (an empty value clears --internal, --expires, --opened)",
		Args:  exactArgs(1, "ID"),
		RunE: func(cmd *cobra.Command, args []string) error {
			id, err := strconv.ParseInt(args[0], 10, 64)
			if err != nil {
				return usageError("mapping id %q is not a number (see `sunset mapping list`)", args[0])
			}
			given := func(name string) bool { return cmd.Flags().Changed(name) }
			if !given("external") && !given("internal") && !given("proto") && !given("purpose") && !given("owner") &&
				!given("expires") && !given("opened") {
				return usageError("nothing to set: give at least one --FIELD VALUE (see `sunset mapping set --help`)")
			}
			// Read every value before opening the store, so that bad input
			// fails alike with or without a database.
			var in inventory.PortMapping
			if given("external") {
				if in.ExternalAddr, in.ExternalPort, err = inventory.ParseHostPort("external", external); err != nil {
					return err
				}
			}
			if given("internal") && internal != "" {
				if in.InternalAddr, in.InternalPort, err = inventory.ParseHostPort("internal", internal); err != nil {
					return err
				}
			}
			if in.OpenedOn, err = inventory.ParseDate(opened); err != nil {
				return inventory.FieldError("opened", "%v", err)
			}
			if in.ExpiresOn, err = inventory.ParseDate(expires); err != nil {
				return inventory.FieldError("expires", "%v", err)
			}
			apply := func(m *inventory.PortMapping) {
				if given("external") {
					m.ExternalAddr, m.ExternalPort = in.ExternalAddr, in.ExternalPort
				}
				if given("internal") {
					m.InternalAddr, m.InternalPort = in.InternalAddr, in.InternalPort
				}
				if given("proto") {
					m.Protocol = proto
				}
				if given("purpose") {
					m.Purpose = purpose
				}
				if given("owner") {
					m.Owner = owner
				}
				if given("opened") {
					m.OpenedOn = in.OpenedOn
				}
				if given("expires") {
					m.ExpiresOn = in.ExpiresOn
				}
			}

			s, err := a.open()
			if err != nil {
				return err
			}
			var changed bool
			err = s.Update(cmd.Context(), func(w inventory.Writer) error {
				m, err := w.Mapping(cmd.Context(), id)
				if err != nil {
					return err
				}
				apply(&m)
				if changed, err = w.UpdateMapping(cmd.Context(), &m, reason); err != nil || !changed {
					return err
				}
				return afterAssetChange(cmd.Context(), w, m.AssetID, a.now())
			})
			if err != nil {
				return err
			}
			if changed {
				fmt.Fprintf(a.stdout, "updated mapping %d\n", id)
			} else {
				fmt.Fprintf(a.stdout, "mapping %d unchanged\n", id)
			}
			return nil
		},
	}
	cmd.Flags().StringVar(&external, "external", "", "exposed address and port, ADDR:PORT")
	cmd.Flags().StringVar(&internal, "internal", "", "internal address and port, ADDR:PORT")
	cmd.Flags().StringVar(&proto, "proto", "", "tcp or udp")
	cmd.Flags().StringVar(&purpose, "purpose", "", "why it exists")
	cmd.Flags().StringVar(&owner, "owner", "", "who asked for it")
	cmd.Flags().StringVar(&expires, "expires", "", "when it must be closed (YYYY-MM-DD)")
	cmd.Flags().StringVar(&opened, "opened", "", "when it was opened (YYYY-MM-DD)")
	cmd.Flags().StringVar(&reason, "reason", "", "why, for the history")
	return cmd
}
