-- Each person's private calendar of their events: the hash of its secret address.
-- +goose Up
CREATE TABLE person_calendars (
	person_id BIGINT PRIMARY KEY REFERENCES people (id) ON DELETE CASCADE,
	token_hash TEXT NOT NULL UNIQUE,
	created_at {{.Timestamp}} NOT NULL
);

-- +goose Down
DROP TABLE person_calendars;
