package sqlite

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/sunset-tui/sunset/inventory"
)

// assetColumns are the columns an asset is read from, in scanAsset's order.
const assetColumns = `id, tag, hostname, kind, vendor, model, serial, owner, department, location,
	stage, stage_since, deployed_on, warranty_ends, eol_on, last_managed_on, holds_credentials,
	credentials_ref, stores_data, classification, os, os_version, approved, notes, source,
	external_id, last_seen, created_at, updated_at, addresses`

func scanAsset(row rowScanner) (inventory.Asset, error) {
	var a inventory.Asset
	var stageSince, createdAt, updatedAt, addresses string
	var deployed, warranty, eol, managed, lastSeen sql.NullString
	err := row.Scan(&a.ID, &a.Tag, &a.Hostname, &a.Kind, &a.Vendor, &a.Model, &a.Serial, &a.Owner,
		&a.Department, &a.Location, &a.Stage, &stageSince, &deployed, &warranty, &eol, &managed,
		&a.HoldsCredentials, &a.CredentialsRef, &a.StoresData, &a.Classification, &a.OS, &a.OSVersion,
		&a.Approved, &a.Notes, &a.Source, &a.ExternalID, &lastSeen, &createdAt, &updatedAt, &addresses)
	if err != nil {
		return a, err
	}
	d := decoder{}
	a.StageSince = d.time("stage_since", sql.NullString{String: stageSince, Valid: true})
	a.CreatedAt = d.time("created_at", sql.NullString{String: createdAt, Valid: true})
	a.UpdatedAt = d.time("updated_at", sql.NullString{String: updatedAt, Valid: true})
	a.LastSeen = d.time("last_seen", lastSeen)
	a.DeployedOn = d.date("deployed_on", deployed)
	a.WarrantyEnds = d.date("warranty_ends", warranty)
	a.EOLOn = d.date("eol_on", eol)
	a.LastManagedOn = d.date("last_managed_on", managed)
	a.Addresses = d.addresses("addresses", addresses)
	if d.err != nil {
		return a, fmt.Errorf("asset #%d: %w", a.ID, d.err)
	}
	return a, nil
}

// decoder reads stored columns and keeps the first error, so that a row
// with many of them is decoded without an if after each.
type decoder struct{ err error }

func (d *decoder) time(column string, s sql.NullString) time.Time {
	v, err := parseTime(column, s)
	if err != nil && d.err == nil {
		d.err = err
	}
	return v
}

func (d *decoder) date(column string, s sql.NullString) inventory.Date {
	v, err := parseDate(column, s)
	if err != nil && d.err == nil {
		d.err = err
	}
	return v
}

func (d *decoder) json(column, s string, into any) {
	if s == "" || s == "[]" || s == "null" {
		return
	}
	if err := json.Unmarshal([]byte(s), into); err != nil && d.err == nil {
		d.err = fmt.Errorf("%s: stored value is not valid JSON: %v", column, err)
	}
}

func (d *decoder) addresses(column, s string) []inventory.Address {
	v, err := readAddresses(s)
	if err != nil && d.err == nil {
		d.err = fmt.Errorf("%s: %v", column, err)
	}
	return v
}

func (d *decoder) ports(column, s string) []inventory.Port {
	v, err := readPorts(s)
	if err != nil && d.err == nil {
		d.err = fmt.Errorf("%s: stored value is not a list of ports: %v", column, err)
	}
	return v
}

// Asset returns one asset with its addresses.
func (t *txn) Asset(ctx context.Context, id int64) (inventory.Asset, error) {
	a, err := scanAsset(t.queryRow(ctx, `SELECT `+assetColumns+` FROM assets WHERE id = ?`, id))
	if err == sql.ErrNoRows {
		return a, inventory.Errorf(inventory.ErrNotFound, "no asset #%d", id)
	}
	if err != nil {
		return a, dbError("read asset", err)
	}
	return a, nil
}

// Lookups by what people type; TestLookupsUseIndexes checks their plans.
const (
	assetByTagSQL   = `SELECT id FROM assets WHERE tag = ? AND tag <> ''`
	assetsByHostSQL = `SELECT id, tag FROM assets WHERE hostname_key = ? ORDER BY id`
)

