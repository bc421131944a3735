package sqlite

import (
	"context"
	"database/sql"
	"fmt"
	"strings"

	"github.com/sunset-tui/sunset/inventory"
)

var livenessStates = map[inventory.Liveness]bool{inventory.Answered: true, inventory.Dark: true, inventory.Unknown: true}

// SaveCheck stores a check and its observations, setting their IDs and
// CheckIDs. A check without a start time started now; an observation
// without a time was seen when its check started. Every matched asset that
// answered has LastSeen moved forward to the observation's time (never
// back).
func (t *txn) SaveCheck(ctx context.Context, c *inventory.Check, obs []inventory.Observation) error {
	return t.write(func() error {
		if c.StartedAt.IsZero() {
			c.StartedAt = t.clock()
		}
		c.StartedAt, c.EndedAt = stamp(c.StartedAt), stamp(c.EndedAt)
		if c.Actor == "" {
			c.Actor = t.actor
		}
		for i := range obs {
			if err := validateObservation(&obs[i]); err != nil {
				return err
			}
		}
		targets, err := jsonText(c.Targets)
		if err != nil {
			return err
		}
		args, err := jsonText(c.Args)
		if err != nil {
			return err
		}
		ports, err := jsonText(c.Ports)
		if err != nil {
			return err
		}
		notChecked, err := jsonText(c.NotChecked)
		if err != nil {
			return err
		}
		id, err := t.insert(ctx, `INSERT INTO checks (started_at, ended_at, source, targets, args, ports, partial,
			partial_reason, hosts_answered, hosts_dark, hosts_unknown, not_checked, actor)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
			timeText(c.StartedAt), timeText(c.EndedAt), c.Source, targets, args, ports, c.Partial, c.PartialReason,
			c.HostsAnswered, c.HostsDark, c.HostsUnknown, notChecked, c.Actor)
		if err != nil {
			return dbError("save check", err)
		}
		c.ID = id
		for i := range obs {
			if err := t.saveObservation(ctx, c, &obs[i]); err != nil {
				return err
			}
		}
		return nil
	})
}

func validateObservation(o *inventory.Observation) error {
	if !livenessStates[o.State] {
		return inventory.FieldError("state", "observation of %s: %q is not answered, dark or unknown", o.Address, o.State)
	}
	ip, err := inventory.NormalizeIP(o.Address)
	if err != nil {
		return inventory.FieldError("address", "observation: %v", err)
	}
	o.Address = ip
	return nil
}

func (t *txn) saveObservation(ctx context.Context, c *inventory.Check, o *inventory.Observation) error {
	if o.SeenAt.IsZero() {
		o.SeenAt = c.StartedAt
	}
	o.SeenAt = stamp(o.SeenAt)
	o.CheckID = c.ID
	hostnames, err := jsonText(o.Hostnames)
	if err != nil {
		return err
	}
	ports, err := jsonText(o.Ports)
	if err != nil {
		return err
	}
	id, err := t.insert(ctx, `INSERT INTO observations (check_id, asset_id, address, state, reason, mac, mac_vendor,
		hostnames, ports, os_guess, seen_at, conflict) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		c.ID, nullID(o.AssetID), o.Address, o.State, o.Reason, o.MAC, o.MACVendor, hostnames, ports, o.OSGuess,
		timeText(o.SeenAt), o.Conflict)
	if isForeignKeyViolation(err) {
		return inventory.Errorf(inventory.ErrNotFound, "observation of %s: no asset #%d", o.Address, o.AssetID)
	}
	if err != nil {
		return dbError("save observation", err)
	}
	o.ID = id
	if o.AssetID != 0 && o.State == inventory.Answered {
		seen := timeText(o.SeenAt)
		if _, err := t.exec(ctx, `UPDATE assets SET last_seen = ? WHERE id = ? AND (last_seen IS NULL OR last_seen < ?)`,
			seen, o.AssetID, seen); err != nil {
			return dbError("update last seen", err)
		}
	}
	return nil
}

const checkColumns = `id, started_at, ended_at, source, targets, args, ports, partial, partial_reason,
	hosts_answered, hosts_dark, hosts_unknown, not_checked, actor`

// Checks lists checks, newest first; limit <= 0 means all.
func (t *txn) Checks(ctx context.Context, limit int) ([]inventory.Check, error) {
	if limit <= 0 {
		limit = -1
	}
	rows, err := t.query(ctx, `SELECT `+checkColumns+` FROM checks ORDER BY started_at DESC, id DESC LIMIT ?`, limit)
	if err != nil {
		return nil, dbError("list checks", err)
	}
	defer rows.Close()
	var out []inventory.Check
	for rows.Next() {
		var c inventory.Check
		var started, ended sql.NullString
		var targets, args, ports, notChecked string
		if err := rows.Scan(&c.ID, &started, &ended, &c.Source, &targets, &args, &ports, &c.Partial, &c.PartialReason,
			&c.HostsAnswered, &c.HostsDark, &c.HostsUnknown, &notChecked, &c.Actor); err != nil {
			return nil, dbError("list checks", err)
		}
		d := decoder{}
		c.StartedAt = d.time("started_at", started)
		c.EndedAt = d.time("ended_at", ended)
		d.json("targets", targets, &c.Targets)
		d.json("args", args, &c.Args)
		d.json("ports", ports, &c.Ports)
		d.json("not_checked", notChecked, &c.NotChecked)
		if d.err != nil {
			return nil, dbError("list checks", fmt.Errorf("check #%d: %w", c.ID, d.err))
		}
		out = append(out, c)
	}
	return out, dbError("list checks", rows.Err())
}

// Observations lists observations, newest first.
func (t *txn) Observations(ctx context.Context, f inventory.ObservationFilter) ([]inventory.Observation, error) {
	var conds []string
	var args []any
	if f.CheckID != 0 {
		conds = append(conds, `check_id = ?`)
		args = append(args, f.CheckID)
	}
	if f.AssetID != 0 {
		conds = append(conds, `asset_id = ?`)
		args = append(args, f.AssetID)
	}
	if f.Address != "" {
		addr := f.Address
		if ip, err := inventory.NormalizeIP(addr); err == nil {
			addr = ip
		}
		conds = append(conds, `address = ?`)
		args = append(args, addr)
	}
	if !f.Since.IsZero() {
		conds = append(conds, `seen_at >= ?`)
		args = append(args, timeText(f.Since))
	}
	limit := f.Limit
	if limit <= 0 {
		limit = -1
	}
	q := `SELECT id, check_id, asset_id, address, state, reason, mac, mac_vendor, hostnames, ports, os_guess,
		seen_at, conflict FROM observations`
	if len(conds) > 0 {
		q += ` WHERE ` + strings.Join(conds, ` AND `)
	}
	rows, err := t.query(ctx, q+` ORDER BY seen_at DESC, id DESC LIMIT ?`, append(args, limit)...)
	if err != nil {
		return nil, dbError("list observations", err)
	}
	defer rows.Close()
	var out []inventory.Observation
	for rows.Next() {
		var o inventory.Observation
		var assetID sql.NullInt64
		var seen sql.NullString
		var hostnames, ports string
		if err := rows.Scan(&o.ID, &o.CheckID, &assetID, &o.Address, &o.State, &o.Reason, &o.MAC, &o.MACVendor,
			&hostnames, &ports, &o.OSGuess, &seen, &o.Conflict); err != nil {
			return nil, dbError("list observations", err)
		}
		o.AssetID = assetID.Int64
		d := decoder{}
		o.SeenAt = d.time("seen_at", seen)
		d.json("hostnames", hostnames, &o.Hostnames)
		d.json("ports", ports, &o.Ports)
		if d.err != nil {
			return nil, dbError("list observations", fmt.Errorf("observation #%d: %w", o.ID, d.err))
		}
		out = append(out, o)
	}
	return out, dbError("list observations", rows.Err())
}
