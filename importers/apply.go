package importers

import (
	"context"
	"fmt"
	"path/filepath"
	"slices"
	"strings"
	"time"

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
	keys  []string        // s.keys, then tag, serial and mac if missing: the store keeps each unique
	uses  map[string]bool // the keys in keys
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

	// The assets the current batch's rows name, by key, and their
	// imported columns.
	existing []inventory.Asset
	ids      []identity                  // of existing, by position
	index    map[string]map[string][]int // key → value → positions in existing
	imported map[int64][]inventory.ImportedColumn
}

// uniqueKeys are what the store keeps unique: every import checks them,
// whether or not they are keys it matches by.
var uniqueKeys = []string{"tag", "serial", "mac"}

func newApplier(ctx context.Context, s *settings, rep *Report, plans []*filePlan) *applier {
	ap := &applier{ctx: ctx, s: s, plans: plans, report: rep, claims: newClaims(ctx),
		index: map[string]map[string][]int{}, unknown: map[[2]string]int{}, uses: map[string]bool{}}
	ap.keys = append(ap.keys, s.keys...)
	for _, k := range uniqueKeys {
		if !contains(ap.keys, k) {
			ap.keys = append(ap.keys, k)
		}
	}
	for _, k := range ap.keys {
		ap.index[k] = map[string][]int{}
		ap.uses[k] = true
	}
	return ap
}

