-- Why a person came to civhub, as they said when signing up: to volunteer, for an organization they
-- are with, or both. People who signed up before were never asked, and have neither.
-- +goose Up
ALTER TABLE people ADD COLUMN came_to_volunteer BOOLEAN NOT NULL DEFAULT FALSE;
ALTER TABLE people ADD COLUMN came_for_organization BOOLEAN NOT NULL DEFAULT FALSE;

-- +goose Down
ALTER TABLE people DROP COLUMN came_for_organization;
ALTER TABLE people DROP COLUMN came_to_volunteer;
