package main

import (
	"fmt"
	"strconv"

	"github.com/spf13/cobra"

	"github.com/sunset-tui/sunset/inventory"
)

func newMappingSetCmd(a *app) *cobra.Command {
	var f mappingFlags
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
				if in.ExternalAddr, in.ExternalPort, err = inventory.ParseHostPort("external", f.external); err != nil {
					return err
				}
			}
			if given("internal") && f.internal != "" {
				if in.InternalAddr, in.InternalPort, err = inventory.ParseHostPort("internal", f.internal); err != nil {
					return err
				}
			}
			if in.OpenedOn, err = inventory.ParseDate(f.opened); err != nil {
				return inventory.FieldError("opened", "%v", err)
			}
			if in.ExpiresOn, err = inventory.ParseDate(f.expires); err != nil {
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
					m.Protocol = f.proto
				}
				if given("purpose") {
					m.Purpose = f.purpose
				}
				if given("owner") {
					m.Owner = f.owner
				}
				if given("opened") {
					m.OpenedOn = in.OpenedOn
				}
				if given("expires") {
					m.ExpiresOn = in.ExpiresOn
				}
			}

			svc, err := a.serviceToWrite()
			if err != nil {
				return err
			}
			changed, err := svc.UpdateMapping(cmd.Context(), id, apply, f.reason)
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
	f.register(cmd, "", "when it was opened (YYYY-MM-DD)")
	return cmd
}
