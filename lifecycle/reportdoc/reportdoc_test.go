package reportdoc

import (
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/sunset-tui/sunset/inventory"
	"github.com/sunset-tui/sunset/lifecycle"
)

func day(d, hh, mm int) time.Time { return time.Date(2024, 2, d, hh, mm, 0, 0, time.UTC) }

// report is a report as lifecycle builds it: a server retired properly and
// answering again, one retired by force, and an asset whose tag and
// evidence carry markup.
func report() lifecycle.Report {
	legacy := inventory.Asset{ID: 1, Tag: "srv-legacy-01", Hostname: "srv-legacy-01", Kind: inventory.KindServer,
		Stage: inventory.StageRetired, StoresData: true,
		Addresses: []inventory.Address{{Kind: inventory.AddrIP, Value: "192.0.2.20", Primary: true}}}
	odd := inventory.Asset{ID: 5, Tag: "x|<b>bad</b>", Kind: inventory.KindServer, Stage: inventory.StageDecommissioning}
	oddItems := lifecycle.Checklist(odd, nil, nil)
	oddItems, _ = lifecycle.Tick(oddItems, lifecycle.ItemRemoveAccess, "<script>alert(1)</script>", "mallory", day(5, 9, 0))
	mapping := inventory.PortMapping{ID: 7, AssetID: 1, ExternalAddr: "192.0.2.50", ExternalPort: 3389, Protocol: "tcp",
		ClosedAt: day(1, 7, 0)}
	forced := lifecycle.StageChange{At: day(20, 16, 0), Actor: "alice", From: inventory.StageDecommissioning,
		To: inventory.StageRetired, Reason: "vendor took it away; no access to check", Forced: true}
	zombie := lifecycle.Finding{Kind: lifecycle.FindingZombie, Severity: lifecycle.SeverityCritical, AssetID: 1,
		Asset: "srv-legacy-01", Address: "192.0.2.20", Since: day(25, 10, 42),
		Summary: "srv-legacy-01 was retired on 2024-02-01 but answered — power it down"}
	idle := lifecycle.Finding{Kind: lifecycle.FindingIdle, Severity: lifecycle.SeverityMedium, AssetID: 5,
		Asset: "x|<b>bad</b>", Summary: "x|<b>bad</b> has not answered for 90 days"}
	accepted := lifecycle.AcceptedRisk{Finding: idle, By: "carol", At: day(10, 9, 30), Until: day(29, 0, 0),
		Reason: "lab spare, <i>kept</i> on purpose"}
	counts := map[inventory.Stage]int{inventory.StageRetired: 2, inventory.StageDecommissioning: 1}
	summary := lifecycle.NewSummary(day(26, 12, 0), 30*inventory.Day, counts, []lifecycle.Finding{zombie}, nil,
		[]lifecycle.AssetOverride{{Asset: "srv-gone-02", StageChange: forced}})
	summary.Accepted = []lifecycle.AcceptedRisk{accepted}
	return lifecycle.Report{Schema: lifecycle.ReportSchema,
		Summary: summary,
		Audits: []lifecycle.AuditPack{
			{Asset: legacy, Mappings: []lifecycle.MappingAudit{{Mapping: mapping, State: "closed, verified", CheckID: 5}},
				Sanitization: &inventory.Sanitization{MediaType: "SSD", Method: "purge", Technique: "crypto-erase",
					Verification: "read-back", Operator: "j.doe", Date: inventory.DateOf(day(3, 0, 0)), Destination: "recycle"},
				DarkProof: &lifecycle.Proof{CheckID: 5, Source: "live", Origin: "live check #5", At: day(1, 8, 2),
					Addresses: []string{"192.0.2.20"}},
				Findings: []lifecycle.Finding{zombie}},
			{Asset: odd, Checklist: oddItems},
		}}
}

