package reportdoc

import (
	"fmt"
	"strings"
	"time"

	"github.com/sunset-tui/sunset/inventory"
	"github.com/sunset-tui/sunset/lifecycle"
)

// Markdown writes the report as Markdown. Every value from the
// inventory is escaped, so an asset name cannot break a table or inject
// markup.
func Markdown(r lifecycle.Report) string {
	m := mdWriter{loc: r.Summary.GeneratedAt.Location()}
	s := r.Summary
	m.line("# sunset report")
	m.line("")
	m.line(generatedLine(s))

	m.heading(2, "Assets by stage")
	m.table([]string{"Stage", "Assets"}, func(row func(...string)) {
		for _, c := range s.Stages {
			row(string(c.Stage), fmt.Sprint(c.Count))
		}
	})

	m.heading(2, "Open findings")
	if len(s.Findings) == 0 {
		m.line("No open findings.")
	} else {
		m.table([]string{"Severity", "Kind", "Asset", "Address", "Since", "Summary"}, func(row func(...string)) {
			for _, f := range s.Findings {
				row(string(f.Severity), string(f.Kind), orUnknown(f.Asset), f.Address, m.time(f.Since), f.Summary)
			}
		})
	}

	m.heading(2, "Due within "+s.Window)
	if len(s.Reminders) == 0 {
		m.line("Nothing due.")
	} else {
		m.table([]string{"Date", "Kind", "Asset", "Action"}, func(row func(...string)) {
			for _, rm := range s.Reminders {
				date := rm.Date.String()
				if rm.Overdue {
					date += " (overdue)"
				}
				row(date, string(rm.Kind), rm.Asset, rm.Action)
			}
		})
	}

	m.heading(2, "Guard overrides")
	if len(s.Overrides) == 0 {
		m.line("No guard was overridden.")
	} else {
		m.table([]string{"When", "Asset", "Change", "By", "Reason"}, func(row func(...string)) {
			for _, o := range s.Overrides {
				row(m.time(o.At), o.Asset, string(o.From)+" → "+string(o.To), o.Actor, o.Reason)
			}
		})
	}

	if len(r.Audits) > 0 {
		m.heading(2, "End-of-life audits")
	}
	for _, p := range r.Audits {
		m.audit(p)
	}
	return m.b.String()
}

type mdWriter struct {
	b   strings.Builder
	loc *time.Location
}

func (m *mdWriter) line(s string) {
	if s == "" && strings.HasSuffix(m.b.String(), "\n\n") {
		return // one blank line between blocks is enough
	}
	m.b.WriteString(s + "\n")
}

func (m *mdWriter) heading(level int, text string) {
	m.line("")
	m.line(strings.Repeat("#", level) + " " + mdEscape(text))
	m.line("")
}

func (m *mdWriter) time(t time.Time) string {
	if t.IsZero() {
		return "—"
	}
	return t.In(m.loc).Format("2006-01-02 15:04")
}

func (m *mdWriter) table(head []string, rows func(row func(...string))) {
	m.line("| " + strings.Join(head, " | ") + " |")
	m.line(strings.Repeat("|---", len(head)) + "|")
	rows(func(cells ...string) {
		esc := make([]string, len(cells))
		for i, c := range cells {
			esc[i] = mdEscape(c)
		}
		m.line("| " + strings.Join(esc, " | ") + " |")
	})
}

func (m *mdWriter) audit(p lifecycle.AuditPack) {
	a := p.Asset
	m.heading(3, fmt.Sprintf("%s (%s)", a.Ref(), a.Stage))
	m.table([]string{"Field", "Value"}, func(row func(...string)) {
		row("Hostname", a.Hostname)
		row("Kind", string(a.Kind))
		row("Vendor / model", strings.TrimSpace(a.Vendor+" "+a.Model))
		row("Serial", a.Serial)
		row("Owner", a.Owner)
		row("Addresses", strings.Join(append(a.IPs(), a.MACs()...), ", "))
		row("Stores data", yesNo(a.StoresData))
		row("Holds credentials", yesNo(a.HoldsCredentials))
	})

	m.heading(4, "Stage history")
	if len(p.Stages) == 0 {
		m.line("No stage changes recorded.")
	} else {
		m.table([]string{"When", "Change", "By", "Reason", "Override"}, func(row func(...string)) {
			for _, c := range p.Stages {
				row(m.time(c.At), string(c.From)+" → "+string(c.To), c.Actor, c.Reason, forcedText(c.Forced))
			}
		})
	}

	m.heading(4, "Checklist")
	m.line(progressText(p.Checklist) + ".")
	m.line("")
	if len(p.Checklist) > 0 {
		m.table([]string{"Item", "Required", "Verified by", "Done", "By", "When", "Evidence"}, func(row func(...string)) {
			for _, it := range p.Checklist {
				row(it.ID+": "+it.Title, yesNo(it.Required), string(it.Verify), yesNo(it.Done), it.DoneBy, m.doneTime(it), it.Evidence)
			}
		})
	}

	if len(p.Mappings) > 0 {
		m.heading(4, "Port mappings")
		m.table([]string{"Mapping", "Expires", "State", "Checked"}, func(row func(...string)) {
			for _, ma := range p.Mappings {
				checked := "—"
				if ma.CheckID != 0 {
					checked = fmt.Sprintf("check #%d at %s", ma.CheckID, m.time(ma.CheckedAt))
				}
				row(lifecycle.DescribeMapping(ma.Mapping), ma.Mapping.ExpiresOn.String(), ma.State, checked)
			}
		})
	}

	m.heading(4, "Dark proof")
	if p.DarkProof == nil {
		m.line("No check has proved it dark.")
	} else {
		m.line(mdEscape(proofText(*p.DarkProof, m.loc)))
	}

	m.heading(4, "Sanitization (NIST SP 800-88)")
	if p.Sanitization == nil {
		m.line("No sanitization recorded.")
	} else {
		m.table([]string{"Field", "Value"}, func(row func(...string)) {
			for _, f := range sanitizationFields(*p.Sanitization, m.loc) {
				row(f[0], f[1])
			}
		})
	}

	m.heading(4, "Overrides")
	if len(p.Overrides) == 0 {
		m.line("No guard was overridden.")
	} else {
		for _, o := range p.Overrides {
			m.line("- " + mdEscape(overrideText(o, m.loc)))
		}
	}

	if len(p.Findings) > 0 {
		m.heading(4, "Open findings")
		for _, f := range p.Findings {
			m.line("- **" + string(f.Severity) + "** " + mdEscape(f.Summary))
		}
	}
}

