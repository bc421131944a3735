-- A list of many assets opens on its first screen without reading them
-- all: the first page in tag order and each later page, and the count of
-- each stage, are read from these indexes (AssetSummaries, StageCounts).
-- They make an import a few per cent slower per asset.
CREATE INDEX assets_list ON assets (tag, id);
CREATE INDEX assets_stage ON assets (stage);
