-- How far civhub has read each gateway's inbox, for gateways whose messages are read through their
-- API (their callbacks are not signed). A mark only moves forward: a message is never answered twice,
-- even after the purge has deleted it.
-- +goose Up
CREATE TABLE sms_read_marks (
	gateway TEXT PRIMARY KEY,
	last_id BIGINT NOT NULL CHECK (last_id >= 0),
	updated_at {{.Timestamp}} NOT NULL
);

-- +goose Down
DROP TABLE sms_read_marks;