func TestMarkdownEscapesAndCoversEverySection(t *testing.T) {
	md := Markdown(report())
	for _, want := range []string{
		"# sunset report", "## Assets by stage", "| retired | 2 |", "## Open findings", "| critical | zombie | srv-legacy-01 |",
		"## Accepted risks", `| medium | idle | x\|\<b\>bad\</b\> |  | x\|\<b\>bad\</b\> has not answered for 90 days | carol | 2024-02-10 09:30 | 2024-02-29 00:00 | lab spare, \<i\>kept\</i\> on purpose |`,
		"## Due within 30d", "## Guard overrides", "vendor took it away", "## End-of-life audits", "### srv-legacy-01 (retired)",
		"#### Dark proof", "Proved dark by live check #5, ended 2024-02-01 08:02: no answer at 192.0.2.20.",
		"#### Sanitization (NIST SP 800-88)", "| Technique | crypto-erase |", "closed, verified",
		`### x\|\<b\>bad\</b\> (decommissioning)`, `\<script\>alert(1)\</script\>`,
	} {
		if !strings.Contains(md, want) {
			t.Errorf("markdown lacks %q", want)
		}
	}
	if strings.Contains(md, "<script>") || strings.Contains(md, "<b>") {
		t.Error("markdown carries raw markup from the inventory")
	}
	for i, line := range strings.Split(md, "\n") {
		if strings.HasPrefix(line, "| ") && strings.Count(line, " | ")-strings.Count(line, `\|`) < 1 {
			t.Errorf("line %d is a broken table row: %q", i+1, line)
		}
	}
}

func TestHTMLIsSelfContainedAndEscaped(t *testing.T) {
	html, err := HTML(report())
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{
		"<!DOCTYPE html>", "<svg", `aria-label="Assets by stage"`, `aria-label="Open findings by severity"`,
		`width="300"`, "&lt;script&gt;alert(1)&lt;/script&gt;", "x|&lt;b&gt;bad&lt;/b&gt;",
		"vendor took it away", "Proved dark by live check #5, ended 2024-02-01 08:02", "crypto-erase",
		"<h2>Accepted risks</h2>", "<td>carol</td><td>2024-02-10 09:30</td><td>2024-02-29 00:00</td><td>lab spare, &lt;i&gt;kept&lt;/i&gt; on purpose</td>",
	} {
		if !strings.Contains(html, want) {
			t.Errorf("HTML lacks %q", want)
		}
	}
	for _, banned := range []string{"<script", "<link", "src=", "href=", "@import", "url("} {
		if strings.Contains(html, banned) {
			t.Errorf("HTML contains %q: it must have no scripts and no external assets", banned)
		}
	}
	if n := len(regexp.MustCompile(`<rect `).FindAllString(html, -1)); n != len(inventory.Stages)+len(lifecycle.Severities) {
		t.Errorf("%d bars, want one per stage and one per severity", n)
	}
}

// A writer that streams makes the rows as the assets come and the Head
// last; the document must be the same as one written in order.
func TestRowsMadeBeforeTheHeadGiveTheSameDocument(t *testing.T) {
	r := report()
	s := r.Summary
	newHTML := func() Doc {
		d, err := NewHTML(s.GeneratedAt.Location())
		if err != nil {
			t.Fatal(err)
		}
		return d
	}
	for name, newDoc := range map[string]func() Doc{
		"markdown": func() Doc { return NewMarkdown(s.GeneratedAt.Location()) },
		"html":     newHTML,
	} {
		var inOrder strings.Builder
		if err := Write(&inOrder, newDoc(), r); err != nil {
			t.Fatal(err)
		}

		doc := newDoc()
		var audits, findings, reminders []string
		for i := len(r.Audits) - 1; i >= 0; i-- {
			audits = append([]string{doc.Audit(r.Audits[i])}, audits...)
		}
		for _, rm := range s.Reminders {
			reminders = append(reminders, doc.Reminder(rm))
		}
		for _, f := range s.Findings {
			findings = append(findings, doc.Finding(f))
		}
		var accepted []string
		for _, a := range s.Accepted {
			accepted = append(accepted, doc.Accepted(a))
		}
		var late strings.Builder
		late.WriteString(doc.Head(HeadOf(s)))
		section := func(sec Section, rows []string) {
			late.WriteString(doc.Open(sec, len(rows)))
			late.WriteString(strings.Join(rows, ""))
			late.WriteString(doc.Close(sec, len(rows)))
		}
		section(SectionFindings, findings)
		section(SectionAccepted, accepted)
		section(SectionReminders, reminders)
		var overrides []string
		for _, o := range s.Overrides {
			overrides = append(overrides, doc.Override(o))
		}
		section(SectionOverrides, overrides)
		section(SectionAudits, audits)
		late.WriteString(doc.End())

		if late.String() != inOrder.String() {
			t.Errorf("%s: rows made first give a different document:\n%s\nwant:\n%s", name, late.String(), inOrder.String())
		}
	}
}
