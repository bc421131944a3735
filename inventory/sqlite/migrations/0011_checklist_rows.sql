-- A checklist's items move from one row of positional JSON arrays per
-- asset (migration 0008) into rows of their own, one per item, so that an
-- admin reads and queries them by SQL (which assets still have a required
-- item open?) without knowing what the sixth element of an array means.
-- Migration 0008 saved an import a few rows per asset at the end of its
-- life; review found that not worth a table people cannot read.
--
-- position keeps the order the items were generated in; due is a date
-- (YYYY-MM-DD), done_at a time as every other, both NULL when unset.
CREATE TABLE checklist_items (
	asset_id   INTEGER NOT NULL REFERENCES assets (id) ON DELETE CASCADE,
	item_id    TEXT NOT NULL,
	position   INTEGER NOT NULL,
	title      TEXT NOT NULL,
	required   INTEGER NOT NULL DEFAULT 0 CHECK (required = 0 OR required = 1),
	verify     TEXT NOT NULL CHECK (verify = 'none' OR verify = 'evidence' OR verify = 'scan-dark'
	                  OR verify = 'scan-mapping-closed'),
	due        TEXT,
	mapping_id INTEGER REFERENCES port_mappings (id) ON DELETE SET NULL,
	done       INTEGER NOT NULL DEFAULT 0 CHECK (done = 0 OR done = 1),
	done_at    TEXT,
	done_by    TEXT NOT NULL DEFAULT '',
	evidence   TEXT NOT NULL DEFAULT '',
	PRIMARY KEY (asset_id, item_id)
) WITHOUT ROWID;

-- Each item was [id, title, required, verify, due, mapping id, done, done
-- at, done by, evidence], an unset value as "", 0 or null. A mapping that
-- is not there (which sunset never wrote) is dropped rather than failing
-- the upgrade.
INSERT INTO checklist_items (asset_id, item_id, position, title, required, verify, due, mapping_id, done,
	done_at, done_by, evidence)
SELECT c.asset_id, i.value ->> 0, i.key, i.value ->> 1, i.value ->> 2 <> 0, i.value ->> 3,
	nullif(i.value ->> 4, ''), (SELECT id FROM port_mappings WHERE id = i.value ->> 5), i.value ->> 6 <> 0,
	nullif(i.value ->> 7, ''), coalesce(i.value ->> 8, ''), coalesce(i.value ->> 9, '')
FROM checklists AS c, json_each(c.items) AS i;

DROP TABLE checklists;
