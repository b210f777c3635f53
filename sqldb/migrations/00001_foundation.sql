-- The foundation: people, organizations and their members, web sessions and rate-limit counters.
-- +goose Up
CREATE TABLE people (
	id {{.ID}},
	email TEXT NOT NULL UNIQUE,
	display_name TEXT NOT NULL,
	password_hash TEXT NOT NULL DEFAULT '',
	locale TEXT NOT NULL DEFAULT 'en',
	site_role TEXT NOT NULL DEFAULT '',
	created_at {{.Timestamp}} NOT NULL
);

CREATE TABLE organizations (
	id {{.ID}},
	slug TEXT NOT NULL UNIQUE,
	name TEXT NOT NULL,
	mission TEXT NOT NULL DEFAULT '',
	type TEXT NOT NULL,
	country TEXT NOT NULL,
	city TEXT NOT NULL DEFAULT '',
	languages TEXT NOT NULL DEFAULT '',
	created_at {{.Timestamp}} NOT NULL
);

CREATE TABLE memberships (
	organization_id BIGINT NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
	person_id BIGINT NOT NULL REFERENCES people (id) ON DELETE CASCADE,
	role TEXT NOT NULL,
	created_at {{.Timestamp}} NOT NULL,
	PRIMARY KEY (organization_id, person_id)
);
CREATE INDEX memberships_person ON memberships (person_id);

-- Web sessions: the token is a random secret; data is the session's encoded values.
CREATE TABLE sessions (
	token TEXT PRIMARY KEY,
	data {{.Blob}} NOT NULL,
	expiry {{.Timestamp}} NOT NULL
);
CREATE INDEX sessions_expiry ON sessions (expiry);

-- Rate-limit counters, kept in the database so that limits hold across nodes. The key names what is
-- limited and for whom (an action and a hashed IP prefix or account).
CREATE TABLE rate_limits (
	key TEXT NOT NULL,
	window_start {{.Timestamp}} NOT NULL,
	hits INTEGER NOT NULL,
	expires_at {{.Timestamp}} NOT NULL,
	PRIMARY KEY (key, window_start)
);
CREATE INDEX rate_limits_expires ON rate_limits (expires_at);

-- +goose Down
DROP TABLE rate_limits;
DROP TABLE sessions;
DROP TABLE memberships;
DROP TABLE organizations;
DROP TABLE people;
