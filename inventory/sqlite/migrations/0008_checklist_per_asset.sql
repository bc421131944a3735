-- An asset's checklist is one list on a row of its own, in the items'
-- order: [["power-down","Power it down",1,"scan-dark","2026-12-01",0,1,
-- "2026-11-27T09:00:00.000000000Z","ann","unplugged"], ...], each item as
-- [id, title, required, verify, due, mapping id, done, done at, done by,
-- evidence]. A checklist is read, replaced and ticked whole, never queried
-- item by item across assets; an import of many assets at the end of
-- their life wrote five or more rows for each. The port mappings items name
-- are checked when a checklist is stored (mappings are closed, never
-- deleted).
CREATE TABLE checklists (
	asset_id INTEGER PRIMARY KEY REFERENCES assets (id) ON DELETE CASCADE,
	items    TEXT NOT NULL
);

INSERT INTO checklists (asset_id, items)
SELECT asset_id, json_group_array(json_array(item_id, title, required, verify, due, mapping_id, done,
		done_at, done_by, evidence) ORDER BY position)
FROM checklist_items GROUP BY asset_id;

DROP TABLE checklist_items;
