-- The directory of opportunities: grants, competitions, tools, trainings. Eligibility lists are
-- space-separated codes (tags: one per line) ('' means any); search holds the lower-cased words of the title, provider,
-- description and tags, which a directory of thousands of entries can scan. Anyone may submit, a
-- moderator publishes; notifications may be about a resource.
-- +goose Up
CREATE TABLE resources (
	id {{.ID}},
	kind TEXT NOT NULL,
	title TEXT NOT NULL,
	provider TEXT NOT NULL,
	description TEXT NOT NULL DEFAULT '',
	amount_min BIGINT NOT NULL DEFAULT 0,
	amount_max BIGINT NOT NULL DEFAULT 0,
	currency TEXT NOT NULL DEFAULT '',
	deadline {{.Timestamp}},
	countries TEXT NOT NULL DEFAULT '',
	org_types TEXT NOT NULL DEFAULT '',
	causes TEXT NOT NULL DEFAULT '',
	sizes TEXT NOT NULL DEFAULT '',
	languages TEXT NOT NULL DEFAULT '',
	url TEXT NOT NULL,
	tags TEXT NOT NULL DEFAULT '',
	search TEXT NOT NULL DEFAULT '',
	status TEXT NOT NULL,
	reason TEXT NOT NULL DEFAULT '',
	submitted_by BIGINT REFERENCES people (id) ON DELETE SET NULL,
	created_at {{.Timestamp}} NOT NULL,
	updated_at {{.Timestamp}} NOT NULL,
	published_at {{.Timestamp}}
);
CREATE INDEX resources_closing ON resources (status, deadline, id);
CREATE INDEX resources_submitter ON resources (submitted_by);

-- "This entry is outdated", once per person, until a moderator deals with the entry.
CREATE TABLE resource_reports (
	resource_id BIGINT NOT NULL REFERENCES resources (id) ON DELETE CASCADE,
	person_id BIGINT NOT NULL REFERENCES people (id) ON DELETE CASCADE,
	note TEXT NOT NULL DEFAULT '',
	created_at {{.Timestamp}} NOT NULL,
	PRIMARY KEY (resource_id, person_id)
);
CREATE INDEX resource_reports_person ON resource_reports (person_id);

ALTER TABLE notifications ADD COLUMN resource_id BIGINT REFERENCES resources (id) ON DELETE CASCADE;
CREATE INDEX notifications_resource ON notifications (resource_id);

-- +goose Down
DROP INDEX notifications_resource;
ALTER TABLE notifications DROP COLUMN resource_id;
DROP TABLE resource_reports;
DROP TABLE resources;
