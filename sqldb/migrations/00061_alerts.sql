-- Alerts: one per crisis, standby volunteer and channel, queued for all who match in one statement
-- and sent by the dispatcher when their time comes (after quiet hours, spaced out per person).
-- The unique key makes alerting the roster again reach only those not alerted yet.
-- +goose Up
CREATE TABLE alerts (
	id {{.ID}},
	crisis_id BIGINT NOT NULL REFERENCES crises (id) ON DELETE CASCADE,
	person_id BIGINT NOT NULL REFERENCES people (id) ON DELETE CASCADE,
	channel TEXT NOT NULL CHECK (channel IN ('sms', 'email')),
	status TEXT NOT NULL CHECK (status IN ('queued', 'sent', 'skipped')),
	reason TEXT NOT NULL DEFAULT '',
	task_id BIGINT REFERENCES tasks (id) ON DELETE SET NULL,
	send_after {{.Timestamp}} NOT NULL,
	created_at {{.Timestamp}} NOT NULL,
	sent_at {{.Timestamp}},
	UNIQUE (crisis_id, person_id, channel)
);
CREATE INDEX alerts_due ON alerts (status, send_after, id);
CREATE INDEX alerts_person ON alerts (person_id, channel, sent_at);

-- +goose Down
DROP TABLE alerts;
