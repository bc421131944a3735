package importers

import (
	"context"
	"fmt"
	"path/filepath"
	"slices"
	"strings"

	"github.com/sunset-tui/sunset/inventory"
)

// applier decides each row's outcome and, in a real import, writes it, a
// batch at a time. A batch's rows are matched to the assets that existed
// when the import began and that any of their keys names, read with one
// AssetsByKeys per batch, and to the rows before them through claims.
type applier struct {
	ctx   context.Context
	s     *settings
	plans []*filePlan
	keys  []string // s.keys, then tag, serial and mac if missing: the store keeps each unique
	// claims remembers what every row before claimed: keys, and the
	// existing assets it matched.
	claims   *claims
	claiming []pendingClaim   // what the row being decided claims
	snapshot inventory.Reader // the inventory as it was when the import began
	// empty says that the inventory had no asset: no row names one.
	empty bool
	// queueing says whether to queue the writes of the rows decided: it is
	// cleared by the first rejected row, as the import will roll back.
	queueing bool
	report   *Report
	unknown  map[[2]string]int // (file, value) → position in report.UnknownStatuses

	// The assets the current batch's rows name, by key.
	existing []inventory.Asset
	ids      []identity                  // of existing, by position
	index    map[string]map[string][]int // key → value → positions in existing
}

// uniqueKeys are what the store keeps unique: every import checks them,
// whether or not they are keys it matches by.
var uniqueKeys = []string{"tag", "serial", "mac"}

func newApplier(ctx context.Context, s *settings, rep *Report, plans []*filePlan) *applier {
	ap := &applier{ctx: ctx, s: s, plans: plans, report: rep, claims: newClaims(ctx),
		index: map[string]map[string][]int{}, unknown: map[[2]string]int{}}
	ap.keys = append(ap.keys, s.keys...)
	for _, k := range uniqueKeys {
		if !contains(ap.keys, k) {
			ap.keys = append(ap.keys, k)
		}
	}
	for _, k := range ap.keys {
		ap.index[k] = map[string][]int{}
	}
	return ap
}

// decide decides every row of b.
func (ap *applier) decide(b *batch) error {
	b.ids = b.ids[:0]
	for i := range b.drafts {
		b.ids = append(b.ids, identityOf(&b.drafts[i].a))
	}
	if err := ap.lookUp(b); err != nil {
		return err
	}
	b.rows = slices.Grow(b.rows[:0], len(b.drafts))[:len(b.drafts)]
	for i := range b.drafts {
		if i%256 == 0 {
			if err := ap.ctx.Err(); err != nil {
				return err
			}
		}
		if err := ap.apply(b, i); err != nil {
			return err
		}
	}
	b.writable = ap.queueing
	return nil
}

// lookUp reads the assets that any key of b's rows names, and indexes
// them by key.
func (ap *applier) lookUp(b *batch) error {
	var keys inventory.AssetKeys
	byHostname := contains(ap.keys, "hostname")
	for i := range b.drafts {
		if !b.drafts[i].failed() {
			addKeys(&keys, &b.ids[i], byHostname)
		}
	}
	var existing []inventory.Asset
	if !ap.empty {
		var err error
		if existing, err = ap.snapshot.AssetsByKeys(ap.ctx, keys); err != nil {
			return err
		}
	}
	ap.existing = existing
	ap.ids = ap.ids[:0]
	for _, byValue := range ap.index {
		clear(byValue)
	}
	for i := range existing {
		ap.ids = append(ap.ids, identityOf(&existing[i]))
		for _, k := range ap.keys {
			for _, v := range ap.ids[i].values(k) {
				ap.index[k][v] = append(ap.index[k][v], i)
			}
		}
	}
	return nil
}

