package importers

import (
	"context"
	"fmt"
	"path/filepath"
	"strings"

	"github.com/sunset-tui/sunset/inventory"
)

// applier matches drafts to the assets that existed when the import began,
// decides each row's outcome and, in a real import, writes it. Every match
// key of the existing assets is loaded into maps once, so a row costs no
// query.
type applier struct {
	ctx      context.Context
	s        *settings
	existing []inventory.Asset
	ids      []identity                  // of existing, by position
	index    map[string]map[string][]int // key → value → positions in existing
	// claims: key → value → the report row that first named it; a
	// hostname may be named by several rows that are different devices.
	claims    map[string]map[string]int32
	hostClaim map[string][]int32
	claimed   map[int]int32 // position in existing → report row that matched it
	rowIDs    []identity    // by report row, the identity each row claimed
	keys      []string      // s.keys, then tag if missing: the store keeps tags unique
	writes    *writes       // the real import's writes; nil in a dry run
	writing   bool
	report    *Report
	unknown   map[[2]string]int // (file, value) → position in report.UnknownStatuses
	total     int
}

func newApplier(ctx context.Context, s *settings, existing []inventory.Asset, w inventory.Writer, rep *Report, total int) *applier {
	// The maps and lists of the rows grow as rows come: sized for every
	// row at once, they would be cleared before the first row is read,
	// while the store waits for it.
	ap := &applier{ctx: ctx, s: s, existing: existing, writing: w != nil, report: rep, total: total,
		index: map[string]map[string][]int{}, claims: map[string]map[string]int32{}, hostClaim: map[string][]int32{},
		claimed: map[int]int32{}, unknown: map[[2]string]int{}}
	if w != nil {
		ap.writes = newWrites(ctx, w)
	}
	ap.keys = append(ap.keys, s.keys...)
	if !contains(ap.keys, "tag") {
		ap.keys = append(ap.keys, "tag")
	}
	for _, k := range ap.keys {
		ap.index[k] = make(map[string][]int, len(existing))
		ap.claims[k] = map[string]int32{}
	}
	ap.ids = make([]identity, len(existing))
	for i := range existing {
		ap.ids[i] = identityOf(&existing[i])
		for _, k := range ap.keys {
			for _, v := range ap.ids[i].values(k) {
				ap.index[k][v] = append(ap.index[k][v], i)
			}
		}
	}
	return ap
}

func showValues(key string, a *inventory.Asset) string {
	switch key {
	case "serial":
		return fmt.Sprintf("%q", a.Serial)
	case "tag":
		return fmt.Sprintf("%q", a.Tag)
	case "hostname":
		return fmt.Sprintf("%q", a.Hostname)
	}
	return strings.Join(a.MACs(), " ")
}

func named(a *inventory.Asset) string { return fmt.Sprintf("%s (#%d)", a.Ref(), a.ID) }

// apply decides and, when writing, carries out one row.
func (ap *applier) apply(d *draft) {
	at := len(ap.report.Rows)
	ap.report.Rows = append(ap.report.Rows, Row{File: d.file, Line: d.line, Warnings: d.warnings})
	ap.rowIDs = append(ap.rowIDs, identity{})
	row := &ap.report.Rows[at]
	if d.failed() {
		row.Action, row.Reason = ActionError, d.reason()
		if d.unknownStatus {
			ap.noteUnknownStatus(d)
		}
		ap.writing = false
		return
	}
	id := identityOf(&d.a)
	match, why, lookalikes := ap.match(&d.a, &id)
	if why == "" {
		why = ap.claim(at, d, &id, match)
	}
	row.Warnings = append(row.Warnings, lookalikes...)
	if why != "" {
		row.Action, row.Reason = ActionConflict, why
		ap.writing = false
		return
	}
	if match < 0 {
		ap.create(row, d)
	} else {
		ap.update(row, d, &ap.existing[match])
	}
}

func (ap *applier) where(file string, line int) string {
	if len(ap.report.Files) > 1 {
		return fmt.Sprintf("%s line %d", file, line)
	}
	return fmt.Sprintf("line %d", line)
}

func historyReason(file string, line int) string {
	return fmt.Sprintf("import %s:%d", filepath.Base(file), line)
}

