package sqlite

import (
	"context"
	"database/sql"
	"fmt"

	"github.com/sunset-tui/sunset/inventory"
)

// summaryColumns are what AssetSummaries reads of an asset, in its Scan's
// order: no dates, flags or notes, and the searchable text in one value.
const summaryColumns = `id, tag, hostname, kind, stage, owner, stage_since, last_seen,
	concat_ws(char(10), nullif(serial, ''), nullif(vendor, ''), nullif(model, ''), nullif(department, ''),
		nullif(location, ''))`

// AssetSummaries lists a page of assets as a list shows them, in two
// queries: the assets, walking the index on (tag, id) from where the last
// page ended, then the addresses of that page.
func (t *txn) AssetSummaries(ctx context.Context, f inventory.AssetFilter, page inventory.Page) ([]inventory.AssetSummary, error) {
	from, args, err := summariesFrom(f, page)
	if err != nil {
		return nil, err
	}
	rows, err := t.query(ctx, `SELECT `+summaryColumns+from, args...)
	if err != nil {
		return nil, dbError("list assets", err)
	}
	defer rows.Close()
	var out []inventory.AssetSummary
	if page.Limit > 0 {
		out = make([]inventory.AssetSummary, 0, min(page.Limit, 1<<15))
	}
	index := map[int64]int32{}
	for rows.Next() {
		var s inventory.AssetSummary
		var stageSince string
		var lastSeen sql.NullString
		if err := rows.Scan(&s.ID, &s.Tag, &s.Hostname, &s.Kind, &s.Stage, &s.Owner, &stageSince, &lastSeen, &s.Search); err != nil {
			return nil, dbError("list assets", err)
		}
		d := decoder{}
		s.StageSince = d.time("stage_since", sql.NullString{String: stageSince, Valid: true})
		s.LastSeen = d.time("last_seen", lastSeen)
		if d.err != nil {
			return nil, dbError("list assets", fmt.Errorf("asset #%d: %w", s.ID, d.err))
		}
		index[s.ID] = int32(len(out))
		out = append(out, s)
	}
	if err := rows.Err(); err != nil {
		return nil, dbError("list assets", err)
	}
	rows.Close()
	if len(out) == 0 {
		return nil, nil
	}
	return out, t.addSummaryAddresses(ctx, out, index, from, args)
}

// addSummaryAddresses reads the addresses of the listed assets (the
// assets from and args select), adding each to its asset's search text
// and picking its primary IP.
func (t *txn) addSummaryAddresses(ctx context.Context, out []inventory.AssetSummary, index map[int64]int32, from string, args []any) error {
	if from == summariesFromAll {
		args = nil
	}
	rows, err := t.query(ctx, summaryAddressesSQL(from), args...)
	if err != nil {
		return dbError("list addresses", err)
	}
	defer rows.Close()
	// best is the position of the IP chosen so far for each asset, and
	// whether it is primary: Asset.PrimaryIP takes the last primary one,
	// else the first one.
	type choice struct {
		position int
		primary  bool
		set      bool
	}
	best := make([]choice, len(out))
	for rows.Next() {
		var id int64
		var kind inventory.AddressKind
		var value string
		var c choice
		if err := rows.Scan(&id, &kind, &value, &c.primary, &c.position); err != nil {
			return dbError("list addresses", err)
		}
		i, ok := index[id]
		if !ok {
			continue
		}
		s := &out[i]
		if s.Search == "" {
			s.Search = value
		} else {
			s.Search += "\n" + value
		}
		if kind != inventory.AddrIP {
			continue
		}
		b := &best[i]
		if !b.set || c.primary && (!b.primary || c.position > b.position) || !c.primary && !b.primary && c.position < b.position {
			c.set = true
			*b = c
			s.PrimaryIP = value
		}
	}
	return dbError("list addresses", rows.Err())
}

// summaryAddressesSQL reads the addresses of the assets from selects, in
// no particular order.
func summaryAddressesSQL(from string) string {
	query := `SELECT asset_id, kind, value, is_primary, position FROM addresses`
	if from != summariesFromAll {
		query += ` WHERE asset_id IN (SELECT id` + from + `)`
	}
	return query
}

// summariesFromAll is summariesFrom for every asset, from the start.
const summariesFromAll = ` FROM assets ORDER BY tag, id`

// summariesFrom is the FROM, WHERE, ORDER BY and LIMIT clauses of
// AssetSummaries and their arguments.
func summariesFrom(f inventory.AssetFilter, page inventory.Page) (string, []any, error) {
	where, args, err := assetWhere(f)
	if err != nil {
		return "", nil, err
	}
	if page.AfterID != 0 {
		if where == "" {
			where = ` WHERE `
		} else {
			where += ` AND `
		}
		where += `(tag, id) > (?, ?)`
		args = append(args, page.AfterTag, page.AfterID)
	}
	from := ` FROM assets` + where + ` ORDER BY tag, id`
	if page.Limit > 0 {
		from += ` LIMIT ?`
		args = append(args, page.Limit)
	}
	return from, args, nil
}

// stageCountsSQL counts the assets the WHERE clause keeps by stage.
func stageCountsSQL(where string) string {
	return `SELECT stage, count(*) FROM assets` + where + ` GROUP BY stage`
}

// StageCounts counts assets by stage, from the index on stage when f
// keeps every asset.
func (t *txn) StageCounts(ctx context.Context, f inventory.AssetFilter) (map[inventory.Stage]int, error) {
	where, args, err := assetWhere(f)
	if err != nil {
		return nil, err
	}
	rows, err := t.query(ctx, stageCountsSQL(where), args...)
	if err != nil {
		return nil, dbError("count assets", err)
	}
	defer rows.Close()
	out := map[inventory.Stage]int{}
	for rows.Next() {
		var st inventory.Stage
		var n int
		if err := rows.Scan(&st, &n); err != nil {
			return nil, dbError("count assets", err)
		}
		out[st] = n
	}
	return out, dbError("count assets", rows.Err())
}
