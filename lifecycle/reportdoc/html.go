package reportdoc

import (
	"fmt"
	"html/template"
	"strings"
	"time"

	"github.com/sunset-tui/sunset/inventory"
	"github.com/sunset-tui/sunset/lifecycle"
)

// HTML writes the report as one self-contained HTML page: inline CSS,
// inline SVG bar charts of assets by stage and findings by severity, no
// external assets. Every value is HTML-escaped.
func HTML(r lifecycle.Report) (string, error) {
	doc, err := NewHTML(r.Summary.GeneratedAt.Location())
	if err != nil {
		return "", err
	}
	var b strings.Builder
	if err := Write(&b, doc, r); err != nil {
		return "", err
	}
	return b.String(), doc.(*htmlDoc).err
}

// NewHTML is a Doc that writes the HTML page, times in loc. A part that
// cannot be written (a template error, never an input) leaves its text
// out and is reported by HTML.
func NewHTML(loc *time.Location) (Doc, error) {
	t, err := template.New("report").Funcs(template.FuncMap{
		"time": func(t time.Time) string {
			if t.IsZero() {
				return "—"
			}
			return t.In(loc).Format("2006-01-02 15:04")
		},
		"proof":     func(p lifecycle.Proof) string { return proofText(p, loc) },
		"named":     named,
		"sitename":  siteName,
		"override":  func(o lifecycle.StageChange) string { return overrideText(o, loc) },
		"mapping":   lifecycle.DescribeMapping,
		"sanfields": func(s inventory.Sanitization) [][2]string { return sanitizationFields(s, loc) },
		"yesno":     yesNo,
		"unknown":   orUnknown,
		"progress":  progressText,
		"generated": generatedLine,
		"join":      strings.Join,
	}).Parse(htmlTemplate)
	if err != nil {
		return nil, fmt.Errorf("report template: %w", err)
	}
	return &htmlDoc{t: t}, nil
}

type htmlDoc struct {
	t      *template.Template
	window string
	err    error
}

// part executes one named template of the page.
func (d *htmlDoc) part(name string, data any) string {
	var b strings.Builder
	if err := d.t.ExecuteTemplate(&b, name, data); err != nil && d.err == nil {
		d.err = fmt.Errorf("report template: %w", err)
	}
	return b.String()
}

func (d *htmlDoc) Head(h Head) string {
	d.window = h.Window
	view := struct {
		Head
		StageChart, SeverityChart chart
	}{Head: h}
	for _, c := range h.Stages {
		view.StageChart.add(string(c.Stage), c.Count, "#4a6fa5")
	}
	for _, c := range h.Severities {
		view.SeverityChart.add(string(c.Severity), c.Count, severityColors[c.Severity])
	}
	view.StageChart.layout("Assets by stage")
	view.SeverityChart.layout("Open findings by severity")
	return d.part("head", view)
}

var sectionNames = map[Section]string{SectionFindings: "findings", SectionAccepted: "accepted", SectionReminders: "reminders",
	SectionOverrides: "overrides", SectionAudits: "audits"}

func (d *htmlDoc) Open(s Section, rows int) string {
	return d.part("open-"+sectionNames[s], struct {
		Rows   int
		Window string
	}{rows, d.window})
}

func (d *htmlDoc) Close(s Section, rows int) string {
	if rows == 0 || s == SectionAudits {
		return ""
	}
	return "</table>\n"
}

func (d *htmlDoc) Finding(f lifecycle.Finding) string        { return d.part("finding", f) }
func (d *htmlDoc) Accepted(a lifecycle.AcceptedRisk) string  { return d.part("accepted", a) }
func (d *htmlDoc) Reminder(r lifecycle.Reminder) string      { return d.part("reminder", r) }
func (d *htmlDoc) Override(o lifecycle.AssetOverride) string { return d.part("override", o) }
func (d *htmlDoc) Audit(p lifecycle.AuditPack) string        { return d.part("audit", p) }
func (d *htmlDoc) End() string                               { return "</body>\n</html>\n" }

var severityColors = map[lifecycle.Severity]string{
	lifecycle.SeverityCritical: "#b00020", lifecycle.SeverityHigh: "#e06000", lifecycle.SeverityMedium: "#c9a000", lifecycle.SeverityLow: "#607d8b",
}

// chart is a horizontal bar chart drawn as inline SVG.
type chart struct {
	Title         string
	Width, Height int
	Bars          []bar
}

