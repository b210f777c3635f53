-- The conversation on each task between its organization and its volunteers. A person's messages
-- leave with their account.
-- +goose Up
CREATE TABLE task_messages (
	id {{.ID}},
	task_id BIGINT NOT NULL REFERENCES tasks (id) ON DELETE CASCADE,
	author_id BIGINT NOT NULL REFERENCES people (id) ON DELETE CASCADE,
	from_org BOOLEAN NOT NULL DEFAULT FALSE,
	body TEXT NOT NULL,
	created_at {{.Timestamp}} NOT NULL
);
CREATE INDEX task_messages_task ON task_messages (task_id, id);
CREATE INDEX task_messages_author ON task_messages (author_id);

-- +goose Down
DROP TABLE task_messages;
