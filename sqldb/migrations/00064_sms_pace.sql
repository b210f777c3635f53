-- The pace of each SMS gateway, shared by every sender on every node: each message takes the next
-- free slot, so that two senders at once (a slow gateway, or two nodes) never send faster than
-- the gateway's pace.
-- +goose Up
CREATE TABLE sms_pace (
	gateway TEXT PRIMARY KEY,
	next_at {{.Timestamp}} NOT NULL
);

-- +goose Down
DROP TABLE sms_pace;
