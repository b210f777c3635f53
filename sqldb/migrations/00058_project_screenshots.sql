-- Screenshots of a hackathon project: uploaded by its team, re-encoded as PNG (which drops camera
-- metadata and positions), each with the words a screen reader says for it. A project has at most
-- four, in the places 1 to 4.
-- +goose Up
CREATE TABLE project_screenshots (
	id {{.ID}},
	project_id BIGINT NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
	position INTEGER NOT NULL CHECK (position BETWEEN 1 AND 4),
	alt TEXT NOT NULL,
	data {{.Blob}} NOT NULL,
	thumb {{.Blob}} NOT NULL, -- at most 400 pixels wide, for lists on slow connections
	added_by BIGINT REFERENCES people (id) ON DELETE SET NULL,
	created_at {{.Timestamp}} NOT NULL,
	UNIQUE (project_id, position)
);

-- +goose Down
DROP TABLE project_screenshots;
