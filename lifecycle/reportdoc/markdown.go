package reportdoc

import (
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/sunset-tui/sunset/inventory"
	"github.com/sunset-tui/sunset/lifecycle"
)

// Markdown writes the report as Markdown. Every value from the
// inventory is escaped, so an asset name cannot break a table or inject
// markup.
func Markdown(r lifecycle.Report) string {
	var b strings.Builder
	_ = Write(&b, NewMarkdown(r.Summary.GeneratedAt.Location()), r)
	return b.String()
}

// NewMarkdown is a Doc that writes Markdown, times in loc.
//
// Each part ends with one newline and no blank line; a part that starts a
// block (a section, an audit pack) starts with its blank line. So parts
// join in any number without keeping track of what came before.
func NewMarkdown(loc *time.Location) Doc { return &markdownDoc{loc: loc} }

type markdownDoc struct {
	loc    *time.Location
	window string // the reminders' window, from the Head
}

// part writes one part through write and ends it as parts end.
func (d *markdownDoc) part(write func(m *mdWriter)) string {
	m := &mdWriter{loc: d.loc, afterBlank: true}
	write(m)
	s := strings.TrimRight(m.b.String(), "\n")
	if s == "" {
		return ""
	}
	return s + "\n"
}

// block is a part that starts with a blank line.
func (d *markdownDoc) block(write func(m *mdWriter)) string {
	if s := d.part(write); s != "" {
		return "\n" + s
	}
	return ""
}

func (d *markdownDoc) Head(h Head) string {
	d.window = h.Window
	return d.part(func(m *mdWriter) {
		m.line("# sunset report")
		m.line("")
		m.line(generatedLine(h))
		m.heading(2, "Assets by stage")
		m.table([]string{"Stage", "Assets"}, func(row func(...string)) {
			for _, c := range h.Stages {
				row(string(c.Stage), fmt.Sprint(c.Count))
			}
		})
	})
}

// sections say how each list of the report begins, its columns, and what
// it says when empty.
var sections = map[Section]struct {
	heading string
	columns []string
	none    string
}{
	SectionFindings: {"Open findings", []string{"Severity", "Kind", "Asset", "Address", "Since", "Summary"}, "No open findings."},
	SectionAccepted: {"Accepted risks", []string{"Severity", "Kind", "Asset", "Address", "Summary", "Accepted by", "On", "Until", "Reason"},
		"No finding is acknowledged."},
	SectionReminders: {"Due within %s", []string{"Date", "Kind", "Asset", "Action"}, "Nothing due."},
	SectionOverrides: {"Guard overrides", []string{"When", "Asset", "Change", "By", "Reason"}, "No guard was overridden."},
	SectionAudits:    {"End-of-life audits", nil, ""},
}

func (d *markdownDoc) Open(s Section, rows int) string {
	sec := sections[s]
	return d.block(func(m *mdWriter) {
		switch {
		case s == SectionAudits:
			if rows > 0 {
				m.heading(2, sec.heading)
			}
			return
		case s == SectionReminders:
			m.heading(2, fmt.Sprintf(sec.heading, d.window))
		default:
			m.heading(2, sec.heading)
		}
		if rows == 0 {
			m.line(sec.none)
			return
		}
		m.line("| " + strings.Join(sec.columns, " | ") + " |")
		m.line(strings.Repeat("|---", len(sec.columns)) + "|")
	})
}

func (d *markdownDoc) row(cells ...string) string {
	return d.part(func(m *mdWriter) { m.row(cells...) })
}

func (d *markdownDoc) time(t time.Time) string { return (&mdWriter{loc: d.loc}).time(t) }

func (d *markdownDoc) Finding(f lifecycle.Finding) string {
	return d.row(string(f.Severity), string(f.Kind), orUnknown(f.Asset), f.Address, d.time(f.Since), f.Summary)
}

