-- An event's co-organizers, named by its organizers: a JSON list of person IDs, changed only with
-- the event's row locked.
-- +goose Up
ALTER TABLE events ADD COLUMN co_organizers TEXT NOT NULL DEFAULT '[]';

-- +goose Down
ALTER TABLE events DROP COLUMN co_organizers;
