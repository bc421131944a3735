package sqlite

import (
	"strings"

	"github.com/sunset-tui/sunset/inventory"
)

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
		conds = append(conds, `sunset_fold(owner) = ?`)
		args = append(args, inventory.FoldCase(f.Owner))
	}
	if len(f.IDs) > 0 {
		ids, err := jsonText(f.IDs)
		if err != nil {
			return nil, nil, err
		}
		conds = append(conds, `id IN (SELECT value FROM json_each(?))`)
		args = append(args, ids)
	}
	if f.Address != "" {
		cond, cargs := addressCond(f.Address)
		conds, args = append(conds, cond), append(args, cargs...)
	}
	if search := strings.TrimSpace(f.Search); search != "" {
		cond, cargs := searchCond(search)
		conds, args = append(conds, cond), append(args, cargs...)
	}
	return conds, args, nil
}

// addressCond keeps the assets with an address that text reads as, found
// through the index on addresses' values.
func addressCond(text string) (string, []any) {
	readings := inventory.AddressReadings(text)
	if len(readings) == 0 {
		return `0`, nil
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
// occurs. SQLite's LIKE ignores the case of ASCII letters only.
func searchCond(text string) (string, []any) {
	pattern := "%" + likeEscaper.Replace(text) + "%"
	var terms []string
	var args []any
	for _, c := range searchColumns {
		terms = append(terms, c+` LIKE ? ESCAPE '\'`)
		args = append(args, pattern)
	}
	addressTerms := []string{`value LIKE ? ESCAPE '\'`}
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
