package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/sunset-tui/sunset/inventory"
)

const ownerColumns = `name, email, webhook, updated_at, updated_by`

// Owner returns the contacts of the owner named, in any case.
func (t *Tx) Owner(ctx context.Context, name string) (inventory.Owner, error) {
	rows, err := t.Query(ctx, `SELECT `+ownerColumns+` FROM owners WHERE `+t.d.folded(`name`)+` = ?`, ownerKey(name))
	if err != nil {
		return inventory.Owner{}, t.dbError("read owner", err)
	}
	out, err := t.scanOwners(rows)
	if err != nil {
		return inventory.Owner{}, err
	}
	if len(out) == 0 {
		return inventory.Owner{}, inventory.Errorf(inventory.ErrNotFound, "no contacts for owner %q", strings.TrimSpace(name))
	}
	return out[0], nil
}

// Owners lists every owner's contacts, by name in any case.
func (t *Tx) Owners(ctx context.Context) ([]inventory.Owner, error) {
	rows, err := t.Query(ctx, `SELECT `+ownerColumns+` FROM owners ORDER BY `+t.d.folded(`name`)+`, name`)
	if err != nil {
		return nil, t.dbError("list owners", err)
	}
	return t.scanOwners(rows)
}

func (t *Tx) scanOwners(rows *sql.Rows) ([]inventory.Owner, error) {
	defer rows.Close()
	var out []inventory.Owner
	for rows.Next() {
		var o inventory.Owner
		var at sql.NullString
		if err := rows.Scan(&o.Name, &o.Email, &o.Webhook, &at, &o.UpdatedBy); err != nil {
			return nil, t.dbError("read owners", err)
		}
		dec := decoder{}
		o.UpdatedAt = dec.time("updated_at", at)
		if dec.err != nil {
			return nil, t.dbError("read owners", fmt.Errorf("owner %s: %w", o.Name, dec.err))
		}
		out = append(out, o)
	}
	return out, t.dbError("read owners", rows.Err())
}

// SetOwner stores o's contacts over any earlier ones of the same name (in
// any case), keeping the name as o spells it.
func (t *Tx) SetOwner(ctx context.Context, o *inventory.Owner) error {
	return t.write(func() error {
		if err := o.Validate(); err != nil {
			return err
		}
		o.UpdatedAt, o.UpdatedBy = t.clock(), t.Actor()
		err := t.putOwner(ctx, o)
		return t.dbError("set owner", err)
	})
}

// putOwner writes o over any owner of the same name in any case
// (inventory.FoldCase), beyond the ASCII letters the name's collation
// folds.
func (t *Tx) putOwner(ctx context.Context, o *inventory.Owner) error {
	if t.d.KeyColumns {
		_, err := t.Exec(ctx, `INSERT INTO owners (name_key, `+ownerColumns+`) VALUES (?, ?, ?, ?, ?, ?)
			ON CONFLICT (name_key) DO UPDATE SET name = excluded.name, email = excluded.email, webhook = excluded.webhook,
				updated_at = excluded.updated_at, updated_by = excluded.updated_by`,
			ownerKey(o.Name), o.Name, o.Email, o.Webhook, TimeText(o.UpdatedAt), o.UpdatedBy)
		return err
	}
	if _, err := t.Exec(ctx, `DELETE FROM owners WHERE sunset_fold(name) = ?`, ownerKey(o.Name)); err != nil {
		return err
	}
	_, err := t.Exec(ctx, `INSERT INTO owners (`+ownerColumns+`) VALUES (?, ?, ?, ?, ?)`,
		o.Name, o.Email, o.Webhook, TimeText(o.UpdatedAt), o.UpdatedBy)
	return err
}

