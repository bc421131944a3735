package importers

import (
	"github.com/sunset-tui/sunset/inventory"
)

// write carries out a real import's writes for batch b: its new assets in
// one CreateAssets, their checklists, then its updates. Every row of a
// batch was matched against the inventory as it was before the import,
// and claims keep two rows from giving one tag, serial or MAC, so the
// writes of a batch do not depend on their order. A failed update is
// reported on its row, as a rejected row, and nothing more is written; a
// failed batch of creates (which the checks before it leave to the
// store's own failures) fails the import. Either way the Update rolls
// back.
func (o *outlet) write(b *batch) error {
	if !b.writable {
		o.stopped = true
		return nil
	}
	if err := o.createAll(b); err != nil {
		return err
	}
	for _, u := range b.updates {
		if err := o.update(u); err != nil {
			refuse(&b.rows[u.row], err)
			o.stopped = true
			return nil
		}
	}
	return nil
}

// update writes one row's changes to an existing asset: its fields, then
// its imported columns.
func (o *outlet) update(u pendingUpdate) error {
	if u.asset != nil {
		changed, err := o.w.UpdateAsset(o.ctx, u.asset, u.reason)
		if err != nil {
			return err
		}
		if changed {
			o.updated = append(o.updated, u.id)
		}
	}
	if len(u.extras) > 0 {
		_, err := o.w.SetImportedColumns(o.ctx, u.id, u.extras, u.reason)
		return err
	}
	return nil
}

// createAll stores b's new assets with their checklists, and gives their
// report rows the IDs the store gave them.
func (o *outlet) createAll(b *batch) error {
	if len(b.creates) == 0 {
		return nil
	}
	if err := o.w.CreateAssets(o.ctx, b.creates, b.reasons); err != nil {
		return err
	}
	for i, a := range b.creates {
		b.rows[b.createRows[i]].AssetID = a.ID
	}
	if len(b.createExtras) > 0 {
		cols := make(map[int64][]inventory.ImportedColumn, len(b.createExtras))
		for i, extras := range b.createExtras {
			cols[b.creates[i].ID] = extras
		}
		if err := o.w.AddImportedColumns(o.ctx, cols); err != nil {
			return err
		}
	}
	if len(b.checklists) == 0 {
		return nil
	}
	lists := make(map[int64][]inventory.ChecklistItem, len(b.checklists))
	for i, items := range b.checklists {
		lists[b.creates[i].ID] = items
	}
	return o.w.PutChecklists(o.ctx, lists)
}

// refuse makes a row whose write the store refused a rejected one: a
// conflict when the store names another asset that holds a value of the
// row, an error otherwise.
func refuse(row *Row, err error) {
	row.Action, row.Reason, row.Changes = ActionError, err.Error(), nil
	if inventory.IsKind(err, inventory.ErrConflict) {
		row.Action = ActionConflict
	}
}
