package sqlite

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"slices"

	"github.com/sunset-tui/sunset/inventory"
)

// writeEvent inserts a history event in the current transaction, with the
// store's actor, and sets e.ID.
func (t *txn) writeEvent(ctx context.Context, e *inventory.Event) error {
	if e.Actor == "" {
		e.Actor = t.actor
	}
	changes := "[]"
	if len(e.Changes) > 0 {
		b, err := json.Marshal(e.Changes)
		if err != nil {
			return err
		}
		changes = string(b)
	}
	id, err := t.insert(ctx, `INSERT INTO events (asset_id, at, actor, action, changes, reason, forced) VALUES (?, ?, ?, ?, ?, ?, ?)`,
		e.AssetID, timeText(e.At), e.Actor, e.Action, changes, e.Reason, e.Forced)
	if isForeignKeyViolation(err) {
		return inventory.Errorf(inventory.ErrNotFound, "history event: no asset #%d", e.AssetID)
	}
	if err != nil {
		return dbError(fmt.Sprintf("record %s event", e.Action), err)
	}
	e.ID = id
	return nil
}

// AddEvent writes an event no other write records. A zero At is the
// store's now; an empty Actor is the store's actor.
func (t *txn) AddEvent(ctx context.Context, e *inventory.Event) error {
	return t.write(func() error {
		if e.Action == "" {
			return inventory.FieldError("action", "an event needs an action")
		}
		if e.Action == inventory.ActionCreated {
			return inventory.FieldError("action", "an asset's %q event is written when the asset is", e.Action)
		}
		if len(e.Action) > inventory.MaxShortText || len(e.Reason) > inventory.MaxNotes {
			return inventory.FieldError("event", "action or reason too long")
		}
		if e.At.IsZero() {
			e.At = t.clock()
		}
		e.At = stamp(e.At)
		return t.writeEvent(ctx, e)
	})
}

const historySQL = `SELECT id, asset_id, at, actor, action, changes, reason, forced
	FROM events WHERE asset_id = ? ORDER BY at, id`

// createdSQL reads what an asset's "created" event is made of.
const createdSQL = `SELECT created_at, created_by, created_reason, stage FROM assets WHERE id = ?`

// History lists an asset's events, oldest first: its "created" event,
// which is kept on the asset's row, among those of the events table.
func (t *txn) History(ctx context.Context, assetID int64) ([]inventory.Event, error) {
	created := inventory.Event{AssetID: assetID, Action: inventory.ActionCreated}
	var at sql.NullString
	var stage string
	err := t.queryRow(ctx, createdSQL, assetID).Scan(&at, &created.Actor, &created.Reason, &stage)
	if err == sql.ErrNoRows {
		return nil, nil
	}
	if err != nil {
		return nil, dbError("read history", err)
	}
	d := decoder{}
	created.At = d.time("created_at", at)
	if d.err != nil {
		return nil, dbError("read history", fmt.Errorf("asset #%d: %w", assetID, d.err))
	}
	events, err := t.events(ctx, assetID)
	if err != nil {
		return nil, err
	}
	created.Changes = []inventory.Change{{Field: "stage", To: firstStage(events, inventory.Stage(stage))}}
	// Events dated before the asset was recorded (notes imported about
	// its past) come first.
	i := 0
	for i < len(events) && events[i].At.Before(created.At) {
		i++
	}
	return slices.Insert(events, i, created), nil
}

// firstStage is the stage an asset was created in: where its first stage
// change started from, or the stage it is in when it never changed.
func firstStage(events []inventory.Event, now inventory.Stage) string {
	for _, e := range events {
		for _, c := range e.Changes {
			if c.Field == "stage" && c.From != "" {
				return c.From
			}
		}
	}
	return string(now)
}

// events lists the events of the events table for an asset, oldest first.
func (t *txn) events(ctx context.Context, assetID int64) ([]inventory.Event, error) {
	rows, err := t.query(ctx, historySQL, assetID)
	if err != nil {
		return nil, dbError("read history", err)
	}
	defer rows.Close()
	var out []inventory.Event
	for rows.Next() {
		var e inventory.Event
		var at sql.NullString
		var changes string
		if err := rows.Scan(&e.ID, &e.AssetID, &at, &e.Actor, &e.Action, &changes, &e.Reason, &e.Forced); err != nil {
			return nil, dbError("read history", err)
		}
		d := decoder{}
		e.At = d.time("at", at)
		d.json("changes", changes, &e.Changes)
		if d.err != nil {
			return nil, dbError("read history", fmt.Errorf("event #%d: %w", e.ID, d.err))
		}
		out = append(out, e)
	}
	return out, dbError("read history", rows.Err())
}
