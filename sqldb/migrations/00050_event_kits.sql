-- What makes an event a kit for the next one: its checklist of steps, each due some weeks before
-- (or after) the event and done by someone, and the report its organizers write afterwards.
-- +goose Up
CREATE TABLE event_checklist (
	id {{.ID}},
	event_id BIGINT NOT NULL REFERENCES events (id) ON DELETE CASCADE,
	position INTEGER NOT NULL,
	weeks_before INTEGER NOT NULL,
	role TEXT NOT NULL DEFAULT '',
	text TEXT NOT NULL,
	done_at {{.Timestamp}},
	done_by BIGINT REFERENCES people (id) ON DELETE SET NULL
);
CREATE INDEX event_checklist_event ON event_checklist (event_id, weeks_before, position);

CREATE TABLE event_reports (
	event_id BIGINT PRIMARY KEY REFERENCES events (id) ON DELETE CASCADE,
	needs_heard TEXT NOT NULL DEFAULT '',
	solutions TEXT NOT NULL DEFAULT '',
	follow_ups TEXT NOT NULL DEFAULT '',
	differently TEXT NOT NULL DEFAULT '',
	written_by BIGINT REFERENCES people (id) ON DELETE SET NULL,
	updated_at {{.Timestamp}} NOT NULL
);

CREATE INDEX events_kit_of ON events (kit_of);

-- +goose Down
DROP INDEX events_kit_of;
DROP TABLE event_reports;
DROP TABLE event_checklist;
