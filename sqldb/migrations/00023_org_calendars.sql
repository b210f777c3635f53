-- Each organization's private calendar of the deadlines it saved: the feed's URL carries a secret
-- token, of which only a hash is kept; making a new one revokes the old.
-- +goose Up
CREATE TABLE org_calendars (
	organization_id BIGINT PRIMARY KEY REFERENCES organizations (id) ON DELETE CASCADE,
	token_hash TEXT NOT NULL UNIQUE,
	created_by BIGINT REFERENCES people (id) ON DELETE SET NULL,
	created_at {{.Timestamp}} NOT NULL
);

-- +goose Down
DROP TABLE org_calendars;
