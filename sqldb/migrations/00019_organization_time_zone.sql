-- An organization's time zone (IANA name, '' when not given), so volunteers whose working hours
-- overlap its own rank higher.
-- +goose Up
ALTER TABLE organizations ADD COLUMN time_zone TEXT NOT NULL DEFAULT '';

-- +goose Down
ALTER TABLE organizations DROP COLUMN time_zone;
