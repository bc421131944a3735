package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/spf13/cobra"

	"github.com/sunset-tui/sunset/importers"
	"github.com/sunset-tui/sunset/inventory"
	"github.com/sunset-tui/sunset/inventory/postgres"
	"github.com/sunset-tui/sunset/lifecycle/service"
	"github.com/sunset-tui/sunset/scan"
)

type importFlags struct {
	format, keys, unknownColumns, dateOrder string
	site                                    string // where nmap XML files were scanned from
	maps, stageMaps, classes                []string
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
	// Class labels have spaces ("Linux Server"): only commas separate them.
	for _, list := range f.classes {
		for _, c := range strings.Split(list, ",") {
			if c = strings.TrimSpace(c); c != "" {
				o.Classes = append(o.Classes, c)
			}
		}
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
		Use:   "import FILE... [--format auto|csv|netbox|snipeit|servicenow|glpi|runzero|ralph|nmap-xml] [--map COLUMN=FIELD]... [--key FIELD,...] [--stage-map VALUE=STAGE]... [--classes CLASS,...] [--dry-run] [--json]",
		Short: "Import assets from CSV or CMDB exports, or observations from nmap XML, all or nothing",
		Long: `Import assets from a spreadsheet's CSV or a CMDB export (NetBox,
Snipe-IT, ServiceNow, GLPI, runZero, Ralph), or the hosts of an nmap XML
file as a check. Rows match existing assets by --key (default id, serial,
mac, tag, hostname, name, ip; id is the exporting tool's own id): the
first key that names one asset matches it, and the row's other keys must
agree with that asset or be empty. A tag, serial or MAC
of another asset, or other than the matched asset's, makes the row a
conflict, never a merge or a rename; a new hostname is an update. To
change a tag, serial or MAC by import, leave it out of --key. Two rows
for one device are a conflict too: the later one is rejected.
A real import is one transaction: if any row is rejected nothing is
written, every rejected row is listed, and the exit code is 1.
--dry-run shows what would happen, row by row, and writes nothing.
Rows of a class that is no device (ServiceNow's software, services,
databases) are skipped and counted by class; --classes names the classes
to import (class names, "devices", or "all"). Columns that fill no field
are kept as the asset's imported columns, apart from its notes, which an
import never overwrites.
Rows are reported as they are decided; how each file was read and the
counts follow. A FILE of "-" reads standard input (once). A column whose
name says it holds a password or secret, in any of several languages,
refuses the import.`,
		RunE: func(cmd *cobra.Command, args []string) error {
			if len(args) == 0 {
				return usageError("import needs at least one FILE (see `sunset import --help`)")
			}
			opts, err := f.options()
			if err != nil {
				return err
			}
			if err := inventory.ValidSite(f.site); err != nil {
				return err
			}
			in, err := readInputs(cmd.Context(), a.stdin, args, opts)
			defer in.close()
			if err != nil {
				return err
			}
			if f.site != "" && len(in.xmls) == 0 {
				return usageError("--site says where an nmap XML file was scanned from, and no FILE is nmap XML")
			}
			in.site = f.site
			open := a.serviceToWrite
			if opts.DryRun {
				open = a.serviceToPreview
			}
			svc, err := open()
			if err != nil {
				return err
			}
			return runImport(cmd.Context(), a, svc, in, opts, f.asJSON)
		},
	}
	fl := cmd.Flags()
	fl.StringVar(&f.format, "format", "auto", "auto, csv, netbox, snipeit, servicenow, glpi, runzero, ralph or nmap-xml")
	fl.StringArrayVar(&f.maps, "map", nil, "send COLUMN to FIELD (kebab-case field name, or ignore); repeatable")
	fl.StringVar(&f.keys, "key", "", "match order, e.g. serial,mac,tag,hostname")
	fl.StringArrayVar(&f.stageMaps, "stage-map", nil, "say which stage a status VALUE means: VALUE=STAGE; repeatable")
	fl.StringArrayVar(&f.classes, "classes", nil, "in a file with a class column, the classes to import (comma separated: class names, devices, all); default devices")
	fl.BoolVar(&f.dryRun, "dry-run", false, "show what would happen, write nothing")
	fl.BoolVar(&f.asJSON, "json", false, "print the report as JSON")
	fl.StringVar(&f.unknownColumns, "unknown-columns", "keep", "keep unknown columns as the asset's imported columns (apart from its notes), or ignore them")
	fl.BoolVar(&f.latin1, "latin1", false, "read files that are not UTF-8 as Latin-1 (Windows-1252)")
	fl.StringVar(&f.dateOrder, "date-order", "", "how to read dates like 03/04/2024: dmy or mdy")
	fl.StringVar(&f.site, "site", "", "where the nmap XML files were scanned from (a site name, as `sunset check --site`); without it a file counts as seen from every site")
	return cmd
}

