-- Events and the places at them. Times are UTC with the event's IANA time zone beside them.
-- seats_taken counts the registrations that hold a place (registered, offered, attended); every
-- path that gives a place raises it with one conditional update, so that the last place goes to
-- exactly one person. A registration's waiting_since orders the waitlist; registration_history
-- keeps every move, for the person and the organizers.
-- +goose Up
CREATE TABLE events (
	id {{.ID}},
	slug TEXT NOT NULL UNIQUE,
	kind TEXT NOT NULL,
	mode TEXT NOT NULL,
	title TEXT NOT NULL,
	summary TEXT NOT NULL DEFAULT '',
	language TEXT NOT NULL,
	time_zone TEXT NOT NULL,
	starts {{.Timestamp}} NOT NULL,
	ends {{.Timestamp}} NOT NULL,
	country TEXT NOT NULL DEFAULT '',
	city TEXT NOT NULL DEFAULT '',
	venue TEXT NOT NULL DEFAULT '',
	online_url TEXT NOT NULL DEFAULT '',
	capacity INTEGER NOT NULL DEFAULT 0,
	seats_taken INTEGER NOT NULL DEFAULT 0,
	confirm_hours INTEGER NOT NULL DEFAULT 48,
	status TEXT NOT NULL,
	organizer_id BIGINT REFERENCES people (id) ON DELETE SET NULL,
	organization_id BIGINT REFERENCES organizations (id) ON DELETE SET NULL,
	kit_of BIGINT REFERENCES events (id) ON DELETE SET NULL,
	created_at {{.Timestamp}} NOT NULL,
	updated_at {{.Timestamp}} NOT NULL,
	CHECK (seats_taken >= 0)
);
CREATE INDEX events_upcoming ON events (status, ends, id);

CREATE TABLE registrations (
	id {{.ID}},
	event_id BIGINT NOT NULL REFERENCES events (id) ON DELETE CASCADE,
	person_id BIGINT NOT NULL REFERENCES people (id) ON DELETE CASCADE,
	status TEXT NOT NULL,
	code TEXT NOT NULL,
	waiting_since {{.Timestamp}},
	offer_expires {{.Timestamp}},
	created_at {{.Timestamp}} NOT NULL,
	updated_at {{.Timestamp}} NOT NULL,
	UNIQUE (event_id, person_id),
	UNIQUE (event_id, code)
);
CREATE INDEX registrations_waitlist ON registrations (event_id, status, waiting_since, id);
CREATE INDEX registrations_offers ON registrations (status, offer_expires);
CREATE INDEX registrations_person ON registrations (person_id);

CREATE TABLE registration_history (
	id {{.ID}},
	registration_id BIGINT NOT NULL REFERENCES registrations (id) ON DELETE CASCADE,
	status TEXT NOT NULL,
	by_id BIGINT REFERENCES people (id) ON DELETE SET NULL,
	created_at {{.Timestamp}} NOT NULL
);
CREATE INDEX registration_history_registration ON registration_history (registration_id, id);

-- A notification may be about an event: a place offered to someone waiting.
ALTER TABLE notifications ADD COLUMN event_id BIGINT REFERENCES events (id) ON DELETE CASCADE;

-- +goose Down
ALTER TABLE notifications DROP COLUMN event_id;
DROP TABLE registration_history;
DROP TABLE registrations;
DROP TABLE events;
