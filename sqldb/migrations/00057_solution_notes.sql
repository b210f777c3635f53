-- A notification may be about a solution: an organization uses it.
-- +goose Up
ALTER TABLE notifications ADD COLUMN solution_id BIGINT REFERENCES solutions (id) ON DELETE CASCADE;

-- +goose Down
ALTER TABLE notifications DROP COLUMN solution_id;