// serviceToPreview is the service a dry run reads the inventory with:
// with no inventory yet (a fresh install), one on no store, which an
// import previews against an empty inventory, creating nothing.
func (a *app) serviceToPreview() (*service.Service, error) {
	svc, err := a.service()
	if !inventory.IsKind(err, inventory.ErrNotFound) {
		return svc, err
	}
	fmt.Fprintf(a.stderr, "sunset: no inventory yet (%v); the dry run compares the files with an empty one and creates none\n",
		postgres.Redact(a.dbPath))
	return service.New(nil, service.Options{Actor: a.actor, Now: a.now}), nil
}

// stdinName names standard input ("-") in messages and reports.
const stdinName = "<stdin>"

// importInputs are the inputs of an import, each opened and read once:
// tables, streamed by the import, and nmap XML, streamed into a check.
type importInputs struct {
	tables []*importers.Input // in the order given
	opened int                // how many tables the import has taken
	xmls   []*importers.Input
	site   string // where the nmap XML files were scanned from
}

// readInputs opens each input once, in order, and learns its format from
// its first bytes unless --format says it. "-" is standard input, which
// can be read only once.
func readInputs(ctx context.Context, stdin io.Reader, args []string, opts importers.Options) (*importInputs, error) {
	in := &importInputs{}
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

// add sorts one input: a table or nmap XML.
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
	} else {
		in.tables = append(in.tables, input)
	}
	return nil
}

func (in *importInputs) tableNames() []string {
	names := make([]string, len(in.tables))
	for i, t := range in.tables {
		names[i] = t.Name
	}
	return names
}

// open hands the import its tables, already open, in the order it asks
// for them (importers.Options.Open).
func (in *importInputs) open(name string) (*importers.Input, error) {
	if in.opened >= len(in.tables) || in.tables[in.opened].Name != name {
		return nil, fmt.Errorf("import asked for %s, not the next input", name)
	}
	in.opened++
	return in.tables[in.opened-1], nil
}

func (in *importInputs) close() {
	for _, x := range slices.Concat(in.tables, in.xmls) {
		x.Close()
	}
}

func runImport(ctx context.Context, a *app, svc *service.Service, in *importInputs, opts importers.Options, asJSON bool) error {
	out := newImportOutput(a.stdout, asJSON, len(in.tables))
	var rep *importers.Report
	if len(in.tables) > 0 {
		bar := newProgressBar(a.stderr, "importing")
		opts.Progress = func(p importers.Progress) { bar.update(percentRead(p), 0, fmt.Sprintf("%d rows", p.Rows)) }
		opts.Open, opts.Rows = in.open, out.rows
		a.bulkWork()
		r, err := svc.ImportTables(ctx, in.tableNames(), opts)
		bar.done()
		if err != nil {
			return out.tables(&r, err)
		}
		rep = &r
	}
	if err := out.tables(rep, nil); err != nil {
		return err
	}
	var checks []importedCheck
	for _, input := range in.xmls {
		res, err := svc.ImportXMLAt(ctx, input.Name, in.site, input.Reader(), opts.DryRun)
		if err != nil {
			return out.checks(checks, opts.DryRun, err)
		}
		c := importedCheck{file: input.Name, res: res.Result}
		if !opts.DryRun {
			if c.unknowns, err = svc.UnknownsOf(ctx, res.Result); err != nil {
				return out.checks(checks, opts.DryRun, err)
			}
		}
		checks = append(checks, c)
	}
	if err := out.checks(checks, opts.DryRun, nil); err != nil {
		return err
	}
	if rep != nil && rep.Rejected() {
		return &exitError{code: exitFindings, msg: fmt.Sprintf("%d row(s) rejected; nothing was written", rep.Counts.Rejected)}
	}
	return nil
}

