-- An asset's addresses move from the JSON list on its row (migration
-- 0004) into a table of their own, one row per address, so that an admin
-- who opens the file with sqlite3 or a reporting tool reads and queries
-- them by SQL (SELECT asset_id FROM addresses WHERE value = '192.0.2.7')
-- without decoding positional JSON, and so that an address finds its
-- assets through an index. Migration 0004 made an import of many assets
-- faster by writing one row per asset; review found that speed not worth
-- a schema people cannot read, and an import writes the address rows in
-- multi-row statements with the asset rows.
--
-- value is as sunset normalises it (inventory.Address.Normalize): an IP
-- as netip prints it, a MAC as six lower-case pairs joined by ':', a DNS
-- name in lower case without a final dot. position keeps the order the
-- asset lists its addresses in; is_primary marks the address shown first.
CREATE TABLE addresses (
	asset_id   INTEGER NOT NULL REFERENCES assets (id) ON DELETE CASCADE,
	position   INTEGER NOT NULL,
	kind       TEXT NOT NULL CHECK (kind = 'ip' OR kind = 'mac' OR kind = 'dns'),
	value      TEXT NOT NULL,
	is_primary INTEGER NOT NULL DEFAULT 0 CHECK (is_primary = 0 OR is_primary = 1),
	PRIMARY KEY (asset_id, position)
) WITHOUT ROWID;

-- Each list was [[kind, value], [kind, value, 1], ...], 1 marking the
-- primary address.
INSERT INTO addresses (asset_id, position, kind, value, is_primary)
SELECT assets.id, a.key, a.value ->> 0, a.value ->> 1, coalesce(a.value ->> 2, 0) <> 0
FROM assets, json_each(assets.addresses) AS a
WHERE assets.addresses <> '[]';

-- The assets with an address, of any kind: FindAsset, the Address filter.
CREATE INDEX addresses_value ON addresses (value);

ALTER TABLE assets DROP COLUMN addresses;
