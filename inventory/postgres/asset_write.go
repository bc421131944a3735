package postgres

import (
	"context"
	"database/sql"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/sunset-tui/sunset/inventory"
)

// assetWriteColumns are the columns CreateAsset and UpdateAsset write, in
// assetArgs' order.
var assetWriteColumns = []string{"tag", "hostname", "hostname_key", "name", "name_key", "kind", "vendor", "model", "serial",
	"serial_key", "owner", "owner_key", "department", "location", "stage", "stage_since", "deployed_on", "warranty_ends",
	"eol_on", "last_managed_on", "holds_credentials", "credentials_ref", "stores_data", "classification", "os",
	"os_version", "approved", "notes", "source", "external_id", "last_seen", "created_at", "updated_at"}

// assetCreateColumns are the columns an asset is inserted with: those an
// update writes, then who created it and why, which is its "created" event.
var assetCreateColumns = append(slices.Clip(assetWriteColumns), "created_by", "created_reason")

var updateAssetSQL = `UPDATE assets SET ` + strings.Join(assetWriteColumns, " = ?, ") + ` = ? WHERE id = ?`

// CreateAsset validates and inserts a with its addresses and its "created"
// event (who created it and why, kept on its row). It sets a.ID,
// CreatedAt, UpdatedAt and, when zero, StageSince.
func (t *txn) CreateAsset(ctx context.Context, a *inventory.Asset, reason string) error {
	return t.write(func() error {
		if err := a.Validate(); err != nil {
			return err
		}
		now := t.clock()
		if a.StageSince.IsZero() {
			a.StageSince = now
		}
		a.StageSince = stamp(a.StageSince)
		a.LastSeen = notAfter(stamp(a.LastSeen), now)
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
func (t *txn) UpdateAsset(ctx context.Context, a *inventory.Asset, reason string) (changed bool, err error) {
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
		a.LastSeen = notAfter(stamp(a.LastSeen), now)
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
			if _, err := t.exec(ctx, updateAssetSQL, append(assetArgs(a), a.ID)...); err != nil {
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
func (t *txn) SetStage(ctx context.Context, assetID int64, to inventory.Stage, reason string, forced bool) error {
	return t.write(func() error {
		st, err := inventory.ParseStage(string(to))
		if err != nil {
			return inventory.FieldError("stage", "%v", err)
		}
		var from inventory.Stage
		var tag, hostname string
		err = t.queryRow(ctx, `SELECT stage, tag, hostname FROM assets WHERE id = ?`, assetID).Scan(&from, &tag, &hostname)
		if err == sql.ErrNoRows {
			return inventory.Errorf(inventory.ErrNotFound, "no asset #%d", assetID)
		}
		if err != nil {
			return dbError("set stage", err)
		}
		if from == st {
			ref := inventory.Asset{ID: assetID, Tag: tag, Hostname: hostname}.Ref()
			return inventory.FieldError("stage", "%s is already %s", ref, st)
		}
		now := t.clock()
		if _, err := t.exec(ctx, `UPDATE assets SET stage = ?, stage_since = ?, updated_at = ? WHERE id = ?`,
			st, timeText(now), timeText(now), assetID); err != nil {
			return dbError("set stage", err)
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
func (t *txn) insertAsset(ctx context.Context, a *inventory.Asset, reason string) (int64, error) {
	set, values := sparseAssetArgs(nil, a, timeText, t.actor, reason)
	return t.insert(ctx, sparseInsertSQL(set), values...)
}

var sparseInserts sync.Map // column set -> INSERT statement

// sparseInsertSQL is the INSERT of the asset columns whose bits are set.
func sparseInsertSQL(set uint64) string {
	if q, ok := sparseInserts.Load(set); ok {
		return q.(string)
	}
	cols := setColumns(set)
	q := `INSERT INTO assets (` + strings.Join(cols, ", ") + `) VALUES (?` + strings.Repeat(", ?", len(cols)-1) + `)`
	q = rebind(q)
	sparseInserts.Store(set, q)
	return q
}

// notAfter is t, or limit when t is later: nothing is seen in the future.
func notAfter(t, limit time.Time) time.Time {
	if t.After(limit) {
		return limit
	}
	return t
}
