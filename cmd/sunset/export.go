package main

import (
	"github.com/spf13/cobra"

	"github.com/sunset-tui/sunset/importers"
	"github.com/sunset-tui/sunset/inventory"
)

func newExportCmd(a *app) *cobra.Command {
	var format string
	var filter assetFilterFlags
	cmd := &cobra.Command{
		Use:   "export [--format csv|json] [--stage STAGE] [--address A] [--search TEXT]",
		Short: "Write the inventory as CSV (spreadsheet-safe) or JSON on stdout",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			f, err := filter.filter()
			if err != nil {
				return err
			}
			if format != "csv" && format != "json" {
				return inventory.FieldError("format", "%q is not csv or json", format)
			}
			a.bulkWork()
			s, err := a.open()
			if err != nil {
				return err
			}
			// A file or a pipe gets the data as it is stored, to be imported
			// again; a terminal gets it escaped, like everything else.
			out := a.stdout
			if !isTerminal(a.stdout) {
				out = terminalOf(a.stdout)
			}
			var e exporter
			if format == "json" {
				e, err = importers.NewJSONExporter(out)
			} else {
				e, err = importers.NewCSVExporter(out)
			}
			if err != nil {
				return err
			}
			return exportPages(cmd.Context(), s, f, e)
		},
	}
	cmd.Flags().StringVar(&format, "format", "csv", "csv or json")
	filter.add(cmd)
	return cmd
}
