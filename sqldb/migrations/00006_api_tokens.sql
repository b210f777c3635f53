-- Personal API tokens for scripts and apps, stored hashed.
-- +goose Up
CREATE TABLE api_tokens (
	id {{.ID}},
	person_id BIGINT NOT NULL REFERENCES people (id) ON DELETE CASCADE,
	name TEXT NOT NULL,
	token_hash TEXT NOT NULL UNIQUE,
	created_at {{.Timestamp}} NOT NULL,
	last_used_at {{.Timestamp}}
);
CREATE INDEX api_tokens_person ON api_tokens (person_id);

-- +goose Down
DROP TABLE api_tokens;
