package tui

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/bubbles/textinput"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/sunset-tui/sunset/importers"
	"github.com/sunset-tui/sunset/lifecycle/service"
	"github.com/sunset-tui/sunset/scan"
	"github.com/sunset-tui/sunset/tui/safe"
)

// importDialog imports a file in two steps: a dry run whose report is
// shown first, then, on confirmation, the import itself (one transaction:
// all rows or none), with the mappings, stage mappings, keys and classes
// the file needs, as the command line's flags give them. An nmap XML file
// becomes a check, as on the command line.
type importDialog struct {
	c      *common
	inputs [importInputs]textinput.Model
	focus  int
	step   importStep
	file   string
	opts   importers.Options // those of the dry run shown, for the import
	// seen is the file as the dry run read it: the import refuses
	// another (see fileSeen).
	seen   fileSeen
	report importers.Report
	// check is the nmap XML file read as a check, when the file is one.
	check *scan.Result
	lines []string // the dry run's report, line by line, made safe
	text  []string // lines wrapped to the dialog's width
	err   string
	// scroll is the first line of text shown, never past the last page.
	scroll int
	width  int
	height int
}

type importStep int

const (
	importAsk importStep = iota
	importPreviewing
	importPreview
	importWriting
)

// importReportMsg delivers a dry run's report to the dialog that asked:
// of a table, or of an nmap XML file (check).
type importReportMsg struct {
	dialog *importDialog
	file   string
	opts   importers.Options
	seen   fileSeen
	report importers.Report
	check  *scan.Result
	err    error
}

func newImportDialog(c *common) dialog {
	return &importDialog{c: c, inputs: newImportInputs()}
}

func (d *importDialog) Init() tea.Cmd { return nil }

func (d *importDialog) SetSize(w, h int) {
	d.width, d.height = w, h
	for i := range d.inputs {
		d.inputs[i].Width = max(dialogInnerWidth(w)-labelWidth-2, 8)
	}
	d.rewrap()
}

// rewrap wraps the report's lines to the dialog's width, so that no
// line of it is cut, and keeps the scroll within them.
func (d *importDialog) rewrap() {
	d.text = d.text[:0]
	for _, l := range d.lines {
		d.text = append(d.text, wrap(l, dialogInnerWidth(d.width))...)
	}
	d.scrollTo(d.scroll)
}

// reportRoom is how many lines of the report the dialog shows at once:
// its body less a line that says where the view is, when it scrolls.
func (d *importDialog) reportRoom() int {
	room := max(d.height-4, 1)
	if len(d.text) > room {
		room = max(room-1, 1)
	}
	return room
}

func (d *importDialog) scrollTo(line int) {
	d.scroll = max(min(line, len(d.text)-d.reportRoom()), 0)
}

func (d *importDialog) failed(err error) {
	d.step, d.err = importPreview, errText(err)
}

func (d *importDialog) dryRun(file string, opts importers.Options) tea.Cmd {
	ctx, svc, log := d.c.ctx, d.c.svc, d.c.log
	return func() tea.Msg {
		msg := importReportMsg{dialog: d, file: file, opts: opts}
		opts.DryRun = true
		stat, err := statFile(file)
		format := importers.FormatAuto
		if err == nil {
			format, _, err = importers.SniffFile(file, false)
		}
		switch {
		case err != nil:
			msg.err = err
		case format == importers.FormatNmapXML:
			msg.seen, msg.check, msg.err = dryRunXML(ctx, svc, file, stat)
		default:
			o := &summedOpen{ctx: ctx}
			opts.Open = o.open
			msg.report, msg.err = svc.ImportTables(ctx, []string{file}, opts)
			o.close()
			msg.seen = o.seen(stat)
		}
		if msg.err != nil {
			log.Error("import dry run", "file", file, "err", msg.err)
		}
		return msg
	}
}

// dryRunXML reads an nmap XML file as the check it would be, and sums
// all of it.
func dryRunXML(ctx context.Context, svc *service.Service, file string, stat fileSeen) (fileSeen, *scan.Result, error) {
	f, err := os.Open(file)
	if err != nil {
		return stat, nil, err
	}
	defer f.Close()
	r := newSummingReader(f, nil)
	out, err := svc.ImportXMLFrom(ctx, file, r, true)
	if err != nil {
		return stat, &out.Result, err
	}
	if _, err := io.Copy(io.Discard, r); err != nil {
		return stat, &out.Result, err
	}
	stat.sum, stat.summed = r.result()
	return stat, &out.Result, nil
}

// unchanged refuses a file that is not the one the dry run read: its
// size or time differ, or, for an nmap XML file (whose reading may end
// before the file does), what it holds.
func (seen fileSeen) unchanged(file string, whole bool) error {
	if err := seen.changed(file); err != nil {
		return err
	}
	if !whole || !seen.summed {
		return nil
	}
	sum, err := sumFile(file)
	if err != nil {
		return err
	}
	if sum != seen.sum {
		return changedSinceDryRun(file, "what it holds is not what the dry run read")
	}
	return nil
}

