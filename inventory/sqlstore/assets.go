package sqlstore

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"github.com/sunset-tui/sunset/inventory"
)

// AssetColumns are the columns an asset is read from, in assetScanner's
// order; its addresses are rows of their own (addAddresses).
const AssetColumns = `id, tag, hostname, name, kind, vendor, model, serial, owner, department, location,
	stage, stage_since, deployed_on, warranty_ends, eol_on, last_managed_on, holds_credentials,
	credentials_ref, stores_data, classification, os, os_version, approved, notes, source,
	external_id, last_seen, created_at, updated_at`

// assetScanner reads rows of AssetColumns, keeping what it stores
// before decoding from one row to the next: a list of many assets reads
// them straight into their place, allocating nothing but their text.
type assetScanner struct {
	stageSince, createdAt, updatedAt           string
	deployed, warranty, eol, managed, lastSeen sql.NullString
	dest                                       []any
}

// scan reads the row into a.
func (s *assetScanner) scan(row rowScanner, a *inventory.Asset) error {
	s.dest = append(s.dest[:0], &a.ID, &a.Tag, &a.Hostname, &a.Name, &a.Kind, &a.Vendor, &a.Model, &a.Serial, &a.Owner,
		&a.Department, &a.Location, &a.Stage, &s.stageSince, &s.deployed, &s.warranty, &s.eol, &s.managed,
		&a.HoldsCredentials, &a.CredentialsRef, &a.StoresData, &a.Classification, &a.OS, &a.OSVersion,
		&a.Approved, &a.Notes, &a.Source, &a.ExternalID, &s.lastSeen, &s.createdAt, &s.updatedAt)
	if err := row.Scan(s.dest...); err != nil {
		return err
	}
	d := decoder{}
	a.StageSince = d.time("stage_since", sql.NullString{String: s.stageSince, Valid: true})
	a.CreatedAt = d.time("created_at", sql.NullString{String: s.createdAt, Valid: true})
	a.UpdatedAt = d.time("updated_at", sql.NullString{String: s.updatedAt, Valid: true})
	a.LastSeen = d.time("last_seen", s.lastSeen)
	a.DeployedOn = d.date("deployed_on", s.deployed)
	a.WarrantyEnds = d.date("warranty_ends", s.warranty)
	a.EOLOn = d.date("eol_on", s.eol)
	a.LastManagedOn = d.date("last_managed_on", s.managed)
	if d.err != nil {
		return fmt.Errorf("asset #%d: %w", a.ID, d.err)
	}
	return nil
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

func (d *decoder) ports(column, s string) []inventory.Port {
	v, err := readPorts(s)
	if err != nil && d.err == nil {
		d.err = fmt.Errorf("%s: stored value is not a list of ports: %v", column, err)
	}
	return v
}

// Asset returns one asset with its addresses.
func (t *Tx) Asset(ctx context.Context, id int64) (inventory.Asset, error) {
	as, err := t.readAssets(ctx, "read asset", nil, `SELECT `+AssetColumns+` FROM assets WHERE id = ?`, id)
	if err != nil {
		return inventory.Asset{}, err
	}
	if len(as) == 0 {
		return inventory.Asset{}, inventory.Errorf(inventory.ErrNotFound, "no asset #%d", id)
	}
	return as[0], nil
}

// Assets lists assets with their addresses, by tag then id.
func (t *Tx) Assets(ctx context.Context, f inventory.AssetFilter) ([]inventory.Asset, error) {
	conds, args, err := t.d.AssetConds(f)
	if err != nil {
		return nil, err
	}
	var out []inventory.Asset
	if len(conds) == 0 {
		// Every asset: room for all of them at once, from the kept counts,
		// rather than copying a large list each time it doubles.
		if out, err = t.roomForAll(ctx); err != nil {
			return nil, err
		}
	}
	for part := range listParts {
		query, qargs := ListQuery(AssetColumns, conds, args, part, inventory.Page{}, 0)
		if out, err = t.appendAssets(ctx, out, query, qargs); err != nil {
			return nil, t.dbError("list assets", err)
		}
	}
	return out, t.dbError("list assets", t.addAddresses(ctx, out))
}

func (t *Tx) roomForAll(ctx context.Context) ([]inventory.Asset, error) {
	counts, err := t.StageCounts(ctx, inventory.AssetFilter{})
	n := 0
	for _, c := range counts {
		n += c
	}
	return make([]inventory.Asset, 0, n), err
}

// AssetsAfter lists a page of assets in id order: a range of the table's
// ids from afterID on, read in the order of the key.
func (t *Tx) AssetsAfter(ctx context.Context, f inventory.AssetFilter, afterID int64, limit int) ([]inventory.Asset, error) {
	conds, args, err := t.d.AssetConds(f)
	if err != nil {
		return nil, err
	}
	conds = append(conds, `id > ?`)
	args = append(args, afterID)
	query := `SELECT ` + AssetColumns + ` FROM assets WHERE ` + strings.Join(conds, ` AND `) + ` ORDER BY id`
	var page []inventory.Asset
	if limit > 0 {
		query += ` LIMIT ?`
		args = append(args, limit)
		// A page is as long as asked for, but at the end: room for it
		// at once rather than copying it each time it doubles.
		page = make([]inventory.Asset, 0, min(limit, 1<<14))
	}
	return t.readAssets(ctx, "list assets", page, query, args...)
}

// readAssets reads the assets query selects (AssetColumns) with their
// addresses, appending them to out; op says what for.
func (t *Tx) readAssets(ctx context.Context, op string, out []inventory.Asset, query string, args ...any) ([]inventory.Asset, error) {
	as, err := t.appendAssets(ctx, out, query, args)
	if err != nil {
		return nil, t.dbError(op, err)
	}
	return as, t.dbError(op, t.addAddresses(ctx, as))
}

// appendAssets appends the assets query selects (AssetColumns), without
// their addresses, to out.
func (t *Tx) appendAssets(ctx context.Context, out []inventory.Asset, query string, args []any) ([]inventory.Asset, error) {
	rows, err := t.Query(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var scanner assetScanner
	for n := 0; rows.Next(); n++ {
		if err := stopped(ctx, n); err != nil {
			return nil, err
		}
		out = append(out, inventory.Asset{})
		if err := scanner.scan(rows, &out[len(out)-1]); err != nil {
			return nil, err
		}
	}
	return out, rows.Err()
}
