-- Hackathons: teams of people with a place at an event (one team each, mentors aside, kept by a
-- unique index), the project each team hands in, and judging: criteria, judges, scores of 1 to 5
-- (one per judge, project and criterion), awards, and when the results were published.
-- +goose Up
CREATE TABLE teams (
	id {{.ID}},
	event_id BIGINT NOT NULL REFERENCES events (id) ON DELETE CASCADE,
	name TEXT NOT NULL,
	challenge_id BIGINT REFERENCES challenges (id) ON DELETE SET NULL,
	looking_for TEXT NOT NULL DEFAULT '[]',
	created_at {{.Timestamp}} NOT NULL,
	UNIQUE (event_id, name)
);

CREATE TABLE team_members (
	team_id BIGINT NOT NULL REFERENCES teams (id) ON DELETE CASCADE,
	event_id BIGINT NOT NULL REFERENCES events (id) ON DELETE CASCADE,
	person_id BIGINT NOT NULL REFERENCES people (id) ON DELETE CASCADE,
	role TEXT NOT NULL,
	joined_at {{.Timestamp}} NOT NULL,
	PRIMARY KEY (team_id, person_id)
);
-- One team an event for each person, mentors aside.
CREATE UNIQUE INDEX team_members_one_team ON team_members (event_id, person_id) WHERE role <> 'mentor';
CREATE INDEX team_members_person ON team_members (person_id);

ALTER TABLE registrations ADD COLUMN looking_for_team BOOLEAN NOT NULL DEFAULT FALSE;

CREATE TABLE projects (
	id {{.ID}},
	event_id BIGINT NOT NULL REFERENCES events (id) ON DELETE CASCADE,
	team_id BIGINT NOT NULL UNIQUE REFERENCES teams (id) ON DELETE CASCADE,
	challenge_id BIGINT REFERENCES challenges (id) ON DELETE SET NULL,
	title TEXT NOT NULL,
	description TEXT NOT NULL DEFAULT '',
	repository TEXT NOT NULL DEFAULT '',
	demo_url TEXT NOT NULL DEFAULT '',
	licence TEXT NOT NULL,
	submitted_at {{.Timestamp}},
	updated_at {{.Timestamp}} NOT NULL
);
CREATE INDEX projects_event ON projects (event_id);

CREATE TABLE criteria (
	id {{.ID}},
	event_id BIGINT NOT NULL REFERENCES events (id) ON DELETE CASCADE,
	position INTEGER NOT NULL,
	name TEXT NOT NULL
);
CREATE INDEX criteria_event ON criteria (event_id, position);

CREATE TABLE judges (
	event_id BIGINT NOT NULL REFERENCES events (id) ON DELETE CASCADE,
	person_id BIGINT NOT NULL REFERENCES people (id) ON DELETE CASCADE,
	PRIMARY KEY (event_id, person_id)
);

CREATE TABLE scores (
	project_id BIGINT NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
	judge_id BIGINT NOT NULL REFERENCES people (id) ON DELETE CASCADE,
	criterion_id BIGINT NOT NULL REFERENCES criteria (id) ON DELETE CASCADE,
	score INTEGER NOT NULL CHECK (score BETWEEN 1 AND 5),
	scored_at {{.Timestamp}} NOT NULL,
	PRIMARY KEY (project_id, judge_id, criterion_id)
);

CREATE TABLE awards (
	id {{.ID}},
	project_id BIGINT NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
	name TEXT NOT NULL,
	UNIQUE (project_id, name)
);

ALTER TABLE events ADD COLUMN results_at {{.Timestamp}};

-- +goose Down
ALTER TABLE events DROP COLUMN results_at;
DROP TABLE awards;
DROP TABLE scores;
DROP TABLE judges;
DROP TABLE criteria;
DROP TABLE projects;
ALTER TABLE registrations DROP COLUMN looking_for_team;
DROP TABLE team_members;
DROP TABLE teams;
