package sqlstore

import (
	"context"
	"database/sql"
	"fmt"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/sunset-tui/sunset/inventory"
)

var livenessStates = map[inventory.Liveness]bool{inventory.Answered: true, inventory.Dark: true, inventory.Unknown: true}

// SaveCheck stores a check and its observations, setting their IDs and
// CheckIDs, and the check's RecordedAt to now. A check without a start
// time started now; an observation without a time was seen when its check
// started. A time after now is stored as now, or refused when it lies more
// than inventory.MaxClockSkew ahead. Every matched asset that answered has
// LastSeen moved forward to the observation's time (never back).
func (t *Tx) SaveCheck(ctx context.Context, c *inventory.Check, obs []inventory.Observation) error {
	return t.write(func() error {
		c.RecordedAt = t.clock()
		if c.StartedAt.IsZero() {
			c.StartedAt = c.RecordedAt
		}
		if c.Actor == "" {
			c.Actor = t.Actor()
		}
		if err := inventory.ValidSite(c.Site); err != nil {
			return err
		}
		if err := recordCheckTimes(c); err != nil {
			return err
		}
		for i := range obs {
			if err := validateObservation(&obs[i], c.RecordedAt); err != nil {
				return err
			}
		}
		targets, err := JSONText(c.Targets)
		if err != nil {
			return err
		}
		args, err := JSONText(c.Args)
		if err != nil {
			return err
		}
		ports, err := JSONText(c.Ports)
		if err != nil {
			return err
		}
		notChecked, err := JSONText(c.NotChecked)
		if err != nil {
			return err
		}
		id, err := t.insert(ctx, `INSERT INTO checks (started_at, ended_at, recorded_at, source, targets, args, ports, partial,
			partial_reason, hosts_answered, hosts_dark, hosts_unknown, not_checked, actor, site)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
			TimeText(c.StartedAt), TimeText(c.EndedAt), TimeText(c.RecordedAt), c.Source, targets, args, ports, c.Partial,
			c.PartialReason, c.HostsAnswered, c.HostsDark, c.HostsUnknown, notChecked, c.Actor, c.Site)
		if err != nil {
			return t.dbError("save check", err)
		}
		c.ID = id
		return t.saveObservations(ctx, c, obs)
	})
}

// recordCheckTimes brings the check's start and end down to its
// recording, or refuses them when they lie too far after it.
func recordCheckTimes(c *inventory.Check) error {
	var err error
	if c.StartedAt, err = notAfterRecording(c.StartedAt, c.RecordedAt); err != nil {
		return inventory.FieldError("started_at", "check: started at %v", err)
	}
	if c.EndedAt, err = notAfterRecording(c.EndedAt, c.RecordedAt); err != nil {
		return inventory.FieldError("ended_at", "check: ended at %v", err)
	}
	return nil
}

// validateObservation checks and normalises o, whose check was recorded
// at recorded. An observation without a time keeps none here.
func validateObservation(o *inventory.Observation, recorded time.Time) error {
	if !livenessStates[o.State] {
		return inventory.FieldError("state", "observation of %s: %q is not answered, dark or unknown", o.Address, o.State)
	}
	ip, err := inventory.NormalizeIP(o.Address)
	if err != nil {
		return inventory.FieldError("address", "observation: %v", err)
	}
	o.Address = ip
	if o.SeenAt, err = notAfterRecording(o.SeenAt, recorded); err != nil {
		return inventory.FieldError("seen_at", "observation of %s: seen at %v", o.Address, err)
	}
	return nil
}

// notAfterRecording is t as stored for a check recorded at recorded: t
// itself (zero stays zero), or recorded when t is after it by no more
// than MaxClockSkew. Further ahead, the error says why t is no evidence.
func notAfterRecording(t, recorded time.Time) (time.Time, error) {
	t = Stamp(t)
	switch {
	case !t.After(recorded):
		return t, nil
	case t.Sub(recorded) <= inventory.MaxClockSkew:
		return recorded, nil
	}
	return t, fmt.Errorf("%s, later than the check was recorded (%s); a file or scanner clock ahead of this machine cannot be evidence",
		t.Format(time.RFC3339Nano), recorded.Format(time.RFC3339Nano))
}

// saveObservations inserts a check's observations many rows to a
// statement, then moves each answering asset's last_seen forward, one
// statement for many assets.
func (t *Tx) saveObservations(ctx context.Context, c *inventory.Check, obs []inventory.Observation) error {
	if len(obs) == 0 {
		return nil
	}
	next, err := t.nextIDs(ctx, "observations", len(obs))
	if err != nil {
		return t.dbError("save observations", err)
	}
	return t.guarded(ctx, func() error { return t.insertObservations(ctx, c, obs, next) },
		func(err error) error { return t.observationError(ctx, obs, err) })
}

// insertObservations inserts a check's observations, which take ids from
// next on, and moves last_seen forward.
func (t *Tx) insertObservations(ctx context.Context, c *inventory.Check, obs []inventory.Observation, next int64) error {
	rows := t.newBatch("observations", "id", "check_id", "asset_id", "address", "state", "reason", "mac", "mac_vendor",
		"hostnames", "ports", "os_guess", "seen_at", "conflict", "site")
	lists := listTexts{}
	times := timeTexts{}
	lastSeen := map[int64]string{}
	for i := range obs {
		o := &obs[i]
		if o.SeenAt.IsZero() {
			o.SeenAt = c.StartedAt
		}
		o.SeenAt = Stamp(o.SeenAt)
		o.CheckID, o.ID = c.ID, next+int64(i)
		seen := times.text(o.SeenAt)
		if err := rows.Add(ctx, o.ID, c.ID, nullID(o.AssetID), o.Address, string(o.State), o.Reason, o.MAC, o.MACVendor,
			lists.hostnames(o.Hostnames), lists.ports(o.Ports), o.OSGuess, seen, o.Conflict, c.Site); err != nil {
			return err
		}
		if o.AssetID != 0 && o.State == inventory.Answered && seen > lastSeen[o.AssetID] {
			lastSeen[o.AssetID] = seen
		}
	}
	if err := rows.Flush(ctx); err != nil {
		return err
	}
	return t.moveLastSeen(ctx, lastSeen)
}

// observationError explains a failed insert of observations: a reference
// to an asset that does not exist names the observation.
func (t *Tx) observationError(ctx context.Context, obs []inventory.Observation, err error) error {
	if !t.d.IsForeignKeyViolation(err) {
		return t.dbError("save observations", err)
	}
	for _, o := range obs {
		if o.AssetID == 0 {
			continue
		}
		var one int
		if qerr := t.QueryRow(ctx, `SELECT 1 FROM assets WHERE id = ?`, o.AssetID).Scan(&one); qerr == sql.ErrNoRows {
			return inventory.Errorf(inventory.ErrNotFound, "observation of %s: no asset #%d", o.Address, o.AssetID)
		}
	}
	return t.dbError("save observations", err)
}

// moveLastSeen sets each asset's last_seen to the time given for it,
// unless it was seen later already.
func (t *Tx) moveLastSeen(ctx context.Context, seen map[int64]string) error {
	ids := make([]int64, 0, len(seen))
	for id := range seen {
		ids = append(ids, id)
	}
	slices.Sort(ids)
	for len(ids) > 0 {
		n := min(len(ids), t.d.BatchRows)
		args := make([]any, 0, 2*n)
		for _, id := range ids[:n] {
			args = append(args, id, seen[id])
		}
		if _, err := t.Exec(ctx, lastSeenSQL(n, t.d.TypedValues), args...); err != nil {
			return t.dbError("update last seen", err)
		}
		ids = ids[n:]
	}
	return nil
}

var lastSeenSQLs sync.Map // lastSeenShape -> UPDATE statement

type lastSeenShape struct {
	rows  int
	typed bool
}

// lastSeenSQL is the UPDATE moving last_seen forward for rows (id, time)
// pairs; typed: with its VALUES typed and named (Dialect.TypedValues).
func lastSeenSQL(rows int, typed bool) string {
	key := lastSeenShape{rows, typed}
	if q, ok := lastSeenSQLs.Load(key); ok {
		return q.(string)
	}
	q := `UPDATE assets SET last_seen = v.column2 FROM (VALUES (?, ?)` + strings.Repeat(`, (?, ?)`, rows-1) + `) AS v
		WHERE assets.id = v.column1 AND (assets.last_seen IS NULL OR assets.last_seen < v.column2)`
	if typed {
		q = `UPDATE assets SET last_seen = v.seen FROM (VALUES (?::bigint, ?::text)` + strings.Repeat(`, (?, ?)`, rows-1) + `) AS v (id, seen)
		WHERE assets.id = v.id AND (assets.last_seen IS NULL OR assets.last_seen < v.seen)`
	}
	lastSeenSQLs.Store(key, q)
	return q
}

// listTexts writes the JSON of observations' lists, handing out one string
// for each distinct text: the observations of a sweep mostly repeat a few
// lists of ports, so their texts are made and kept once.
type listTexts struct {
	buf   []byte
	known map[string]string
}

// listTextsKept bounds how many distinct texts listTexts keeps.
const listTextsKept = 4096

func (l *listTexts) hostnames(list []string) string {
	if len(list) == 0 {
		return "[]"
	}
	return l.intern(stringsJSON(l.buf[:0], list))
}

func (l *listTexts) ports(list []inventory.Port) string {
	if len(list) == 0 {
		return "[]"
	}
	return l.intern(portsJSON(l.buf[:0], list))
}

func (l *listTexts) intern(b []byte) string {
	l.buf = b
	if s, ok := l.known[string(b)]; ok {
		return s
	}
	s := string(b)
	if l.known == nil {
		l.known = map[string]string{}
	}
	if len(l.known) < listTextsKept {
		l.known[s] = s
	}
	return s
}

// timeTexts formats times as the store keeps them, remembering the last
// one: the observations of one check share few times.
type timeTexts struct {
	last   time.Time
	stored string
}

// text is t, which is not zero, as stored text.
func (c *timeTexts) text(t time.Time) string {
	if c.stored == "" || !t.Equal(c.last) {
		c.last, c.stored = t, t.UTC().Format(TimeLayout)
	}
	return c.stored
}

const CheckColumns = `id, started_at, ended_at, recorded_at, source, targets, args, ports, partial, partial_reason,
	hosts_answered, hosts_dark, hosts_unknown, not_checked, actor, site`

// Checks lists checks newest first in the order they were recorded; limit
// <= 0 means all.
func (t *Tx) Checks(ctx context.Context, limit int) ([]inventory.Check, error) {
	return t.ReadChecks(ctx, `SELECT `+CheckColumns+` FROM checks ORDER BY recorded_at DESC, id DESC LIMIT ?`, t.d.limitArg(limit))
}

// ReadChecks runs a query of CheckColumns.
func (t *Tx) ReadChecks(ctx context.Context, query string, args ...any) ([]inventory.Check, error) {
	rows, err := t.Query(ctx, query, args...)
	if err != nil {
		return nil, t.dbError("list checks", err)
	}
	defer rows.Close()
	var out []inventory.Check
	for rows.Next() {
		var c inventory.Check
		var started, ended, recorded sql.NullString
		var targets, args, ports, notChecked string
		if err := rows.Scan(&c.ID, &started, &ended, &recorded, &c.Source, &targets, &args, &ports, &c.Partial,
			&c.PartialReason, &c.HostsAnswered, &c.HostsDark, &c.HostsUnknown, &notChecked, &c.Actor, &c.Site); err != nil {
			return nil, t.dbError("list checks", err)
		}
		d := decoder{}
		c.StartedAt = d.time("started_at", started)
		c.EndedAt = d.time("ended_at", ended)
		c.RecordedAt = d.time("recorded_at", recorded)
		d.json("targets", targets, &c.Targets)
		d.json("args", args, &c.Args)
		d.json("ports", ports, &c.Ports)
		d.json("not_checked", notChecked, &c.NotChecked)
		if d.err != nil {
			return nil, t.dbError("list checks", fmt.Errorf("check #%d: %w", c.ID, d.err))
		}
		out = append(out, c)
	}
	return out, t.dbError("list checks", rows.Err())
}

const ObservationColumns = `id, check_id, asset_id, address, state, reason, mac, mac_vendor, hostnames, ports, os_guess,
	seen_at, conflict`

// Observations lists observations, newest first.
func (t *Tx) Observations(ctx context.Context, f inventory.ObservationFilter) ([]inventory.Observation, error) {
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
		conds = append(conds, `address = ?`)
		args = append(args, NormalAddress(f.Address))
	}
	if !f.Since.IsZero() {
		conds = append(conds, `seen_at >= ?`)
		args = append(args, TimeText(f.Since))
	}
	limit := t.d.limitArg(f.Limit)
	q := `SELECT ` + ObservationColumns + ` FROM observations`
	if len(conds) > 0 {
		q += ` WHERE ` + strings.Join(conds, ` AND `)
	}
	rows, err := t.Query(ctx, q+` ORDER BY seen_at DESC, id DESC LIMIT ?`, append(args, limit)...)
	if err != nil {
		return nil, t.dbError("list observations", err)
	}
	defer rows.Close()
	var out []inventory.Observation
	for n := 0; rows.Next(); n++ {
		if err := stopped(ctx, n); err != nil {
			return nil, err
		}
		o, err := ScanObservation(rows)
		if err != nil {
			return nil, t.dbError("list observations", err)
		}
		out = append(out, o)
	}
	return out, t.dbError("list observations", rows.Err())
}

// limitArg is a LIMIT's argument: no limit (Dialect.NoLimit) for
// limit <= 0.
func (d *Dialect) limitArg(limit int) any {
	if limit <= 0 {
		return d.NoLimit
	}
	return limit
}

// NormalAddress is addr as observations store it, when it is an IP
// address; anything else is looked up as it is, and finds nothing.
func NormalAddress(addr string) string {
	if ip, err := inventory.NormalizeIP(addr); err == nil {
		return ip
	}
	return addr
}

// ScanObservation reads a row of ObservationColumns.
func ScanObservation(rows rowScanner) (inventory.Observation, error) {
	var o inventory.Observation
	var assetID sql.NullInt64
	var seen sql.NullString
	var hostnames, ports string
	if err := rows.Scan(&o.ID, &o.CheckID, &assetID, &o.Address, &o.State, &o.Reason, &o.MAC, &o.MACVendor,
		&hostnames, &ports, &o.OSGuess, &seen, &o.Conflict); err != nil {
		return o, err
	}
	o.AssetID = assetID.Int64
	d := decoder{}
	o.SeenAt = d.time("seen_at", seen)
	d.json("hostnames", hostnames, &o.Hostnames)
	o.Ports = d.ports("ports", ports)
	if d.err != nil {
		return o, fmt.Errorf("observation #%d: %w", o.ID, d.err)
	}
	return o, nil
}
