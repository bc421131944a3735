-- An asset's "created" event moves onto its row: who created it and why
-- (created_at was already there; the stage it started in is the "from" of
-- its first stage change, or its stage when it has none). An import of many
-- assets wrote one event row, and an index entry, for each of them.
ALTER TABLE assets ADD COLUMN created_by TEXT NOT NULL DEFAULT '';
ALTER TABLE assets ADD COLUMN created_reason TEXT NOT NULL DEFAULT '';

UPDATE assets SET (created_by, created_reason) = (
	SELECT actor, reason FROM events
	WHERE events.asset_id = assets.id AND events.action = 'created'
	ORDER BY events.id LIMIT 1)
WHERE id IN (SELECT asset_id FROM events WHERE action = 'created');

-- Only the first "created" event of an asset moves; any later one (an
-- event added by hand with that action) stays where it was.
DELETE FROM events WHERE id IN (SELECT min(id) FROM events WHERE action = 'created' GROUP BY asset_id);
