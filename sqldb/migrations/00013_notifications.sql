-- Each person's inbox. A notification names its task and who caused it; its text is made in the
-- reader's language when read. dedup_key (NULL for ordinary events) keeps a nudge from being sent
-- twice and gathers repeated events (new messages on a task) into one entry. digest_at is when the
-- entry goes out in a digest mail, NULL once it went or when it does not go by mail at all.
-- +goose Up
CREATE TABLE notifications (
	id {{.ID}},
	person_id BIGINT NOT NULL REFERENCES people (id) ON DELETE CASCADE,
	kind TEXT NOT NULL,
	task_id BIGINT REFERENCES tasks (id) ON DELETE CASCADE,
	organization_id BIGINT REFERENCES organizations (id) ON DELETE CASCADE,
	actor_id BIGINT REFERENCES people (id) ON DELETE SET NULL,
	dedup_key TEXT,
	count INTEGER NOT NULL DEFAULT 1,
	created_at {{.Timestamp}} NOT NULL,
	read_at {{.Timestamp}},
	digest_at {{.Timestamp}}
);
CREATE INDEX notifications_person ON notifications (person_id, id);
CREATE INDEX notifications_unread ON notifications (person_id) WHERE read_at IS NULL;
CREATE INDEX notifications_digest ON notifications (digest_at) WHERE digest_at IS NOT NULL;
CREATE UNIQUE INDEX notifications_dedup ON notifications (person_id, dedup_key);
CREATE INDEX notifications_actor ON notifications (actor_id);

-- What a person chose for a kind on a channel; kinds without a row use their default.
CREATE TABLE note_settings (
	person_id BIGINT NOT NULL REFERENCES people (id) ON DELETE CASCADE,
	kind TEXT NOT NULL,
	channel TEXT NOT NULL,
	delivery TEXT NOT NULL,
	PRIMARY KEY (person_id, kind, channel)
);

-- +goose Down
DROP TABLE note_settings;
DROP TABLE notifications;
