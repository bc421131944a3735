package sqlstore

import (
	"strings"
	"time"

	"github.com/sunset-tui/sunset/inventory"
)

// assetRow collects the values of an asset's columns, in
// the order of the columns an asset is inserted with (assetColumnSet). A sparse row, for an insert, leaves out the
// columns whose value is their default (empty, false, NULL)
// and notes in set which it has: binding a value costs an insert more than
// anything else, and imported assets leave most fields empty. A full row,
// for an update, has every column.
type assetRow struct {
	values []any
	set    uint64 // bit i: values has column i (a sparse row)
	col    int
	sparse bool
	// timeText writes a time as stored; it may remember the text of one
	// that repeats.
	timeText func(time.Time) any
	// keyColumns: the row has the key columns of Dialect.KeyColumns.
	keyColumns bool
}

func (r *assetRow) put(v any, isDefault bool) {
	if !r.sparse || !isDefault {
		r.values = append(r.values, v)
		r.set |= 1 << r.col
	}
	r.col++
}

func (r *assetRow) str(s string)          { r.put(s, s == "") }
func (r *assetRow) key(s string)          { r.put(NullText(s), s == "") }
func (r *assetRow) flag(b bool)           { r.put(b, !b) }
func (r *assetRow) time(t time.Time)      { r.put(r.timeText(t), t.IsZero()) }
func (r *assetRow) date(d inventory.Date) { r.put(dateText(d), d.IsZero()) }

// asset adds the columns an asset's update writes.
func (r *assetRow) asset(a *inventory.Asset) {
	r.str(a.Tag)
	r.str(a.Hostname)
	r.str(strings.ToLower(a.Hostname))
	r.str(a.Name)
	r.str(inventory.NameKey(a.Name))
	r.str(string(a.Kind))
	r.str(a.Vendor)
	r.str(a.Model)
	r.str(a.Serial)
	r.key(inventory.SerialKey(a.Serial))
	r.str(a.Owner)
	if r.keyColumns {
		r.str(inventory.FoldCase(a.Owner))
	}
	r.str(a.Department)
	r.str(a.Location)
	r.str(string(a.Stage))
	r.time(a.StageSince)
	r.date(a.DeployedOn)
	r.date(a.WarrantyEnds)
	r.date(a.EOLOn)
	r.date(a.LastManagedOn)
	r.flag(a.HoldsCredentials)
	r.str(a.CredentialsRef)
	r.flag(a.StoresData)
	r.str(a.Classification)
	r.str(a.OS)
	r.str(a.OSVersion)
	r.flag(a.Approved)
	r.str(a.Notes)
	r.str(a.Source)
	r.str(a.ExternalID)
	r.time(a.LastSeen)
	r.time(a.CreatedAt)
	r.time(a.UpdatedAt)
}

// assetArgs are the values of the columns an update writes for a, as
// UpdateAsset binds them.
func (d *Dialect) assetArgs(a *inventory.Asset) []any {
	r := assetRow{values: make([]any, 0, len(d.assetColumns().write)+1), timeText: TimeText, keyColumns: d.KeyColumns}
	r.asset(a)
	return r.values
}

// sparseAssetArgs is what an insert of a binds: the columns a sets, as a
// bit set over the columns an asset is inserted with, and their values,
// appended to dst.
func (d *Dialect) sparseAssetArgs(dst []any, a *inventory.Asset, timeText func(time.Time) any, actor, reason string) (uint64, []any) {
	r := assetRow{values: dst, sparse: true, timeText: timeText, keyColumns: d.KeyColumns}
	r.asset(a)
	r.str(actor)
	r.str(reason)
	return r.set, r.values
}