func (m *mdWriter) doneTime(it inventory.ChecklistItem) string {
	if !it.Done {
		return ""
	}
	return m.time(it.DoneAt)
}

// mdEscape makes text safe inside Markdown, table cells included.
func mdEscape(s string) string {
	var b strings.Builder
	for _, r := range s {
		switch {
		case r == '\n' || r == '\r' || r == '\t':
			b.WriteByte(' ')
		case r < 0x20 || r == 0x7f:
		case strings.ContainsRune("\\`*_[]<>|~", r):
			b.WriteRune('\\')
			b.WriteRune(r)
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// generatedLine heads a report: "Generated 2024-03-05 12:00 UTC · 5 assets · 1 open finding".
func generatedLine(s lifecycle.Summary) string {
	return fmt.Sprintf("Generated %s · %s · %s", s.GeneratedAt.Format("2006-01-02 15:04 MST"),
		plural(s.Assets, "asset"), plural(len(s.Findings), "open finding"))
}

func plural(n int, word string) string {
	if n == 1 {
		return "1 " + word
	}
	return fmt.Sprintf("%d %ss", n, word)
}

// progressText says how far a checklist got.
func progressText(items []inventory.ChecklistItem) string {
	if len(items) == 0 {
		return "No checklist recorded"
	}
	done, required := lifecycle.Progress(items)
	return fmt.Sprintf("%d of %d required items done", done, required)
}

// proofText says which check proved an asset dark, and where that check
// came from: a check sunset ran, or an imported file.
func proofText(p lifecycle.Proof, loc *time.Location) string {
	origin := p.Origin
	if origin == "" {
		origin = fmt.Sprintf("check #%d", p.CheckID)
	}
	return fmt.Sprintf("Proved dark by %s, ended %s: no answer at %s.",
		origin, p.At.In(loc).Format("2006-01-02 15:04"), strings.Join(p.Addresses, ", "))
}

func overrideText(o lifecycle.StageChange, loc *time.Location) string {
	return fmt.Sprintf("%s: %s → %s forced by %s: %s", o.At.In(loc).Format("2006-01-02 15:04"),
		o.From, o.To, orDash(o.Actor), o.Reason)
}

func orDash(s string) string {
	if s == "" {
		return "—"
	}
	return s
}

// sanitizationFields lists the certificate's fields in NIST SP 800-88
// Appendix G order.
func sanitizationFields(s inventory.Sanitization, loc *time.Location) [][2]string {
	recorded := ""
	if !s.RecordedAt.IsZero() {
		recorded = s.RecordedAt.In(loc).Format("2006-01-02 15:04")
	}
	return [][2]string{
		{"Media type", s.MediaType}, {"Manufacturer", s.Manufacturer}, {"Model", s.Model}, {"Serial", s.Serial},
		{"Method", s.Method}, {"Technique", s.Technique}, {"Tool", s.Tool}, {"Verification", s.Verification},
		{"Operator", s.Operator}, {"Date", s.Date.String()}, {"Destination", s.Destination},
		{"Recorded by", s.RecordedBy}, {"Recorded at", recorded},
	}
}

func yesNo(b bool) string {
	if b {
		return "yes"
	}
	return "no"
}

func forcedText(b bool) string {
	if b {
		return "forced"
	}
	return ""
}

func orUnknown(asset string) string {
	if asset == "" {
		return "(unknown device)"
	}
	return asset
}
