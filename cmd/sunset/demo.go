package main

import (
	"fmt"

	"github.com/spf13/cobra"

	"github.com/sunset-tui/sunset/cmd/sunset/internal/demo"
)

func newDemoCmd(a *app) *cobra.Command {
	var labMode string
	cmd := &cobra.Command{
		Use:   "demo [--lab auto|namespaces|loopback|none]",
		Short: "Open sunset on a demo inventory, with a live lab to check (nothing touches your real inventory)",
		Long: `Open the TUI on a demo inventory in a temporary database, with a live lab
to check: as root, network namespaces on 192.0.2.0/24 with no route out, so
powered-down devices are really dark; otherwise listeners on loopback
addresses. The scan scope is the lab only. Everything the demo starts is
removed when it exits (a second run also cleans up after a crashed one).`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			mode, err := demo.ParseLabMode(labMode)
			if err != nil {
				return usageError("--lab: %v", err)
			}
			if !isTerminal(a.stdin) || !isTerminal(a.stdout) {
				return usageError("the demo opens the TUI, which needs a terminal")
			}
			d, err := demo.Start(cmd.Context(), demo.Options{Lab: mode, Now: a.now})
			if err != nil {
				return err
			}
			defer d.Close()
			err = openTUI(cmd.Context(), a, d.Service, tuiSession{scan: d.ScanOptions, guide: d.Guide, notes: d.Notes})
			if cerr := d.Close(); cerr != nil && err == nil {
				err = cerr
			}
			if err == nil {
				fmt.Fprintln(a.stderr, "sunset demo: lab and demo database removed")
			}
			return err
		},
	}
	cmd.Flags().StringVar(&labMode, "lab", "auto", "auto (namespaces as root, else loopback), namespaces, loopback or none")
	return cmd
}
