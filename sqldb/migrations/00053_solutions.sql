-- The gallery of solutions: projects others can reuse, and the organizations that use them
-- (one adoption each, with the need opened to set it up, if any).
-- +goose Up
CREATE TABLE solutions (
	id {{.ID}},
	slug TEXT NOT NULL UNIQUE,
	project_id BIGINT UNIQUE REFERENCES projects (id) ON DELETE SET NULL,
	challenge_id BIGINT REFERENCES challenges (id) ON DELETE SET NULL,
	title TEXT NOT NULL,
	problem TEXT NOT NULL,
	maintainer TEXT NOT NULL,
	how_to_use TEXT NOT NULL,
	language TEXT NOT NULL,
	licence TEXT NOT NULL,
	repository TEXT NOT NULL DEFAULT '',
	demo_url TEXT NOT NULL DEFAULT '',
	created_by BIGINT REFERENCES people (id) ON DELETE SET NULL,
	created_at {{.Timestamp}} NOT NULL,
	updated_at {{.Timestamp}} NOT NULL
);
CREATE INDEX solutions_challenge ON solutions (challenge_id);

CREATE TABLE adoptions (
	id {{.ID}},
	solution_id BIGINT NOT NULL REFERENCES solutions (id) ON DELETE CASCADE,
	organization_id BIGINT NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
	note TEXT NOT NULL DEFAULT '',
	need_id BIGINT REFERENCES needs (id) ON DELETE SET NULL,
	adopted_at {{.Timestamp}} NOT NULL,
	UNIQUE (solution_id, organization_id)
);
CREATE INDEX adoptions_organization ON adoptions (organization_id);

-- +goose Down
DROP TABLE adoptions;
DROP TABLE solutions;
