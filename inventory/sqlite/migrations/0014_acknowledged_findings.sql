-- A person may accept the risk a finding names for a while: an
-- acknowledged finding stops showing until its acknowledgement expires
-- or the finding says something else. One row per finding, named by its
-- key as lifecycle writes it ("idle:#12", "exposed-mapping:m7",
-- "unknown:192.0.2.7"). substance is what the finding said when it was
-- acknowledged, as lifecycle compares findings. until, by_actor and at
-- are as in the other tables. asset_id names the asset whose history
-- records the acknowledgement; it is NULL for an unknown device.
CREATE TABLE acknowledgements (
	finding   TEXT PRIMARY KEY,
	asset_id  INTEGER REFERENCES assets (id) ON DELETE CASCADE,
	substance TEXT NOT NULL,
	reason    TEXT NOT NULL,
	until     TEXT NOT NULL,
	by_actor  TEXT NOT NULL,
	at        TEXT NOT NULL
);
CREATE INDEX acknowledgements_asset ON acknowledgements (asset_id) WHERE asset_id IS NOT NULL;
