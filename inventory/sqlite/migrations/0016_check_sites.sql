-- Checks run from more than one place: a cron job in each network segment,
-- an admin's laptop. A check records where it ran from (`sunset check
-- --site`, by default the host name), and liveness is judged per site: a
-- device dark from one segment but answering from another is alive. A
-- check recorded before this migration names no site (''), and counts as
-- seen from every site, as it did.
ALTER TABLE checks ADD COLUMN site TEXT NOT NULL DEFAULT '';

-- Each observation keeps its check's site, so that the newest sighting at
-- an address from one site is one search of this index, however often
-- the other sites checked it since, and a site that never checked the
-- address costs one probe rather than the address's whole history.
ALTER TABLE observations ADD COLUMN site TEXT NOT NULL DEFAULT '';
CREATE INDEX observations_address_site ON observations (address, site, seen_at);

-- The sites are few, listed from this index.
CREATE INDEX checks_site ON checks (site);
