-- Evidence is ordered by when sunset recorded it, not by the times a check
-- or an nmap file says it ran: a file's own times are data, so an old file
-- imported today cannot outrank yesterday's live check, and a time in the
-- future is no evidence at all. A check now records when it was stored
-- (recorded_at, from the store's clock), and nothing stored lies after
-- its check's recording: SaveCheck refuses times more than five minutes
-- ahead of it and stores those less ahead as the recording itself.
--
-- A check stored before this migration was recorded, at the latest, when
-- it ended (or started, when it has no end), and not after now. A file
-- dated in the future, which an older sunset took as it was, is taken as
-- recorded now, and its own times, its observations' and the last_seen
-- they gave assets come down to that, so that it stops outranking every
-- later check. The column's default is never kept: every row is given a
-- time here and SaveCheck always writes one (SQLite cannot add a NOT NULL
-- column without a default).
ALTER TABLE checks ADD COLUMN recorded_at TEXT NOT NULL DEFAULT '';

UPDATE checks SET recorded_at = min(coalesce(ended_at, started_at), strftime('%Y-%m-%dT%H:%M:%f000000Z', 'now'));
UPDATE checks SET started_at = recorded_at WHERE started_at > recorded_at;
UPDATE checks SET ended_at = recorded_at WHERE ended_at > recorded_at;
UPDATE observations SET seen_at = checks.recorded_at FROM checks
WHERE checks.id = observations.check_id AND observations.seen_at > checks.recorded_at;
UPDATE assets SET last_seen = (
	SELECT max(seen_at) FROM observations WHERE asset_id = assets.id AND state = 'answered')
WHERE last_seen > strftime('%Y-%m-%dT%H:%M:%f000000Z', 'now');

-- Checks are listed in the order they were recorded, the newest few most
-- often (the latest check): read from this index, not sorted. No query
-- orders or looks up checks by started_at any more.
CREATE INDEX checks_recorded ON checks (recorded_at);
DROP INDEX checks_started;

-- Evidence finds, at each address, where the current run of answers (or
-- of dark results) began: the newest observation in one state, and the
-- oldest in the other state after it. On the index by address and time
-- alone, a device that always answered would have its whole history read
-- to learn that it was never dark; on this one each is one search.
CREATE INDEX observations_address_state ON observations (address, state, seen_at);

-- The addresses where a device answered that matched no asset are listed
-- by skipping from one address to the next in this index, which holds
-- only such observations, instead of reading every observation.
CREATE INDEX observations_unmatched ON observations (address) WHERE asset_id IS NULL AND state = 'answered';
