-- People who asked to be told when a place opens on a full task: one row per person and task, so a
-- second ask changes nothing; the row is deleted when the person is told (or cancels). Feedback on
-- returned work keeps the time it was given, so that once the work moves on it reads as history.
-- +goose Up
CREATE TABLE place_alerts (
	task_id BIGINT NOT NULL REFERENCES tasks (id) ON DELETE CASCADE,
	person_id BIGINT NOT NULL REFERENCES people (id) ON DELETE CASCADE,
	created_at {{.Timestamp}} NOT NULL,
	PRIMARY KEY (task_id, person_id)
);
CREATE INDEX place_alerts_person ON place_alerts (person_id);
ALTER TABLE assignments ADD COLUMN returned_at {{.Timestamp}};

-- +goose Down
ALTER TABLE assignments DROP COLUMN returned_at;
DROP TABLE place_alerts;
