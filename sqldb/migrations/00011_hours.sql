-- Hours volunteers log on their tasks, confirmed by the organization; and skills organizations
-- endorse.
-- +goose Up
CREATE TABLE hours (
	id {{.ID}},
	assignment_id BIGINT NOT NULL REFERENCES assignments (id) ON DELETE CASCADE,
	volunteer_id BIGINT NOT NULL REFERENCES people (id) ON DELETE CASCADE,
	task_id BIGINT NOT NULL REFERENCES tasks (id) ON DELETE CASCADE,
	organization_id BIGINT NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
	minutes INTEGER NOT NULL,
	note TEXT NOT NULL DEFAULT '',
	status TEXT NOT NULL DEFAULT 'pending',
	decided_by BIGINT REFERENCES people (id) ON DELETE SET NULL,
	created_at {{.Timestamp}} NOT NULL,
	decided_at {{.Timestamp}}
);
CREATE INDEX hours_volunteer ON hours (volunteer_id, status);
CREATE INDEX hours_task ON hours (task_id, status);

CREATE TABLE endorsements (
	id {{.ID}},
	volunteer_id BIGINT NOT NULL REFERENCES people (id) ON DELETE CASCADE,
	organization_id BIGINT NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
	skill_id TEXT NOT NULL,
	thanks TEXT NOT NULL DEFAULT '',
	endorsed_by BIGINT REFERENCES people (id) ON DELETE SET NULL,
	created_at {{.Timestamp}} NOT NULL,
	UNIQUE (volunteer_id, organization_id, skill_id)
);

-- +goose Down
DROP TABLE endorsements;
DROP TABLE hours;
