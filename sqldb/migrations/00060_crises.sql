-- Crises: activated by coordinators from an incident template, with partner organizations that
-- publish its urgent tasks, a situation board, and stand-down with an after-action report. A
-- drill is the same, marked as an exercise.
-- +goose Up
CREATE TABLE crises (
	id {{.ID}},
	slug TEXT NOT NULL UNIQUE,
	kind TEXT NOT NULL,
	title TEXT NOT NULL,
	summary TEXT NOT NULL DEFAULT '',
	countries TEXT NOT NULL DEFAULT '[]',
	regions TEXT NOT NULL DEFAULT '',
	languages TEXT NOT NULL DEFAULT '[]',
	skills TEXT NOT NULL DEFAULT '[]',
	templates TEXT NOT NULL DEFAULT '[]',
	drill BOOLEAN NOT NULL DEFAULT FALSE,
	life_safety BOOLEAN NOT NULL DEFAULT FALSE,
	status TEXT NOT NULL,
	activated_by BIGINT REFERENCES people (id) ON DELETE SET NULL,
	activated_at {{.Timestamp}} NOT NULL,
	stood_down_at {{.Timestamp}},
	stood_down_by BIGINT REFERENCES people (id) ON DELETE SET NULL,
	lessons TEXT NOT NULL DEFAULT ''
);
CREATE INDEX crises_status ON crises (status, activated_at);

CREATE TABLE crisis_partners (
	crisis_id BIGINT NOT NULL REFERENCES crises (id) ON DELETE CASCADE,
	organization_id BIGINT NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
	added_at {{.Timestamp}} NOT NULL,
	PRIMARY KEY (crisis_id, organization_id)
);

ALTER TABLE tasks ADD COLUMN crisis_id BIGINT REFERENCES crises (id) ON DELETE SET NULL;
CREATE INDEX tasks_crisis ON tasks (crisis_id);

-- +goose Down
DROP INDEX tasks_crisis;
ALTER TABLE tasks DROP COLUMN crisis_id;
DROP TABLE crisis_partners;
DROP TABLE crises;
