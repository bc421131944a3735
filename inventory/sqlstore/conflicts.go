package sqlstore

import (
	"context"
	"database/sql"
	"fmt"

	"github.com/sunset-tui/sunset/inventory"
)

// What one asset at most may hold is kept so by unique indexes (migration
// 0012): its tag, its serial's key, each of its MACs that names a device.
// A write that broke one asks afterwards which, to say so.
const AssetBySerialSQL = `SELECT id, tag, hostname FROM assets WHERE serial_key = ?`

// AssetByMACSQL looks up the asset that holds a MAC.
func (d *Dialect) AssetByMACSQL() string {
	return `SELECT a.id, a.tag, a.hostname FROM addresses AS ad ` + d.OrderedJoin + ` assets AS a ON a.id = ad.asset_id
		WHERE ad.value = ? AND ad.kind = 'mac'`
}

// claim is one value only one asset may hold.
type claim struct {
	field, value string // as the asset has it
	key          string // as it is compared
}

// claims are what a holds that no other asset may.
func claims(a *inventory.Asset) []claim {
	var out []claim
	if a.Tag != "" {
		out = append(out, claim{"tag", a.Tag, a.Tag})
	}
	if k := inventory.SerialKey(a.Serial); k != "" {
		out = append(out, claim{"serial", a.Serial, k})
	}
	for _, mac := range a.MACs() {
		if inventory.IdentifyingMAC(mac) {
			out = append(out, claim{"mac", mac, mac})
		}
	}
	return out
}

// holder reads the asset that holds c; taken says whether one does and
// other accepts it.
func (t *Tx) holder(ctx context.Context, c claim, other func(id int64) bool) (h inventory.Asset, taken bool, err error) {
	switch c.field {
	case "tag":
		err = t.QueryRow(ctx, AssetByTagSQL, c.key).Scan(&h.ID)
	case "serial":
		err = t.QueryRow(ctx, AssetBySerialSQL, c.key).Scan(&h.ID, &h.Tag, &h.Hostname)
	case "mac":
		err = t.QueryRow(ctx, t.d.AssetByMACSQL(), c.key).Scan(&h.ID, &h.Tag, &h.Hostname)
	}
	if err == sql.ErrNoRows {
		return h, false, nil
	}
	return h, err == nil && other(h.ID), err
}

// takenClaim finds the first of a's claims that an asset other accepts
// holds, and that asset.
func (t *Tx) takenClaim(ctx context.Context, a *inventory.Asset, other func(id int64) bool) (claim, inventory.Asset, bool, error) {
	for _, c := range claims(a) {
		h, taken, err := t.holder(ctx, c, other)
		if err != nil || taken {
			return c, h, taken, err
		}
	}
	return claim{}, inventory.Asset{}, false, nil
}

// holderName names the asset that holds c: by id when c is its tag.
func holderName(c claim, h inventory.Asset) string {
	if c.field == "tag" {
		return fmt.Sprintf("#%d", h.ID)
	}
	return h.Ref()
}

func conflict(c claim, format string, args ...any) error {
	return &inventory.Error{Kind: inventory.ErrConflict, Field: c.field, Msg: fmt.Sprintf(format, args...)}
}

// assetWriteError explains a failed insert or update of a, stored as self
// (0 before it is): a tag, serial or MAC another asset holds names it.
func (t *Tx) assetWriteError(ctx context.Context, op string, a *inventory.Asset, self int64, err error) error {
	if !t.d.IsUniqueViolation(err) {
		return t.dbError(op, err)
	}
	c, h, taken, qerr := t.takenClaim(ctx, a, func(id int64) bool { return id != self })
	if qerr != nil || !taken {
		return t.dbError(op, err)
	}
	return conflict(c, "%s is already used by asset %s", c.value, holderName(c, h))
}

// assetsWriteError explains a failed insert of many assets, the first
// taking ids from firstID on: a claim given to two of them names both; one
// an asset stored before holds names it.
func (t *Tx) assetsWriteError(ctx context.Context, as []*inventory.Asset, firstID int64, err error) error {
	if !t.d.IsUniqueViolation(err) {
		return t.dbError("create assets", err)
	}
	if twice := claimedTwice(as); twice != nil {
		return twice
	}
	stored := func(id int64) bool { return id < firstID }
	for i, a := range as {
		c, h, taken, qerr := t.takenClaim(ctx, a, stored)
		if qerr != nil {
			break
		}
		if taken {
			return conflict(c, "asset %d of %d: %s is already used by asset %s", i+1, len(as), c.value, holderName(c, h))
		}
	}
	return t.dbError("create assets", err)
}

// claimedTwice is the ErrConflict for the first claim two of the assets
// make, or nil.
func claimedTwice(as []*inventory.Asset) error {
	type claimed struct{ field, key string }
	first := map[claimed]int{}
	for i, a := range as {
		for _, c := range claims(a) {
			k := claimed{c.field, c.key}
			if j, ok := first[k]; ok {
				return conflict(c, "%s is given to assets %d and %d of %d", c.value, j+1, i+1, len(as))
			}
			first[k] = i
		}
	}
	return nil
}
