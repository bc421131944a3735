package sqlstore

import (
	"cmp"
	"context"
	"database/sql"
	"fmt"
	"maps"
	"slices"
	"strings"
	"time"

	"github.com/sunset-tui/sunset/inventory"
)

var verifyKinds = map[inventory.Verify]bool{
	inventory.VerifyNone: true, inventory.VerifyEvidence: true,
	inventory.VerifyScanDark: true, inventory.VerifyMappingClosed: true,
}

// itemColumns are the columns an item is read from, in scanItem's order.
const itemColumns = `asset_id, item_id, position, title, required, verify, due, mapping_id, done, done_at, done_by, evidence`

// Checklist lists an asset's items in their order.
func (t *Tx) Checklist(ctx context.Context, assetID int64) ([]inventory.ChecklistItem, error) {
	lists, err := t.readChecklists(ctx, `SELECT `+itemColumns+` FROM checklist_items WHERE asset_id = ?`, assetID)
	return lists[assetID], t.dbError("read checklist", err)
}

// Checklists lists the checklists of the assets f keeps, by asset ID, in
// one query; an asset with none is absent.
func (t *Tx) Checklists(ctx context.Context, f inventory.AssetFilter) (map[int64][]inventory.ChecklistItem, error) {
	where, args, kept, err := t.d.rowsOfAssetsWhere(f)
	if err != nil {
		return nil, err
	}
	lists, err := t.readChecklists(ctx, `SELECT `+itemColumns+` FROM checklist_items`+where, args...)
	if kept != nil {
		maps.DeleteFunc(lists, func(id int64, _ []inventory.ChecklistItem) bool { return !kept(id) })
	}
	return lists, t.dbError("read checklists", err)
}

