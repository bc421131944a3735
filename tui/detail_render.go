package tui

import (
	"fmt"
	"slices"
	"strings"

	"github.com/sunset-tui/sunset/inventory"
	"github.com/sunset-tui/sunset/lifecycle"
	"github.com/sunset-tui/sunset/tui/safe"
)

// detailLine is one line of a detail tab; item is the selectable entry it
// belongs to (a mapping, a checklist item), or -1.
type detailLine struct {
	text string
	item int
}

func itemCount(lines []detailLine) int {
	n := 0
	for _, l := range lines {
		if l.item >= n {
			n = l.item + 1
		}
	}
	return n
}

func (p *detailPage) lines() []detailLine {
	if p.d == nil {
		return nil
	}
	switch p.tab {
	case tabAddresses:
		return p.addressLines()
	case tabMappings:
		return p.mappingLines()
	case tabChecklist:
		return p.checklistLines()
	case tabObservations:
		return p.observationLines()
	case tabHistory:
		return p.historyLines()
	}
	return p.overviewLines()
}

func plain(texts ...string) []detailLine {
	out := make([]detailLine, len(texts))
	for i, t := range texts {
		out[i] = detailLine{text: t, item: -1}
	}
	return out
}

func (p *detailPage) field(label, value string) detailLine {
	st := p.c.styles
	if value == "" {
		value = st.Muted.Render("–")
	}
	return detailLine{text: st.Label.Render(fit(label, 18)) + value, item: -1}
}

func (p *detailPage) overviewLines() []detailLine {
	a := p.d.asset
	now := p.c.now
	s := safe.Text
	since := ""
	if !a.StageSince.IsZero() {
		since = " since " + a.StageSince.In(now.Location()).Format("2006-01-02")
	}
	seen := "never"
	if !a.LastSeen.IsZero() {
		seen = ago(now, a.LastSeen) + " (" + a.LastSeen.In(now.Location()).Format("2006-01-02 15:04") + ")"
	}
	creds := inventory.FormatBool(a.HoldsCredentials)
	if a.CredentialsRef != "" {
		creds += ", kept at " + s(a.CredentialsRef)
	}
	out := []detailLine{
		p.field("tag", s(a.Tag)),
		p.field("hostname", s(a.Hostname)),
	}
	if a.Name != "" {
		out = append(out, p.field("name", s(a.Name)))
	}
	out = append(out,
		p.field("kind", s(string(a.Kind))),
		p.field("stage", string(a.Stage)+since),
		p.field("owner", s(a.Owner)),
		p.field("department", s(a.Department)),
		p.field("location", s(a.Location)),
		p.field("vendor / model", strings.TrimSpace(s(a.Vendor)+" "+s(a.Model))),
		p.field("serial", s(a.Serial)),
		p.field("os", strings.TrimSpace(s(a.OS)+" "+s(a.OSVersion))),
		p.field("address", s(a.PrimaryIP())),
		p.field("last seen", seen),
		p.field("deployed on", a.DeployedOn.String()),
		p.field("warranty ends", a.WarrantyEnds.String()),
		p.field("end of life", a.EOLOn.String()),
		p.field("last managed on", a.LastManagedOn.String()),
		p.field("holds credentials", creds),
		p.field("stores data", inventory.FormatBool(a.StoresData)),
		p.field("classification", s(a.Classification)),
		p.field("approved", inventory.FormatBool(a.Approved)),
		p.field("source", s(strings.TrimSpace(a.Source+" "+a.ExternalID))),
	)
	if p.d.sanitization != nil {
		r := p.d.sanitization
		shown := r.Date.String() + " " + s(r.Method) + "/" + s(r.Technique) + " → " + s(r.Destination)
		if !lifecycle.SanitizationCounts(p.d.checklist) {
			shown += " (no longer counts: sanitize-media was reopened)"
		}
		out = append(out, p.field("sanitized", shown))
	}
	if a.Notes != "" {
		out = append(out, p.field("notes", s(firstLine(a.Notes))))
	}
	for _, c := range p.d.imported {
		out = append(out, p.field(c.Column, s(firstLine(c.Value))))
	}
	var head []detailLine
	for _, f := range p.assetFindings() {
		for i, l := range wrap(p.snap.summaryOf(&f), max(p.width-10, 10)) {
			label := strings.Repeat(" ", 9)
			if i == 0 {
				label = p.c.styles.severityStyle(f.severityName()).Render(fit(f.severityName(), 9))
			}
			head = append(head, detailLine{text: label + " " + l, item: -1})
		}
	}
	if len(head) > 0 {
		head = append(head, detailLine{item: -1})
	}
	return append(head, out...)
}

