-- A notification may be about a toolkit: the writer of an edit that waited hears what a moderator
-- decided.
-- +goose Up
ALTER TABLE notifications ADD COLUMN toolkit_id BIGINT REFERENCES toolkits (id) ON DELETE CASCADE;

-- +goose Down
ALTER TABLE notifications DROP COLUMN toolkit_id;
