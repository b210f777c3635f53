-- Two-factor sign-in: the last TOTP time step used (codes work once), one-time recovery codes, and
-- data carried by mailed tokens (the new address of an email change).
-- +goose Up
ALTER TABLE people ADD COLUMN totp_last_step BIGINT NOT NULL DEFAULT 0;
ALTER TABLE person_tokens ADD COLUMN data TEXT NOT NULL DEFAULT '';

CREATE TABLE recovery_codes (
	person_id BIGINT NOT NULL REFERENCES people (id) ON DELETE CASCADE,
	code_hash TEXT NOT NULL,
	used_at {{.Timestamp}},
	PRIMARY KEY (person_id, code_hash)
);

-- +goose Down
DROP TABLE recovery_codes;
ALTER TABLE person_tokens DROP COLUMN data;
ALTER TABLE people DROP COLUMN totp_last_step;
