package importers

import (
	"context"
	"errors"
	"fmt"
	"os"

	"github.com/sunset-tui/sunset/inventory"
)

// Source is one input: a name for messages and its bytes.
type Source struct {
	Name string
	Data []byte
	// read marks Data that Import read itself, or was handed by
	// Options.Read, and that nothing writes again, which the text of the
	// import may share instead of copying.
	read bool
}

// errRejected rolls back a real import in which some row was rejected.
var errRejected = errors.New("rows rejected")

// Import reads files and applies them to store as one transaction: when any
// row is rejected nothing is written, and the report lists every rejected
// row with its reason. With DryRun it reports what would happen and writes
// nothing. The error is non-nil only when the import could not be done at
// all (an unreadable or malformed file, a bad option, a failing store);
// rejected rows are in the report.
func Import(ctx context.Context, store inventory.Store, files []string, opts Options) (Report, error) {
	read := opts.Read
	if read == nil {
		read = ReadFile
	}
	srcs := make([]Source, 0, len(files))
	for _, f := range files {
		data, err := read(f)
		if err != nil {
			rep := emptyReport(opts)
			rep.Files = append(rep.Files, FileReport{File: f, Error: err.Error(), Columns: []ColumnReport{}})
			return rep, err
		}
		srcs = append(srcs, Source{Name: f, Data: data, read: true})
	}
	return ImportSources(ctx, store, srcs, opts)
}

// ReadFile reads one input file within MaxFileBytes.
func ReadFile(path string) ([]byte, error) {
	in, err := OpenInput(context.Background(), path)
	if err != nil {
		return nil, err
	}
	defer in.Close()
	return in.ReadAll()
}

func unwrapPath(err error) error {
	var pe *os.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

func emptyReport(opts Options) Report {
	return Report{Schema: 1, DryRun: opts.DryRun, Files: []FileReport{}, Rows: []Row{}, UnknownStatuses: []UnknownStatus{}, Keys: []string{}}
}

// ImportSources is Import for inputs already in memory.
func ImportSources(ctx context.Context, store inventory.Store, srcs []Source, opts Options) (Report, error) {
	rep := emptyReport(opts)
	rep.Rows = make([]Row, 0, 64)
	s, err := opts.settings()
	if err != nil {
		return rep, err
	}
	rep.Keys = s.keys
	var plans []*filePlan
	total := 0
	for _, src := range srcs {
		p, err := readSource(src, s)
		if err != nil {
			rep.Files = append(rep.Files, FileReport{File: src.Name, Error: err.Error(), Columns: []ColumnReport{}})
			return rep, err
		}
		rep.Files = append(rep.Files, p.report)
		plans = append(plans, p)
		total += len(p.t.rows)
	}
	if err := checkMapUsed(plans, s); err != nil {
		return rep, err
	}
	rep.Rows = make([]Row, 0, total)
	var updated []int64 // the assets an update of a row changed
	run := func(r inventory.Reader, w inventory.Writer) error {
		rep.Rows, rep.UnknownStatuses = rep.Rows[:0], rep.UnknownStatuses[:0] // should fn run again
		existing, err := r.Assets(ctx, inventory.AssetFilter{})
		if err != nil {
			return err
		}
		ap := newApplier(ctx, s, existing, w, &rep, total)
		if err := ap.run(plans); err != nil {
			return err
		}
		if ap.writes != nil {
			updated = ap.writes.updated
		}
		return nil
	}
	if s.dryRun {
		err = run(store, nil)
	} else {
		err = store.Update(ctx, func(w inventory.Writer) error {
			if err := run(w, w); err != nil {
				return err
			}
			rep.count()
			if rep.Counts.Rejected > 0 {
				return errRejected
			}
			if opts.BeforeCommit != nil {
				return opts.BeforeCommit(ctx, w, updated)
			}
			return nil
		})
	}
	rep.count()
	if errors.Is(err, errRejected) {
		err = nil
	} else if err == nil && !s.dryRun {
		rep.Written = rep.Counts.Created+rep.Counts.Updated > 0
	}
	if !rep.Written {
		for i := range rep.Rows {
			if rep.Rows[i].Action == ActionCreate {
				rep.Rows[i].AssetID = 0 // rolled back, or never written
			}
		}
	}
	return rep, err
}

// run reads every row of every file and applies it.
func (ap *applier) run(plans []*filePlan) (err error) {
	if ap.writes != nil {
		defer func() {
			if werr := ap.writes.wait(ap.report); err == nil {
				err = werr
			}
		}()
	}
	done := 0
	var cells []string
	var d draft
	for _, p := range plans {
		for i, r := range p.t.rows {
			if done%1024 == 0 {
				if err := ap.ctx.Err(); err != nil {
					return err
				}
				if ap.s.progress != nil {
					ap.s.progress(done, ap.total)
				}
			}
			if got, err := p.t.row(i, cells); err != nil {
				p.unreadableRow(&d, err, r.line)
			} else {
				cells = got
				p.readRow(&d, cells, r.line, ap.s)
			}
			ap.apply(&d)
			done++
		}
	}
	if ap.s.progress != nil {
		ap.s.progress(done, ap.total)
	}
	return nil
}

// readSource turns one input into a plan, recognising its format when the
// options leave that to sunset.
func readSource(src Source, s *settings) (*filePlan, error) {
	format, reason := s.format, ""
	if isXML(src.Data) {
		if format == FormatAuto || format == FormatNmapXML {
			if !isNmapXML(src.Data) {
				return nil, fileErr(src.Name, 0, "is XML but not nmap output (no <nmaprun> element)")
			}
			return nil, fileErr(src.Name, 0, "is nmap XML: import it as a check (the scan importer), not as inventory rows")
		}
	}
	if format == FormatNmapXML {
		return nil, fileErr(src.Name, 0, "is not nmap XML (no <nmaprun> element)")
	}
	text, err := decodeText(src.Name, src.Data, s.latin1, src.read)
	if err != nil {
		return nil, err
	}
	t, err := newTable(src.Name, text)
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
	if err := p.index(s); err != nil {
		return nil, err
	}
	p.report = FileReport{File: src.Name, Format: lay.format, Detected: reason, Encoding: encodingOf(src.Data, s.latin1),
		Delimiter: delimiterName(t.delim), Rows: len(t.rows), BlankRows: t.blank}
	for _, c := range p.columns {
		cr := ColumnReport{Column: columnLabel(c), Use: c.use, Why: c.why}
		if c.use == UseField {
			cr.Field = c.target
		}
		p.report.Columns = append(p.report.Columns, cr)
	}
	return p, nil
}

func encodingOf(data []byte, latin1 bool) string {
	switch {
	case len(data) >= 3 && string(data[:3]) == string(bomUTF8):
		return "utf-8 (byte-order mark removed)"
	case latin1:
		return "latin-1"
	}
	return "utf-8"
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
