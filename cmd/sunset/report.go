package main

import (
	"io"
	"strconv"
	"time"

	"github.com/spf13/cobra"

	"github.com/sunset-tui/sunset/inventory"
	"github.com/sunset-tui/sunset/lifecycle"
	"github.com/sunset-tui/sunset/lifecycle/reportdoc"
	"github.com/sunset-tui/sunset/lifecycle/service"
)

func newReportCmd(a *app) *cobra.Command {
	var format, within string
	cmd := &cobra.Command{
		Use:   "report [--format md|html|json]",
		Short: "Write the end-of-life audit report: summary, overrides, and an audit pack per retiring asset",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			var rows reportRows
			switch format {
			case "json":
				rows = jsonRows{}
			case "md":
				rows = docRows{reportdoc.NewMarkdown(a.now().Location())}
			case "html":
				doc, err := reportdoc.NewHTML(a.now().Location())
				if err != nil {
					return err
				}
				rows = docRows{doc}
			default:
				return inventory.FieldError("format", "%q is not md, html or json", format)
			}
			win, err := inventory.ParseDuration(within)
			if err != nil {
				return inventory.FieldError("within", "%v", err)
			}
			if win <= 0 {
				win = lifecycle.DefaultReportWindow
			}
			a.bulkWork()
			svc, err := a.service()
			if err != nil {
				return err
			}
			w, err := newReportWriter(rows)
			if err != nil {
				return err
			}
			defer w.close()
			err = svc.Each(cmd.Context(), service.Judging{Findings: true, Reminders: true, Within: win, Report: true}, w.take)
			if err != nil {
				return err
			}
			return w.write(a.stdout, a.now(), win)
		},
	}
	cmd.Flags().StringVar(&format, "format", "md", "md, html or json")
	cmd.Flags().StringVar(&within, "within", "30d", "window for the reminders it lists")
	return cmd
}

// reportRows makes the rows of a report in one format, each as it comes.
type reportRows interface {
	finding(f lifecycle.Finding) ([]byte, error)
	accepted(a lifecycle.AcceptedRisk) ([]byte, error)
	reminder(r lifecycle.Reminder) ([]byte, error)
	audit(p lifecycle.AuditPack) ([]byte, error)
}

// reportWriter writes the report of a whole inventory without holding
// it: the findings, reminders and audit packs go to spools as the service
// judges each chunk, and only the counts and the guard overrides, which
// are few, stay in memory until the document is written.
type reportWriter struct {
	rows                                 reportRows
	findings, accepted, reminders, packs *spool
	stages                               map[inventory.Stage]int
	severities                           map[lifecycle.Severity]int
	overrides                            []lifecycle.AssetOverride
}

func newReportWriter(rows reportRows) (*reportWriter, error) {
	w := &reportWriter{rows: rows, stages: map[inventory.Stage]int{}, severities: map[lifecycle.Severity]int{}}
	for _, sp := range []**spool{&w.findings, &w.accepted, &w.reminders, &w.packs} {
		var err error
		if *sp, err = newSpool(); err != nil {
			w.close()
			return nil, err
		}
	}
	return w, nil
}

func (w *reportWriter) close() {
	for _, sp := range []*spool{w.findings, w.accepted, w.reminders, w.packs} {
		if sp != nil {
			sp.close()
		}
	}
}

// take keeps what the service said of one chunk of the inventory.
func (w *reportWriter) take(p service.Part) error {
	for st, n := range p.Stages {
		w.stages[st] += n
	}
	w.overrides = append(w.overrides, p.Overrides...)
	for _, f := range p.Findings {
		w.severities[f.Severity]++
		f.Summary = advise(f.Summary, f.Steps)
		if err := keep(w.findings, findingKey(f), f, w.rows.finding); err != nil {
			return err
		}
	}
	for _, a := range p.Accepted {
		a.Finding.Summary = advise(a.Finding.Summary, a.Finding.Steps)
		if err := keep(w.accepted, findingKey(a.Finding), a, w.rows.accepted); err != nil {
			return err
		}
	}
	for _, r := range p.Reminders {
		r.Action = advise(r.Action, r.Steps)
		if err := keep(w.reminders, reminderKey(r), r, w.rows.reminder); err != nil {
			return err
		}
	}
	for _, pack := range p.Audits {
		pack.Findings = wordedFindings(pack.Findings)
		if err := keep(w.packs, pack.Asset.Ref(), pack, w.rows.audit); err != nil {
			return err
		}
	}
	return nil
}