func (d *markdownDoc) Accepted(a lifecycle.AcceptedRisk) string {
	f := a.Finding
	return d.row(string(f.Severity), string(f.Kind), orUnknown(f.Asset), f.Address, f.Summary, a.By, d.time(a.At), d.time(a.Until), a.Reason)
}

func (d *markdownDoc) Reminder(rm lifecycle.Reminder) string {
	date := rm.Date.String()
	if rm.Overdue {
		date += " (overdue)"
	}
	return d.row(date, string(rm.Kind), rm.Asset, rm.Action)
}

func (d *markdownDoc) Override(o lifecycle.AssetOverride) string {
	return d.row(d.time(o.At), o.Asset, string(o.From)+" → "+string(o.To), o.Actor, o.Reason)
}

func (d *markdownDoc) Audit(p lifecycle.AuditPack) string {
	return d.block(func(m *mdWriter) { m.audit(p) })
}

func (d *markdownDoc) Close(Section, int) string { return "" }
func (d *markdownDoc) End() string               { return "" }

type mdWriter struct {
	b   strings.Builder
	loc *time.Location
	// afterBlank is set when the part begins after a blank line.
	afterBlank bool
}

func (m *mdWriter) line(s string) {
	if s == "" && (strings.HasSuffix(m.b.String(), "\n\n") || m.b.Len() == 0 && m.afterBlank) {
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
	rows(m.row)
}

func (m *mdWriter) row(cells ...string) {
	esc := make([]string, len(cells))
	for i, c := range cells {
		esc[i] = mdEscape(c)
	}
	m.line("| " + strings.Join(esc, " | ") + " |")
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
	if named(p.Sites) {
		m.heading(4, "Seen from each site")
		m.table([]string{"Site", "Newest complete check", "Saw"}, func(row func(...string)) {
			for _, s := range p.Sites {
				row(siteName(s.Site), fmt.Sprintf("%s, ended %s", s.Origin, m.time(s.At)), string(s.State))
			}
		})
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
	i := firstMDSpecial(s)
	if i < 0 {
		return s
	}
	var b strings.Builder
	b.Grow(len(s) + 16)
	b.WriteString(s[:i])
	for _, r := range s[i:] {
		switch {
		case r == '\n' || r == '\r' || r == '\t':
			b.WriteByte(' ')
		case r < 0x20 || r == 0x7f:
		case r < utf8.RuneSelf && mdSpecialASCII[r]:
			b.WriteByte('\\')
			b.WriteByte(byte(r))
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// mdSpecialASCII marks the ASCII characters mdEscape changes: controls,
// and what Markdown reads as markup.
var mdSpecialASCII = func() (special [utf8.RuneSelf]bool) {
	for c := range 0x20 {
		special[c] = true
	}
	special[0x7f] = true
	for _, c := range "\\`*_[]<>|~" {
		special[c] = true
	}
	return special
}()

// firstMDSpecial is the index of the first character of s that mdEscape
// changes (invalid UTF-8 among them), or -1.
func firstMDSpecial(s string) int {
	for i := 0; i < len(s); {
		if c := s[i]; c < utf8.RuneSelf {
			if mdSpecialASCII[c] {
				return i
			}
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 {
			return i
		}
		i += size
	}
	return -1
}

// generatedLine heads a report: "Generated 2024-03-05 12:00 UTC · 5 assets · 1 open finding".
func generatedLine(h Head) string {
	return fmt.Sprintf("Generated %s · %s · %s", h.GeneratedAt.Format("2006-01-02 15:04 MST"),
		plural(h.Assets, "asset"), plural(h.Findings, "open finding"))
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

// named reports whether any of the sites has a name: with checks from
// no named site, there is nothing to tell apart.
func named(sites []lifecycle.SiteSight) bool {
	for _, s := range sites {
		if s.Site != "" {
			return true
		}
	}
	return false
}

// siteName names a site; checks that name none count for every site.
func siteName(site string) string {
	if site == "" {
		return "(any: checks naming no site)"
	}
	return site
}
