-- Live updates: every committed write bumps meta's revision (Store.Update),
-- and the database itself tells whoever listens (a TUI, through
-- Store.WatchChanges) on the channel sunset_revision, the new revision as
-- the payload. A NOTIFY inside a transaction is delivered at its commit
-- and dropped with its rollback, so listeners hear of committed writes
-- only, from any process, whatever wrote them; no write path sends it.

CREATE FUNCTION sunset_notify_revision() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
	PERFORM pg_notify('sunset_revision', NEW.value::text);
	RETURN NULL;
END
$$;

CREATE TRIGGER meta_revision_notify
	AFTER UPDATE ON meta
	FOR EACH ROW
	WHEN (NEW.key = 'revision' AND NEW.value IS DISTINCT FROM OLD.value)
	EXECUTE FUNCTION sunset_notify_revision();