// keep makes v's row and spools it under key.
func keep[T any](sp *spool, key string, v T, row func(T) ([]byte, error)) error {
	b, err := row(v)
	if err != nil {
		return err
	}
	return sp.add(key, b)
}

// summary is the report's summary without its lists, which are written
// from the spools.
func (w *reportWriter) summary(now time.Time, within inventory.Duration) lifecycle.Summary {
	s := lifecycle.NewSummary(now, within, w.stages, nil, nil, w.overrides)
	for i, c := range s.Severities {
		s.Severities[i].Count = w.severities[c.Severity]
	}
	return s
}

// write writes the report: the head, then each list in its order.
func (w *reportWriter) write(out io.Writer, now time.Time, within inventory.Duration) error {
	s := w.summary(now, within)
	if d, ok := w.rows.(docRows); ok {
		return w.writeDoc(out, d.Doc, s)
	}
	return w.writeJSON(out, s)
}

func (w *reportWriter) writeDoc(out io.Writer, doc reportdoc.Doc, s lifecycle.Summary) error {
	head := reportdoc.HeadOf(s)
	head.Findings = w.findings.len()
	overrides := rowList{len(s.Overrides), func(write func(int, []byte) error) error {
		for i, o := range s.Overrides {
			if err := write(i, []byte(doc.Override(o))); err != nil {
				return err
			}
		}
		return nil
	}}
	if _, err := io.WriteString(out, doc.Head(head)); err != nil {
		return err
	}
	lists := map[reportdoc.Section]rowList{
		reportdoc.SectionFindings:  w.findings.rows(),
		reportdoc.SectionAccepted:  w.accepted.rows(),
		reportdoc.SectionReminders: w.reminders.rows(),
		reportdoc.SectionOverrides: overrides,
		reportdoc.SectionAudits:    w.packs.rows(),
	}
	for _, sec := range reportdoc.Sections {
		list := lists[sec]
		if _, err := io.WriteString(out, doc.Open(sec, list.rows)); err != nil {
			return err
		}
		err := list.each(func(_ int, row []byte) error { _, err := out.Write(row); return err })
		if err != nil {
			return err
		}
		if _, err := io.WriteString(out, doc.Close(sec, list.rows)); err != nil {
			return err
		}
	}
	_, err := io.WriteString(out, doc.End())
	return err
}

// writeJSON writes {"schema": 1, "summary": {...}, "audits": [...]}, the
// summary's small fields first and its lists after them.
func (w *reportWriter) writeJSON(out io.Writer, s lifecycle.Summary) error {
	j := &jsonWriter{w: out}
	j.raw("{\n  \"schema\": " + strconv.Itoa(schemaVersion) + ",\n  \"summary\": {")
	j.field("    ", "generated_at", s.GeneratedAt)
	j.field("    ", "assets", s.Assets)
	j.field("    ", "stages", s.Stages)
	j.field("    ", "findings_by_severity", s.Severities)
	j.field("    ", "reminder_window", s.Window)
	j.field("    ", "overrides", nonNil(s.Overrides))
	j.list("    ", "findings", w.findings.rows())
	j.list("    ", "accepted_risks", w.accepted.rows())
	j.list("    ", "reminders", w.reminders.rows())
	j.raw("\n  }")
	j.list("  ", "audits", w.packs.rows())
	j.raw("\n}\n")
	return j.err
}

// jsonRows makes each row an element of a JSON array.
type jsonRows struct{}

func (jsonRows) finding(f lifecycle.Finding) ([]byte, error)       { return jsonElement(f) }
func (jsonRows) accepted(a lifecycle.AcceptedRisk) ([]byte, error) { return jsonElement(a) }
func (jsonRows) reminder(r lifecycle.Reminder) ([]byte, error)     { return jsonElement(r) }
func (jsonRows) audit(p lifecycle.AuditPack) ([]byte, error)       { return jsonElement(p) }

// docRows makes each row a part of a Markdown or HTML document.
type docRows struct{ reportdoc.Doc }

func (d docRows) finding(f lifecycle.Finding) ([]byte, error) { return []byte(d.Finding(f)), nil }
func (d docRows) accepted(a lifecycle.AcceptedRisk) ([]byte, error) {
	return []byte(d.Accepted(a)), nil
}
func (d docRows) reminder(r lifecycle.Reminder) ([]byte, error) { return []byte(d.Reminder(r)), nil }
func (d docRows) audit(p lifecycle.AuditPack) ([]byte, error)   { return []byte(d.Audit(p)), nil }
