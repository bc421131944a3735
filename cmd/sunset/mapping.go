package main

import (
	"fmt"
	"strconv"

	"github.com/spf13/cobra"

	"github.com/sunset-tui/sunset/inventory"
)

func newMappingCmd(a *app) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "mapping",
		Short: "List, add, change and close port mappings (NAT forwards, pinholes, reverse proxies)",
		Args:  cobra.NoArgs,
	}
	cmd.AddCommand(newMappingListCmd(a), newMappingAddCmd(a), newMappingSetCmd(a), newMappingCloseCmd(a))
	return cmd
}

func newMappingListCmd(a *app) *cobra.Command {
	var asJSON, openOnly bool
	cmd := &cobra.Command{
		Use:   "list [ASSET]",
		Short: "List port mappings, of one asset or all",
		Args:  cobra.MaximumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			s, err := a.open()
			if err != nil {
				return err
			}
			f := inventory.MappingFilter{OpenOnly: openOnly}
			if len(args) == 1 {
				as, err := s.FindAsset(cmd.Context(), args[0])
				if err != nil {
					return err
				}
				f.AssetID = as.ID
			}
			ms, err := s.Mappings(cmd.Context(), f)
			if err != nil {
				return err
			}
			if asJSON {
				return writeJSON(a.stdout, map[string]any{"mappings": nonNil(ms)})
			}
			return writeMappings(a.stdout, ms)
		},
	}
	cmd.Flags().BoolVar(&asJSON, "json", false, "print JSON")
	cmd.Flags().BoolVar(&openOnly, "open", false, "only mappings not yet closed")
	return cmd
}

func newMappingAddCmd(a *app) *cobra.Command {
	var f mappingFlags
	var asJSON bool
	cmd := &cobra.Command{
		Use:   "add ASSET --external ADDR:PORT [--internal ADDR:PORT] [--proto tcp|udp] [--purpose TEXT] [--owner WHO] [--expires DATE]",
		Short: "Record a port mapping that exposes the asset",
		Args:  exactArgs(1, "ASSET"),
		RunE: func(cmd *cobra.Command, args []string) error {
			if f.external == "" {
				return inventory.FieldError("external", "required: the exposed ADDR:PORT")
			}
			m := inventory.PortMapping{Protocol: f.proto, Purpose: f.purpose, Owner: f.owner}
			var err error
			if m.ExternalAddr, m.ExternalPort, err = inventory.ParseHostPort("external", f.external); err != nil {
				return err
			}
			if f.internal != "" {
				if m.InternalAddr, m.InternalPort, err = inventory.ParseHostPort("internal", f.internal); err != nil {
					return err
				}
			}
			if m.ExpiresOn, err = inventory.ParseDate(f.expires); err != nil {
				return inventory.FieldError("expires", "%v", err)
			}
			if m.OpenedOn, err = inventory.ParseDate(f.opened); err != nil {
				return inventory.FieldError("opened", "%v", err)
			}
			// Recording an old mapping after the fact: when it has already
			// expired, "opened today" would be false, so leave it unknown.
			today := inventory.DateOf(a.now())
			if m.OpenedOn.IsZero() && !m.ExpiresOn.Before(today) {
				m.OpenedOn = today
			}
			svc, err := a.serviceToWrite()
			if err != nil {
				return err
			}
			if err := svc.AddMapping(cmd.Context(), args[0], &m, f.reason); err != nil {
				return err
			}
			if asJSON {
				return writeJSON(a.stdout, map[string]any{"mapping": m})
			}
			fmt.Fprintf(a.stdout, "added mapping %d: %s → %s\n", m.ID, m.External(), m.Internal())
			return nil
		},
	}
	f.register(cmd, "tcp", "when it was opened (YYYY-MM-DD, default today)")
	cmd.Flags().BoolVar(&asJSON, "json", false, "print the new mapping as JSON")
	return cmd
}

func newMappingCloseCmd(a *app) *cobra.Command {
	var evidence string
	cmd := &cobra.Command{
		Use:   "close ID [--evidence TEXT]",
		Short: "Record a mapping closed; the next check verifies that it no longer answers",
		Args:  exactArgs(1, "ID"),
		RunE: func(cmd *cobra.Command, args []string) error {
			id, err := strconv.ParseInt(args[0], 10, 64)
			if err != nil {
				return usageError("mapping id %q is not a number (see `sunset mapping list`)", args[0])
			}
			svc, err := a.serviceToWrite()
			if err != nil {
				return err
			}
			if err := svc.CloseMapping(cmd.Context(), id, evidence); err != nil {
				return err
			}
			fmt.Fprintf(a.stdout, "mapping %d recorded closed; run `sunset check` to verify it no longer answers\n", id)
			return nil
		},
	}
	cmd.Flags().StringVar(&evidence, "evidence", "", "what was done (change ticket, firewall rule removed)")
	return cmd
}

// mappingFlags are the fields of a port mapping as flags, shared by
// `mapping add` and `mapping set`.
type mappingFlags struct {
	external, internal, proto, purpose, owner, expires, opened, reason string
}

func (f *mappingFlags) register(cmd *cobra.Command, protoDefault, openedHelp string) {
	fl := cmd.Flags()
	fl.StringVar(&f.external, "external", "", "exposed address and port, ADDR:PORT")
	fl.StringVar(&f.internal, "internal", "", "internal address and port, ADDR:PORT")
	fl.StringVar(&f.proto, "proto", protoDefault, "tcp or udp")
	fl.StringVar(&f.purpose, "purpose", "", "why it exists")
	fl.StringVar(&f.owner, "owner", "", "who asked for it")
	fl.StringVar(&f.expires, "expires", "", "when it must be closed (YYYY-MM-DD)")
	fl.StringVar(&f.opened, "opened", "", openedHelp)
	fl.StringVar(&f.reason, "reason", "", "why, for the history")
}