func firstLine(s string) string {
	if i := strings.IndexByte(s, '\n'); i >= 0 {
		return s[:i] + " …"
	}
	return s
}

func (p *detailPage) assetFindings() []findingView {
	if p.snap == nil {
		return nil
	}
	var out []findingView
	for _, f := range p.snap.findings {
		if f.assetID == p.d.asset.ID {
			out = append(out, f)
		}
	}
	return out
}

func (p *detailPage) addressLines() []detailLine {
	if len(p.d.asset.Addresses) == 0 {
		return plain(p.c.styles.Muted.Render("No addresses recorded: e edits the asset."))
	}
	out := plain(p.c.styles.TableHeader.Render(fit("KIND", 6) + fit("ADDRESS", 40) + "PRIMARY"))
	for _, ad := range p.d.asset.Addresses {
		prim := ""
		if ad.Primary {
			prim = "yes"
		}
		out = append(out, detailLine{text: fit(safe.Text(string(ad.Kind)), 6) + fit(safe.Text(ad.Value), 40) + prim, item: -1})
	}
	return out
}

func (p *detailPage) mappingLines() []detailLine {
	st := p.c.styles
	if len(p.d.mappings) == 0 {
		return plain(st.Muted.Render("No port mappings: m adds one."))
	}
	var out []detailLine
	for i, m := range p.d.mappings {
		status := st.NotDone.Render("open")
		if !m.Open() {
			status = st.Done.Render("closed " + m.ClosedAt.In(p.c.now.Location()).Format("2006-01-02"))
		}
		target := m.External()
		if in := m.Internal(); in != "" {
			target += " → " + in
		}
		line := fmt.Sprintf("#%-4d %s/%s  %s", m.ID, target, m.Protocol, status)
		switch {
		case lifecycle.MappingExpired(m, p.c.now):
			line += "  " + st.NotDone.Render("EXPIRED "+m.ExpiresOn.String())
		case !m.ExpiresOn.IsZero():
			line += "  expires " + m.ExpiresOn.String()
		}
		out = append(out, detailLine{text: line, item: i})
		var info []string
		if m.Purpose != "" {
			info = append(info, safe.Text(m.Purpose))
		}
		if m.Owner != "" {
			info = append(info, "owner "+safe.Text(m.Owner))
		}
		if m.ClosedEvidence != "" {
			info = append(info, "evidence: "+safe.Text(m.ClosedEvidence))
		}
		if len(info) > 0 {
			out = append(out, detailLine{text: "      " + st.Muted.Render(strings.Join(info, " · ")), item: i})
		}
	}
	return out
}

func (p *detailPage) checklistLines() []detailLine {
	st := p.c.styles
	items := p.d.checklist
	if len(items) == 0 {
		return plain(st.Muted.Render("No checklist: it is generated when the asset enters decommissioning."))
	}
	done, req := 0, 0
	for _, it := range items {
		if it.Required {
			req++
			if it.Done {
				done++
			}
		}
	}
	out := plain(st.Heading.Render(fmt.Sprintf("%d of %d required items done", done, req)))
	loc := p.c.now.Location()
	for i, it := range items {
		box := st.NotDone.Render("[ ]")
		if it.Done {
			box = st.Done.Render("[x]")
		}
		flags := safe.Text(string(it.Verify))
		if it.Required {
			flags = "required, " + flags
		}
		line := box + " " + safe.Text(it.Title) + "  " + st.Muted.Render("("+flags+")")
		if !it.Due.IsZero() {
			line += "  due " + it.Due.String()
		}
		out = append(out, detailLine{text: line, item: i})
		if it.Done {
			info := "done " + it.DoneAt.In(loc).Format("2006-01-02 15:04") + " by " + safe.Text(it.DoneBy)
			if it.Evidence != "" {
				info += ": " + safe.Text(it.Evidence)
			}
			out = append(out, detailLine{text: "    " + st.Muted.Render(info), item: i})
		}
	}
	return out
}

