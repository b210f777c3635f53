-- Changes people propose to a published entry they may not edit, for a moderator to apply or
-- dismiss. proposed holds the whole entry as it would become (JSON). They leave with their author's
-- account; entries someone added stay in the directory without their name.
-- +goose Up
CREATE TABLE resource_suggestions (
	id {{.ID}},
	resource_id BIGINT NOT NULL REFERENCES resources (id) ON DELETE CASCADE,
	person_id BIGINT NOT NULL REFERENCES people (id) ON DELETE CASCADE,
	proposed TEXT NOT NULL,
	note TEXT NOT NULL DEFAULT '',
	created_at {{.Timestamp}} NOT NULL,
	decided_at {{.Timestamp}},
	decided_by BIGINT REFERENCES people (id) ON DELETE SET NULL,
	applied BOOLEAN NOT NULL DEFAULT FALSE
);
CREATE INDEX resource_suggestions_open ON resource_suggestions (decided_at, id);
CREATE INDEX resource_suggestions_person ON resource_suggestions (person_id);

-- +goose Down
DROP TABLE resource_suggestions;
