-- Each organization's application tracker: the opportunities it saved, where its application
-- stands, its notes, and when it was reminded of the deadline. matched_at marks entries whose
-- qualifying organizations were told (NULL: not yet).
-- +goose Up
CREATE TABLE tracked_resources (
	organization_id BIGINT NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
	resource_id BIGINT NOT NULL REFERENCES resources (id) ON DELETE CASCADE,
	stage TEXT NOT NULL,
	notes TEXT NOT NULL DEFAULT '',
	created_at {{.Timestamp}} NOT NULL,
	updated_at {{.Timestamp}} NOT NULL,
	reminded_week {{.Timestamp}},
	reminded_day {{.Timestamp}},
	PRIMARY KEY (organization_id, resource_id)
);
CREATE INDEX tracked_resources_resource ON tracked_resources (resource_id);
ALTER TABLE resources ADD COLUMN matched_at {{.Timestamp}};

-- +goose Down
ALTER TABLE resources DROP COLUMN matched_at;
DROP TABLE tracked_resources;
