-- sunset's first schema. Times are UTC text with nine fraction digits
-- (so that text order is time order); dates are YYYY-MM-DD text; both are
-- NULL when unset. Lists are JSON text.
--
-- CHECK constraints compare with OR, not with an IN list: SQLite builds a
-- temporary table for an IN list of more than two values on every row
-- written, which made inserts three times slower.

CREATE TABLE meta (
	key   TEXT PRIMARY KEY,
	value INTEGER NOT NULL
);
INSERT INTO meta (key, value) VALUES ('revision', 0);

CREATE TABLE assets (
	id                INTEGER PRIMARY KEY,
	tag               TEXT NOT NULL DEFAULT '',
	hostname          TEXT NOT NULL DEFAULT '',
	hostname_key      TEXT NOT NULL DEFAULT '', -- hostname in lower case, for lookups
	kind              TEXT NOT NULL,
	vendor            TEXT NOT NULL DEFAULT '',
	model             TEXT NOT NULL DEFAULT '',
	serial            TEXT NOT NULL DEFAULT '',
	owner             TEXT NOT NULL DEFAULT '',
	department        TEXT NOT NULL DEFAULT '',
	location          TEXT NOT NULL DEFAULT '',
	stage             TEXT NOT NULL CHECK (stage = 'planned' OR stage = 'spare' OR stage = 'active'
	                         OR stage = 'decommissioning' OR stage = 'retired' OR stage = 'disposed'),
	stage_since       TEXT NOT NULL,
	deployed_on       TEXT,
	warranty_ends     TEXT,
	eol_on            TEXT,
	last_managed_on   TEXT,
	holds_credentials INTEGER NOT NULL DEFAULT 0,
	credentials_ref   TEXT NOT NULL DEFAULT '',
	stores_data       INTEGER NOT NULL DEFAULT 0,
	classification    TEXT NOT NULL DEFAULT '',
	os                TEXT NOT NULL DEFAULT '',
	os_version        TEXT NOT NULL DEFAULT '',
	approved          INTEGER NOT NULL DEFAULT 0,
	notes             TEXT NOT NULL DEFAULT '',
	source            TEXT NOT NULL DEFAULT '',
	external_id       TEXT NOT NULL DEFAULT '',
	last_seen         TEXT,
	created_at        TEXT NOT NULL,
	updated_at        TEXT NOT NULL
);
-- Tags are unique when set. A lookup must say "AND tag <> ''" for SQLite
-- to use this partial index.
CREATE UNIQUE INDEX assets_tag ON assets (tag) WHERE tag <> '';
CREATE INDEX assets_hostname ON assets (hostname_key);
CREATE INDEX assets_serial ON assets (serial);

CREATE TABLE addresses (
	id         INTEGER PRIMARY KEY,
	asset_id   INTEGER NOT NULL REFERENCES assets (id) ON DELETE CASCADE,
	kind       TEXT NOT NULL CHECK (kind = 'ip' OR kind = 'mac' OR kind = 'dns'),
	value      TEXT NOT NULL,
	is_primary INTEGER NOT NULL DEFAULT 0,
	position   INTEGER NOT NULL,
	UNIQUE (asset_id, kind, value)
);
CREATE INDEX addresses_value ON addresses (value);

