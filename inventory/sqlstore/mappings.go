package sqlstore

import (
	"context"
	"database/sql"
	"fmt"
	"strings"

	"github.com/sunset-tui/sunset/inventory"
)

const mappingColumns = `id, asset_id, external_addr, external_port, internal_addr, internal_port, protocol,
	purpose, owner, opened_on, expires_on, closed_at, closed_evidence`

func scanMapping(row rowScanner) (inventory.PortMapping, error) {
	var m inventory.PortMapping
	var opened, expires, closed sql.NullString
	if err := row.Scan(&m.ID, &m.AssetID, &m.ExternalAddr, &m.ExternalPort, &m.InternalAddr, &m.InternalPort,
		&m.Protocol, &m.Purpose, &m.Owner, &opened, &expires, &closed, &m.ClosedEvidence); err != nil {
		return m, err
	}
	d := decoder{}
	m.OpenedOn = d.date("opened_on", opened)
	m.ExpiresOn = d.date("expires_on", expires)
	m.ClosedAt = d.time("closed_at", closed)
	if d.err != nil {
		return m, fmt.Errorf("mapping #%d: %w", m.ID, d.err)
	}
	return m, nil
}

// describeMapping is how history shows a mapping.
func describeMapping(m *inventory.PortMapping) string {
	s := fmt.Sprintf("#%d %s/%s", m.ID, m.External(), m.Protocol)
	if in := m.Internal(); in != "" {
		s += " -> " + in
	}
	return s
}

// Mapping returns one port mapping.
func (t *Tx) Mapping(ctx context.Context, id int64) (inventory.PortMapping, error) {
	m, err := scanMapping(t.QueryRow(ctx, `SELECT `+mappingColumns+` FROM port_mappings WHERE id = ?`, id))
	if err == sql.ErrNoRows {
		return m, inventory.Errorf(inventory.ErrNotFound, "no port mapping #%d", id)
	}
	return m, t.dbError("read mapping", err)
}

// Mappings lists port mappings by id.
func (t *Tx) Mappings(ctx context.Context, f inventory.MappingFilter) ([]inventory.PortMapping, error) {
	var conds []string
	var args []any
	if f.AssetID != 0 {
		conds = append(conds, `asset_id = ?`)
		args = append(args, f.AssetID)
	}
	if f.OpenOnly {
		conds = append(conds, `closed_at IS NULL`)
	}
	q := `SELECT ` + mappingColumns + ` FROM port_mappings`
	if len(conds) > 0 {
		q += ` WHERE ` + strings.Join(conds, ` AND `)
	}
	rows, err := t.Query(ctx, q+` ORDER BY id`, args...)
	if err != nil {
		return nil, t.dbError("list mappings", err)
	}
	defer rows.Close()
	var out []inventory.PortMapping
	for rows.Next() {
		m, err := scanMapping(rows)
		if err != nil {
			return nil, t.dbError("list mappings", err)
		}
		out = append(out, m)
	}
	return out, t.dbError("list mappings", rows.Err())
}

// AddMapping validates and stores m for its asset, setting m.ID, and
// records it in the asset's history.
func (t *Tx) AddMapping(ctx context.Context, m *inventory.PortMapping, reason string) error {
	return t.write(func() error {
		if m.AssetID == 0 {
			return inventory.FieldError("asset", "a port mapping belongs to an asset")
		}
		if err := m.Validate(); err != nil {
			return err
		}
		m.ClosedAt = Stamp(m.ClosedAt)
		id, err := t.insert(ctx, `INSERT INTO port_mappings (asset_id, external_addr, external_port, internal_addr,
			internal_port, protocol, purpose, owner, opened_on, expires_on, closed_at, closed_evidence)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
			m.AssetID, m.ExternalAddr, m.ExternalPort, m.InternalAddr, m.InternalPort, m.Protocol, m.Purpose,
			m.Owner, dateText(m.OpenedOn), dateText(m.ExpiresOn), TimeText(m.ClosedAt), m.ClosedEvidence)
		if t.d.IsForeignKeyViolation(err) {
			return inventory.Errorf(inventory.ErrNotFound, "no asset #%d", m.AssetID)
		}
		if err != nil {
			return t.dbError("add mapping", err)
		}
		m.ID = id
		return t.writeEvent(ctx, &inventory.Event{AssetID: m.AssetID, At: t.clock(), Action: inventory.ActionMappingAdded,
			Changes: []inventory.Change{{Field: "mapping", To: describeMapping(m)}}, Reason: reason})
	})
}

// CloseMapping records a mapping closed now, with evidence, in the
// mapping and in its asset's history. A mapping closes once.
func (t *Tx) CloseMapping(ctx context.Context, id int64, evidence string) error {
	return t.write(func() error {
		m, err := t.Mapping(ctx, id)
		if err != nil {
			return err
		}
		if !m.Open() {
			return inventory.FieldError("mapping", "#%d was already closed on %s", id, m.ClosedAt.Local().Format("2006-01-02 15:04"))
		}
		m.ClosedEvidence = evidence
		if err := m.Validate(); err != nil {
			return err
		}
		now := t.clock()
		if _, err := t.Exec(ctx, `UPDATE port_mappings SET closed_at = ?, closed_evidence = ? WHERE id = ?`,
			TimeText(now), evidence, id); err != nil {
			return t.dbError("close mapping", err)
		}
		return t.writeEvent(ctx, &inventory.Event{AssetID: m.AssetID, At: now, Action: inventory.ActionMappingClosed,
			Changes: []inventory.Change{{Field: "mapping", From: describeMapping(&m), To: "closed"}}, Reason: evidence})
	})
}