// decide decides every row of b.
func (ap *applier) decide(b *batch) error {
	b.ids = b.ids[:0]
	for i := range b.drafts {
		b.ids = append(b.ids, identityOf(&b.drafts[i].a))
		b.ids[i].hostFromName = b.drafts[i].hostFromName
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

// lookUp reads the assets that any key of b's rows names, with their
// imported columns when a row has some, and indexes them by key.
func (ap *applier) lookUp(b *batch) error {
	var keys inventory.AssetKeys
	extras := false
	for i := range b.drafts {
		if !b.drafts[i].failed() {
			ap.addKeys(&keys, &b.ids[i], &b.drafts[i].a)
			extras = extras || len(b.drafts[i].extras) > 0
		}
	}
	var existing []inventory.Asset
	ap.imported = nil
	if !ap.empty {
		var err error
		if existing, err = ap.snapshot.AssetsByKeys(ap.ctx, keys); err != nil {
			return err
		}
		if extras && len(existing) > 0 {
			ids := make([]int64, len(existing))
			for i := range existing {
				ids[i] = existing[i].ID
			}
			if ap.imported, err = ap.snapshot.ImportedColumns(ap.ctx, ids); err != nil {
				return err
			}
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

// addKeys adds what row a is matched by to keys: its tag, serial and
// MACs, which the store keeps unique, and the other keys the import
// matches by; the store folds each as identity does.
func (ap *applier) addKeys(keys *inventory.AssetKeys, id *identity, a *inventory.Asset) {
	if v := id.scalar[idTag]; v != "" {
		keys.Tags = append(keys.Tags, v)
	}
	if v := id.scalar[idSerial]; v != "" {
		keys.Serials = append(keys.Serials, v)
	}
	keys.MACs = append(keys.MACs, id.macs...)
	if id.scalar[idExternal] != "" && ap.uses["id"] {
		keys.ExternalIDs = append(keys.ExternalIDs, strings.TrimSpace(a.ExternalID))
	}
	if v := id.scalar[idHostname]; v != "" && ap.uses["hostname"] {
		keys.Hostnames = append(keys.Hostnames, v)
		if id.hostFromName && ap.uses["name"] {
			keys.Names = append(keys.Names, v)
		}
	}
	if v := id.scalar[idName]; v != "" && ap.uses["name"] {
		keys.Names = append(keys.Names, v)
		if ap.uses["hostname"] {
			keys.Hostnames = append(keys.Hostnames, v)
		}
	}
	if ap.uses["ip"] {
		keys.IPs = append(keys.IPs, id.ips...)
	}
}

func showValues(key string, a *inventory.Asset) string {
	switch key {
	case "id":
		if a.Source == "" {
			return fmt.Sprintf("%q", a.ExternalID)
		}
		return fmt.Sprintf("%q (%s)", a.ExternalID, a.Source)
	case "serial":
		return fmt.Sprintf("%q", a.Serial)
	case "tag":
		return fmt.Sprintf("%q", a.Tag)
	case "hostname":
		return fmt.Sprintf("%q", a.Hostname)
	case "name":
		return fmt.Sprintf("%q", a.Name)
	case "ip":
		return strings.Join(a.IPs(), " ")
	}
	return strings.Join(a.MACs(), " ")
}

func named(a *inventory.Asset) string { return fmt.Sprintf("%s (#%d)", rowRef(a), a.ID) }

// rowRef names an asset in a report: by its tag, hostname or name, else
// by what identifies it (a PDU known by its serial alone), else by its id.
func rowRef(a *inventory.Asset) string {
	switch {
	case a.Tag != "" || a.Hostname != "" || a.Name != "":
		return a.Ref()
	case inventory.SerialKey(a.Serial) != "":
		return "serial " + strings.TrimSpace(a.Serial)
	case a.ExternalID != "":
		return strings.TrimSpace(a.Source + " id " + a.ExternalID)
	case a.PrimaryIP() != "":
		return a.PrimaryIP()
	case len(a.Addresses) > 0:
		return a.Addresses[0].Value
	}
	return a.Ref()
}

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
	if err := validDraft(d); err != nil {
		row.Action, row.Reason = ActionError, err.Error()
		ap.queueing = false
		return
	}
	row.Action, row.Asset = ActionCreate, rowRef(&d.a)
	if !ap.queueing {
		return
	}
	b.assets = append(b.assets, d.a)
	a := &b.assets[len(b.assets)-1]
	if len(d.extras) > 0 {
		if b.createExtras == nil {
			b.createExtras = map[int][]inventory.ImportedColumn{}
		}
		b.createExtras[len(b.creates)] = d.extras
	}
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
	row.Asset, row.AssetID = rowRef(old), old.ID
	if err := validExtras(d); err != nil {
		row.Action, row.Reason = ActionError, err.Error()
		ap.queueing = false
		return
	}
	// Merged in the batch's assets, where a write can take it without
	// an allocation of its own.
	b.assets = append(b.assets, inventory.Asset{})
	m := &b.assets[len(b.assets)-1]
	set := d.set
	// A tool's name for the device that the asset has already, as its
	// name or its hostname, names it as it is: it neither renames the
	// host nor copies the hostname into the name.
	switch {
	case d.hostFromName && set.has(hostnameField) && inventory.NameKey(d.a.Hostname) == inventory.NameKey(old.Name):
		set &^= 1 << hostnameField
	case set.has(nameField) && old.Name == "" && inventory.NameKey(d.a.Name) == inventory.NameKey(old.Hostname):
		set &^= 1 << nameField
	}
	if set.has(notesField) && strings.TrimSpace(old.Notes) != "" && strings.TrimSpace(old.Notes) != strings.TrimSpace(d.a.Notes) {
		set &^= 1 << notesField
		row.Warnings = append(row.Warnings, "notes: kept as written in sunset, which differs from the file's: "+
			"an import fills notes only where there are none (change them with `sunset asset set`)")
	}
	merge(m, old, d, set)
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
	row.Changes = diffFields(old, m, set)
	fields := len(row.Changes) > 0
	extras := changedExtras(d.extras, ap.imported[old.ID])
	for _, c := range extras {
		row.Changes = append(row.Changes, inventory.Change{Field: inventory.ImportedField(c.Column), From: valueOf(ap.imported[old.ID], c.Column), To: c.Value})
	}
	row.Action = ActionUpdate
	if len(row.Changes) == 0 {
		row.Action = ActionUnchanged
	}
	if !fields || !ap.queueing {
		b.assets = b.assets[:len(b.assets)-1]
		m = nil
	}
	if row.Action == ActionUnchanged || !ap.queueing {
		return
	}
	b.updates = append(b.updates, pendingUpdate{asset: m, id: old.ID, extras: extras, reason: historyReason(d.file, d.line), row: i})
}

// validDraft validates a new asset and its imported columns.
func validDraft(d *draft) error {
	if err := d.a.Validate(); err != nil {
		return err
	}
	return validExtras(d)
}

// validExtras validates a row's imported columns.
func validExtras(d *draft) error {
	for _, c := range d.extras {
		if err := c.Validate(); err != nil {
			return err
		}
	}
	return nil
}

// changedExtras are the row's imported columns whose value the asset has
// not: new columns, and new values.
func changedExtras(row, have []inventory.ImportedColumn) []inventory.ImportedColumn {
	var out []inventory.ImportedColumn
	for _, c := range row {
		if i := slices.IndexFunc(have, func(h inventory.ImportedColumn) bool { return h.Column == c.Column }); i < 0 || have[i].Value != c.Value {
			out = append(out, c)
		}
	}
	return out
}

func valueOf(cols []inventory.ImportedColumn, column string) string {
	for _, c := range cols {
		if c.Column == column {
			return c.Value
		}
	}
	return ""
}

// merge lays the fields in set that the row gives over the existing
// asset, into m. Empty cells give nothing, so they never clear a field;
// the stage is left alone; when the tool last saw the device moves only
// forward; the asset takes the row's external id when it has none.
func merge(m, old *inventory.Asset, d *draft, set fieldSet) {
	*m = *old
	m.Addresses = append([]inventory.Address(nil), old.Addresses...)
	for i, f := range inventory.Fields {
		if i == stageField || !set.has(i) {
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
	if d.seen && d.a.LastSeen.After(m.LastSeen) {
		m.LastSeen = d.a.LastSeen
	}
	switch {
	case m.ExternalID == "" && d.a.ExternalID != "":
		m.Source, m.ExternalID = d.a.Source, d.a.ExternalID
	case m.Source == "":
		m.Source = d.a.Source
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
	if !old.LastSeen.Equal(m.LastSeen) {
		out = append(out, inventory.Change{Field: "last-seen", From: seenText(old.LastSeen), To: seenText(m.LastSeen)})
	}
	return out
}

func seenText(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format(time.RFC3339)
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
