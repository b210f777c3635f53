-- When a task open to volunteers was suggested to those it suits best (NULL: not yet).
-- +goose Up
ALTER TABLE tasks ADD COLUMN matched_at {{.Timestamp}};

-- +goose Down
ALTER TABLE tasks DROP COLUMN matched_at;
