package sqlstore

import (
	"context"
	"database/sql"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/sunset-tui/sunset/inventory"
)

// assetColumnSet are the columns the writes of assets name.
type assetColumnSet struct {
	// write are the columns CreateAsset and UpdateAsset write, in
	// assetArgs' order.
	write []string
	// create are the columns an asset is inserted with: those an update
	// writes, then who created it and why, which is its "created" event.
	create []string
	// update is the UPDATE of an asset's write columns.
	update string
	// sparseInserts: column set -> INSERT statement (sparseInsertSQL).
	sparseInserts sync.Map
}

func newAssetColumnSet(keyColumns bool) *assetColumnSet {
	owner := []string{"owner"}
	if keyColumns {
		owner = append(owner, "owner_key")
	}
	write := slices.Concat([]string{"tag", "hostname", "hostname_key", "name", "name_key", "kind", "vendor", "model", "serial",
		"serial_key"}, owner, []string{"department", "location", "stage", "stage_since", "deployed_on", "warranty_ends",
		"eol_on", "last_managed_on", "holds_credentials", "credentials_ref", "stores_data", "classification", "os",
		"os_version", "approved", "notes", "source", "external_id", "last_seen", "created_at", "updated_at"})
	return &assetColumnSet{
		write:  write,
		create: append(slices.Clip(write), "created_by", "created_reason"),
		update: `UPDATE assets SET ` + strings.Join(write, " = ?, ") + ` = ? WHERE id = ?`,
	}
}

// assetColumnSets are the column sets without and with the key columns of
// Dialect.KeyColumns.
var assetColumnSets = [2]*assetColumnSet{newAssetColumnSet(false), newAssetColumnSet(true)}

// assetColumns are the columns the writes of assets name in d.
func (d *Dialect) assetColumns() *assetColumnSet {
	if d.KeyColumns {
		return assetColumnSets[1]
	}
	return assetColumnSets[0]
}

// CreateAsset validates and inserts a with its addresses and its "created"
// event (who created it and why, kept on its row). It sets a.ID,
// CreatedAt, UpdatedAt and, when zero, StageSince.
func (t *Tx) CreateAsset(ctx context.Context, a *inventory.Asset, reason string) error {
	return t.write(func() error {
		if err := a.Validate(); err != nil {
			return err
		}
		now := t.clock()
		if a.StageSince.IsZero() {
			a.StageSince = now
		}
		a.StageSince = Stamp(a.StageSince)
		a.LastSeen = notAfter(Stamp(a.LastSeen), now)
		a.CreatedAt, a.UpdatedAt = now, now
		var id int64 // 0 until the asset's row is in
		err := t.guarded(ctx, func() error {
			var err error
			if id, err = t.insertAsset(ctx, a, reason); err != nil {
				return err
			}
			a.ID = id
			return t.insertAddresses(ctx, []*inventory.Asset{a})
		}, func(err error) error { return t.assetWriteError(ctx, "create asset", a, id, err) })
		if err != nil {
			return err
		}
		return t.countStage(ctx, a.Stage, 1)
	})
}

