-- A list walks the assets by tag, then id, in two parts: first those with
-- no tag, by id, from this small partial index; then the tagged ones, by
-- tag, from the unique index on tag (assets_tag). The index on (tag, id)
-- that served both cost every new asset an entry.
CREATE INDEX assets_untagged ON assets (id) WHERE tag = '';
DROP INDEX assets_list;
