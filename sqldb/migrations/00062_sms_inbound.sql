-- Text messages that arrive: a gateway that tells of one twice (a webhook retried) is heard once.
-- +goose Up
CREATE UNIQUE INDEX sms_messages_inbound ON sms_messages (gateway, provider_id) WHERE direction = 'in' AND provider_id <> '';

-- +goose Down
DROP INDEX sms_messages_inbound;