func (ap *applier) create(row *Row, d *draft) {
	a := d.a
	if err := a.Validate(); err != nil {
		row.Action, row.Reason = ActionError, err.Error()
		ap.writing = false
		return
	}
	row.Action, row.Asset = ActionCreate, a.Ref()
	if ap.writing {
		var checklist []inventory.ChecklistItem
		if ap.s.checklist != nil {
			checklist = ap.s.checklist(a)
		}
		ap.writes.create(&a, historyReason(d.file, d.line), len(ap.report.Rows)-1, checklist)
	}
}

func (ap *applier) update(row *Row, d *draft, old *inventory.Asset) {
	row.Asset, row.AssetID = old.Ref(), old.ID
	m := merge(old, d)
	if err := m.Validate(); err != nil {
		row.Action, row.Reason = ActionError, err.Error()
		ap.writing = false
		return
	}
	if d.hasStage && d.stageValue != old.Stage {
		row.Warnings = append(row.Warnings, fmt.Sprintf(
			"stage: the file says %s, sunset has %s; not changed by import (stage changes go through `sunset stage`, where guards apply)",
			d.stageValue, old.Stage))
	}
	row.Changes = diffFields(old, &m, d.set)
	if len(row.Changes) == 0 {
		row.Action = ActionUnchanged
		return
	}
	row.Action = ActionUpdate
	if ap.writing {
		ap.writes.update(&m, historyReason(d.file, d.line), len(ap.report.Rows)-1)
	}
}

// merge lays the fields the row gives over the existing asset. Empty cells
// give nothing, so they never clear a field; the stage is left alone.
func merge(old *inventory.Asset, d *draft) inventory.Asset {
	m := *old
	m.Addresses = append([]inventory.Address(nil), old.Addresses...)
	for i, f := range inventory.Fields {
		if i == stageField || !d.set.has(i) {
			continue
		}
		switch f.Name {
		case "deployed-on":
			m.DeployedOn = d.a.DeployedOn
		case "warranty-ends":
			m.WarrantyEnds = d.a.WarrantyEnds
		case "eol-on":
			m.EOLOn = d.a.EOLOn
		case "last-managed-on":
			m.LastManagedOn = d.a.LastManagedOn
		case "kind":
			m.Kind = d.a.Kind
		default:
			// A copy: through a func value the compiler cannot see that
			// Get keeps nothing, and &d.a would move every row's draft
			// (a creation's too) to the heap.
			from := d.a
			_ = f.Set(&m, f.Get(&from))
		}
	}
	if m.Source == "" {
		m.Source = d.a.Source
	}
	if m.ExternalID == "" {
		m.ExternalID = d.a.ExternalID
	}
	return m
}

// diff lists the fields that differ, as the export writes them.
func diff(old, m *inventory.Asset) []inventory.Change { return diffFields(old, m, ^fieldSet(0)) }

// diffFields compares only the fields in set: merge changes no other.
func diffFields(old, m *inventory.Asset, set fieldSet) []inventory.Change {
	var out []inventory.Change
	for i, f := range inventory.Fields {
		if !set.has(i) {
			continue
		}
		if from, to := f.Get(old), f.Get(m); from != to {
			out = append(out, inventory.Change{Field: f.Name, From: from, To: to})
		}
	}
	if old.Source != m.Source {
		out = append(out, inventory.Change{Field: "source", From: old.Source, To: m.Source})
	}
	if old.ExternalID != m.ExternalID {
		out = append(out, inventory.Change{Field: "external-id", From: old.ExternalID, To: m.ExternalID})
	}
	return out
}

func (ap *applier) noteUnknownStatus(d *draft) {
	k := [2]string{d.file, d.stageRaw}
	i, ok := ap.unknown[k]
	if !ok {
		i = len(ap.report.UnknownStatuses)
		ap.unknown[k] = i
		ap.report.UnknownStatuses = append(ap.report.UnknownStatuses, UnknownStatus{Value: d.stageRaw, File: d.file})
	}
	ap.report.UnknownStatuses[i].Lines = append(ap.report.UnknownStatuses[i].Lines, d.line)
}

func contains(list []string, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}
