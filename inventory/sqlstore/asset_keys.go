package sqlstore

import (
	"context"
	"strings"

	"github.com/sunset-tui/sunset/inventory"
)

// AssetsByKeysSQL selects the assets any key names: each kind of key is
// a list (listArg), looked up value by value in its index (see the stores'
// tests of query plans).
func (d *Dialect) AssetsByKeysSQL() string {
	return `SELECT ` + AssetColumns + ` FROM assets WHERE id IN (
	SELECT id FROM assets WHERE ` + d.in(`tag`, `?1`, `text`) + ` AND tag <> ''
	UNION SELECT id FROM assets WHERE ` + d.in(`hostname_key`, `?2`, `text`) + ` AND hostname_key <> ''
	UNION SELECT id FROM assets WHERE ` + d.in(`serial_key`, `?3`, `text`) + `
	UNION SELECT asset_id FROM addresses WHERE ` + d.in(`value`, `?4`, `text`) + ` AND kind = 'mac'
	UNION SELECT id FROM assets WHERE ` + d.in(`external_id`, `?5`, `text`) + ` AND external_id <> ''
	UNION SELECT asset_id FROM addresses WHERE ` + d.in(`value`, `?6`, `text`) + ` AND kind = 'ip'
	UNION SELECT asset_id FROM addresses WHERE ` + d.in(`value`, `?7`, `text`) + ` AND kind = 'dns'
	UNION SELECT id FROM assets WHERE ` + d.in(`name_key`, `?8`, `text`) + ` AND name_key <> ''
) ORDER BY id`
}

// AssetsByKeys reads the assets k's keys name, each key folded as its
// field is compared.
func (t *Tx) AssetsByKeys(ctx context.Context, k inventory.AssetKeys) ([]inventory.Asset, error) {
	lists := [...][]string{
		keysOf(k.Tags, strings.TrimSpace),
		keysOf(k.Hostnames, func(h string) string { return strings.ToLower(strings.TrimSpace(h)) }),
		keysOf(k.Serials, inventory.SerialKey),
		keysOf(k.MACs, macKey),
		keysOf(k.ExternalIDs, func(id string) string { return id }),
		keysOf(k.IPs, addressKey(inventory.AddrIP)),
		keysOf(k.DNSNames, addressKey(inventory.AddrDNS)),
		keysOf(k.Names, inventory.NameKey),
	}
	args := make([]any, len(lists))
	some := false
	for i, keys := range lists {
		list, err := listArg(t.d, keys)
		if err != nil {
			return nil, err
		}
		args[i], some = list, some || len(keys) > 0
	}
	if !some {
		return nil, nil
	}
	return t.readAssets(ctx, "find assets by key", nil, t.d.AssetsByKeysSQL(), args...)
}

// keysOf folds each key with fold, leaving out those that fold to "".
func keysOf(keys []string, fold func(string) string) []string {
	out := make([]string, 0, len(keys))
	for _, k := range keys {
		if f := fold(k); f != "" {
			out = append(out, f)
		}
	}
	return out
}

// macKey is a MAC as stored, or "" when it is none or names no device.
func macKey(s string) string {
	mac, err := inventory.NormalizeMAC(strings.TrimSpace(s))
	if err != nil || !inventory.IdentifyingMAC(mac) {
		return ""
	}
	return mac
}

// addressKey folds an address of kind as stored, or to "" when it is not
// one.
func addressKey(kind inventory.AddressKind) func(string) string {
	return func(s string) string {
		ad := inventory.Address{Kind: kind, Value: strings.TrimSpace(s)}
		if ad.Normalize() != nil {
			return ""
		}
		return ad.Value
	}
}
