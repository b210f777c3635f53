-- Accounts: email verification, disabling, two-factor secrets, one-time tokens, the mail queue,
-- instance secrets, sessions tied to people, and the audit log.
-- +goose Up
ALTER TABLE people ADD COLUMN email_verified_at {{.Timestamp}};
ALTER TABLE people ADD COLUMN disabled_at {{.Timestamp}};
ALTER TABLE people ADD COLUMN password_changed_at {{.Timestamp}};
ALTER TABLE people ADD COLUMN totp_secret TEXT NOT NULL DEFAULT '';
ALTER TABLE people ADD COLUMN totp_enabled_at {{.Timestamp}};

-- The session token column holds a SHA-256 hash of the cookie's token, never the token itself.
ALTER TABLE sessions ADD COLUMN person_id BIGINT REFERENCES people (id) ON DELETE CASCADE;
ALTER TABLE sessions ADD COLUMN created_at {{.Timestamp}};
ALTER TABLE sessions ADD COLUMN device TEXT NOT NULL DEFAULT '';
CREATE INDEX sessions_person ON sessions (person_id);

-- One-time tokens sent by email (verify an address, reset a password), stored hashed.
CREATE TABLE person_tokens (
	token_hash TEXT PRIMARY KEY,
	person_id BIGINT NOT NULL REFERENCES people (id) ON DELETE CASCADE,
	purpose TEXT NOT NULL,
	created_at {{.Timestamp}} NOT NULL,
	expires_at {{.Timestamp}} NOT NULL,
	used_at {{.Timestamp}}
);
CREATE INDEX person_tokens_person ON person_tokens (person_id, purpose);

-- Mail waiting to be sent, and (without SMTP) kept as the development outbox. The payload holds
-- what the message needs (a link, a name) until it is sent, then it is cleared.
CREATE TABLE mail_queue (
	id {{.ID}},
	person_id BIGINT REFERENCES people (id) ON DELETE CASCADE,
	to_address TEXT NOT NULL,
	locale TEXT NOT NULL,
	kind TEXT NOT NULL,
	payload TEXT NOT NULL DEFAULT '{}',
	status TEXT NOT NULL DEFAULT 'queued',
	subject TEXT NOT NULL DEFAULT '',
	text_body TEXT NOT NULL DEFAULT '',
	created_at {{.Timestamp}} NOT NULL,
	sent_at {{.Timestamp}}
);
CREATE INDEX mail_queue_status ON mail_queue (status, created_at);

-- Secrets shared by every node, made once (for example the key that hashes IP addresses).
CREATE TABLE instance_secrets (
	name TEXT PRIMARY KEY,
	value TEXT NOT NULL,
	created_at {{.Timestamp}} NOT NULL
);

-- Every change to account security, membership, roles and verification.
CREATE TABLE audit_log (
	id {{.ID}},
	at {{.Timestamp}} NOT NULL,
	actor_id BIGINT REFERENCES people (id) ON DELETE SET NULL,
	person_id BIGINT REFERENCES people (id) ON DELETE SET NULL,
	organization_id BIGINT REFERENCES organizations (id) ON DELETE SET NULL,
	action TEXT NOT NULL,
	detail TEXT NOT NULL DEFAULT ''
);
CREATE INDEX audit_log_person ON audit_log (person_id, at);
CREATE INDEX audit_log_organization ON audit_log (organization_id, at);

-- +goose Down
DROP TABLE audit_log;
DROP TABLE instance_secrets;
DROP TABLE mail_queue;
DROP TABLE person_tokens;
DROP INDEX sessions_person;
ALTER TABLE sessions DROP COLUMN device;
ALTER TABLE sessions DROP COLUMN created_at;
ALTER TABLE sessions DROP COLUMN person_id;
ALTER TABLE people DROP COLUMN totp_enabled_at;
ALTER TABLE people DROP COLUMN totp_secret;
ALTER TABLE people DROP COLUMN password_changed_at;
ALTER TABLE people DROP COLUMN disabled_at;
ALTER TABLE people DROP COLUMN email_verified_at;
