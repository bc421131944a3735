package sqlstore

import (
	"context"
	"database/sql"
	"fmt"
	"strconv"
	"strings"

	"github.com/sunset-tui/sunset/inventory"
)

// Lookups by what people type; the stores' tests check their plans.
const (
	AssetByTagSQL   = `SELECT id FROM assets WHERE tag = ? AND tag <> ''`
	AssetsByHostSQL = `SELECT id, tag, hostname FROM assets WHERE hostname_key = ? ORDER BY id`
	AssetsByNameSQL = `SELECT id, tag, hostname FROM assets WHERE name_key = ? AND name_key <> '' ORDER BY id`
)

// AssetsByAddressSQL looks assets up by an address: value before kind, a
// value names one kind but for DNS names that read as IPs, and the index
// is on the value.
func (d *Dialect) AssetsByAddressSQL() string {
	return `SELECT a.id, a.tag, a.hostname FROM addresses AS ad ` + d.OrderedJoin + ` assets AS a ON a.id = ad.asset_id
		WHERE ad.value = ? AND ad.kind = ? ORDER BY a.id`
}

// FindAsset resolves "#N" as an id, then a tag, a number as an id, an IP
// or MAC address, a hostname in any case, a DNS name, a name in any case
// and a serial as serials compare, the first that names an asset winning.
func (t *Tx) FindAsset(ctx context.Context, ref string) (inventory.Asset, error) {
	ref = strings.TrimSpace(ref)
	if ref == "" {
		return inventory.Asset{}, inventory.FieldError("asset", "empty reference (give a tag, hostname, address or id)")
	}
	if id, ok := inventory.IDRef(ref); ok {
		return t.Asset(ctx, id)
	}
	var id int64
	err := t.QueryRow(ctx, AssetByTagSQL, ref).Scan(&id)
	if err == nil {
		return t.Asset(ctx, id)
	}
	if err != sql.ErrNoRows {
		return inventory.Asset{}, t.dbError("find asset", err)
	}
	// Asset tags are often numeric: a number is an id only when it is no tag.
	if n, err := strconv.ParseInt(ref, 10, 64); err == nil && n > 0 {
		a, err := t.Asset(ctx, n)
		if !inventory.IsKind(err, inventory.ErrNotFound) {
			return a, err
		}
	}
	for _, step := range t.d.lookupSteps(ref) {
		found, err := t.assetRefs(ctx, step.query, step.args...)
		if err != nil {
			return inventory.Asset{}, t.dbError("find asset", err)
		}
		switch len(found) {
		case 0:
			continue
		case 1:
			return t.Asset(ctx, found[0].ID)
		}
		return inventory.Asset{}, inventory.Errorf(inventory.ErrConflict, "%s %q matches %d assets: %s; name one by tag or id",
			step.what, ref, len(found), candidates(found))
	}
	return inventory.Asset{}, inventory.Errorf(inventory.ErrNotFound, "no asset has the id, tag, address, hostname, name or serial %q", ref)
}

// lookupStep is one way FindAsset reads a reference.
type lookupStep struct {
	what  string
	query string
	args  []any
}

// lookupSteps are the ways after a tag and an id, in FindAsset's order:
// an IP or MAC address, a hostname, a DNS name, a name, a serial.
func (d *Dialect) lookupSteps(ref string) []lookupStep {
	var addresses, names []lookupStep
	for _, ad := range inventory.AddressReadings(ref) {
		step := lookupStep{what: "address", query: d.AssetsByAddressSQL(), args: []any{ad.Value, string(ad.Kind)}}
		if ad.Kind == inventory.AddrDNS {
			step.what = "DNS name"
			names = append(names, step)
			continue
		}
		addresses = append(addresses, step)
	}
	hostname := lookupStep{what: "hostname", query: AssetsByHostSQL, args: []any{strings.ToLower(ref)}}
	name := lookupStep{what: "name", query: AssetsByNameSQL, args: []any{inventory.NameKey(ref)}}
	steps := append(append(append(addresses, hostname), names...), name)
	if key := inventory.SerialKey(ref); key != "" {
		steps = append(steps, lookupStep{what: "serial", query: AssetBySerialSQL, args: []any{key}})
	}
	return steps
}

// assetRefs reads the id, tag and hostname of the assets query selects.
func (t *Tx) assetRefs(ctx context.Context, query string, args ...any) ([]inventory.Asset, error) {
	rows, err := t.Query(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []inventory.Asset
	for rows.Next() {
		var a inventory.Asset
		if err := rows.Scan(&a.ID, &a.Tag, &a.Hostname); err != nil {
			return nil, err
		}
		out = append(out, a)
	}
	return out, rows.Err()
}

// candidates names assets as "#12 (CAM-1)", for a choice among them.
func candidates(as []inventory.Asset) string {
	names := make([]string, len(as))
	for i, a := range as {
		names[i] = fmt.Sprintf("#%d", a.ID)
		if a.Tag != "" {
			names[i] += " (" + a.Tag + ")"
		}
	}
	return strings.Join(names, ", ")
}