// percentRead is how much of its inputs an import has read, or 0 when one
// cannot tell its size (standard input).
func percentRead(p importers.Progress) float64 {
	if p.Size <= 0 {
		return 0
	}
	return float64(p.Read) * 100 / float64(p.Size)
}

// importOutput writes an import's report as it is made: the tables' rows
// as the import decides them, the end of their report, then the checks of
// the nmap XML files.
type importOutput interface {
	rows(rows []importers.Row) error
	// tables writes the end of the tables' report (rep is nil when there
	// were none), or ends what was written when their import failed with
	// err, and returns err.
	tables(rep *importers.Report, err error) error
	// checks writes the checks imported, then the end; err says why the
	// next one could not be, and is returned.
	checks(checks []importedCheck, dryRun bool, err error) error
}

// importedCheck is an nmap XML file imported as a check, with the unknown
// devices it shows (judged only once the check is stored).
type importedCheck struct {
	file     string
	res      scan.Result
	unknowns service.CheckUnknowns
}

func newImportOutput(w io.Writer, asJSON bool, tables int) importOutput {
	if asJSON {
		out := &jsonImportOutput{w: &headFirst{w: &jsonEscaper{w: w}, head: "{\n  \"import\": "}}
		out.report = importers.NewJSONWriter(out.w, "  ")
		return out
	}
	return &textImportOutput{w: w, report: importers.NewTextWriter(w, tables)}
}

type textImportOutput struct {
	w      io.Writer
	report *importers.TextWriter
}

func (o *textImportOutput) rows(rows []importers.Row) error { return o.report.WriteRows(rows) }

func (o *textImportOutput) tables(rep *importers.Report, err error) error {
	if err != nil || rep == nil {
		return err
	}
	return o.report.Finish(rep)
}

func (o *textImportOutput) checks(checks []importedCheck, dryRun bool, err error) error {
	for _, ic := range checks {
		res, c := ic.res, ic.res.Check
		verb := "imported as check #" + fmt.Sprint(c.ID)
		if dryRun {
			verb = "would be imported as a check (dry run)"
		}
		partial := ""
		if c.Partial {
			partial = " — PARTIAL: " + c.PartialReason
		}
		if res.Cut > 0 {
			partial += fmt.Sprintf(" — %d values the file held were cut to fit (names, ports, banners)", res.Cut)
		}
		unknown := "; unknown devices are judged once it is stored"
		if !dryRun {
			unknown = "; " + unknownDevicesText(ic.unknowns)
		}
		// "unclear": nmap's word for neither answered nor dark; "unknown"
		// is sunset's for a device the inventory lacks.
		fmt.Fprintf(o.w, "%s: nmap XML, %s, %d dark, %d unclear; %s%s%s\n",
			ic.file, plural(c.HostsAnswered, "host answered", "hosts answered"), c.HostsDark, c.HostsUnknown, verb, unknown, partial)
	}
	return err
}

// unknownDevicesText says how many unknown devices a check shows, as
// `sunset unknown` lists them, and why any that answered were not judged.
func unknownDevicesText(u service.CheckUnknowns) string {
	switch {
	case u.ScopeEmpty && u.Unjudged > 0:
		return fmt.Sprintf("no device judged unknown: the scan scope is empty, so %s not in the inventory went unjudged "+
			"(set the scope with `sunset policy set scan.scope CIDR,...`)", answeringAddresses(u.Unjudged))
	case u.ScopeEmpty:
		return "no device judged unknown: the scan scope is empty (set it with `sunset policy set scan.scope CIDR,...`)"
	}
	s := fmt.Sprintf("%d unknown devices (`sunset unknown` lists them)", u.Unknown)
	if u.Unknown == 1 {
		s = "1 unknown device (`sunset unknown` lists it)"
	}
	if u.Unjudged > 0 {
		s += fmt.Sprintf(", %s outside the scan scope not judged", answeringAddresses(u.Unjudged))
	}
	return s
}

