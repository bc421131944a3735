-- Indexes cost every insert, and a check or an import inserts tens of
-- thousands of rows: keep only those a query of the store uses.
--
-- No query looks assets up by serial or addresses up by value (matching
-- reads every asset once), so those two go.
DROP INDEX assets_serial;
DROP INDEX addresses_value;

-- Most observations of a sweep are of devices the inventory does not
-- know, with no asset: the asset index leaves them out. A query for one
-- asset's observations (asset_id = ?) still uses it.
DROP INDEX observations_asset;
CREATE INDEX observations_asset ON observations (asset_id, seen_at) WHERE asset_id IS NOT NULL;
