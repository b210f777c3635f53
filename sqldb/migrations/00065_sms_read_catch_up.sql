-- A gateway's inbox is first read to its end without answering (the account's history): the mark
-- records that reading's progress, so that a history longer than one reading is read over several.
-- Delivery reports find their message by the gateway's ID.
-- +goose Up
ALTER TABLE sms_read_marks ADD COLUMN listening BOOLEAN NOT NULL DEFAULT TRUE;
CREATE INDEX sms_messages_sent ON sms_messages (gateway, provider_id) WHERE direction = 'out' AND provider_id <> '';

-- +goose Down
DROP INDEX sms_messages_sent;
ALTER TABLE sms_read_marks DROP COLUMN listening;
