-- The courses a volunteer must have finished to join a task (training prerequisites), space-separated.
-- +goose Up
ALTER TABLE tasks ADD COLUMN courses TEXT NOT NULL DEFAULT '';

-- +goose Down
ALTER TABLE tasks DROP COLUMN courses;
