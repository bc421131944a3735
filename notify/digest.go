package notify

import (
	"bytes"
	"fmt"
	"html/template"
	"strings"
	"time"
)

// Digest is what one recipient is sent in one run: their new items,
// sorted as SortItems does, at most MaxItems of them listed.
type Digest struct {
	To    Recipient
	At    time.Time
	Items []Item
	// More counts the items beyond MaxItems: the digest says how many,
	// and `sunset due` and `sunset findings` list them.
	More int
}

// MaxItems bounds how many items a digest lists: more helps no reader
// (an escalation of a whole inventory), and a digest is held whole.
const MaxItems = 500

// NewDigest sorts items into the digest for to, listing MaxItems.
func NewDigest(to Recipient, at time.Time, items []Item) Digest {
	SortItems(items)
	d := Digest{To: to, At: at, Items: items}
	if len(items) > MaxItems {
		d.Items, d.More = items[:MaxItems], len(items)-MaxItems
	}
	return d
}

// moreLine says how many items a digest leaves out; "" when none.
func (d Digest) moreLine() string {
	if d.More == 0 {
		return ""
	}
	return fmt.Sprintf("…and %d more items: run `sunset due` and `sunset findings` for all of them.", d.More)
}

// Owners lists the owners whose items the digest carries, in order of
// first appearance ("" for items with no owner).
func (d Digest) Owners() []string {
	var out []string
	seen := map[string]bool{}
	for _, it := range d.Items {
		if !seen[it.Owner] {
			seen[it.Owner] = true
			out = append(out, it.Owner)
		}
	}
	return out
}

// Owner is the one owner of every item, or "" when they have several (a
// fallback's digest) or none.
func (d Digest) Owner() string {
	if o := d.Owners(); len(o) == 1 {
		return o[0]
	}
	return ""
}

// Counts says how many items are overdue (escalations included), open
// findings, and coming up.
func (d Digest) Counts() (overdue, findings, coming int) {
	for _, it := range d.Items {
		switch it.Step {
		case StepOverdue, StepEscalated:
			overdue++
		case StepFinding:
			findings++
		default:
			coming++
		}
	}
	return
}

// Subject is the e-mail's subject line.
func (d Digest) Subject() string {
	who := d.Owner()
	switch owners := d.Owners(); {
	case who != "":
	case len(owners) == 1:
		who = "devices with no owner"
	default:
		who = fmt.Sprintf("%d owners", len(owners))
	}
	var parts []string
	overdue, findings, coming := d.Counts()
	if overdue > 0 {
		parts = append(parts, plural(overdue, "overdue item", "overdue items"))
	}
	if findings > 0 {
		parts = append(parts, plural(findings, "finding", "findings"))
	}
	if coming > 0 {
		parts = append(parts, plural(coming, "item coming due", "items coming due"))
	}
	if d.More > 0 {
		parts = append(parts, plural(d.More, "more", "more"))
	}
	return fmt.Sprintf("sunset: %s for %s", strings.Join(parts, ", "), who)
}

func plural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return fmt.Sprintf("%d %s", n, many)
}

// When says when an item is due, as a person reads it.
func (it Item) When() string {
	switch {
	case it.Step == StepFinding && !it.Since.IsZero():
		return "since " + it.Since.UTC().Format("2006-01-02")
	case it.Step == StepFinding:
		return "open now"
	case it.DaysLeft < 0:
		return fmt.Sprintf("was due %s (%s ago)", it.Due, days(-it.DaysLeft))
	case it.DaysLeft == 0:
		return fmt.Sprintf("due today, %s", it.Due)
	}
	return fmt.Sprintf("due %s (in %s)", it.Due, days(it.DaysLeft))
}

func days(n int) string { return plural(n, "day", "days") }

// Heading names an item's kind of news: the step, or the severity of a
// finding.
func (it Item) Heading() string {
	switch it.Step {
	case StepEscalated:
		return "ESCALATED"
	case StepOverdue:
		return "OVERDUE"
	case StepFinding:
		return strings.ToUpper(it.Severity)
	case StepDay:
		return "TODAY"
	}
	return "within " + it.Step
}

// Device names the item's device: the asset, else the address.
func (it Item) Device() string {
	if it.Asset != "" {
		return it.Asset
	}
	return "unknown device at " + it.Address
}

// OwnerLine says whose an item is, for digests that carry several owners'
// and for escalations.
func (it Item) OwnerLine() string {
	if it.Owner == "" {
		return "no owner recorded"
	}
	return "owner: " + it.Owner
}

// Text is the digest as plain text.
func (d Digest) Text() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s\n\n", d.Subject())
	fmt.Fprintf(&b, "sunset, %s. Each item is sent once per step; run `sunset due` for the full list.\n", d.At.UTC().Format("2006-01-02 15:04 UTC"))
	for _, it := range d.Items {
		fmt.Fprintf(&b, "\n[%s] %s — %s\n", it.Heading(), it.Device(), it.What)
		fmt.Fprintf(&b, "    %s; %s\n", it.When(), it.OwnerLine())
		if it.Step == StepEscalated {
			fmt.Fprintf(&b, "    Escalated: still open %s past its due date; owner: %s.\n", days(-it.DaysLeft), ownerOrNobody(it.Owner))
		}
		if it.ToDo != "" {
			fmt.Fprintf(&b, "    To do: %s\n", it.ToDo)
		}
	}
	if more := d.moreLine(); more != "" {
		fmt.Fprintf(&b, "\n%s\n", more)
	}
	return b.String()
}

func ownerOrNobody(o string) string {
	if o == "" {
		return "none recorded"
	}
	return o
}

var htmlDigest = template.Must(template.New("digest").Parse(`<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>{{.Subject}}</title></head>
<body style="font-family: sans-serif">
<h2>{{.Subject}}</h2>
<p>sunset, {{.At.UTC.Format "2006-01-02 15:04 UTC"}}. Each item is sent once per step; run <code>sunset due</code> for the full list.</p>
<table cellpadding="6" style="border-collapse: collapse">
<tr style="text-align: left"><th>When</th><th>Device</th><th>What</th><th>To do</th><th>Owner</th></tr>
{{range .Items}}<tr style="border-top: 1px solid #ccc; vertical-align: top">
<td><b>{{.Heading}}</b><br>{{.When}}</td>
<td>{{.Device}}</td>
<td>{{.What}}{{if eq .Step "escalated"}}<br><i>Escalated: still open past its due date; owner: {{if .Owner}}{{.Owner}}{{else}}none recorded{{end}}.</i>{{end}}</td>
<td>{{.ToDo}}</td>
<td>{{if .Owner}}{{.Owner}}{{else}}<i>none recorded</i>{{end}}</td>
</tr>
{{end}}</table>
{{with .MoreLine}}<p>{{.}}</p>{{end}}
</body></html>
`))

// HTML is the digest as an HTML page, every value escaped.
func (d Digest) HTML() string {
	var b bytes.Buffer
	if err := htmlDigest.Execute(&b, struct {
		Digest
		Subject, MoreLine string
	}{d, d.Subject(), d.moreLine()}); err != nil {
		panic(err) // the template is a constant and its data plain values
	}
	return b.String()
}