// addKeys adds what a row is matched by to keys, its hostname only when
// byHostname; the store folds each as identity does.
func addKeys(keys *inventory.AssetKeys, id *identity, byHostname bool) {
	if v := id.scalar[idTag]; v != "" {
		keys.Tags = append(keys.Tags, v)
	}
	if v := id.scalar[idHostname]; v != "" && byHostname {
		keys.Hostnames = append(keys.Hostnames, v)
	}
	if v := id.scalar[idSerial]; v != "" {
		keys.Serials = append(keys.Serials, v)
	}
	keys.MACs = append(keys.MACs, id.macs...)
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

// apply decides row i of b and queues what a real import writes for it.
func (ap *applier) apply(b *batch, i int) error {
	d, id, row := &b.drafts[i], &b.ids[i], &b.rows[i]
	*row = Row{File: d.file, Line: d.line, Warnings: d.warnings}
	if d.failed() {
		row.Action, row.Reason = ActionError, d.reason()
		if d.unknownStatus {
			ap.noteUnknownStatus(d)
		}
		ap.queueing = false
		return nil
	}
	match, why, lookalikes := ap.match(&d.a, id)
	if why == "" {
		var err error
		if why, err = ap.claim(d, id, match); err != nil {
			return err
		}
	}
	row.Warnings = append(row.Warnings, lookalikes...)
	if why != "" {
		row.Action, row.Reason = ActionConflict, why
		ap.queueing = false
		return nil
	}
	if match < 0 {
		ap.create(b, i)
	} else {
		ap.update(b, i, &ap.existing[match])
	}
	return nil
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

func (ap *applier) create(b *batch, i int) {
	d, row := &b.drafts[i], &b.rows[i]
	if err := d.a.Validate(); err != nil {
		row.Action, row.Reason = ActionError, err.Error()
		ap.queueing = false
		return
	}
	row.Action, row.Asset = ActionCreate, d.a.Ref()
	if !ap.queueing {
		return
	}
	b.assets = append(b.assets, d.a)
	a := &b.assets[len(b.assets)-1]
	if ap.s.checklist != nil {
		if items := ap.s.checklist(*a); len(items) > 0 {
			if b.checklists == nil {
				b.checklists = map[int][]inventory.ChecklistItem{}
			}
			b.checklists[len(b.creates)] = items
		}
	}
	b.creates = append(b.creates, a)
	b.reasons = append(b.reasons, historyReason(d.file, d.line))
	b.createRows = append(b.createRows, i)
}

func (ap *applier) update(b *batch, i int, old *inventory.Asset) {
	d, row := &b.drafts[i], &b.rows[i]
	row.Asset, row.AssetID = old.Ref(), old.ID
	// Merged in the batch's assets, where a write can take it without
	// an allocation of its own.
	b.assets = append(b.assets, inventory.Asset{})
	m := &b.assets[len(b.assets)-1]
	merge(m, old, d)
	if err := m.Validate(); err != nil {
		row.Action, row.Reason = ActionError, err.Error()
		ap.queueing = false
		b.assets = b.assets[:len(b.assets)-1]
		return
	}
	if d.hasStage && d.stageValue != old.Stage {
		row.Warnings = append(row.Warnings, fmt.Sprintf(
			"stage: the file says %s, sunset has %s; not changed by import (stage changes go through `sunset stage`, where guards apply)",
			d.stageValue, old.Stage))
	}
	row.Changes = diffFields(old, m, d.set)
	row.Action = ActionUpdate
	if len(row.Changes) == 0 {
		row.Action = ActionUnchanged
	}
	if row.Action == ActionUnchanged || !ap.queueing {
		b.assets = b.assets[:len(b.assets)-1]
		return
	}
	b.updates = append(b.updates, pendingUpdate{asset: m, reason: historyReason(d.file, d.line), row: i})
}

// merge lays the fields the row gives over the existing asset, into m.
// Empty cells give nothing, so they never clear a field; the stage is
// left alone.
func merge(m, old *inventory.Asset, d *draft) {
	*m = *old
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
			_ = f.Set(m, f.Get(&d.a))
		}
	}
	if m.Source == "" {
		m.Source = d.a.Source
	}
	if m.ExternalID == "" {
		m.ExternalID = d.a.ExternalID
	}
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
		value := strings.Clone(d.stageRaw) // not to hold the file's text
		ap.unknown[[2]string{d.file, value}] = i
		ap.report.UnknownStatuses = append(ap.report.UnknownStatuses, UnknownStatus{Value: value, File: d.file})
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
