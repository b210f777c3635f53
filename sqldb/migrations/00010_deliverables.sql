-- What a volunteer hands in, and the organization's feedback when it returns the work.
-- +goose Up
ALTER TABLE assignments ADD COLUMN deliverable TEXT NOT NULL DEFAULT '';
ALTER TABLE assignments ADD COLUMN feedback TEXT NOT NULL DEFAULT '';
CREATE INDEX assignments_expiry ON assignments (status, expires_at);

-- +goose Down
DROP INDEX assignments_expiry;
ALTER TABLE assignments DROP COLUMN feedback;
ALTER TABLE assignments DROP COLUMN deliverable;
