package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"slices"

	"github.com/spf13/cobra"

	"github.com/sunset-tui/sunset/importers"
	"github.com/sunset-tui/sunset/inventory"
	"github.com/sunset-tui/sunset/lifecycle/service"
	"github.com/sunset-tui/sunset/scan"
)

type importFlags struct {
	format, keys, unknownColumns, dateOrder string
	maps, stageMaps                         []string
	dryRun, asJSON, latin1                  bool
}

func (f importFlags) options() (importers.Options, error) {
	var o importers.Options
	format, err := importers.ParseFormat(f.format)
	if err != nil {
		return o, inventory.FieldError("format", "%v", err)
	}
	o.Format = format
	if o.Map, err = importers.ParseMap(f.maps); err != nil {
		return o, inventory.FieldError("map", "%v", err)
	}
	if o.StageMap, err = importers.ParseStageMap(f.stageMaps); err != nil {
		return o, inventory.FieldError("stage-map", "%v", err)
	}
	if f.keys != "" {
		o.Keys = importers.ParseKeys(f.keys)
	}
	switch f.dateOrder {
	case "", "dmy", "mdy":
		o.DateOrder = importers.DateOrder(f.dateOrder)
	default:
		return o, inventory.FieldError("date-order", "%q is not dmy or mdy", f.dateOrder)
	}
	o.UnknownColumns, o.DryRun, o.Latin1 = f.unknownColumns, f.dryRun, f.latin1
	return o, nil
}

func newImportCmd(a *app) *cobra.Command {
	var f importFlags
	cmd := &cobra.Command{
		Use:   "import FILE... [--format auto|csv|netbox|snipeit|servicenow|glpi|runzero|nmap-xml] [--map COLUMN=FIELD]... [--key FIELD,...] [--stage-map VALUE=STAGE]... [--dry-run] [--json]",
		Short: "Import assets from CSV or CMDB exports, or observations from nmap XML, all or nothing",
		Long: `Import assets from a spreadsheet's CSV or a CMDB export (NetBox,
Snipe-IT, ServiceNow, GLPI, runZero), or the hosts of an nmap XML file as a
check. Rows match existing assets by --key (default serial, mac, tag,
hostname). A real import is one transaction: if any row is rejected nothing
is written, every rejected row is listed, and the exit code is 1.
--dry-run shows what would happen, row by row, and writes nothing.
A FILE of "-" reads standard input (once). A column whose name says it
holds a password or secret, in any of several languages, refuses the
import.`,
		RunE: func(cmd *cobra.Command, args []string) error {
			if len(args) == 0 {
				return usageError("import needs at least one FILE (see `sunset import --help`)")
			}
			opts, err := f.options()
			if err != nil {
				return err
			}
			in, err := readInputs(cmd.Context(), a.stdin, args, opts)
			defer in.close()
			if err != nil {
				return err
			}
			open := a.serviceToWrite
			if opts.DryRun {
				open = a.service
			}
			svc, err := open()
			if err != nil {
				return err
			}
			return runImport(cmd.Context(), a, svc, in, opts, f.asJSON)
		},
	}
	fl := cmd.Flags()
	fl.StringVar(&f.format, "format", "auto", "auto, csv, netbox, snipeit, servicenow, glpi, runzero or nmap-xml")
	fl.StringArrayVar(&f.maps, "map", nil, "send COLUMN to FIELD (kebab-case field name, or ignore); repeatable")
	fl.StringVar(&f.keys, "key", "", "match order, e.g. serial,mac,tag,hostname")
	fl.StringArrayVar(&f.stageMaps, "stage-map", nil, "say which stage a status VALUE means: VALUE=STAGE; repeatable")
	fl.BoolVar(&f.dryRun, "dry-run", false, "show what would happen, write nothing")
	fl.BoolVar(&f.asJSON, "json", false, "print the report as JSON")
	fl.StringVar(&f.unknownColumns, "unknown-columns", "notes", "keep unknown columns in notes, or ignore them")
	fl.BoolVar(&f.latin1, "latin1", false, "read files that are not UTF-8 as Latin-1 (Windows-1252)")
	fl.StringVar(&f.dateOrder, "date-order", "", "how to read dates like 03/04/2024: dmy or mdy")
	return cmd
}

// stdinName names standard input ("-") in messages and reports.
const stdinName = "<stdin>"

// importInputs are the inputs of an import, each opened and read once: a
// table whole, nmap XML left open to be streamed into a check.
type importInputs struct {
	tables []string          // in the order given
	data   map[string][]byte // of each table, by name
	xmls   []*importers.Input
}

