-- An event's agenda: sessions in tracks and rooms, led by someone, linked to a course (by slug,
-- any of its languages) or a toolkit (by slug and language).
-- +goose Up
CREATE TABLE event_sessions (
	id {{.ID}},
	event_id BIGINT NOT NULL REFERENCES events (id) ON DELETE CASCADE,
	title TEXT NOT NULL,
	track TEXT NOT NULL DEFAULT '',
	room TEXT NOT NULL DEFAULT '',
	leader TEXT NOT NULL DEFAULT '',
	starts {{.Timestamp}} NOT NULL,
	ends {{.Timestamp}} NOT NULL,
	course_slug TEXT NOT NULL DEFAULT '',
	toolkit_slug TEXT NOT NULL DEFAULT '',
	toolkit_language TEXT NOT NULL DEFAULT ''
);
CREATE INDEX event_sessions_event ON event_sessions (event_id, starts, id);

-- +goose Down
DROP TABLE event_sessions;
