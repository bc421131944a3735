-- Imports bring devices whose tools call them by names that are no
-- hostnames ("AP 0A", "SW FD0A", "*ANNIE-IBM"). Such a name was refused,
-- or forced into notes; it is now the asset's name, beside its hostname.
-- name_key is the name as sunset compares names (trimmed, in lower case),
-- as hostname_key is the hostname's, so that FindAsset and an import find
-- an asset by its name through an index; most assets have no name, and
-- the index leaves them out (a lookup must say "AND name_key <> ''").
ALTER TABLE assets ADD COLUMN name TEXT NOT NULL DEFAULT '';
ALTER TABLE assets ADD COLUMN name_key TEXT NOT NULL DEFAULT '';
CREATE INDEX assets_name ON assets (name_key) WHERE name_key <> '';

-- The columns of an imported file that are no asset field ("Rack",
-- "Purchase Cost") were written into the asset's notes, and an import of
-- the next export replaced the notes whole, with whatever a person had
-- written there. They now live in a table of their own, one row per
-- asset and column: a later import replaces the value of a column it
-- reads again and leaves the rest, and never touches the notes, which
-- are a person's. column_name is the column's title as the file wrote it;
-- source is the format of that file (netbox, glpi, csv, ...).
--
-- What earlier imports wrote into notes stays there: sunset cannot tell
-- it from what a person wrote.
CREATE TABLE imported_columns (
	asset_id    INTEGER NOT NULL REFERENCES assets (id) ON DELETE CASCADE,
	column_name TEXT NOT NULL,
	value       TEXT NOT NULL,
	source      TEXT NOT NULL DEFAULT '',
	PRIMARY KEY (asset_id, column_name)
) WITHOUT ROWID;
