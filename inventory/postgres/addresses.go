package postgres

import (
	"cmp"
	"context"
	"slices"

	"github.com/sunset-tui/sunset/inventory"
)

// An asset's addresses are rows of the addresses table (migration 0010),
// kept in the asset's order by position.

// Reads of the addresses of many assets, in asset order, then each
// asset's order: of a span of ids, walking the table's key, or of ids
// given as an array, looking each up.
const (
	addressesBetweenSQL = `SELECT asset_id, kind, value, is_primary FROM addresses
		WHERE asset_id BETWEEN ? AND ? ORDER BY asset_id, position`
	addressesOfIDsSQL = `SELECT asset_id, kind, value, is_primary FROM addresses
		WHERE asset_id = ANY(?::bigint[]) ORDER BY asset_id, position`
)

// addAddresses reads the addresses of the assets and gives each its own.
func (t *txn) addAddresses(ctx context.Context, as []inventory.Asset) error {
	if len(as) == 0 {
		return nil
	}
	byID := make([]*inventory.Asset, len(as))
	for i := range as {
		byID[i] = &as[i]
	}
	slices.SortFunc(byID, func(a, b *inventory.Asset) int { return cmp.Compare(a.ID, b.ID) })
	query, args, err := addressesQuery(byID)
	if err != nil {
		return err
	}
	rows, err := t.query(ctx, query, args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	next := 0
	for n := 0; rows.Next(); n++ {
		if err := stopped(ctx, n); err != nil {
			return err
		}
		var id int64
		var ad inventory.Address
		if err := rows.Scan(&id, &ad.Kind, &ad.Value, &ad.Primary); err != nil {
			return err
		}
		for next < len(byID) && byID[next].ID < id {
			next++
		}
		if next < len(byID) && byID[next].ID == id {
			byID[next].Addresses = append(byID[next].Addresses, ad)
		}
	}
	return rows.Err()
}

// addressesQuery reads the addresses of the assets, sorted by id: those of
// the span from the first to the last when they fill most of it, else of
// each by its id.
func addressesQuery(byID []*inventory.Asset) (string, []any, error) {
	first, last := byID[0].ID, byID[len(byID)-1].ID
	if last-first < 2*int64(len(byID)) {
		return addressesBetweenSQL, []any{first, last}, nil
	}
	ids := make([]int64, len(byID))
	for i, a := range byID {
		ids[i] = a.ID
	}
	return addressesOfIDsSQL, []any{ids}, nil
}

var addressColumns = []string{"asset_id", "position", "kind", "value", "is_primary"}

// insertAddresses inserts the addresses of the assets, many rows to a
// statement.
func (t *txn) insertAddresses(ctx context.Context, as []*inventory.Asset) error {
	rows := t.newBatch("addresses", addressColumns...)
	for _, a := range as {
		for i, ad := range a.Addresses {
			if err := rows.add(ctx, a.ID, i, string(ad.Kind), ad.Value, ad.Primary); err != nil {
				return err
			}
		}
	}
	return rows.flush(ctx)
}

// replaceAddresses stores a's addresses in place of those it had.
func (t *txn) replaceAddresses(ctx context.Context, a *inventory.Asset) error {
	if _, err := t.exec(ctx, `DELETE FROM addresses WHERE asset_id = ?`, a.ID); err != nil {
		return err
	}
	return t.insertAddresses(ctx, []*inventory.Asset{a})
}
