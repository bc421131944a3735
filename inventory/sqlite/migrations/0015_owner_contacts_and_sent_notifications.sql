-- Reminders reach people (sunset notify). An asset's or a mapping's owner
-- is free text ("infra", "acme"); owners gives such a name an e-mail
-- address and a webhook, compared in any case as asset owners are. The
-- SMTP password is never stored here, nor anywhere in the database.
CREATE TABLE owners (
	name       TEXT NOT NULL PRIMARY KEY COLLATE NOCASE,
	email      TEXT NOT NULL DEFAULT '',
	webhook    TEXT NOT NULL DEFAULT '',
	updated_at TEXT NOT NULL,
	updated_by TEXT NOT NULL
);

-- One row per message that reached its recipient: an e-mail address, or
-- a webhook named by its host and a hash of its URL (the URL itself may
-- be a secret, and stays in owners or the policy).
CREATE TABLE notification_deliveries (
	id        INTEGER PRIMARY KEY,
	recipient TEXT NOT NULL,
	channel   TEXT NOT NULL CHECK (channel IN ('email', 'webhook')),
	items     INTEGER NOT NULL,
	sent_at   TEXT NOT NULL,
	sent_by   TEXT NOT NULL
);

-- The sent-log: one row per item, step and recipient, written in the
-- transaction that records the delivery, so that each step of an item
-- (90d, 30d, 7d, day, overdue, escalated; finding for a finding) reaches
-- a recipient at most once. item identifies the thing for good
-- ("end-of-life asset 12 2027-03-31"); asset_id is NULL for an unknown
-- device. Rows of an asset are found through its index, as notify reads
-- the log a chunk of assets at a time.
CREATE TABLE notifications_sent (
	recipient   TEXT NOT NULL,
	item        TEXT NOT NULL,
	step        TEXT NOT NULL,
	owner       TEXT NOT NULL,
	asset_id    INTEGER REFERENCES assets (id) ON DELETE CASCADE,
	subject     TEXT NOT NULL,
	due_on      TEXT,
	sent_at     TEXT NOT NULL,
	delivery_id INTEGER NOT NULL REFERENCES notification_deliveries (id),
	PRIMARY KEY (item, step, recipient)
) WITHOUT ROWID;
CREATE INDEX notifications_sent_asset ON notifications_sent (asset_id);