// FindAsset resolves an id ("42" or "#42"), then a tag, then a hostname in
// any case.
func (t *txn) FindAsset(ctx context.Context, ref string) (inventory.Asset, error) {
	ref = strings.TrimSpace(ref)
	if ref == "" {
		return inventory.Asset{}, inventory.FieldError("asset", "empty reference (give a tag, hostname or id)")
	}
	// "#12" is always an id. A bare number is a tag first (asset tags are
	// often numeric), then an id.
	if strings.HasPrefix(ref, "#") {
		if id, err := strconv.ParseInt(ref[1:], 10, 64); err == nil && id > 0 {
			return t.Asset(ctx, id)
		}
	}
	var id int64
	err := t.queryRow(ctx, assetByTagSQL, ref).Scan(&id)
	if err == nil {
		return t.Asset(ctx, id)
	}
	if err != sql.ErrNoRows {
		return inventory.Asset{}, dbError("find asset", err)
	}
	if n, err := strconv.ParseInt(ref, 10, 64); err == nil && n > 0 {
		a, err := t.Asset(ctx, n)
		if !inventory.IsKind(err, inventory.ErrNotFound) {
			return a, err
		}
	}
	rows, err := t.query(ctx, assetsByHostSQL, strings.ToLower(ref))
	if err != nil {
		return inventory.Asset{}, dbError("find asset", err)
	}
	defer rows.Close()
	var candidates []string
	var ids []int64
	for rows.Next() {
		var tag string
		if err := rows.Scan(&id, &tag); err != nil {
			return inventory.Asset{}, dbError("find asset", err)
		}
		ids = append(ids, id)
		c := fmt.Sprintf("#%d", id)
		if tag != "" {
			c += " (" + tag + ")"
		}
		candidates = append(candidates, c)
	}
	if err := rows.Err(); err != nil {
		return inventory.Asset{}, dbError("find asset", err)
	}
	rows.Close()
	switch len(ids) {
	case 0:
		return inventory.Asset{}, inventory.Errorf(inventory.ErrNotFound, "no asset has the id, tag or hostname %q", ref)
	case 1:
		return t.Asset(ctx, ids[0])
	}
	return inventory.Asset{}, inventory.Errorf(inventory.ErrConflict,
		"hostname %q matches %d assets: %s; name one by tag or id", ref, len(ids), strings.Join(candidates, ", "))
}

// Assets lists assets with their addresses, by tag then id.
func (t *txn) Assets(ctx context.Context, f inventory.AssetFilter) ([]inventory.Asset, error) {
	conds, args, err := assetConds(f)
	if err != nil {
		return nil, err
	}
	var out []inventory.Asset
	if len(conds) == 0 {
		// Every asset: room for all of them at once, from the kept counts,
		// rather than copying a large list each time it doubles.
		counts, err := t.StageCounts(ctx, f)
		if err != nil {
			return nil, err
		}
		n := 0
		for _, c := range counts {
			n += c
		}
		if n > 0 {
			out = make([]inventory.Asset, 0, n)
		}
	}
	for part := range listParts {
		query, qargs := listQuery(assetColumns, conds, args, part, inventory.Page{}, 0)
		rows, err := t.query(ctx, query, qargs...)
		if err != nil {
			return nil, dbError("list assets", err)
		}
		for rows.Next() {
			a, err := scanAsset(rows)
			if err != nil {
				rows.Close()
				return nil, dbError("list assets", err)
			}
			out = append(out, a)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, dbError("list assets", err)
		}
	}
	return out, nil
}

// assetWhere turns f into a WHERE clause (empty when f keeps everything)
// over the assets table and its arguments.
func assetWhere(f inventory.AssetFilter) (string, []any, error) {
	conds, args, err := assetConds(f)
	if err != nil || len(conds) == 0 {
		return "", nil, err
	}
	return ` WHERE ` + strings.Join(conds, ` AND `), args, nil
}

// rowsOfAssetsWhere is assetWhere for a table with an asset_id column:
// it keeps the rows of the assets f keeps.
func rowsOfAssetsWhere(f inventory.AssetFilter) (string, []any, error) {
	where, args, err := assetWhere(f)
	if err != nil || where == "" {
		return "", nil, err
	}
	return ` WHERE asset_id IN (SELECT id FROM assets` + where + `)`, args, nil
}

// assetConds are the conditions of assetWhere, to be joined with AND.
func assetConds(f inventory.AssetFilter) ([]string, []any, error) {
	var conds []string
	var args []any
	if len(f.Stages) > 0 {
		stages, err := jsonText(f.Stages)
		if err != nil {
			return nil, nil, err
		}
		conds = append(conds, `stage IN (SELECT value FROM json_each(?))`)
		args = append(args, stages)
	}
	if f.Kind != "" {
		conds = append(conds, `kind = ?`)
		args = append(args, f.Kind)
	}
	if f.Owner != "" {
		conds = append(conds, `owner = ? COLLATE NOCASE`)
		args = append(args, f.Owner)
	}
	if len(f.IDs) > 0 {
		ids, err := jsonText(f.IDs)
		if err != nil {
			return nil, nil, err
		}
		conds = append(conds, `id IN (SELECT value FROM json_each(?))`)
		args = append(args, ids)
	}
	return conds, args, nil
}
