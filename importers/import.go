package importers

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/sunset-tui/sunset/inventory"
)

// errRejected rolls back a real import in which some row was rejected.
var errRejected = errors.New("rows rejected")

// emptyInventory is the inventory a dry run with no store previews the
// rows against: one with no asset, so that no row is looked up (see
// isEmpty).
type emptyInventory struct{ inventory.Reader }

func (emptyInventory) StageCounts(context.Context, inventory.AssetFilter) (map[inventory.Stage]int, error) {
	return nil, nil
}

// Import reads files and applies them to store as one transaction: when any
// row is rejected nothing is written, and the report lists every rejected
// row with its reason. With DryRun it reports what would happen and writes
// nothing. The error is non-nil only when the import could not be done at
// all (an unreadable or malformed file, a bad option, a failing store, a
// cancelled ctx); rejected rows are in the report. A dry run with a nil
// store previews the rows against an empty inventory (there is no
// database yet).
//
// Each input is read once, as a stream, and its rows are decided and
// written in batches inside the one transaction, each batch matched
// against the inventory as it was when the import began (see
// applier.lookUp), so that what an import holds does not grow with its
// files (see also claims). With Options.Rows the rows of the report go out
// as they are decided, and the Report returned holds the rest: how each
// file was read, the counts, the status values with no stage.
func Import(ctx context.Context, store inventory.Store, files []string, opts Options) (Report, error) {
	rep := emptyReport(opts)
	s, err := opts.settings()
	if err != nil {
		return rep, err
	}
	rep.Keys = s.keys
	inputs, err := openInputs(ctx, files, opts)
	defer closeInputs(inputs)
	if err != nil {
		return rep, fileFailed(&rep, err)
	}
	plans, err := readHeaders(inputs, s, &rep)
	if err != nil {
		return rep, err
	}
	if err := checkMapUsed(plans, s); err != nil {
		return rep, err
	}
	if err := checkClassesUsed(plans, s); err != nil {
		return rep, err
	}
	emit := opts.Rows
	if emit == nil {
		emit = func(rows []Row) error {
			rep.Rows = append(rep.Rows, rows...)
			return nil
		}
	}
	ap := newApplier(ctx, s, &rep, plans)
	defer ap.claims.close()
	if s.dryRun {
		view := func(fn func(inventory.Reader) error) error { return fn(emptyInventory{}) }
		if store != nil {
			view = func(fn func(inventory.Reader) error) error { return store.View(ctx, fn) }
		}
		err = view(func(r inventory.Reader) error {
			_, err := ap.run(r, nil, emit)
			return err
		})
	} else if store == nil {
		err = errors.New("import: no inventory to write to")
	} else {
		err = store.Update(ctx, func(w inventory.Writer) error {
			// Rows are matched against the inventory as it was before the
			// import, in a dry run as in a real one, whatever the batches
			// before wrote: a read transaction begun now sees nothing of
			// this one until it commits.
			return store.View(ctx, func(r inventory.Reader) error { return ap.commit(r, w, opts, emit) })
		})
	}
	if errors.Is(err, errRejected) {
		err = nil
	} else if err == nil && !s.dryRun {
		rep.Written = rep.Counts.Created+rep.Counts.Updated > 0
	}
	if err == nil {
		for _, c := range s.classes.unmatched() {
			rep.Warnings = append(rep.Warnings, fmt.Sprintf("--classes %s matched no row: no row of the files has that class "+
				"(give a class as the file writes it, its table name or its label, or devices, or all)", shellQuote(c)))
		}
	}
	if !rep.Written {
		forgetCreatedIDs(rep.Rows)
	}
	if err != nil && ctx.Err() != nil {
		return rep, fmt.Errorf("import interrupted (%v): nothing was written", context.Cause(ctx))
	}
	return rep, fileFailed(&rep, err)
}

// commit is run for a real import: it applies every row with w and has
// the Update roll back when a row was rejected.
func (ap *applier) commit(r inventory.Reader, w inventory.Writer, opts Options, emit func([]Row) error) error {
	updated, err := ap.run(r, w, emit)
	if err != nil {
		return err
	}
	if ap.report.Counts.Rejected > 0 {
		return errRejected
	}
	if opts.BeforeCommit != nil {
		return opts.BeforeCommit(ap.ctx, w, updated)
	}
	return nil
}

