-- The standby roster of volunteers ready for a crisis, their phone numbers and the SMS messages
-- civhub sends and receives.
-- +goose Up
CREATE TABLE person_phones (
	person_id BIGINT PRIMARY KEY REFERENCES people (id) ON DELETE CASCADE,
	number TEXT NOT NULL UNIQUE, -- E.164
	verified_at {{.Timestamp}},
	stopped_at {{.Timestamp}}, -- STOP received: nothing more is sent until START
	code_hash TEXT NOT NULL DEFAULT '',
	code_expires {{.Timestamp}},
	code_tries INTEGER NOT NULL DEFAULT 0,
	created_at {{.Timestamp}} NOT NULL,
	updated_at {{.Timestamp}} NOT NULL
);

CREATE TABLE standby (
	person_id BIGINT PRIMARY KEY REFERENCES people (id) ON DELETE CASCADE,
	countries TEXT NOT NULL DEFAULT '[]',
	anywhere BOOLEAN NOT NULL DEFAULT FALSE,
	regions TEXT NOT NULL DEFAULT '',
	skills TEXT NOT NULL DEFAULT '[]',
	languages TEXT NOT NULL DEFAULT '[]',
	channels TEXT NOT NULL DEFAULT '[]',
	quiet_from INTEGER NOT NULL DEFAULT 0 CHECK (quiet_from BETWEEN 0 AND 1439),
	quiet_to INTEGER NOT NULL DEFAULT 0 CHECK (quiet_to BETWEEN 0 AND 1439),
	first_week_hours INTEGER NOT NULL DEFAULT 0 CHECK (first_week_hours BETWEEN 0 AND 80),
	paused_at {{.Timestamp}},
	created_at {{.Timestamp}} NOT NULL,
	updated_at {{.Timestamp}} NOT NULL
);
CREATE INDEX standby_active ON standby (paused_at);

CREATE TABLE sms_messages (
	id {{.ID}},
	direction TEXT NOT NULL CHECK (direction IN ('out', 'in')),
	person_id BIGINT REFERENCES people (id) ON DELETE CASCADE,
	number TEXT NOT NULL,
	body TEXT NOT NULL,
	encoding TEXT NOT NULL,
	segments INTEGER NOT NULL,
	kind TEXT NOT NULL,
	status TEXT NOT NULL,
	gateway TEXT NOT NULL DEFAULT '',
	provider_id TEXT NOT NULL DEFAULT '',
	lease_until {{.Timestamp}},
	attempts INTEGER NOT NULL DEFAULT 0,
	error TEXT NOT NULL DEFAULT '',
	created_at {{.Timestamp}} NOT NULL,
	sent_at {{.Timestamp}},
	delivered_at {{.Timestamp}}
);
CREATE INDEX sms_messages_due ON sms_messages (status, id);
CREATE INDEX sms_messages_number ON sms_messages (number, id);

-- +goose Down
DROP TABLE sms_messages;
DROP TABLE standby;
DROP TABLE person_phones;