type bar struct {
	Label, Color     string
	Count            int
	Y, TextY, BarLen int
	CountX           int
}

const (
	chartLabelWidth = 130
	chartBarMax     = 300
	chartRow        = 24
)

func (c *chart) add(label string, count int, color string) {
	c.Bars = append(c.Bars, bar{Label: label, Count: count, Color: color})
}

func (c *chart) layout(title string) {
	c.Title = title
	most := 0
	for _, b := range c.Bars {
		most = max(most, b.Count)
	}
	for i := range c.Bars {
		b := &c.Bars[i]
		b.Y = i*chartRow + 4
		b.TextY = b.Y + 13
		if most > 0 {
			b.BarLen = b.Count * chartBarMax / most
		}
		b.CountX = chartLabelWidth + b.BarLen + 6
	}
	c.Width = chartLabelWidth + chartBarMax + 50
	c.Height = len(c.Bars)*chartRow + 8
}

const htmlTemplate = `{{define "head"}}<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>sunset report</title>
<style>
body{font-family:system-ui,sans-serif;margin:2em;color:#222;max-width:80em}
table{border-collapse:collapse;margin:.5em 0 1.5em}
th,td{border:1px solid #ccc;padding:.3em .6em;text-align:left;vertical-align:top}
th{background:#f2f2f2}
.critical{color:#b00020;font-weight:bold}.high{color:#e06000;font-weight:bold}
.medium{color:#8a6d00}.low{color:#607d8b}
.overdue{color:#b00020}.forced{color:#b00020;font-weight:bold}
section.audit{border-top:2px solid #4a6fa5;margin-top:2em}
svg text{font:12px system-ui,sans-serif}
</style>
</head>
<body>
<h1>sunset report</h1>
<p>{{generated .Head}}</p>

<h2>Assets by stage</h2>
{{template "chart" .StageChart}}

<h2>Open findings</h2>
{{template "chart" .SeverityChart}}
{{end}}

{{define "open-findings"}}{{if .Rows}}<table>
<tr><th>Severity</th><th>Kind</th><th>Asset</th><th>Address</th><th>Since</th><th>Summary</th></tr>
{{else}}<p>No open findings.</p>
{{end}}{{end}}
{{define "finding"}}<tr><td class="{{.Severity}}">{{.Severity}}</td><td>{{.Kind}}</td><td>{{unknown .Asset}}</td><td>{{.Address}}</td><td>{{time .Since}}</td><td>{{.Summary}}</td></tr>
{{end}}

{{define "open-accepted"}}
<h2>Accepted risks</h2>
{{if .Rows}}<table>
<tr><th>Severity</th><th>Kind</th><th>Asset</th><th>Address</th><th>Summary</th><th>Accepted by</th><th>On</th><th>Until</th><th>Reason</th></tr>
{{else}}<p>No finding is acknowledged.</p>
{{end}}{{end}}
{{define "accepted"}}<tr><td class="{{.Finding.Severity}}">{{.Finding.Severity}}</td><td>{{.Finding.Kind}}</td><td>{{unknown .Finding.Asset}}</td><td>{{.Finding.Address}}</td><td>{{.Finding.Summary}}</td><td>{{.By}}</td><td>{{time .At}}</td><td>{{time .Until}}</td><td>{{.Reason}}</td></tr>
{{end}}

{{define "open-reminders"}}
<h2>Due within {{.Window}}</h2>
{{if .Rows}}<table>
<tr><th>Date</th><th>Kind</th><th>Asset</th><th>Action</th></tr>
{{else}}<p>Nothing due.</p>
{{end}}{{end}}
{{define "reminder"}}<tr><td{{if .Overdue}} class="overdue"{{end}}>{{.Date}}{{if .Overdue}} (overdue){{end}}</td><td>{{.Kind}}</td><td>{{.Asset}}</td><td>{{.Action}}</td></tr>
{{end}}

{{define "open-overrides"}}
<h2>Guard overrides</h2>
{{if .Rows}}<table>
<tr><th>When</th><th>Asset</th><th>Change</th><th>By</th><th>Reason</th></tr>
{{else}}<p>No guard was overridden.</p>
{{end}}{{end}}
{{define "override"}}<tr><td>{{time .At}}</td><td>{{.Asset}}</td><td>{{.From}} → {{.To}}</td><td>{{.Actor}}</td><td>{{.Reason}}</td></tr>
{{end}}

{{define "open-audits"}}{{if .Rows}}
<h2>End-of-life audits</h2>
{{end}}{{end}}
{{define "audit"}}
<section class="audit">
<h3>{{.Asset.Ref}} ({{.Asset.Stage}})</h3>
<table>
<tr><th>Hostname</th><td>{{.Asset.Hostname}}</td></tr>
<tr><th>Kind</th><td>{{.Asset.Kind}}</td></tr>
<tr><th>Vendor / model</th><td>{{.Asset.Vendor}} {{.Asset.Model}}</td></tr>
<tr><th>Serial</th><td>{{.Asset.Serial}}</td></tr>
<tr><th>Owner</th><td>{{.Asset.Owner}}</td></tr>
<tr><th>Addresses</th><td>{{join .Asset.IPs ", "}} {{join .Asset.MACs ", "}}</td></tr>
<tr><th>Stores data</th><td>{{yesno .Asset.StoresData}}</td></tr>
<tr><th>Holds credentials</th><td>{{yesno .Asset.HoldsCredentials}}</td></tr>
</table>

<h4>Stage history</h4>
{{if .Stages}}<table>
<tr><th>When</th><th>Change</th><th>By</th><th>Reason</th><th>Override</th></tr>
{{range .Stages}}<tr><td>{{time .At}}</td><td>{{.From}} → {{.To}}</td><td>{{.Actor}}</td><td>{{.Reason}}</td><td>{{if .Forced}}<span class="forced">forced</span>{{end}}</td></tr>
{{end}}</table>{{else}}<p>No stage changes recorded.</p>{{end}}

<h4>Checklist</h4>
<p>{{progress .Checklist}}.</p>
{{if .Checklist}}<table>
<tr><th>Item</th><th>Required</th><th>Verified by</th><th>Done</th><th>By</th><th>When</th><th>Evidence</th></tr>
{{range .Checklist}}<tr><td>{{.ID}}: {{.Title}}</td><td>{{yesno .Required}}</td><td>{{.Verify}}</td><td>{{yesno .Done}}</td><td>{{.DoneBy}}</td><td>{{if .Done}}{{time .DoneAt}}{{end}}</td><td>{{.Evidence}}</td></tr>
{{end}}</table>{{end}}

{{if .Mappings}}<h4>Port mappings</h4>
<table>
<tr><th>Mapping</th><th>Expires</th><th>State</th><th>Checked</th></tr>
{{range .Mappings}}<tr><td>{{mapping .Mapping}}</td><td>{{.Mapping.ExpiresOn}}</td><td>{{.State}}</td><td>{{if .CheckID}}check #{{.CheckID}} at {{time .CheckedAt}}{{else}}—{{end}}</td></tr>
{{end}}</table>{{end}}

<h4>Dark proof</h4>
<p>{{if .DarkProof}}{{proof .DarkProof}}{{else}}No check has proved it dark.{{end}}</p>
{{if named .Sites}}<h4>Seen from each site</h4>
<table>
<tr><th>Site</th><th>Newest complete check</th><th>Saw</th></tr>
{{range .Sites}}<tr><td>{{sitename .Site}}</td><td>{{.Origin}}, ended {{time .At}}</td><td>{{.State}}</td></tr>
{{end}}</table>{{end}}

<h4>Sanitization (NIST SP 800-88)</h4>
{{if .Sanitization}}<table>
{{range sanfields .Sanitization}}<tr><th>{{index . 0}}</th><td>{{index . 1}}</td></tr>
{{end}}</table>{{else}}<p>No sanitization recorded.</p>{{end}}

<h4>Overrides</h4>
{{if .Overrides}}<ul>
{{range .Overrides}}<li class="forced">{{override .}}</li>
{{end}}</ul>{{else}}<p>No guard was overridden.</p>{{end}}

{{if .Findings}}<h4>Open findings</h4>
<ul>
{{range .Findings}}<li><span class="{{.Severity}}">{{.Severity}}</span> {{.Summary}}</li>
{{end}}</ul>{{end}}
</section>
{{end}}
{{define "chart"}}<svg xmlns="http://www.w3.org/2000/svg" width="{{.Width}}" height="{{.Height}}" role="img" aria-label="{{.Title}}">
<title>{{.Title}}</title>
{{range .Bars}}<text x="0" y="{{.TextY}}">{{.Label}}</text><rect x="130" y="{{.Y}}" width="{{.BarLen}}" height="16" fill="{{.Color}}"></rect><text x="{{.CountX}}" y="{{.TextY}}">{{.Count}}</text>
{{end}}</svg>{{end}}`