// forgetCreatedIDs clears the IDs of assets that were never stored, or
// rolled back.
func forgetCreatedIDs(rows []Row) {
	for i := range rows {
		if rows[i].Action == ActionCreate {
			rows[i].AssetID = 0
		}
	}
}

// fileFailed records a file's error in the report when err is one.
func fileFailed(rep *Report, err error) error {
	var fe *FileError
	if !errors.As(err, &fe) {
		return err
	}
	for i := range rep.Files {
		if rep.Files[i].File == fe.File {
			rep.Files[i].Error = err.Error()
			return err
		}
	}
	rep.Files = append(rep.Files, FileReport{File: fe.File, Error: err.Error(), Columns: []ColumnReport{}})
	return err
}

func unwrapPath(err error) error {
	var pe *os.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

func emptyReport(opts Options) Report {
	return Report{Schema: 1, DryRun: opts.DryRun, Files: []FileReport{}, Rows: []Row{}, UnknownStatuses: []UnknownStatus{},
		SkippedClasses: []SkippedClass{}, Keys: []string{}, Warnings: []string{}}
}

// openInputs opens every input before any is read: a missing file ends
// the import before it begins.
func openInputs(ctx context.Context, files []string, opts Options) ([]*Input, error) {
	open := opts.Open
	if open == nil {
		open = func(f string) (*Input, error) { return OpenInput(ctx, f) }
	}
	inputs := make([]*Input, 0, len(files))
	for _, f := range files {
		in, err := open(f)
		if err != nil {
			return inputs, err
		}
		inputs = append(inputs, in)
	}
	return inputs, nil
}

func closeInputs(inputs []*Input) {
	for _, in := range inputs {
		in.Close()
	}
}

// readHeaders reads the first part of every input, its header included,
// and plans how its columns become fields, recognising its format when the
// options leave that to sunset.
func readHeaders(inputs []*Input, s *settings, rep *Report) ([]*filePlan, error) {
	plans := make([]*filePlan, 0, len(inputs))
	for i, in := range inputs {
		p, err := planInput(in, s)
		if err != nil {
			return nil, fileFailed(rep, err)
		}
		p.file = i
		rep.Files = append(rep.Files, p.report)
		plans = append(plans, p)
	}
	return plans, nil
}

// planInput opens the table of one input and plans it.
func planInput(in *Input, s *settings) (*filePlan, error) {
	if err := in.fill(sniffBytes); err != nil {
		return nil, err
	}
	format, reason := s.format, ""
	if isXML(in.data) {
		if format == FormatAuto || format == FormatNmapXML {
			if !isNmapXML(in.data) {
				return nil, fileErr(in.Name, 0, "is XML but not nmap output (no <nmaprun> element)")
			}
			return nil, fileErr(in.Name, 0, "is nmap XML: import it as a check (the scan importer), not as inventory rows")
		}
	}
	if format == FormatNmapXML {
		return nil, fileErr(in.Name, 0, "is not nmap XML (no <nmaprun> element)")
	}
	src := &decoder{name: in.Name, r: in.Reader(), latin1: s.latin1}
	t, err := newTable(in.Name, src)
	if err != nil {
		return nil, err
	}
	var lay *layout
	if format == FormatAuto {
		lay, reason = detectLayout(t.header)
	} else {
		lay = layoutFor(format)
	}
	p, err := planFile(t, lay, s)
	if err != nil {
		return nil, err
	}
	p.size = in.size
	p.report = FileReport{File: in.Name, Format: lay.format, Detected: reason, Encoding: src.encoding,
		Delimiter: delimiterName(t.delim), Columns: []ColumnReport{}}
	for _, c := range p.columns {
		cr := ColumnReport{Column: columnLabel(c), Use: c.use, Why: c.why, After: c.after}
		if c.use == UseField {
			cr.Field = c.target
		}
		p.report.Columns = append(p.report.Columns, cr)
	}
	return p, nil
}

func delimiterName(d byte) string {
	if d == '\t' {
		return "tab"
	}
	return string(d)
}

// checkMapUsed refuses a --map whose column no file has: a typo would
// otherwise leave the column unmapped without a word.
func checkMapUsed(plans []*filePlan, s *settings) error {
	for _, n := range sortedKeys(s.colMap) {
		found := false
		for _, p := range plans {
			for _, h := range p.t.header {
				if normHeader(h) == n {
					found = true
				}
			}
		}
		if !found {
			return fmt.Errorf("--map %q: no input file has a column of that name", s.mapNames[n])
		}
	}
	return nil
}

// checkClassesUsed refuses --classes when no file has a class column:
// it would choose nothing, as a --map of a column no file has.
func checkClassesUsed(plans []*filePlan, s *settings) error {
	if len(s.classes.given) == 0 {
		return nil
	}
	for _, p := range plans {
		if len(p.classCols) > 0 {
			return nil
		}
	}
	return fmt.Errorf("--classes %s: no input file has a class column (such as ServiceNow's sys_class_name or Class) for it to choose by",
		shellQuote(strings.Join(s.classes.spelled(), ",")))
}

// run applies every row of every file, a batch at a time, matching with
// r and, in a real import, writing with w; the outlet writes and hands on
// each batch while the next is read and decided.
func (ap *applier) run(r inventory.Reader, w inventory.Writer, emit func([]Row) error) (updated []int64, err error) {
	ap.snapshot, ap.queueing = r, w != nil
	if ap.empty, err = isEmpty(ap.ctx, r); err != nil {
		return nil, err
	}
	out := newOutlet(ap.ctx, w, ap.report, emit, ap.s.progress, ap.size())
	err = ap.decideAll(out)
	if oerr := out.close(); err == nil {
		err = oerr
	}
	// The report's counts are the outlet's until it is closed.
	for _, p := range ap.plans {
		for _, sk := range p.skips {
			ap.report.SkippedClasses = append(ap.report.SkippedClasses, sk)
			ap.report.Counts.Skipped += sk.Rows
			ap.report.Counts.Rows += sk.Rows
		}
	}
	return out.updated, err
}

// isEmpty reports whether the inventory has no asset: then no row needs
// looking up, which an import into a new inventory would otherwise do for
// every batch.
func isEmpty(ctx context.Context, r inventory.Reader) (bool, error) {
	counts, err := r.StageCounts(ctx, inventory.AssetFilter{})
	return len(counts) == 0, err
}

// decideAll reads and decides every batch of every file, handing each to
// out.
func (ap *applier) decideAll(out *outlet) error {
	for _, p := range ap.plans {
		for {
			b, err := out.next()
			if err != nil {
				return err
			}
			rerr := b.read(ap.ctx, p)
			if len(b.drafts) == 0 {
				out.free <- b
			} else if derr := ap.decide(b); derr != nil {
				out.free <- b
				return derr
			} else {
				b.readBytes = ap.bytesRead()
				out.todo <- b
			}
			if errors.Is(rerr, io.EOF) {
				break
			}
			if rerr != nil {
				return rerr
			}
		}
		if err := p.t.src.forcedOnUTF8(); err != nil {
			return err
		}
		ap.report.Files[p.file].Rows, ap.report.Files[p.file].BlankRows = p.t.rows, p.t.blank
		for i := range ap.report.Files[p.file].Columns {
			c := &ap.report.Files[p.file].Columns[i]
			c.RowsFilled, c.RowsKept = p.filled[i], p.kept[i]
		}
		// A file that turned out not to be UTF-8 is read as Latin-1 from
		// its first such byte on; say so.
		ap.report.Files[p.file].Encoding = p.t.src.encoding
	}
	return nil
}

// bytesRead is how much of every input was read.
func (ap *applier) bytesRead() int64 {
	var n int64
	for _, p := range ap.plans {
		n += p.t.src.read
	}
	return n
}

// size is the size of every input together, or -1 when one cannot tell.
func (ap *applier) size() int64 {
	var n int64
	for _, p := range ap.plans {
		if p.size < 0 {
			return -1
		}
		n += p.size
	}
	return n
}
