package sqlite

import (
	"context"
	"database/sql"
	"fmt"

	"github.com/sunset-tui/sunset/inventory"
)

var verifyKinds = map[inventory.Verify]bool{
	inventory.VerifyNone: true, inventory.VerifyEvidence: true,
	inventory.VerifyScanDark: true, inventory.VerifyMappingClosed: true,
}

const checklistColumns = `asset_id, item_id, position, title, required, verify, due, mapping_id, done,
	done_at, done_by, evidence`

func scanItem(row rowScanner) (inventory.ChecklistItem, error) {
	var it inventory.ChecklistItem
	var due, doneAt sql.NullString
	var mappingID sql.NullInt64
	if err := row.Scan(&it.AssetID, &it.ID, &it.Position, &it.Title, &it.Required, &it.Verify, &due,
		&mappingID, &it.Done, &doneAt, &it.DoneBy, &it.Evidence); err != nil {
		return it, err
	}
	it.MappingID = mappingID.Int64
	d := decoder{}
	it.Due = d.date("due", due)
	it.DoneAt = d.time("done_at", doneAt)
	if d.err != nil {
		return it, fmt.Errorf("checklist item %s: %w", it.ID, d.err)
	}
	return it, nil
}

// Checklist lists an asset's items in their order.
func (t *txn) Checklist(ctx context.Context, assetID int64) ([]inventory.ChecklistItem, error) {
	rows, err := t.query(ctx, `SELECT `+checklistColumns+` FROM checklist_items WHERE asset_id = ? ORDER BY position`, assetID)
	if err != nil {
		return nil, dbError("read checklist", err)
	}
	defer rows.Close()
	var out []inventory.ChecklistItem
	for rows.Next() {
		it, err := scanItem(rows)
		if err != nil {
			return nil, dbError("read checklist", err)
		}
		out = append(out, it)
	}
	return out, dbError("read checklist", rows.Err())
}

// PutChecklist replaces an asset's checklist with items, in their order.
func (t *txn) PutChecklist(ctx context.Context, assetID int64, items []inventory.ChecklistItem) error {
	return t.write(func() error {
		if err := t.assetExists(ctx, assetID); err != nil {
			return err
		}
		seen := map[string]bool{}
		for i, it := range items {
			if err := validateItem(i, it); err != nil {
				return err
			}
			if seen[it.ID] {
				return inventory.FieldError("checklist", "item %q is listed twice", it.ID)
			}
			seen[it.ID] = true
		}
		if _, err := t.exec(ctx, `DELETE FROM checklist_items WHERE asset_id = ?`, assetID); err != nil {
			return dbError("replace checklist", err)
		}
		for i, it := range items {
			verify := it.Verify
			if verify == "" {
				verify = inventory.VerifyNone
			}
			_, err := t.exec(ctx, `INSERT INTO checklist_items (`+checklistColumns+`)
				VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
				assetID, it.ID, i, it.Title, it.Required, verify, dateText(it.Due), nullID(it.MappingID),
				it.Done, timeText(it.DoneAt), it.DoneBy, it.Evidence)
			if isForeignKeyViolation(err) {
				return inventory.FieldError("checklist", "item %q: no port mapping #%d", it.ID, it.MappingID)
			}
			if err != nil {
				return dbError(fmt.Sprintf("store checklist item %q", it.ID), err)
			}
		}
		return nil
	})
}

func validateItem(i int, it inventory.ChecklistItem) error {
	if it.ID == "" {
		return inventory.FieldError("checklist", "item %d has no id", i+1)
	}
	if it.Title == "" {
		return inventory.FieldError("checklist", "item %q has no title", it.ID)
	}
	if it.Verify != "" && !verifyKinds[it.Verify] {
		return inventory.FieldError("checklist", "item %q: %q is not a way to verify", it.ID, it.Verify)
	}
	for _, s := range []string{it.ID, it.Title, it.DoneBy} {
		if len(s) > inventory.MaxShortText*4 {
			return inventory.FieldError("checklist", "item %q: text longer than %d bytes", it.ID, inventory.MaxShortText*4)
		}
	}
	if len(it.Evidence) > inventory.MaxNotes {
		return inventory.FieldError("evidence", "item %q: longer than %d bytes", it.ID, inventory.MaxNotes)
	}
	return nil
}

// CompleteItem marks one item done now, by the store's actor, with
// evidence, and records it in the asset's history. An item verified by
// evidence needs some.
func (t *txn) CompleteItem(ctx context.Context, assetID int64, itemID, evidence string) error {
	return t.write(func() error {
		it, err := scanItem(t.queryRow(ctx, `SELECT `+checklistColumns+` FROM checklist_items WHERE asset_id = ? AND item_id = ?`,
			assetID, itemID))
		if err == sql.ErrNoRows {
			return inventory.Errorf(inventory.ErrNotFound, "asset #%d has no checklist item %q", assetID, itemID)
		}
		if err != nil {
			return dbError("complete checklist item", err)
		}
		if it.Verify == inventory.VerifyEvidence && evidence == "" {
			return inventory.FieldError("evidence", "item %q (%s) needs written evidence", it.ID, it.Title)
		}
		if len(evidence) > inventory.MaxNotes {
			return inventory.FieldError("evidence", "longer than %d bytes", inventory.MaxNotes)
		}
		now := t.clock()
		if _, err := t.exec(ctx, `UPDATE checklist_items SET done = 1, done_at = ?, done_by = ?, evidence = ?
			WHERE asset_id = ? AND item_id = ?`, timeText(now), t.actor, evidence, assetID, itemID); err != nil {
			return dbError("complete checklist item", err)
		}
		from := "open"
		if it.Done {
			from = "done"
		}
		return t.writeEvent(ctx, &inventory.Event{AssetID: assetID, At: now, Action: inventory.ActionChecklist,
			Changes: []inventory.Change{{Field: it.ID, From: from, To: "done"}}, Reason: evidence})
	})
}

func (t *txn) assetExists(ctx context.Context, id int64) error {
	var one int
	err := t.queryRow(ctx, `SELECT 1 FROM assets WHERE id = ?`, id).Scan(&one)
	if err == sql.ErrNoRows {
		return inventory.Errorf(inventory.ErrNotFound, "no asset #%d", id)
	}
	return dbError("find asset", err)
}