// readInputs opens each input once, in order, and learns its format from
// its first bytes unless --format says it. "-" is standard input, which
// can be read only once.
func readInputs(ctx context.Context, stdin io.Reader, args []string, opts importers.Options) (*importInputs, error) {
	in := &importInputs{data: map[string][]byte{}}
	if i := slices.Index(args, "-"); i >= 0 && slices.Contains(args[i+1:], "-") {
		return in, usageError("standard input (-) can be imported only once")
	}
	for _, arg := range args {
		input, err := openInput(ctx, stdin, arg)
		if err != nil {
			return in, err
		}
		if err := in.add(input, opts); err != nil {
			input.Close()
			return in, err
		}
	}
	return in, nil
}

func openInput(ctx context.Context, stdin io.Reader, arg string) (*importers.Input, error) {
	if arg == "-" {
		return importers.NewInput(ctx, stdinName, stdin), nil
	}
	return importers.OpenInput(ctx, arg)
}

// add sorts one input: a table is read whole and let go, nmap XML kept.
func (in *importInputs) add(input *importers.Input, opts importers.Options) error {
	format := opts.Format
	if format == importers.FormatAuto || format == "" {
		var err error
		if format, _, err = input.Sniff(opts.Latin1); err != nil {
			return err
		}
	}
	if format == importers.FormatNmapXML {
		in.xmls = append(in.xmls, input)
		return nil
	}
	data, err := input.ReadAll()
	if err != nil {
		return err
	}
	in.tables = append(in.tables, input.Name)
	in.data[input.Name] = data
	return input.Close()
}

// read gives the bytes of a table already read, for importers.Options.
func (in *importInputs) read(name string) ([]byte, error) {
	return in.data[name], nil
}

func (in *importInputs) close() {
	for _, x := range in.xmls {
		x.Close()
	}
}

func runImport(ctx context.Context, a *app, svc *service.Service, in *importInputs, opts importers.Options, asJSON bool) error {
	var rep *importers.Report
	if len(in.tables) > 0 {
		bar := newProgressBar(a.stderr, "importing")
		opts.Progress = func(done, total int) {
			if total > 2000 {
				bar.update(float64(done)*100/float64(total), 0, fmt.Sprintf("%d/%d rows", done, total))
			}
		}
		opts.Read = in.read
		existing := 0
		if counts, err := svc.Store().StageCounts(ctx, inventory.AssetFilter{}); err == nil {
			for _, n := range counts {
				existing += n
			}
		}
		restore := tuneMemoryForImport(in.tables, existing, os.Getenv)
		r, err := svc.ImportTables(ctx, in.tables, opts)
		restore()
		bar.done()
		if err != nil {
			return err
		}
		rep = &r
	}
	var checks []scan.Result
	var xmls []string
	for _, input := range in.xmls {
		out, err := svc.ImportXMLFrom(ctx, input.Name, input.Reader(), opts.DryRun)
		if err != nil {
			return err
		}
		checks = append(checks, out.Result)
		xmls = append(xmls, input.Name)
	}
	if asJSON {
		if err := writeJSON(a.stdout, map[string]any{"import": rep, "nmap": nmapSummaries(checks, xmls)}); err != nil {
			return err
		}
	} else {
		if rep != nil {
			if err := rep.WriteText(a.stdout); err != nil {
				return err
			}
		}
		for i, res := range checks {
			c := res.Check
			verb := "imported as check #" + fmt.Sprint(c.ID)
			if opts.DryRun {
				verb = "would be imported as a check (dry run)"
			}
			partial := ""
			if c.Partial {
				partial = " — PARTIAL: " + c.PartialReason
			}
			if res.Cut > 0 {
				partial += fmt.Sprintf(" — %d values the file held were cut to fit (names, ports, banners)", res.Cut)
			}
			fmt.Fprintf(a.stdout, "%s: nmap XML, %d hosts answered, %d dark, %d unknown; %s%s\n",
				xmls[i], c.HostsAnswered, c.HostsDark, c.HostsUnknown, verb, partial)
		}
	}
	if rep != nil && rep.Rejected() {
		return &exitError{code: exitFindings, msg: fmt.Sprintf("%d row(s) rejected; nothing was written", rep.Counts.Rejected)}
	}
	return nil
}

type nmapSummary struct {
	File      string          `json:"file"`
	Check     inventory.Check `json:"check"`
	Conflicts []string        `json:"conflicts"`
	// Cut counts the values the file held that were cut to fit.
	Cut int `json:"cut"`
}

func nmapSummaries(results []scan.Result, files []string) []nmapSummary {
	out := []nmapSummary{}
	for i, r := range results {
		s := nmapSummary{File: files[i], Check: r.Check, Conflicts: []string{}, Cut: r.Cut}
		for _, c := range r.Conflicts {
			s.Conflicts = append(s.Conflicts, c.Text)
		}
		out = append(out, s)
	}
	return out
}
