package sqlstore

import (
	"slices"
	"strings"

	"github.com/sunset-tui/sunset/inventory"
)

// assetWhere turns f into a WHERE clause (empty when f keeps everything)
// over the assets table and its arguments.
func (d *Dialect) assetWhere(f inventory.AssetFilter) (string, []any, error) {
	conds, args, err := d.AssetConds(f)
	if err != nil || len(conds) == 0 {
		return "", nil, err
	}
	return ` WHERE ` + strings.Join(conds, ` AND `), args, nil
}

// rowsOfAssetsWhere is assetWhere for a table with an asset_id column:
// it keeps the rows of the assets f keeps. When f keeps assets by ids
// alone, ids that fill at least half of the span from the first to the
// last (a chunk of the inventory), the clause reads the rows of the whole
// span, one walk of the table's key instead of a search for each id, and
// kept says which of them f keeps; kept is nil when f keeps every row the
// clause reads.
func (d *Dialect) rowsOfAssetsWhere(f inventory.AssetFilter) (where string, args []any, kept func(id int64) bool, err error) {
	if span, ok := spanOf(f); ok {
		return ` WHERE asset_id BETWEEN ? AND ?`, []any{span.first, span.last}, span.kept(), nil
	}
	where, args, err = d.assetWhere(f)
	if err != nil || where == "" {
		return "", nil, nil, err
	}
	return ` WHERE asset_id IN (SELECT id FROM assets` + where + `)`, args, nil, nil
}

// idSpan is a span of asset ids and which of them were asked for.
type idSpan struct {
	first, last int64
	asked       map[int64]bool // nil when every id of the span was
}

// spanOf is the span from the first to the last of f's ids, when f keeps
// assets by ids alone and they (each counted once) fill at least half of
// it.
func spanOf(f inventory.AssetFilter) (idSpan, bool) {
	if len(f.IDs) == 0 || len(f.Stages) > 0 || f.Kind != "" || f.Owner != "" || f.MaxID != 0 || f.Address != "" || f.Search != "" {
		return idSpan{}, false
	}
	s := idSpan{first: slices.Min(f.IDs), last: slices.Max(f.IDs), asked: make(map[int64]bool, len(f.IDs))}
	for _, id := range f.IDs {
		s.asked[id] = true
	}
	asked, width := int64(len(s.asked)), s.last-s.first+1
	if asked == width {
		s.asked = nil
	}
	return s, width <= 2*asked
}

// kept says which ids of the span were asked for; nil when all were.
func (s idSpan) kept() func(id int64) bool {
	if s.asked == nil {
		return nil
	}
	return func(id int64) bool { return s.asked[id] }
}

// AssetConds are the conditions of assetWhere, to be joined with AND.
func (d *Dialect) AssetConds(f inventory.AssetFilter) ([]string, []any, error) {
	var conds []string
	var args []any
	if len(f.Stages) > 0 {
		names := make([]string, len(f.Stages))
		for i, st := range f.Stages {
			names[i] = string(st)
		}
		stages, err := listArg(d, names)
		if err != nil {
			return nil, nil, err
		}
		conds = append(conds, d.in(`stage`, `?`, `text`))
		args = append(args, stages)
	}
	if f.Kind != "" {
		conds = append(conds, `kind = ?`)
		args = append(args, f.Kind)
	}
	if f.Owner != "" {
		conds = append(conds, d.folded(`owner`)+` = ?`)
		args = append(args, inventory.FoldCase(f.Owner))
	}
	if f.MaxID != 0 {
		conds = append(conds, `id <= ?`)
		args = append(args, f.MaxID)
	}
	if len(f.IDs) > 0 {
		ids, err := listArg(d, f.IDs)
		if err != nil {
			return nil, nil, err
		}
		conds = append(conds, d.in(`id`, `?`, `bigint`))
		args = append(args, ids)
	}
	if f.Address != "" {
		cond, cargs := d.addressCond(f.Address)
		conds, args = append(conds, cond), append(args, cargs...)
	}
	if search := strings.TrimSpace(f.Search); search != "" {
		cond, cargs := d.searchCond(search)
		conds, args = append(conds, cond), append(args, cargs...)
	}
	return conds, args, nil
}

// addressCond keeps the assets with an address that text reads as, found
// through the index on addresses' values.
func (d *Dialect) addressCond(text string) (string, []any) {
	readings := inventory.AddressReadings(text)
	if len(readings) == 0 {
		return d.False, nil
	}
	var terms []string
	var args []any
	for _, ad := range readings {
		terms = append(terms, `(value = ? AND kind = ?)`)
		args = append(args, ad.Value, string(ad.Kind))
	}
	return `id IN (SELECT asset_id FROM addresses WHERE ` + strings.Join(terms, ` OR `) + `)`, args
}

// searchColumns are the columns of an asset a search looks in, besides
// its addresses.
var searchColumns = []string{"tag", "hostname", "name", "serial", "owner", "vendor", "model", "department", "location"}

// searchCond keeps the assets in whose searchColumns or addresses text
// occurs, ignoring the case of ASCII letters only (Dialect.Like).
func (d *Dialect) searchCond(text string) (string, []any) {
	pattern := "%" + likeEscaper.Replace(text) + "%"
	var terms []string
	var args []any
	for _, c := range searchColumns {
		terms = append(terms, c+` `+d.Like+` ? ESCAPE '\'`)
		args = append(args, pattern)
	}
	addressTerms := []string{`value ` + d.Like + ` ? ESCAPE '\'`}
	args = append(args, pattern)
	for _, ad := range inventory.AddressReadings(text) {
		addressTerms = append(addressTerms, `value = ?`)
		args = append(args, ad.Value)
	}
	// Correlated, so that a page fills from the first assets that match
	// rather than after every address was searched.
	terms = append(terms, `EXISTS (SELECT 1 FROM addresses WHERE asset_id = assets.id AND (`+
		strings.Join(addressTerms, ` OR `)+`))`)
	return `(` + strings.Join(terms, ` OR `) + `)`, args
}

// likeEscaper escapes what LIKE would take as a wildcard.
var likeEscaper = strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`)
