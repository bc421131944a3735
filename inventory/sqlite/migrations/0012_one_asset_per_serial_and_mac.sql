-- A serial and a MAC name one device, so at most one asset holds each,
-- enforced by the unique indexes below; placeholders that name no device
-- ("N/A" for a serial, 00:00:00:00:00:00 or ff:ff:ff:ff:ff:ff for a MAC)
-- may repeat (inventory.SerialKey, inventory.IdentifyingMAC).
--
-- serial_key is the serial as sunset compares serials: trimmed, in lower
-- case, NULL when there is none or it is a placeholder. The store writes
-- it with every asset; here sunset_serial_key, the same Go function
-- registered with SQLite by sunset, computes it once. Nothing in the
-- schema calls that function, so any sqlite3 reads and writes the file.
ALTER TABLE assets ADD COLUMN serial_key TEXT;
UPDATE assets SET serial_key = sunset_serial_key(serial) WHERE serial <> '';

-- A file may already hold a serial or a MAC on several assets. The first
-- asset to claim it (the lowest id) keeps it; every later one gives it up,
-- and a line added to its notes says what it had and which asset keeps
-- it, so that nothing is lost and an admin can tell which device is
-- which. An upgrade cannot know that better than the order of the claims.
CREATE TEMP TABLE given_up (asset_id INTEGER NOT NULL, position INTEGER, line TEXT NOT NULL);

INSERT INTO given_up (asset_id, line)
SELECT d.id, 'serial ' || trim(d.serial) || ' is also the serial of asset ' ||
	coalesce(nullif(k.tag, ''), nullif(k.hostname, ''), '#' || k.id) ||
	', which keeps it: a serial belongs to one asset (moved here on upgrading the database)'
FROM (SELECT id, serial, first_value(id) OVER (PARTITION BY serial_key ORDER BY id) AS keeper
	FROM assets WHERE serial_key IS NOT NULL) AS d
JOIN assets AS k ON k.id = d.keeper
WHERE d.id <> d.keeper;

INSERT INTO given_up (asset_id, position, line)
SELECT d.asset_id, d.position, 'mac ' || d.value || ' is also a MAC of asset ' ||
	coalesce(nullif(k.tag, ''), nullif(k.hostname, ''), '#' || k.id) ||
	', which keeps it: a MAC belongs to one asset (moved here on upgrading the database)'
FROM (SELECT asset_id, position, value, first_value(asset_id) OVER (PARTITION BY value ORDER BY asset_id) AS keeper
	FROM addresses WHERE kind = 'mac' AND value <> '00:00:00:00:00:00' AND value <> 'ff:ff:ff:ff:ff:ff') AS d
JOIN assets AS k ON k.id = d.keeper
WHERE d.asset_id <> d.keeper;

UPDATE assets SET serial = '', serial_key = NULL
WHERE id IN (SELECT asset_id FROM given_up WHERE position IS NULL);

DELETE FROM addresses WHERE (asset_id, position) IN (SELECT asset_id, position FROM given_up WHERE position IS NOT NULL);

UPDATE assets SET notes = CASE WHEN assets.notes = '' THEN '' ELSE assets.notes || char(10) END || g.lines
FROM (SELECT asset_id, group_concat(line, char(10) ORDER BY position NULLS FIRST) AS lines FROM given_up GROUP BY asset_id) AS g
WHERE assets.id = g.asset_id;

DROP TABLE given_up;

CREATE UNIQUE INDEX assets_serial ON assets (serial_key) WHERE serial_key IS NOT NULL;
CREATE UNIQUE INDEX addresses_mac ON addresses (value)
	WHERE kind = 'mac' AND value <> '00:00:00:00:00:00' AND value <> 'ff:ff:ff:ff:ff:ff';

-- An import matches rows to assets by external id (AssetsByKeys). Most
-- assets have none: the index leaves them out, and a lookup must say
-- "AND external_id <> ''" for SQLite to use it.
CREATE INDEX assets_external_id ON assets (external_id) WHERE external_id <> '';