// observationLines shows which ports answered when: a grid of checks
// (newest first) by ports, then each observation in words.
func (p *detailPage) observationLines() []detailLine {
	st := p.c.styles
	obs := p.d.observations
	if len(obs) == 0 {
		return plain(st.Muted.Render("No check has seen this asset yet."))
	}
	var ports []string
	for _, o := range obs {
		for _, pt := range o.Ports {
			label := fmt.Sprintf("%d/%s", pt.Number, safe.Text(pt.Protocol))
			if pt.State == "open" && !slices.Contains(ports, label) {
				ports = append(ports, label)
			}
		}
	}
	slices.Sort(ports)
	const timeW, addrW, stateW = 17, 16, 9
	const portW = 10 // "65535/tcp" and a space
	// Which site saw what, when checks ran from any named site.
	siteW := 0
	for _, o := range obs {
		if p.d.checks[o.CheckID].Site != "" {
			siteW = 13
		}
	}
	room := max((p.width-timeW-addrW-stateW-siteW)/portW, 0)
	if len(ports) > room {
		ports = ports[:room]
	}
	header := fit("WHEN", timeW) + fit("ADDRESS", addrW) + fit("STATE", stateW)
	if siteW > 0 {
		header += fit("SITE", siteW)
	}
	for _, pt := range ports {
		header += fit(pt, portW)
	}
	out := plain(st.TableHeader.Render(header))
	loc := p.c.now.Location()
	for _, o := range obs {
		state := safe.Text(string(o.State))
		if c, ok := p.d.checks[o.CheckID]; ok && c.Partial && o.State == inventory.Dark {
			state = "dark?"
		}
		line := fit(o.SeenAt.In(loc).Format("2006-01-02 15:04"), timeW) + fit(safe.Text(o.Address), addrW) + fit(state, stateW)
		if siteW > 0 {
			line += fit(safe.Text(orAny(p.d.checks[o.CheckID].Site)), siteW)
		}
		for _, pt := range ports {
			mark := "·"
			for _, op := range o.Ports {
				if fmt.Sprintf("%d/%s", op.Number, safe.Text(op.Protocol)) == pt && op.State == "open" {
					mark = "●"
				}
			}
			line += fit(mark, portW)
		}
		out = append(out, detailLine{text: line, item: -1})
	}
	out = append(out, detailLine{item: -1}, detailLine{text: st.Heading.Render("Latest answer"), item: -1})
	latest := obs[0]
	if len(latest.Ports) == 0 && len(latest.Hostnames) == 0 && latest.Conflict == "" {
		out = append(out, detailLine{text: "  " + safe.Text(string(latest.State)) + ": " + safe.Text(latest.Reason), item: -1})
	}
	for _, pt := range latest.Ports {
		desc := strings.TrimSpace(strings.Join([]string{safe.Text(pt.Service), safe.Text(pt.Product), safe.Text(pt.Version)}, " "))
		out = append(out, detailLine{text: fmt.Sprintf("  %d/%s %s %s", pt.Number, safe.Text(pt.Protocol), safe.Text(pt.State), desc), item: -1})
	}
	if len(latest.Hostnames) > 0 {
		hs := make([]string, len(latest.Hostnames))
		for i, h := range latest.Hostnames {
			hs[i] = safe.Text(h)
		}
		out = append(out, detailLine{text: "  names: " + strings.Join(hs, ", "), item: -1})
	}
	if latest.Conflict != "" {
		out = append(out, detailLine{text: st.NotDone.Render("  conflict: " + safe.Text(latest.Conflict)), item: -1})
	}
	return out
}

func (p *detailPage) historyLines() []detailLine {
	st := p.c.styles
	if len(p.d.history) == 0 {
		return plain(st.Muted.Render("No history."))
	}
	loc := p.c.now.Location()
	var out []detailLine
	for i := len(p.d.history) - 1; i >= 0; i-- {
		e := p.d.history[i]
		head := e.At.In(loc).Format("2006-01-02 15:04") + "  " + safe.Text(e.Actor) + "  " + st.Heading.Render(safe.Text(e.Action))
		if e.Forced {
			head += "  " + st.StatusError.Render("FORCED")
		}
		out = append(out, detailLine{text: head, item: -1})
		for _, c := range e.Changes {
			out = append(out, detailLine{text: "    " + safe.Text(c.Field) + ": " + safe.Text(c.From) + " → " + safe.Text(c.To), item: -1})
		}
		if e.Reason != "" {
			out = append(out, detailLine{text: "    " + st.Muted.Render("reason: "+safe.Text(e.Reason)), item: -1})
		}
	}
	return out
}

// orAny names the site of a check that names none: it counts for any.
func orAny(site string) string {
	if site == "" {
		return "(any)"
	}
	return site
}