// UpdateAsset stores a over the asset with a.ID, recording each changed
// field (addresses included) in one "updated" event. Stage, StageSince
// and CreatedAt are not a's to change: they are read back from the store,
// with UpdatedAt. LastSeen only moves forward, to no later than now, and
// without an event: it is what tools saw, like a check's sightings.
func (t *Tx) UpdateAsset(ctx context.Context, a *inventory.Asset, reason string) (changed bool, err error) {
	err = t.write(func() error {
		old, err := t.Asset(ctx, a.ID)
		if err != nil {
			return err
		}
		if a.Stage == "" {
			a.Stage = old.Stage
		}
		if a.Stage != old.Stage {
			return inventory.FieldError("stage", "%s is %s; a stage change is a transition with guards: use `sunset stage %s %s`",
				old.Ref(), old.Stage, old.Ref(), a.Stage)
		}
		if err := a.Validate(); err != nil {
			return err
		}
		now := t.clock()
		a.StageSince, a.CreatedAt, a.UpdatedAt = old.StageSince, old.CreatedAt, old.UpdatedAt
		a.LastSeen = notAfter(Stamp(a.LastSeen), now)
		seen := a.LastSeen.After(old.LastSeen)
		if !seen {
			a.LastSeen = old.LastSeen
		}
		changes := diffAssets(&old, a)
		if len(changes) == 0 && !seen {
			a.Addresses = old.Addresses
			return nil
		}
		changed = true
		a.UpdatedAt = now
		err = t.guarded(ctx, func() error {
			if _, err := t.Exec(ctx, t.d.assetColumns().update, append(t.d.assetArgs(a), a.ID)...); err != nil {
				return err
			}
			if !addressesChanged(changes) {
				a.Addresses = old.Addresses // the same addresses, kept in their stored order
				return nil
			}
			return t.replaceAddresses(ctx, a)
		}, func(err error) error { return t.assetWriteError(ctx, "update asset", a, a.ID, err) })
		if err != nil {
			return err
		}
		if len(changes) == 0 {
			return nil
		}
		return t.writeEvent(ctx, &inventory.Event{AssetID: a.ID, At: now, Action: inventory.ActionUpdated,
			Changes: changes, Reason: reason})
	})
	return changed && err == nil, err
}

// SetStage moves an asset to a stage from now on and records the move.
func (t *Tx) SetStage(ctx context.Context, assetID int64, to inventory.Stage, reason string, forced bool) error {
	return t.write(func() error {
		st, err := inventory.ParseStage(string(to))
		if err != nil {
			return inventory.FieldError("stage", "%v", err)
		}
		var from inventory.Stage
		var tag, hostname string
		err = t.QueryRow(ctx, `SELECT stage, tag, hostname FROM assets WHERE id = ?`, assetID).Scan(&from, &tag, &hostname)
		if err == sql.ErrNoRows {
			return inventory.Errorf(inventory.ErrNotFound, "no asset #%d", assetID)
		}
		if err != nil {
			return t.dbError("set stage", err)
		}
		if from == st {
			ref := inventory.Asset{ID: assetID, Tag: tag, Hostname: hostname}.Ref()
			return inventory.FieldError("stage", "%s is already %s", ref, st)
		}
		now := t.clock()
		if _, err := t.Exec(ctx, `UPDATE assets SET stage = ?, stage_since = ?, updated_at = ? WHERE id = ?`,
			st, TimeText(now), TimeText(now), assetID); err != nil {
			return t.dbError("set stage", err)
		}
		if err := t.countStage(ctx, from, -1); err != nil {
			return err
		}
		if err := t.countStage(ctx, st, 1); err != nil {
			return err
		}
		return t.writeEvent(ctx, &inventory.Event{AssetID: assetID, At: now, Action: inventory.ActionStage,
			Changes: []inventory.Change{{Field: "stage", From: string(from), To: string(st)}},
			Reason:  reason, Forced: forced})
	})
}

// insertAsset inserts only the columns a sets, leaving the rest to their
// defaults (”, 0 or NULL). Binding a parameter costs more than anything
// else in an insert, and imported assets leave most fields empty.
func (t *Tx) insertAsset(ctx context.Context, a *inventory.Asset, reason string) (int64, error) {
	set, values := t.d.sparseAssetArgs(nil, a, TimeText, t.Actor(), reason)
	return t.insert(ctx, t.d.sparseInsertSQL(set), values...)
}

// sparseInsertSQL is the INSERT of the asset columns whose bits are set.
func (d *Dialect) sparseInsertSQL(set uint64) string {
	cs := d.assetColumns()
	if q, ok := cs.sparseInserts.Load(set); ok {
		return q.(string)
	}
	cols := d.setColumns(set)
	q := `INSERT INTO assets (` + strings.Join(cols, ", ") + `) VALUES (?` + strings.Repeat(", ?", len(cols)-1) + `)`
	cs.sparseInserts.Store(set, q)
	return q
}

// notAfter is t, or limit when t is later: nothing is seen in the future.
func notAfter(t, limit time.Time) time.Time {
	if t.After(limit) {
		return limit
	}
	return t
}
