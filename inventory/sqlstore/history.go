package sqlstore

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
func (t *Tx) writeEvent(ctx context.Context, e *inventory.Event) error {
	if e.Actor == "" {
		e.Actor = t.Actor()
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
		e.AssetID, TimeText(e.At), e.Actor, e.Action, changes, e.Reason, e.Forced)
	if t.d.IsForeignKeyViolation(err) {
		return inventory.Errorf(inventory.ErrNotFound, "history event: no asset #%d", e.AssetID)
	}
	if err != nil {
		return t.dbError(fmt.Sprintf("record %s event", e.Action), err)
	}
	e.ID = id
	return nil
}

// AddEvent writes an event no other write records. A zero At is the
// store's now; an empty Actor is the store's actor.
func (t *Tx) AddEvent(ctx context.Context, e *inventory.Event) error {
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
		e.At = Stamp(e.At)
		return t.writeEvent(ctx, e)
	})
}

const eventColumns = `id, asset_id, at, actor, action, changes, reason, forced`

const HistorySQL = `SELECT ` + eventColumns + ` FROM events WHERE asset_id = ? ORDER BY at, id`

// createdColumns are what an asset's "created" event is made of.
const createdColumns = `id, created_at, created_by, created_reason, stage`

// History lists an asset's events, oldest first: its "created" event,
// which is kept on the asset's row, among those of the events table.
func (t *Tx) History(ctx context.Context, assetID int64) ([]inventory.Event, error) {
	hs, err := t.histories(ctx, `SELECT `+createdColumns+` FROM assets WHERE id = ?`, []any{assetID}, HistorySQL, []any{assetID})
	return hs[assetID], err
}

// Histories lists the histories of the assets f keeps, by asset ID, each
// as History has it, in two queries however many assets there are.
func (t *Tx) Histories(ctx context.Context, f inventory.AssetFilter) (map[int64][]inventory.Event, error) {
	where, args, err := t.d.assetWhere(f)
	if err != nil {
		return nil, err
	}
	// The events of assets f does not keep, which a span of ids may read,
	// are dropped: a history is made for each created event read, and
	// those are read of the assets f keeps alone.
	events, eventArgs, _, err := t.d.rowsOfAssetsWhere(f)
	if err != nil {
		return nil, err
	}
	return t.histories(ctx, `SELECT `+createdColumns+` FROM assets`+where, args,
		`SELECT `+eventColumns+` FROM events`+events+` ORDER BY asset_id, at, id`, eventArgs)
}

// histories puts together the histories of the assets whose created
// events createdQuery selects (createdColumns) from the events eventsQuery
// selects (eventColumns, each asset's oldest first).
func (t *Tx) histories(ctx context.Context, createdQuery string, createdArgs []any, eventsQuery string, eventArgs []any) (map[int64][]inventory.Event, error) {
	events, err := t.readEvents(ctx, eventsQuery, eventArgs)
	if err != nil {
		return nil, err
	}
	rows, err := t.Query(ctx, createdQuery, createdArgs...)
	if err != nil {
		return nil, t.dbError("read history", err)
	}
	defer rows.Close()
	out := map[int64][]inventory.Event{}
	for n := 0; rows.Next(); n++ {
		if err := stopped(ctx, n); err != nil {
			return nil, err
		}
		created := inventory.Event{Action: inventory.ActionCreated}
		var at sql.NullString
		var stage string
		if err := rows.Scan(&created.AssetID, &at, &created.Actor, &created.Reason, &stage); err != nil {
			return nil, t.dbError("read history", err)
		}
		d := decoder{}
		created.At = d.time("created_at", at)
		if d.err != nil {
			return nil, t.dbError("read history", fmt.Errorf("asset #%d: %w", created.AssetID, d.err))
		}
		evs := events[created.AssetID]
		created.Changes = []inventory.Change{{Field: "stage", To: firstStage(evs, inventory.Stage(stage))}}
		// Events dated before the asset was recorded (notes imported
		// about its past) come first.
		i := 0
		for i < len(evs) && evs[i].At.Before(created.At) {
			i++
		}
		out[created.AssetID] = slices.Insert(evs, i, created)
	}
	return out, t.dbError("read history", rows.Err())
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

// readEvents reads the events query selects (eventColumns), by asset.
func (t *Tx) readEvents(ctx context.Context, query string, args []any) (map[int64][]inventory.Event, error) {
	rows, err := t.Query(ctx, query, args...)
	if err != nil {
		return nil, t.dbError("read history", err)
	}
	defer rows.Close()
	out := map[int64][]inventory.Event{}
	for n := 0; rows.Next(); n++ {
		if err := stopped(ctx, n); err != nil {
			return nil, err
		}
		var e inventory.Event
		var at sql.NullString
		var changes string
		if err := rows.Scan(&e.ID, &e.AssetID, &at, &e.Actor, &e.Action, &changes, &e.Reason, &e.Forced); err != nil {
			return nil, t.dbError("read history", err)
		}
		d := decoder{}
		e.At = d.time("at", at)
		d.json("changes", changes, &e.Changes)
		if d.err != nil {
			return nil, t.dbError("read history", fmt.Errorf("event #%d: %w", e.ID, d.err))
		}
		out[e.AssetID] = append(out[e.AssetID], e)
	}
	return out, t.dbError("read history", rows.Err())
}
