package sqlstore

import (
	"context"
	"strconv"

	"github.com/sunset-tui/sunset/inventory"
)

// mappingFields are the fields UpdateMapping records changes of, named as
// the command line's flags name them.
var mappingFields = []struct {
	name string
	get  func(m *inventory.PortMapping) string
}{
	{"external", func(m *inventory.PortMapping) string { return m.External() }},
	{"internal", func(m *inventory.PortMapping) string { return m.Internal() }},
	{"proto", func(m *inventory.PortMapping) string { return m.Protocol }},
	{"purpose", func(m *inventory.PortMapping) string { return m.Purpose }},
	{"owner", func(m *inventory.PortMapping) string { return m.Owner }},
	{"opened", func(m *inventory.PortMapping) string { return m.OpenedOn.String() }},
	{"expires", func(m *inventory.PortMapping) string { return m.ExpiresOn.String() }},
	{"evidence", func(m *inventory.PortMapping) string { return m.ClosedEvidence }},
}

// diffMappings lists the fields that differ between old and new. Each
// change names the mapping ("mapping #3 expires"), since an asset's
// history holds the changes of all its mappings.
func diffMappings(old, new *inventory.PortMapping) (fields []string, changes []inventory.Change) {
	prefix := "mapping #" + strconv.FormatInt(old.ID, 10) + " "
	for _, f := range mappingFields {
		if from, to := f.get(old), f.get(new); from != to {
			fields = append(fields, f.name)
			changes = append(changes, inventory.Change{Field: prefix + f.name, From: from, To: to})
		}
	}
	return fields, changes
}

// UpdateMapping stores m over the mapping with m.ID, recording each
// changed field in one "mapping-updated" event on its asset. ClosedAt is
// not m's to change: it is read back from the store. A zero AssetID keeps
// the mapping's asset.
func (t *Tx) UpdateMapping(ctx context.Context, m *inventory.PortMapping, reason string) (changed bool, err error) {
	err = t.write(func() error {
		old, err := t.Mapping(ctx, m.ID)
		if err != nil {
			return err
		}
		if m.AssetID == 0 {
			m.AssetID = old.AssetID
		}
		if m.AssetID != old.AssetID {
			return inventory.FieldError("asset", "mapping #%d belongs to asset #%d; close it and add a new one to the other asset",
				old.ID, old.AssetID)
		}
		m.ClosedAt = old.ClosedAt
		if err := m.Validate(); err != nil {
			return err
		}
		fields, changes := diffMappings(&old, m)
		if len(changes) == 0 {
			return nil
		}
		for _, f := range fields {
			switch {
			case !old.Open() && f != "evidence":
				return inventory.FieldError(f, "mapping #%d was closed on %s; closed is closed: only its evidence may change",
					old.ID, old.ClosedAt.Local().Format("2006-01-02"))
			case old.Open() && f == "evidence":
				return inventory.FieldError(f, "mapping #%d is open: evidence is recorded when it is closed", old.ID)
			}
		}
		if _, err := t.Exec(ctx, `UPDATE port_mappings SET external_addr = ?, external_port = ?, internal_addr = ?,
			internal_port = ?, protocol = ?, purpose = ?, owner = ?, opened_on = ?, expires_on = ?, closed_evidence = ?
			WHERE id = ?`,
			m.ExternalAddr, m.ExternalPort, m.InternalAddr, m.InternalPort, m.Protocol, m.Purpose, m.Owner,
			dateText(m.OpenedOn), dateText(m.ExpiresOn), m.ClosedEvidence, m.ID); err != nil {
			return t.dbError("update mapping", err)
		}
		if err := t.writeEvent(ctx, &inventory.Event{AssetID: m.AssetID, At: t.clock(), Action: inventory.ActionMappingUpdated,
			Changes: changes, Reason: reason}); err != nil {
			return err
		}
		changed = true
		return nil
	})
	return changed, err
}