func answeringAddresses(n int) string {
	if n == 1 {
		return "1 answering address"
	}
	return fmt.Sprintf("%d answering addresses", n)
}

// jsonImportOutput writes one JSON document, {"import": ..., "nmap": ...,
// "schema": 1}, as writeJSON does, the import's rows as they come. It
// writes nothing until there is something to write: an import that fails
// before its first row prints nothing, as any failed command; one that
// fails later ends the document, with the failure as the import's
// "error".
type jsonImportOutput struct {
	w      *headFirst
	report *importers.JSONWriter
	ended  bool
}

func (o *jsonImportOutput) rows(rows []importers.Row) error { return o.report.WriteRows(rows) }

func (o *jsonImportOutput) tables(rep *importers.Report, err error) error {
	switch {
	case err != nil && o.w.started:
		o.report.Finish(rep, err)
		o.end(nil, false)
	case err == nil && rep != nil:
		err = o.report.Finish(rep, nil)
	}
	return err
}

func (o *jsonImportOutput) checks(checks []importedCheck, dryRun bool, err error) error {
	if !o.w.started {
		if err != nil {
			return err
		}
		if _, err := io.WriteString(o.w, "null"); err != nil { // no tables
			return err
		}
	}
	if eerr := o.end(checks, dryRun); err == nil {
		err = eerr
	}
	return err
}

// end writes the nmap summaries and the end of the document, once.
func (o *jsonImportOutput) end(checks []importedCheck, dryRun bool) error {
	if o.ended {
		return nil
	}
	o.ended = true
	b, err := json.MarshalIndent(nmapSummaries(checks, dryRun), "  ", "  ")
	if err != nil {
		return err
	}
	_, err = fmt.Fprintf(o.w, ",\n  \"nmap\": %s,\n  \"schema\": %d\n}\n", b, schemaVersion)
	return err
}

// headFirst writes head before the first thing written to it.
type headFirst struct {
	w       io.Writer
	head    string
	started bool
}

func (h *headFirst) Write(p []byte) (int, error) {
	if !h.started {
		h.started = true
		if _, err := io.WriteString(h.w, h.head); err != nil {
			return 0, err
		}
	}
	return h.w.Write(p)
}

// jsonEscaper is escapeJSON for a document written in parts, which may cut
// a character in two.
type jsonEscaper struct {
	w       io.Writer
	partial []byte
}

func (e *jsonEscaper) Write(p []byte) (int, error) {
	b := append(e.partial, p...)
	whole := importers.CompleteRunes(b)
	e.partial = append(e.partial[:0:0], b[whole:]...)
	b = b[:whole]
	if slices.ContainsFunc(b, func(c byte) bool { return c >= utf8.RuneSelf }) {
		b = []byte(escapeJSON(string(b)))
	}
	if _, err := e.w.Write(b); err != nil {
		return 0, err
	}
	return len(p), nil
}

type nmapSummary struct {
	File      string          `json:"file"`
	Check     inventory.Check `json:"check"`
	Conflicts []string        `json:"conflicts"`
	// Cut counts the values the file held that were cut to fit.
	Cut int `json:"cut"`
	// UnknownDevices counts the check's addresses that `sunset unknown`
	// lists; Unjudged those that answered, with no asset, outside the
	// scan scope (all of them when it is empty, which ScopeEmpty says).
	// Judged is false in a dry run, which judges none.
	Judged         bool `json:"judged"`
	UnknownDevices int  `json:"unknown_devices"`
	Unjudged       int  `json:"unjudged"`
	ScopeEmpty     bool `json:"scope_empty"`
}

func nmapSummaries(checks []importedCheck, dryRun bool) []nmapSummary {
	out := []nmapSummary{}
	for _, ic := range checks {
		r, u := ic.res, ic.unknowns
		s := nmapSummary{File: ic.file, Check: r.Check, Conflicts: []string{}, Cut: r.Cut,
			Judged: !dryRun, UnknownDevices: u.Unknown, Unjudged: u.Unjudged, ScopeEmpty: u.ScopeEmpty}
		for _, c := range r.Conflicts {
			s.Conflicts = append(s.Conflicts, c.Text)
		}
		out = append(out, s)
	}
	return out
}