// readChecklists reads the items query selects (itemColumns), by asset,
// each asset's in their order.
func (t *Tx) readChecklists(ctx context.Context, query string, args ...any) (map[int64][]inventory.ChecklistItem, error) {
	rows, err := t.Query(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[int64][]inventory.ChecklistItem{}
	for n := 0; rows.Next(); n++ {
		if err := stopped(ctx, n); err != nil {
			return nil, err
		}
		it, err := scanItem(rows)
		if err != nil {
			return nil, err
		}
		out[it.AssetID] = append(out[it.AssetID], it)
	}
	// The table's key is (asset_id, item_id): a checklist's few items are
	// put in their order here rather than by a second index.
	for _, items := range out {
		slices.SortFunc(items, func(a, b inventory.ChecklistItem) int { return cmp.Compare(a.Position, b.Position) })
	}
	return out, rows.Err()
}

func scanItem(row rowScanner) (inventory.ChecklistItem, error) {
	var it inventory.ChecklistItem
	var due, doneAt sql.NullString
	var mappingID sql.NullInt64
	err := row.Scan(&it.AssetID, &it.ID, &it.Position, &it.Title, &it.Required, &it.Verify, &due, &mappingID,
		&it.Done, &doneAt, &it.DoneBy, &it.Evidence)
	if err != nil {
		return it, err
	}
	it.MappingID = mappingID.Int64
	d := decoder{}
	it.Due = d.date("due", due)
	it.DoneAt = d.time("done_at", doneAt)
	if d.err != nil {
		return it, fmt.Errorf("checklist of asset #%d, item %q: %w", it.AssetID, it.ID, d.err)
	}
	return it, nil
}

// PutChecklist replaces an asset's checklist with items, in their order.
func (t *Tx) PutChecklist(ctx context.Context, assetID int64, items []inventory.ChecklistItem) error {
	return t.write(func() error {
		if err := t.assetExists(ctx, assetID); err != nil {
			return err
		}
		return t.putChecklists(ctx, map[int64][]inventory.ChecklistItem{assetID: items})
	})
}

// PutChecklists replaces the checklists of many assets at once, as
// PutChecklist does each.
func (t *Tx) PutChecklists(ctx context.Context, lists map[int64][]inventory.ChecklistItem) error {
	return t.write(func() error { return t.putChecklists(ctx, lists) })
}

func (t *Tx) putChecklists(ctx context.Context, lists map[int64][]inventory.ChecklistItem) error {
	ids := slices.Sorted(maps.Keys(lists))
	var mappings []int64
	mappingItem := map[int64]string{}
	for _, id := range ids {
		items := lists[id]
		for i, it := range items {
			if err := validateItem(i, it); err != nil {
				return err
			}
			// A checklist has a handful of items: comparing each with
			// those before it is cheaper than a map per asset.
			if slices.ContainsFunc(items[:i], func(o inventory.ChecklistItem) bool { return o.ID == it.ID }) {
				return inventory.FieldError("checklist", "item %q is listed twice", it.ID)
			}
			if it.MappingID != 0 {
				mappings = append(mappings, it.MappingID)
				mappingItem[it.MappingID] = it.ID
			}
		}
	}
	if missing, err := t.missingMapping(ctx, mappings); err != nil || missing != 0 {
		if err == nil {
			err = inventory.FieldError("checklist", "item %q: no port mapping #%d", mappingItem[missing], missing)
		}
		return err
	}
	idList, err := listArg(t.d, ids)
	if err != nil {
		return err
	}
	if _, err := t.Exec(ctx, `DELETE FROM checklist_items WHERE `+t.d.in(`asset_id`, `?`, `bigint`), idList); err != nil {
		return t.dbError("replace checklists", err)
	}
	return t.guarded(ctx, func() error {
		rows := t.newBatch("checklist_items", itemWriteColumns...)
		for _, id := range ids {
			for i, it := range lists[id] {
				if err := rows.Add(ctx, itemArgs(id, i, it)...); err != nil {
					return err
				}
			}
		}
		return rows.Flush(ctx)
	}, func(err error) error { return t.checklistsWriteError(ctx, idList, err) })
}

// itemWriteColumns are the columns an item is stored in, in itemArgs'
// order.
var itemWriteColumns = []string{"asset_id", "item_id", "position", "title", "required", "verify", "due",
	"mapping_id", "done", "done_at", "done_by", "evidence"}

// itemArgs are the values of itemWriteColumns for item it at position i
// of asset assetID's checklist.
func itemArgs(assetID int64, i int, it inventory.ChecklistItem) []any {
	verify := it.Verify
	if verify == "" {
		verify = inventory.VerifyNone
	}
	return []any{assetID, it.ID, i, it.Title, it.Required, string(verify), dateText(it.Due), nullID(it.MappingID),
		it.Done, TimeText(it.DoneAt), it.DoneBy, it.Evidence}
}

// checklistsWriteError explains a failed insert of the checklists of the
// assets in idList (listArg): the asset of one is missing.
func (t *Tx) checklistsWriteError(ctx context.Context, idList any, err error) error {
	if !t.d.IsForeignKeyViolation(err) {
		return t.dbError("store checklists", err)
	}
	var missing int64
	if qerr := t.QueryRow(ctx, `SELECT value FROM `+t.d.elements(`?`, `bigint`)+` WHERE value NOT IN (SELECT id FROM assets) LIMIT 1`, idList).Scan(&missing); qerr != nil {
		return t.dbError("store checklists", err)
	}
	return inventory.Errorf(inventory.ErrNotFound, "checklist: no asset #%d", missing)
}

// missingMapping is one of the port mappings ids names that is not
// stored, or 0.
func (t *Tx) missingMapping(ctx context.Context, ids []int64) (int64, error) {
	if len(ids) == 0 {
		return 0, nil
	}
	var missing int64
	list, err := listArg(t.d, ids)
	if err != nil {
		return 0, err
	}
	err = t.QueryRow(ctx, `SELECT value FROM `+t.d.elements(`?`, `bigint`)+` WHERE value NOT IN (SELECT id FROM port_mappings) LIMIT 1`, list).Scan(&missing)
	if err == sql.ErrNoRows {
		return 0, nil
	}
	return missing, t.dbError("find port mappings", err)
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
func (t *Tx) CompleteItem(ctx context.Context, assetID int64, itemID, evidence string) error {
	return t.changeItem(ctx, assetID, itemID, "complete checklist item", func(it *inventory.ChecklistItem, now time.Time) (inventory.Change, string, error) {
		if it.Verify == inventory.VerifyEvidence && evidence == "" {
			return inventory.Change{}, "", inventory.FieldError("evidence", "item %q (%s) needs written evidence", it.ID, it.Title)
		}
		if len(evidence) > inventory.MaxNotes {
			return inventory.Change{}, "", inventory.FieldError("evidence", "longer than %d bytes", inventory.MaxNotes)
		}
		from := "open"
		if it.Done {
			from = "done"
		}
		it.Done, it.DoneAt, it.DoneBy, it.Evidence = true, now, t.Actor(), evidence
		return inventory.Change{Field: it.ID, From: from, To: "done"}, evidence, nil
	})
}

// ReopenItem marks a done item open again, clearing when, by whom and
// with what evidence it was done, and records why in the asset's history.
func (t *Tx) ReopenItem(ctx context.Context, assetID int64, itemID, reason string) error {
	return t.changeItem(ctx, assetID, itemID, "reopen checklist item", func(it *inventory.ChecklistItem, _ time.Time) (inventory.Change, string, error) {
		if !it.Done {
			return inventory.Change{}, "", inventory.Errorf(inventory.ErrRefused, "item %q (%s) is not done: there is nothing to reopen", it.ID, it.Title)
		}
		reason = strings.TrimSpace(reason)
		if reason == "" {
			return inventory.Change{}, "", inventory.FieldError("reason", "say why item %q (%s) is to be done again", it.ID, it.Title)
		}
		if len(reason) > inventory.MaxNotes {
			return inventory.Change{}, "", inventory.FieldError("reason", "longer than %d bytes", inventory.MaxNotes)
		}
		it.Done, it.DoneAt, it.DoneBy, it.Evidence = false, time.Time{}, "", ""
		return inventory.Change{Field: it.ID, From: "done", To: "open"}, reason, nil
	})
}

// changeItem changes one item of an asset's checklist with change, which
// says what changed and why, stores the checklist and records the change
// in the asset's history.
func (t *Tx) changeItem(ctx context.Context, assetID int64, itemID, what string,
	change func(it *inventory.ChecklistItem, now time.Time) (inventory.Change, string, error)) error {
	return t.write(func() error {
		items, err := t.Checklist(ctx, assetID)
		if err != nil {
			return err
		}
		i := slices.IndexFunc(items, func(it inventory.ChecklistItem) bool { return it.ID == itemID })
		if i < 0 {
			if err := t.assetExists(ctx, assetID); err != nil {
				return err
			}
			return inventory.Errorf(inventory.ErrNotFound, "asset #%d has no checklist item %q", assetID, itemID)
		}
		now := t.clock()
		c, why, err := change(&items[i], now)
		if err != nil {
			return err
		}
		it := items[i]
		if _, err := t.Exec(ctx, `UPDATE checklist_items SET done = ?, done_at = ?, done_by = ?, evidence = ?
			WHERE asset_id = ? AND item_id = ?`, it.Done, TimeText(it.DoneAt), it.DoneBy, it.Evidence, assetID, it.ID); err != nil {
			return t.dbError(what, err)
		}
		return t.writeEvent(ctx, &inventory.Event{AssetID: assetID, At: now, Action: inventory.ActionChecklist,
			Changes: []inventory.Change{c}, Reason: why})
	})
}

func (t *Tx) assetExists(ctx context.Context, id int64) error {
	var one int
	err := t.QueryRow(ctx, `SELECT 1 FROM assets WHERE id = ?`, id).Scan(&one)
	if err == sql.ErrNoRows {
		return inventory.Errorf(inventory.ErrNotFound, "no asset #%d", id)
	}
	return t.dbError("find asset", err)
}
