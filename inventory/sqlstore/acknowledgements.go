package sqlstore

import (
	"context"
	"database/sql"
	"fmt"
	"strings"

	"github.com/sunset-tui/sunset/inventory"
)

// Acknowledge records that a finding's risk is accepted until a.Until,
// replacing an earlier acknowledgement of the same finding, and writes
// the "acknowledged" event of the finding's asset in the same
// transaction.
func (t *Tx) Acknowledge(ctx context.Context, a *inventory.Acknowledgement) error {
	return t.write(func() error {
		a.Finding, a.Reason = strings.TrimSpace(a.Finding), strings.TrimSpace(a.Reason)
		if err := a.Validate(); err != nil {
			return err
		}
		if a.By == "" {
			a.By = t.Actor()
		}
		if a.At.IsZero() {
			a.At = t.clock()
		}
		a.At, a.Until = Stamp(a.At), Stamp(a.Until)
		var asset any
		if a.AssetID != 0 {
			asset = a.AssetID
		}
		var prevText sql.NullString // the expiry it replaces, for history
		if err := t.QueryRow(ctx, `SELECT until FROM acknowledgements WHERE finding = ?`, a.Finding).Scan(&prevText); err != nil && err != sql.ErrNoRows {
			return t.dbError("acknowledge", err)
		}
		prev, err := parseTime("until", prevText)
		if err != nil {
			return t.dbError("acknowledge", err)
		}
		_, err = t.Exec(ctx, `INSERT INTO acknowledgements (finding, asset_id, substance, reason, until, by_actor, at)
			VALUES (?, ?, ?, ?, ?, ?, ?)
			ON CONFLICT (finding) DO UPDATE SET asset_id = excluded.asset_id, substance = excluded.substance,
				reason = excluded.reason, until = excluded.until, by_actor = excluded.by_actor, at = excluded.at`,
			a.Finding, asset, a.Substance, a.Reason, TimeText(a.Until), a.By, TimeText(a.At))
		if t.d.IsForeignKeyViolation(err) {
			return inventory.Errorf(inventory.ErrNotFound, "acknowledge %s: no asset #%d", a.Finding, a.AssetID)
		}
		if err != nil {
			return t.dbError("acknowledge", err)
		}
		if a.AssetID == 0 {
			return nil
		}
		return t.writeEvent(ctx, &inventory.Event{AssetID: a.AssetID, At: a.At, Actor: a.By,
			Action: inventory.ActionAcknowledged, Reason: a.Reason,
			Changes: a.HistoryChanges(prev)})
	})
}

// Unacknowledge withdraws a finding's acknowledgement and writes the
// "unacknowledged" event of its asset with reason.
func (t *Tx) Unacknowledge(ctx context.Context, finding, reason string) error {
	return t.write(func() error {
		finding, reason = strings.TrimSpace(finding), strings.TrimSpace(reason)
		if len(reason) > inventory.MaxNotes {
			return inventory.FieldError("reason", "longer than %d bytes", inventory.MaxNotes)
		}
		var asset sql.NullInt64
		err := t.QueryRow(ctx, `DELETE FROM acknowledgements WHERE finding = ? RETURNING asset_id`, finding).Scan(&asset)
		t.MarkDirty()
		if err == sql.ErrNoRows {
			return inventory.Errorf(inventory.ErrNotFound, "finding %s is not acknowledged", finding)
		}
		if err != nil {
			return t.dbError("unacknowledge", err)
		}
		if !asset.Valid {
			return nil
		}
		return t.writeEvent(ctx, &inventory.Event{AssetID: asset.Int64, At: Stamp(t.clock()),
			Action: inventory.ActionUnacknowledged, Reason: reason,
			Changes: []inventory.Change{{Field: "finding", From: finding}}})
	})
}

// Acknowledgements lists acknowledgements by finding key.
func (t *Tx) Acknowledgements(ctx context.Context) ([]inventory.Acknowledgement, error) {
	rows, err := t.Query(ctx, `SELECT finding, asset_id, substance, reason, until, by_actor, at FROM acknowledgements ORDER BY finding`)
	if err != nil {
		return nil, t.dbError("list acknowledgements", err)
	}
	defer rows.Close()
	var out []inventory.Acknowledgement
	for rows.Next() {
		var a inventory.Acknowledgement
		var asset sql.NullInt64
		var until, at sql.NullString
		if err := rows.Scan(&a.Finding, &asset, &a.Substance, &a.Reason, &until, &a.By, &at); err != nil {
			return nil, t.dbError("list acknowledgements", err)
		}
		a.AssetID = asset.Int64
		dec := decoder{}
		a.Until, a.At = dec.time("until", until), dec.time("at", at)
		if dec.err != nil {
			return nil, t.dbError("list acknowledgements", fmt.Errorf("acknowledgement of %s: %w", a.Finding, dec.err))
		}
		out = append(out, a)
	}
	return out, t.dbError("list acknowledgements", rows.Err())
}
