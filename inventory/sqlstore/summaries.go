package sqlstore

import (
	"context"
	"database/sql"
	"fmt"

	"github.com/sunset-tui/sunset/inventory"
)

// SummaryColumns are what AssetSummaries reads of an asset, in its Scan's
// order: no dates, flags or notes; the searchable text in one value, the
// asset's addresses last; its primary IP as Asset.PrimaryIP picks it.
func (d *Dialect) SummaryColumns() string {
	return `id, tag, hostname, name, kind, stage, owner, stage_since, last_seen,
	concat_ws(` + d.Newline + `, nullif(name, ''), nullif(serial, ''), nullif(vendor, ''), nullif(model, ''), nullif(department, ''),
		nullif(location, ''),
		(SELECT ` + d.GroupConcat + `(value, ` + d.Newline + ` ORDER BY position) FROM addresses WHERE asset_id = assets.id)),
	coalesce((SELECT value FROM addresses WHERE asset_id = assets.id AND kind = 'ip'
		ORDER BY is_primary DESC, position LIMIT 1), '')`
}

// AssetSummaries lists a page of assets as a list shows them, walking the
// indexes of the list's two parts (see listParts) from where the last page
// ended.
func (t *Tx) AssetSummaries(ctx context.Context, f inventory.AssetFilter, page inventory.Page) ([]inventory.AssetSummary, error) {
	conds, args, err := t.d.AssetConds(f)
	if err != nil {
		return nil, err
	}
	var out []inventory.AssetSummary
	if page.Limit > 0 {
		out = make([]inventory.AssetSummary, 0, min(page.Limit, 1<<15))
	}
	for part := firstListPart(page); part < len(listParts); part++ {
		limit := 0
		if page.Limit > 0 {
			if limit = page.Limit - len(out); limit <= 0 {
				break
			}
		}
		query, qargs := ListQuery(t.d.SummaryColumns(), conds, args, part, page, limit)
		if out, err = t.readSummaries(ctx, out, query, qargs); err != nil {
			return nil, err
		}
	}
	if len(out) == 0 {
		return nil, nil
	}
	return out, nil
}

// readSummaries appends the summaries query selects to out.
func (t *Tx) readSummaries(ctx context.Context, out []inventory.AssetSummary, query string, args []any) ([]inventory.AssetSummary, error) {
	rows, err := t.Query(ctx, query, args...)
	if err != nil {
		return nil, t.dbError("list assets", err)
	}
	defer rows.Close()
	for n := 0; rows.Next(); n++ {
		if err := stopped(ctx, n); err != nil {
			return nil, err
		}
		var s inventory.AssetSummary
		var stageSince string
		var lastSeen sql.NullString
		if err := rows.Scan(&s.ID, &s.Tag, &s.Hostname, &s.Name, &s.Kind, &s.Stage, &s.Owner, &stageSince, &lastSeen, &s.Search, &s.PrimaryIP); err != nil {
			return nil, t.dbError("list assets", err)
		}
		d := decoder{}
		s.StageSince = d.time("stage_since", sql.NullString{String: stageSince, Valid: true})
		s.LastSeen = d.time("last_seen", lastSeen)
		if d.err != nil {
			return nil, t.dbError("list assets", fmt.Errorf("asset #%d: %w", s.ID, d.err))
		}
		out = append(out, s)
	}
	return out, t.dbError("list assets", rows.Err())
}

// stageCountsSQL counts the assets the WHERE clause keeps by stage.
func stageCountsSQL(where string) string {
	return `SELECT stage, count(*) FROM assets` + where + ` GROUP BY stage`
}

// AllStageCountsSQL reads the counts the store keeps (see countStage).
const AllStageCountsSQL = `SELECT stage, n FROM stage_counts WHERE n > 0`

// StageCounts counts assets by stage: from the counts the store keeps
// when f keeps every asset, else from the assets f keeps.
func (t *Tx) StageCounts(ctx context.Context, f inventory.AssetFilter) (map[inventory.Stage]int, error) {
	where, args, err := t.d.assetWhere(f)
	if err != nil {
		return nil, err
	}
	query := AllStageCountsSQL
	if where != "" {
		query = stageCountsSQL(where)
	}
	rows, err := t.Query(ctx, query, args...)
	if err != nil {
		return nil, t.dbError("count assets", err)
	}
	defer rows.Close()
	out := map[inventory.Stage]int{}
	for rows.Next() {
		var st inventory.Stage
		var n int
		if err := rows.Scan(&st, &n); err != nil {
			return nil, t.dbError("count assets", err)
		}
		out[st] = n
	}
	return out, t.dbError("count assets", rows.Err())
}

// countStage adds n (which may be negative) to the count of assets in
// stage st, in the write's transaction.
func (t *Tx) countStage(ctx context.Context, st inventory.Stage, n int) error {
	query := `INSERT INTO stage_counts (stage, n) VALUES (?, ?) ON CONFLICT (stage) DO UPDATE SET n = stage_counts.n + excluded.n`
	switch {
	case n == 0:
		return nil
	case n < 0:
		// (An upsert would check n >= 0 on the row it might insert.)
		query = `UPDATE stage_counts SET n = n + ?2 WHERE stage = ?1`
	}
	_, err := t.Exec(ctx, query, string(st), n)
	return t.dbError("count stages", err)
}
