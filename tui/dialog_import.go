package tui

import (
	"bytes"
	"fmt"
	"path/filepath"
	"strings"

	"github.com/charmbracelet/bubbles/cursor"
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
// all rows or none). An nmap XML file becomes a check, as on the command
// line.
type importDialog struct {
	c      *common
	path   textinput.Model
	step   importStep
	file   string
	report importers.Report
	// check is the nmap XML file read as a check, when the file is one.
	check  *scan.Result
	text   []string // the dry run's report, line by line, made safe
	err    string
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
	report importers.Report
	check  *scan.Result
	err    error
}

func newImportDialog(c *common) dialog {
	ti := textinput.New()
	ti.Prompt = ""
	ti.Placeholder = "path of a CSV, CMDB export or nmap XML file"
	ti.CharLimit = 4096
	ti.Cursor.SetMode(cursor.CursorStatic)
	ti.Focus()
	return &importDialog{c: c, path: ti}
}

func (d *importDialog) Init() tea.Cmd { return nil }

func (d *importDialog) SetSize(w, h int) {
	d.width, d.height = w, h
	d.path.Width = max(dialogInnerWidth(w)-labelWidth-2, 8)
}

func (d *importDialog) failed(err error) {
	d.step, d.err = importPreview, errText(err)
}

func (d *importDialog) dryRun(file string) tea.Cmd {
	ctx, svc, log := d.c.ctx, d.c.svc, d.c.log
	return func() tea.Msg {
		msg := importReportMsg{dialog: d, file: file}
		format, _, err := importers.SniffFile(file, false)
		switch {
		case err != nil:
			msg.err = err
		case format == importers.FormatNmapXML:
			var out service.CheckOutcome
			out, msg.err = svc.ImportXML(ctx, file, true)
			msg.check = &out.Result
		default:
			msg.report, msg.err = svc.ImportTables(ctx, []string{file}, importers.Options{DryRun: true})
		}
		if msg.err != nil {
			log.Error("import dry run", "file", file, "err", msg.err)
		}
		return msg
	}
}

func (d *importDialog) apply() tea.Cmd {
	ctx, svc, log, file := d.c.ctx, d.c.svc, d.c.log, d.file
	if d.check != nil {
		return func() tea.Msg {
			out, err := svc.ImportXML(ctx, file, false)
			if err != nil {
				log.Error("import", "file", file, "err", err)
				return writeDoneMsg{err: err}
			}
			return writeDoneMsg{what: fmt.Sprintf("imported %s as check #%d", safe.Text(filepath.Base(file)), out.Check.ID)}
		}
	}
	return func() tea.Msg {
		rep, err := svc.ImportTables(ctx, []string{file}, importers.Options{})
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
		d.step, d.file, d.report, d.check, d.scroll = importPreview, msg.file, msg.report, msg.check, 0
		d.err = ""
		if msg.err != nil {
			d.step, d.err = importAsk, errText(msg.err)
			return nil
		}
		var buf bytes.Buffer
		if msg.check != nil {
			c := msg.check.Check
			fmt.Fprintf(&buf, "nmap XML: %d hosts answered, %d dark, %d unclear; it would be stored as a check", c.HostsAnswered, c.HostsDark, c.HostsUnknown)
			if c.Partial {
				fmt.Fprintf(&buf, "\nPARTIAL (%s): it proves nothing dark", c.PartialReason)
			}
		} else if err := msg.report.WriteText(&buf); err != nil {
			d.err = errText(err)
		}
		d.text = nil
		for _, l := range strings.Split(strings.TrimRight(buf.String(), "\n"), "\n") {
			d.text = append(d.text, safe.Text(l))
		}
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
		if key.Matches(msg, k.Submit) {
			file := strings.TrimSpace(d.path.Value())
			if file == "" {
				d.err = "give the path of the file to import"
				return nil
			}
			d.step, d.err = importPreviewing, ""
			return d.dryRun(file)
		}
		d.err = ""
		var cmd tea.Cmd
		d.path, cmd = d.path.Update(cleanKey(msg))
		return cmd
	case importPreview:
		switch {
		case msg.Type == tea.KeyUp:
			d.scroll = max(d.scroll-1, 0)
		case msg.Type == tea.KeyDown:
			d.scroll++
		case msg.Type == tea.KeyPgUp:
			d.scroll = max(d.scroll-d.height/2, 0)
		case msg.Type == tea.KeyPgDown:
			d.scroll += d.height / 2
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
	title := "Import a file"
	switch d.step {
	case importAsk, importPreviewing:
		lines := []string{st.FilterPrompt.Render(fit("› file", labelWidth)) + " " + d.path.View(), ""}
		if d.err != "" {
			lines = append(lines, wrap(st.FieldError.Render(d.err), dialogInnerWidth(d.width))...)
		}
		lines = append(lines, st.Muted.Render("A dry run comes first: nothing is written before you confirm."))
		footer := st.Muted.Render("enter dry run · esc cancel")
		if d.step == importPreviewing {
			footer = st.StatusBusy.Render("reading the file…")
		}
		return frameDialog(st, d.width, d.height, title, strings.Join(lines, "\n"), footer)
	}
	title = "Import " + safe.Text(filepath.Base(d.file)) + ": dry run"
	room := max(d.height-4, 1)
	text := d.text
	if len(text) > room {
		from := min(d.scroll, len(text)-room+1)
		text = append(append([]string{}, text[from:from+room-1]...),
			st.Muted.Render(fmt.Sprintf("… %d more lines (↑/↓ pgup/pgdn)", len(d.text)-from-room+1)))
	}
	c := d.report.Counts
	var footer string
	switch {
	case d.step == importWriting:
		footer = st.StatusBusy.Render("importing…")
	case d.err != "":
		footer = st.FieldError.Render(d.err) + st.Muted.Render(" · esc close")
	case d.check != nil:
		footer = st.Done.Render("enter import as a check") + st.Muted.Render(" · esc cancel")
	case c.Rejected > 0:
		footer = st.FieldError.Render(fmt.Sprintf("%d rows rejected: the import would be refused", c.Rejected)) + st.Muted.Render(" · esc close")
	case c.Created+c.Updated == 0:
		footer = st.Muted.Render("nothing to change · esc close")
	default:
		footer = st.Done.Render(fmt.Sprintf("enter import (%d created, %d updated)", c.Created, c.Updated)) + st.Muted.Render(" · esc cancel")
	}
	return frameDialog(st, d.width, d.height, title, strings.Join(text, "\n"), footer)
}

func (d *importDialog) ShortHelp() []key.Binding {
	k := d.c.keys
	if d.step == importPreview {
		return []key.Binding{withHelp(k.Up, "↑/↓", "scroll"), withHelp(k.Submit, "enter", "import"), k.Cancel}
	}
	return []key.Binding{withHelp(k.Submit, "enter", "dry run"), k.Cancel}
}

func (d *importDialog) FullHelp() [][]key.Binding { return [][]key.Binding{d.ShortHelp()} }
