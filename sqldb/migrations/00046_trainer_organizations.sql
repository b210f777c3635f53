-- An organization may be made a trainer as a whole: its owners and admins write courses, as people
-- made trainers do.
-- +goose Up
ALTER TABLE organizations ADD COLUMN trainer_since {{.Timestamp}};

-- +goose Down
ALTER TABLE organizations DROP COLUMN trainer_since;
