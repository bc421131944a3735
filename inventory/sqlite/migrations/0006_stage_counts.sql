-- The number of assets in each stage, which a list shows before anything
-- else, is kept in a table of its own instead of being counted from an
-- index on stage: an entry in that index, inserted in the middle of it,
-- cost every new asset more than any other index. The store changes a
-- count in the same transaction as the assets it counts.
CREATE TABLE stage_counts (
	stage TEXT PRIMARY KEY,
	n     INTEGER NOT NULL CHECK (n >= 0)
) WITHOUT ROWID;

INSERT INTO stage_counts (stage, n) SELECT stage, count(*) FROM assets GROUP BY stage;

DROP INDEX assets_stage;
