-- A course names the moderator who published it, beside its authors.
-- +goose Up
ALTER TABLE courses ADD COLUMN reviewed_by BIGINT REFERENCES people (id) ON DELETE SET NULL;

-- +goose Down
ALTER TABLE courses DROP COLUMN reviewed_by;