func (d *importDialog) apply() tea.Cmd {
	ctx, svc, log, file, opts, seen := d.c.ctx, d.c.svc, d.c.log, d.file, d.opts, d.seen
	if d.check != nil {
		return func() tea.Msg {
			if err := seen.unchanged(file, true); err != nil {
				log.Error("import", "file", file, "err", err)
				return writeDoneMsg{err: err}
			}
			out, err := svc.ImportXML(ctx, file, false)
			if err != nil {
				log.Error("import", "file", file, "err", err)
				return writeDoneMsg{err: err}
			}
			what := fmt.Sprintf("imported %s as check #%d", safe.Text(filepath.Base(file)), out.Check.ID)
			u, err := svc.UnknownsOf(ctx, out.Result)
			switch {
			case err != nil:
				log.Error("import: unknown devices", "file", file, "err", err)
			case u.ScopeEmpty:
				what += "; no device judged unknown: the scan scope is empty (set it on the policy screen)"
			default:
				what += fmt.Sprintf("; %d unknown devices", u.Unknown)
			}
			return writeDoneMsg{what: what}
		}
	}
	return func() tea.Msg {
		if err := seen.unchanged(file, false); err != nil {
			log.Error("import", "file", file, "err", err)
			return writeDoneMsg{err: err}
		}
		// What the import reads is summed as it goes, and refused, before
		// anything is committed, when it is not what the dry run read.
		o := &summedOpen{ctx: ctx}
		if seen.summed {
			o.want = &seen.sum
		}
		opts.Open = o.open
		rep, err := svc.ImportTables(ctx, []string{file}, opts)
		o.close()
		if err != nil && o.reader != nil && o.reader.changed() {
			err = changedSinceDryRun(file, "what it holds is not what the dry run read")
		}
		if err == nil && rep.Counts.Rejected > 0 {
			err = fmt.Errorf("%d rows rejected, nothing written", rep.Counts.Rejected)
		}
		if err != nil {
			log.Error("import", "file", file, "err", err)
			return writeDoneMsg{err: err}
		}
		c := rep.Counts
		log.Info("import", "file", file, "created", c.Created, "updated", c.Updated)
		return writeDoneMsg{what: fmt.Sprintf("imported %s: %d created, %d updated, %d unchanged",
			safe.Text(filepath.Base(file)), c.Created, c.Updated, c.Unchanged)}
	}
}

func (d *importDialog) Update(msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case importReportMsg:
		if msg.dialog != d || d.step != importPreviewing {
			return nil
		}
		d.step, d.file, d.opts, d.report, d.check, d.scroll = importPreview, msg.file, msg.opts, msg.report, msg.check, 0
		d.seen = msg.seen
		d.err = ""
		if msg.err != nil {
			d.step, d.err = importAsk, errText(msg.err)
			return nil
		}
		var buf bytes.Buffer
		if msg.check != nil {
			c := msg.check.Check
			fmt.Fprintf(&buf, "nmap XML: %s, %d dark, %d unclear; it would be stored as a check, "+
				"and the devices it found that the inventory lacks judged then",
				countOf(c.HostsAnswered, "host answered", "hosts answered"), c.HostsDark, c.HostsUnknown)
			if c.Partial {
				fmt.Fprintf(&buf, "\nPARTIAL (%s): it proves nothing dark", c.PartialReason)
			}
		} else if err := msg.report.WriteText(&buf); err != nil {
			d.err = errText(err)
		}
		d.lines = nil
		for _, l := range strings.Split(strings.TrimRight(buf.String(), "\n"), "\n") {
			d.lines = append(d.lines, safe.Text(l))
		}
		d.rewrap()
		return nil
	case tea.KeyMsg:
		return d.updateKey(msg)
	}
	return nil
}

