package sqlstore

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
// given as a list, looking each up.
const AddressesBetweenSQL = `SELECT asset_id, kind, value, is_primary FROM addresses
		WHERE asset_id BETWEEN ? AND ? ORDER BY asset_id, position`

// AddressesOfIDsSQL reads the addresses of the assets whose ids are given
// as a list (see the stores' tests of query plans).
func (d *Dialect) AddressesOfIDsSQL() string {
	return `SELECT asset_id, kind, value, is_primary FROM addresses
		WHERE ` + d.in(`asset_id`, `?`, `bigint`) + ` ORDER BY asset_id, position`
}

// addAddresses reads the addresses of the assets and gives each its own.
func (t *Tx) addAddresses(ctx context.Context, as []inventory.Asset) error {
	if len(as) == 0 {
		return nil
	}
	byID := make([]*inventory.Asset, len(as))
	for i := range as {
		byID[i] = &as[i]
	}
	slices.SortFunc(byID, func(a, b *inventory.Asset) int { return cmp.Compare(a.ID, b.ID) })
	query, args, err := t.d.addressesQuery(byID)
	if err != nil {
		return err
	}
	rows, err := t.Query(ctx, query, args...)
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
func (d *Dialect) addressesQuery(byID []*inventory.Asset) (string, []any, error) {
	first, last := byID[0].ID, byID[len(byID)-1].ID
	if last-first < 2*int64(len(byID)) {
		return AddressesBetweenSQL, []any{first, last}, nil
	}
	ids := make([]int64, len(byID))
	for i, a := range byID {
		ids[i] = a.ID
	}
	list, err := listArg(d, ids)
	return d.AddressesOfIDsSQL(), []any{list}, err
}

var addressColumns = []string{"asset_id", "position", "kind", "value", "is_primary"}

// insertAddresses inserts the addresses of the assets, many rows to a
// statement.
func (t *Tx) insertAddresses(ctx context.Context, as []*inventory.Asset) error {
	rows := t.newBatch("addresses", addressColumns...)
	for _, a := range as {
		for i, ad := range a.Addresses {
			if err := rows.Add(ctx, a.ID, i, string(ad.Kind), ad.Value, ad.Primary); err != nil {
				return err
			}
		}
	}
	return rows.Flush(ctx)
}

// replaceAddresses stores a's addresses in place of those it had.
func (t *Tx) replaceAddresses(ctx context.Context, a *inventory.Asset) error {
	if _, err := t.Exec(ctx, `DELETE FROM addresses WHERE asset_id = ?`, a.ID); err != nil {
		return err
	}
	return t.insertAddresses(ctx, []*inventory.Asset{a})
}
