-- The core loop: needs, their tasks, and volunteers' assignments to tasks.
-- +goose Up
CREATE TABLE needs (
	id {{.ID}},
	organization_id BIGINT NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
	title TEXT NOT NULL,
	description TEXT NOT NULL DEFAULT '',
	causes TEXT NOT NULL DEFAULT '',
	languages TEXT NOT NULL DEFAULT '',
	remote BOOLEAN NOT NULL DEFAULT TRUE,
	country TEXT NOT NULL DEFAULT '',
	city TEXT NOT NULL DEFAULT '',
	status TEXT NOT NULL,
	created_by BIGINT REFERENCES people (id) ON DELETE SET NULL,
	created_at {{.Timestamp}} NOT NULL,
	updated_at {{.Timestamp}} NOT NULL
);
CREATE INDEX needs_organization ON needs (organization_id, id);

CREATE TABLE tasks (
	id {{.ID}},
	need_id BIGINT NOT NULL REFERENCES needs (id) ON DELETE CASCADE,
	organization_id BIGINT NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
	title TEXT NOT NULL,
	description TEXT NOT NULL DEFAULT '',
	type TEXT NOT NULL,
	skills TEXT NOT NULL DEFAULT '',
	languages TEXT NOT NULL DEFAULT '',
	source_language TEXT NOT NULL DEFAULT '',
	target_language TEXT NOT NULL DEFAULT '',
	estimated_hours INTEGER NOT NULL,
	deadline {{.Timestamp}},
	volunteers_wanted INTEGER NOT NULL,
	slots_taken INTEGER NOT NULL DEFAULT 0,
	urgency TEXT NOT NULL,
	join_mode TEXT NOT NULL,
	claim_hours INTEGER NOT NULL DEFAULT 72,
	remote BOOLEAN NOT NULL DEFAULT TRUE,
	country TEXT NOT NULL DEFAULT '',
	city TEXT NOT NULL DEFAULT '',
	status TEXT NOT NULL,
	-- Copies of the need's and organization's state, so that the search of open tasks reads one table.
	listed BOOLEAN NOT NULL DEFAULT FALSE,
	created_at {{.Timestamp}} NOT NULL,
	updated_at {{.Timestamp}} NOT NULL
);
CREATE INDEX tasks_need ON tasks (need_id);
CREATE INDEX tasks_listed ON tasks (listed, id);
CREATE INDEX tasks_listed_deadline ON tasks (listed, deadline, id);

CREATE TABLE task_skills (
	task_id BIGINT NOT NULL REFERENCES tasks (id) ON DELETE CASCADE,
	skill_id TEXT NOT NULL,
	PRIMARY KEY (task_id, skill_id)
);
CREATE INDEX task_skills_skill ON task_skills (skill_id, task_id);

CREATE TABLE assignments (
	id {{.ID}},
	task_id BIGINT NOT NULL REFERENCES tasks (id) ON DELETE CASCADE,
	volunteer_id BIGINT NOT NULL REFERENCES people (id) ON DELETE CASCADE,
	status TEXT NOT NULL,
	message TEXT NOT NULL DEFAULT '',
	expires_at {{.Timestamp}},
	created_at {{.Timestamp}} NOT NULL,
	updated_at {{.Timestamp}} NOT NULL
);
CREATE INDEX assignments_task ON assignments (task_id, status);
CREATE INDEX assignments_volunteer ON assignments (volunteer_id, status);

-- +goose Down
DROP TABLE assignments;
DROP TABLE task_skills;
DROP TABLE tasks;
DROP TABLE needs;
