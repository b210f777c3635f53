-- Toolkits: open document sets anyone may improve, translate and adapt. Every edit is a revision,
-- a whole snapshot of the title, summary and pages, so that any two can be compared and any one
-- restored; the toolkit row keeps its current revision's title and summary for lists and search.
-- A toolkit and its translations share a slug; a translation or adaptation names its source and
-- the source's revision it last followed (source_rev), which is how "3 changes since" is counted.
-- A task may be the translation of a toolkit (toolkit_tasks); the volunteer's revision waits with
-- status 'task' for the organization's approval, which publishes it in the same transaction.
-- +goose Up
CREATE TABLE toolkits (
	id {{.ID}},
	slug TEXT NOT NULL,
	language TEXT NOT NULL,
	title TEXT NOT NULL,
	summary TEXT NOT NULL,
	licence TEXT NOT NULL,
	tags TEXT NOT NULL DEFAULT '[]',
	origin TEXT NOT NULL DEFAULT '',
	organization_id BIGINT REFERENCES organizations (id) ON DELETE SET NULL,
	source_id BIGINT REFERENCES toolkits (id) ON DELETE SET NULL,
	source_kind TEXT NOT NULL DEFAULT '',
	source_rev BIGINT NOT NULL DEFAULT 0,
	current_rev BIGINT NOT NULL DEFAULT 0,
	hidden BOOLEAN NOT NULL DEFAULT FALSE,
	created_by BIGINT REFERENCES people (id) ON DELETE SET NULL,
	search TEXT NOT NULL DEFAULT '',
	created_at {{.Timestamp}} NOT NULL,
	updated_at {{.Timestamp}} NOT NULL,
	UNIQUE (slug, language)
);
CREATE INDEX toolkits_changed ON toolkits (updated_at, id);
CREATE INDEX toolkits_source ON toolkits (source_id);

CREATE TABLE toolkit_revisions (
	id {{.ID}},
	toolkit_id BIGINT NOT NULL REFERENCES toolkits (id) ON DELETE CASCADE,
	number INTEGER NOT NULL,
	author_id BIGINT REFERENCES people (id) ON DELETE SET NULL,
	note TEXT NOT NULL DEFAULT '',
	title TEXT NOT NULL,
	summary TEXT NOT NULL,
	status TEXT NOT NULL,
	revert_of BIGINT NOT NULL DEFAULT 0,
	source_rev BIGINT NOT NULL DEFAULT 0,
	assignment_id BIGINT REFERENCES assignments (id) ON DELETE SET NULL,
	reviewed_by BIGINT REFERENCES people (id) ON DELETE SET NULL,
	created_at {{.Timestamp}} NOT NULL,
	UNIQUE (toolkit_id, number)
);
CREATE UNIQUE INDEX toolkit_revisions_assignment ON toolkit_revisions (assignment_id) WHERE assignment_id IS NOT NULL;
CREATE INDEX toolkit_revisions_status ON toolkit_revisions (status, id);
CREATE INDEX toolkit_revisions_author ON toolkit_revisions (author_id, status);

CREATE TABLE toolkit_pages (
	revision_id BIGINT NOT NULL REFERENCES toolkit_revisions (id) ON DELETE CASCADE,
	position INTEGER NOT NULL,
	title TEXT NOT NULL,
	body TEXT NOT NULL,
	PRIMARY KEY (revision_id, position)
);

-- Files attached to a toolkit, checked by content when they arrive (upload.Attachment).
CREATE TABLE toolkit_files (
	id {{.ID}},
	toolkit_id BIGINT NOT NULL REFERENCES toolkits (id) ON DELETE CASCADE,
	name TEXT NOT NULL,
	content_type TEXT NOT NULL,
	size BIGINT NOT NULL,
	data {{.Blob}} NOT NULL,
	added_by BIGINT REFERENCES people (id) ON DELETE SET NULL,
	created_at {{.Timestamp}} NOT NULL
);
CREATE INDEX toolkit_files_toolkit ON toolkit_files (toolkit_id, id);

CREATE TABLE toolkit_tasks (
	task_id BIGINT PRIMARY KEY REFERENCES tasks (id) ON DELETE CASCADE,
	toolkit_id BIGINT NOT NULL REFERENCES toolkits (id) ON DELETE CASCADE,
	language TEXT NOT NULL
);
CREATE INDEX toolkit_tasks_toolkit ON toolkit_tasks (toolkit_id);

-- +goose Down
DROP TABLE toolkit_tasks;
DROP TABLE toolkit_files;
DROP TABLE toolkit_pages;
DROP TABLE toolkit_revisions;
DROP TABLE toolkits;