func (d *importDialog) updateKey(msg tea.KeyMsg) tea.Cmd {
	k := d.c.keys
	switch d.step {
	case importAsk:
		switch {
		case key.Matches(msg, k.Submit):
			file := strings.TrimSpace(d.inputs[importFile].Value())
			if file == "" {
				d.err = "give the path of the file to import"
				return d.focusInput(importFile)
			}
			opts, err := d.options()
			if err != nil {
				d.err = errText(err)
				return nil
			}
			d.step, d.err = importPreviewing, ""
			return d.dryRun(file, opts)
		case key.Matches(msg, k.NextField):
			return d.focusInput(d.focus + 1)
		case key.Matches(msg, k.PrevField):
			return d.focusInput(d.focus - 1)
		}
		d.err = ""
		var cmd tea.Cmd
		d.inputs[d.focus], cmd = d.inputs[d.focus].Update(cleanKey(msg))
		return cmd
	case importPreview:
		page := max(d.reportRoom()-1, 1)
		switch {
		case key.Matches(msg, k.Up):
			d.scrollTo(d.scroll - 1)
		case key.Matches(msg, k.Down):
			d.scrollTo(d.scroll + 1)
		case key.Matches(msg, k.PageUp):
			d.scrollTo(d.scroll - page)
		case key.Matches(msg, k.PageDown):
			d.scrollTo(d.scroll + page)
		case key.Matches(msg, k.Top):
			d.scrollTo(0)
		case key.Matches(msg, k.Bottom):
			d.scrollTo(len(d.text))
		case key.Matches(msg, k.Edit):
			return d.askForStages(d.report.UnknownStatuses)
		case key.Matches(msg, k.Submit) && d.importable():
			d.step = importWriting
			return d.apply()
		}
	}
	return nil
}

// importable reports whether the dry run found something to write and
// nothing that refuses the import.
func (d *importDialog) importable() bool {
	if d.check != nil {
		return true
	}
	c := d.report.Counts
	return c.Rejected == 0 && c.Created+c.Updated > 0
}

func (d *importDialog) View() string {
	st := d.c.styles
	if d.step == importAsk || d.step == importPreviewing {
		return d.askView()
	}
	title := "Import " + safe.Text(filepath.Base(d.file)) + ": dry run"
	text := d.text
	if room := d.reportRoom(); len(text) > room {
		text = append(slices.Clip(text[d.scroll:d.scroll+room]), st.Muted.Render(fmt.Sprintf(
			"lines %d–%d of %d (↑/↓ pgup/pgdn)", d.scroll+1, d.scroll+room, len(d.text))))
	}
	return frameDialog(st, d.width, d.height, title, strings.Join(text, "\n"), d.previewFooter())
}

func (d *importDialog) askView() string {
	st := d.c.styles
	var lines []string
	for i := range d.inputs {
		label := st.Label.Render(fit("  "+importLabels[i], labelWidth))
		if i == d.focus {
			label = st.FilterPrompt.Render(fit("› "+importLabels[i], labelWidth))
		}
		lines = append(lines, label+" "+d.inputs[i].View())
	}
	lines = append(lines, "")
	if d.err != "" {
		lines = append(lines, wrap(st.FieldError.Render(d.err), dialogInnerWidth(d.width))...)
	}
	lines = append(lines, st.Muted.Render("A dry run comes first: nothing is written before you confirm."))
	footer := st.Muted.Render("enter dry run · tab next field · esc cancel")
	if d.step == importPreviewing {
		footer = st.StatusBusy.Render("reading the file…")
	}
	return frameDialog(st, d.width, d.height, "Import a file", strings.Join(lines, "\n"), footer)
}

func (d *importDialog) previewFooter() string {
	st := d.c.styles
	c := d.report.Counts
	switch {
	case d.step == importWriting:
		return st.StatusBusy.Render("importing…")
	case d.err != "":
		return st.FieldError.Render(d.err) + st.Muted.Render(" · esc close")
	case d.check != nil:
		return st.Done.Render("enter import as a check") + st.Muted.Render(" · esc cancel")
	case len(d.report.UnknownStatuses) > 0:
		return st.FieldError.Render(countOf(len(d.report.UnknownStatuses), "status value has", "status values have")+" no stage") +
			st.Muted.Render(" · e say which · esc close")
	case c.Rejected > 0:
		return st.FieldError.Render(fmt.Sprintf("%d rows rejected: the import would be refused", c.Rejected)) +
			st.Muted.Render(" · e change options · esc close")
	case c.Rows > 0 && c.Skipped == c.Rows:
		return st.Muted.Render("every row skipped by its class · e change options · esc close")
	case c.Created+c.Updated == 0:
		return st.Muted.Render("nothing to change · e change options · esc close")
	}
	return st.Done.Render(fmt.Sprintf("enter import (%d created, %d updated)", c.Created, c.Updated)) +
		st.Muted.Render(" · e change options · esc cancel")
}

func (d *importDialog) ShortHelp() []key.Binding {
	k := d.c.keys
	if d.step == importPreview {
		keys := []key.Binding{withHelp(k.Up, "↑/↓", "scroll"), withHelp(k.Edit, "e", "change options")}
		if d.importable() {
			keys = append(keys, withHelp(k.Submit, "enter", "import"))
		}
		return append(keys, k.Cancel)
	}
	return []key.Binding{withHelp(k.Submit, "enter", "dry run"), k.NextField, k.Cancel}
}

func (d *importDialog) FullHelp() [][]key.Binding { return [][]key.Binding{d.ShortHelp()} }
