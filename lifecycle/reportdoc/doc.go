// Package reportdoc writes sunset's end-of-life report as Markdown or as one
// self-contained HTML page. A document is written a part at a time (Doc),
// so that a report about a million assets is never held whole.
package reportdoc

import (
	"io"
	"time"

	"github.com/sunset-tui/sunset/lifecycle"
)

// Head is what a report says before its lists: when it was made, and the
// counts of the summary.
type Head struct {
	GeneratedAt time.Time
	Assets      int
	Stages      []lifecycle.StageCount
	Severities  []lifecycle.SeverityCount
	Findings    int
	Window      string
}

// Section is one list of a report.
type Section int

const (
	SectionFindings Section = iota
	SectionAccepted
	SectionReminders
	SectionOverrides
	SectionAudits
)

// Sections are the lists of a report in the order a document shows them.
var Sections = []Section{SectionFindings, SectionAccepted, SectionReminders, SectionOverrides, SectionAudits}

// Doc writes the parts of a report, in the order a document shows them:
// the Head; then each section in turn, opened with the number of its
// rows, its rows (Finding, Reminder, Override, Audit) and closed; then the
// End. Every value from the inventory is escaped.
//
// A row's text does not depend on the parts made before it, so a writer
// may make the rows as they come, in any order, and put them in place
// once the Head is known.
type Doc interface {
	Head(h Head) string
	Open(s Section, rows int) string
	Finding(f lifecycle.Finding) string
	Accepted(a lifecycle.AcceptedRisk) string
	Reminder(r lifecycle.Reminder) string
	Override(o lifecycle.AssetOverride) string
	Audit(p lifecycle.AuditPack) string
	Close(s Section, rows int) string
	End() string
}

// HeadOf is the head of a report built whole.
func HeadOf(s lifecycle.Summary) Head {
	return Head{GeneratedAt: s.GeneratedAt, Assets: s.Assets, Stages: s.Stages, Severities: s.Severities,
		Findings: len(s.Findings), Window: s.Window}
}

// Write writes a report built whole through doc.
func Write(w io.Writer, doc Doc, r lifecycle.Report) error {
	s := r.Summary
	parts := []string{doc.Head(HeadOf(s))}
	type list struct {
		rows int
		row  func(i int) string
	}
	lists := map[Section]list{
		SectionFindings:  {len(s.Findings), func(i int) string { return doc.Finding(s.Findings[i]) }},
		SectionAccepted:  {len(s.Accepted), func(i int) string { return doc.Accepted(s.Accepted[i]) }},
		SectionReminders: {len(s.Reminders), func(i int) string { return doc.Reminder(s.Reminders[i]) }},
		SectionOverrides: {len(s.Overrides), func(i int) string { return doc.Override(s.Overrides[i]) }},
		SectionAudits:    {len(r.Audits), func(i int) string { return doc.Audit(r.Audits[i]) }},
	}
	for _, sec := range Sections {
		l := lists[sec]
		parts = append(parts, doc.Open(sec, l.rows))
		for i := 0; i < l.rows; i++ {
			parts = append(parts, l.row(i))
		}
		parts = append(parts, doc.Close(sec, l.rows))
	}
	parts = append(parts, doc.End())
	for _, p := range parts {
		if _, err := io.WriteString(w, p); err != nil {
			return err
		}
	}
	return nil
}