// DeleteOwner forgets an owner's contacts.
func (t *Tx) DeleteOwner(ctx context.Context, name string) error {
	return t.write(func() error {
		res, err := t.Exec(ctx, `DELETE FROM owners WHERE `+t.d.folded(`name`)+` = ?`, ownerKey(name))
		if err != nil {
			return t.dbError("delete owner", err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return inventory.Errorf(inventory.ErrNotFound, "no contacts for owner %q", strings.TrimSpace(name))
		}
		return nil
	})
}

// ownerKey is how owners' names are compared: trimmed, in any case
// (inventory.FoldCase).
func ownerKey(name string) string { return inventory.FoldCase(strings.TrimSpace(name)) }

const sentColumns = `recipient, item, step, owner, asset_id, subject, due_on, sent_at`

// NotificationsSent reads the sent-log rows of the given assets; an id of
// 0 stands for the unknown devices, whose rows have no asset.
func (t *Tx) NotificationsSent(ctx context.Context, assetIDs []int64) ([]inventory.NotificationSent, error) {
	var out []inventory.NotificationSent
	ids := slices.DeleteFunc(slices.Clone(assetIDs), func(id int64) bool { return id == 0 })
	if len(ids) > 0 {
		list, err := listArg(t.d, ids)
		if err != nil {
			return nil, err
		}
		rows, err := t.Query(ctx, `SELECT `+sentColumns+` FROM notifications_sent
			WHERE `+t.d.in(`asset_id`, `?`, `bigint`), list)
		if err != nil {
			return nil, t.dbError("read sent notifications", err)
		}
		if out, err = t.scanSent(ctx, rows, out); err != nil {
			return nil, err
		}
	}
	if len(ids) < len(assetIDs) {
		rows, err := t.Query(ctx, `SELECT `+sentColumns+` FROM notifications_sent WHERE asset_id IS NULL`)
		if err != nil {
			return nil, t.dbError("read sent notifications", err)
		}
		return t.scanSent(ctx, rows, out)
	}
	return out, nil
}

func (t *Tx) scanSent(ctx context.Context, rows *sql.Rows, out []inventory.NotificationSent) ([]inventory.NotificationSent, error) {
	defer rows.Close()
	for n := 1; rows.Next(); n++ {
		if err := stopped(ctx, n); err != nil {
			return nil, err
		}
		var s inventory.NotificationSent
		var asset sql.NullInt64
		var due, at sql.NullString
		if err := rows.Scan(&s.Recipient, &s.Item, &s.Step, &s.Owner, &asset, &s.Subject, &due, &at); err != nil {
			return nil, t.dbError("read sent notifications", err)
		}
		s.AssetID = asset.Int64
		dec := decoder{}
		s.SentAt = dec.time("sent_at", at)
		var err error
		if s.Due, err = parseDate("due_on", due); err != nil || dec.err != nil {
			return nil, t.dbError("read sent notifications", errors.Join(err, dec.err))
		}
		out = append(out, s)
	}
	return out, t.dbError("read sent notifications", rows.Err())
}

// RecordDelivery stores one delivered message and its sent-log rows.
func (t *Tx) RecordDelivery(ctx context.Context, d *inventory.Delivery) error {
	return t.write(func() error {
		if d.Recipient == "" || (d.Channel != "email" && d.Channel != "webhook") {
			return inventory.FieldError("recipient", "a delivery needs a recipient and a channel (email or webhook)")
		}
		if d.SentAt.IsZero() {
			d.SentAt = t.clock()
		}
		d.SentAt = Stamp(d.SentAt)
		id, err := t.insert(ctx, `INSERT INTO notification_deliveries (recipient, channel, items, sent_at, sent_by) VALUES (?, ?, ?, ?, ?)`,
			d.Recipient, d.Channel, len(d.Items), TimeText(d.SentAt), t.Actor())
		if err != nil {
			return t.dbError("record delivery", err)
		}
		d.ID = id
		for i, s := range d.Items {
			if err := stopped(ctx, i+1); err != nil {
				return err
			}
			if s.Item == "" || s.Step == "" {
				return inventory.FieldError("item", "a sent notification needs an item and a step")
			}
			_, err := t.Exec(ctx, `INSERT INTO notifications_sent (`+sentColumns+`, delivery_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
				ON CONFLICT (item, step, recipient) DO NOTHING`,
				d.Recipient, s.Item, s.Step, s.Owner, nullID(s.AssetID), s.Subject, dateText(s.Due), TimeText(d.SentAt), id)
			if t.d.IsForeignKeyViolation(err) {
				return inventory.Errorf(inventory.ErrNotFound, "sent notification: no asset #%d", s.AssetID)
			}
			if err != nil {
				return t.dbError("record delivery", err)
			}
		}
		return nil
	})
}
