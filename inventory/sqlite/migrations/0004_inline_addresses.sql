-- An asset's addresses move onto its row, as a list in position order:
-- [["ip","192.0.2.7",1],["mac","02:00:5e:10:00:01"]], a third element 1
-- marking a primary address. Every read of an asset wanted its addresses,
-- no query looked assets up by address, and an import of many assets spent
-- a third of its time on the address rows and their index.
ALTER TABLE assets ADD COLUMN addresses TEXT NOT NULL DEFAULT '[]';

UPDATE assets SET addresses = (
	SELECT json_group_array(CASE WHEN is_primary THEN json_array(kind, value, 1) ELSE json_array(kind, value) END
		ORDER BY position)
	FROM addresses WHERE asset_id = assets.id)
WHERE id IN (SELECT asset_id FROM addresses);

DROP TABLE addresses;
