-- When civhub last nudged about an assignment (an unanswered application, an engagement with no
-- news); a step of the workflow clears it.
-- +goose Up
ALTER TABLE assignments ADD COLUMN nudged_at {{.Timestamp}};

-- +goose Down
ALTER TABLE assignments DROP COLUMN nudged_at;