CREATE TABLE events (
	id       INTEGER PRIMARY KEY,
	asset_id INTEGER NOT NULL REFERENCES assets (id) ON DELETE CASCADE,
	at       TEXT NOT NULL,
	actor    TEXT NOT NULL,
	action   TEXT NOT NULL,
	changes  TEXT NOT NULL DEFAULT '[]',
	reason   TEXT NOT NULL DEFAULT '',
	forced   INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX events_asset ON events (asset_id, at);

CREATE TABLE port_mappings (
	id              INTEGER PRIMARY KEY,
	asset_id        INTEGER NOT NULL REFERENCES assets (id) ON DELETE CASCADE,
	external_addr   TEXT NOT NULL,
	external_port   INTEGER NOT NULL,
	internal_addr   TEXT NOT NULL DEFAULT '',
	internal_port   INTEGER NOT NULL DEFAULT 0,
	protocol        TEXT NOT NULL CHECK (protocol = 'tcp' OR protocol = 'udp'),
	purpose         TEXT NOT NULL DEFAULT '',
	owner           TEXT NOT NULL DEFAULT '',
	opened_on       TEXT,
	expires_on      TEXT,
	closed_at       TEXT,
	closed_evidence TEXT NOT NULL DEFAULT ''
);
CREATE INDEX port_mappings_asset ON port_mappings (asset_id);
CREATE INDEX port_mappings_external ON port_mappings (external_addr, external_port);

CREATE TABLE checklist_items (
	asset_id   INTEGER NOT NULL REFERENCES assets (id) ON DELETE CASCADE,
	item_id    TEXT NOT NULL,
	position   INTEGER NOT NULL,
	title      TEXT NOT NULL,
	required   INTEGER NOT NULL DEFAULT 0,
	verify     TEXT NOT NULL CHECK (verify = 'none' OR verify = 'evidence' OR verify = 'scan-dark' OR verify = 'scan-mapping-closed'),
	due        TEXT,
	mapping_id INTEGER REFERENCES port_mappings (id) ON DELETE SET NULL,
	done       INTEGER NOT NULL DEFAULT 0,
	done_at    TEXT,
	done_by    TEXT NOT NULL DEFAULT '',
	evidence   TEXT NOT NULL DEFAULT '',
	PRIMARY KEY (asset_id, item_id)
);

CREATE TABLE sanitizations (
	asset_id     INTEGER PRIMARY KEY REFERENCES assets (id) ON DELETE CASCADE,
	media_type   TEXT NOT NULL,
	manufacturer TEXT NOT NULL DEFAULT '',
	model        TEXT NOT NULL DEFAULT '',
	serial       TEXT NOT NULL DEFAULT '',
	method       TEXT NOT NULL,
	technique    TEXT NOT NULL,
	tool         TEXT NOT NULL DEFAULT '',
	verification TEXT NOT NULL,
	operator     TEXT NOT NULL,
	date         TEXT NOT NULL,
	destination  TEXT NOT NULL,
	recorded_by  TEXT NOT NULL,
	recorded_at  TEXT NOT NULL
);

CREATE TABLE checks (
	id             INTEGER PRIMARY KEY,
	started_at     TEXT NOT NULL,
	ended_at       TEXT,
	source         TEXT NOT NULL DEFAULT '',
	targets        TEXT NOT NULL DEFAULT '[]',
	args           TEXT NOT NULL DEFAULT '[]',
	ports          TEXT NOT NULL DEFAULT '[]',
	partial        INTEGER NOT NULL DEFAULT 0,
	partial_reason TEXT NOT NULL DEFAULT '',
	hosts_answered INTEGER NOT NULL DEFAULT 0,
	hosts_dark     INTEGER NOT NULL DEFAULT 0,
	hosts_unknown  INTEGER NOT NULL DEFAULT 0,
	not_checked    TEXT NOT NULL DEFAULT '[]',
	actor          TEXT NOT NULL DEFAULT ''
);
CREATE INDEX checks_started ON checks (started_at);

CREATE TABLE observations (
	id         INTEGER PRIMARY KEY,
	check_id   INTEGER NOT NULL REFERENCES checks (id) ON DELETE CASCADE,
	asset_id   INTEGER REFERENCES assets (id) ON DELETE SET NULL,
	address    TEXT NOT NULL,
	state      TEXT NOT NULL CHECK (state = 'answered' OR state = 'dark' OR state = 'unknown'),
	reason     TEXT NOT NULL DEFAULT '',
	mac        TEXT NOT NULL DEFAULT '',
	mac_vendor TEXT NOT NULL DEFAULT '',
	hostnames  TEXT NOT NULL DEFAULT '[]',
	ports      TEXT NOT NULL DEFAULT '[]',
	os_guess   TEXT NOT NULL DEFAULT '',
	seen_at    TEXT NOT NULL,
	conflict   TEXT NOT NULL DEFAULT ''
);
CREATE INDEX observations_check ON observations (check_id);
CREATE INDEX observations_asset ON observations (asset_id, seen_at);
CREATE INDEX observations_address ON observations (address, seen_at);
CREATE INDEX observations_seen ON observations (seen_at);

CREATE TABLE dismissals (
	id        INTEGER PRIMARY KEY,
	address   TEXT NOT NULL,
	mac       TEXT NOT NULL DEFAULT '',
	signature TEXT NOT NULL DEFAULT '',
	reason    TEXT NOT NULL DEFAULT '',
	by_actor  TEXT NOT NULL,
	at        TEXT NOT NULL,
	UNIQUE (address, mac)
);

CREATE TABLE policy (
	key   TEXT PRIMARY KEY,
	value TEXT NOT NULL
);
