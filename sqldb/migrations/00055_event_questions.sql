-- The questions an event asks at registration, and each registration's answers (a JSON object
-- from question ID to answer).
-- +goose Up
CREATE TABLE event_questions (
	id {{.ID}},
	event_id BIGINT NOT NULL REFERENCES events (id) ON DELETE CASCADE,
	position INTEGER NOT NULL,
	prompt TEXT NOT NULL,
	kind TEXT NOT NULL,
	choices TEXT NOT NULL DEFAULT '[]',
	required BOOLEAN NOT NULL DEFAULT FALSE
);
CREATE INDEX event_questions_event ON event_questions (event_id, position);

ALTER TABLE registrations ADD COLUMN answers TEXT NOT NULL DEFAULT '{}';

-- +goose Down
ALTER TABLE registrations DROP COLUMN answers;
DROP TABLE event_questions;
