package sqlstore

import (
	"context"
	"database/sql"
	"fmt"

	"github.com/sunset-tui/sunset/inventory"
)

// Dismiss records that the unknown device at d.Address (with d.MAC) was
// looked at, replacing an earlier dismissal of the same address and MAC.
// An empty By is the store's actor; a zero At is now.
func (t *Tx) Dismiss(ctx context.Context, d *inventory.Dismissal) error {
	return t.write(func() error {
		ip, err := inventory.NormalizeIP(d.Address)
		if err != nil {
			return inventory.FieldError("address", "%v", err)
		}
		d.Address = ip
		if d.MAC != "" {
			if d.MAC, err = inventory.NormalizeMAC(d.MAC); err != nil {
				return inventory.FieldError("mac", "%v", err)
			}
		}
		if len(d.Signature) > inventory.MaxNotes || len(d.Reason) > inventory.MaxNotes {
			return inventory.FieldError("reason", "longer than %d bytes", inventory.MaxNotes)
		}
		if d.By == "" {
			d.By = t.Actor()
		}
		if d.At.IsZero() {
			d.At = t.clock()
		}
		d.At = Stamp(d.At)
		_, err = t.Exec(ctx, `INSERT INTO dismissals (address, mac, signature, reason, by_actor, at) VALUES (?, ?, ?, ?, ?, ?)
			ON CONFLICT (address, mac) DO UPDATE SET signature = excluded.signature, reason = excluded.reason,
				by_actor = excluded.by_actor, at = excluded.at`,
			d.Address, d.MAC, d.Signature, d.Reason, d.By, TimeText(d.At))
		return t.dbError("dismiss", err)
	})
}

// Dismissals lists dismissals by address, then MAC.
func (t *Tx) Dismissals(ctx context.Context) ([]inventory.Dismissal, error) {
	rows, err := t.Query(ctx, `SELECT address, mac, signature, reason, by_actor, at FROM dismissals ORDER BY address, mac`)
	if err != nil {
		return nil, t.dbError("list dismissals", err)
	}
	defer rows.Close()
	var out []inventory.Dismissal
	for rows.Next() {
		var d inventory.Dismissal
		var at sql.NullString
		if err := rows.Scan(&d.Address, &d.MAC, &d.Signature, &d.Reason, &d.By, &at); err != nil {
			return nil, t.dbError("list dismissals", err)
		}
		dec := decoder{}
		d.At = dec.time("at", at)
		if dec.err != nil {
			return nil, t.dbError("list dismissals", fmt.Errorf("dismissal of %s: %w", d.Address, dec.err))
		}
		out = append(out, d)
	}
	return out, t.dbError("list dismissals", rows.Err())
}
