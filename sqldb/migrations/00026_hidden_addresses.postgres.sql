-- Organizations in at-risk mode move to web addresses nobody can guess (see civhub.HiddenSlug): an
-- address made from the name let anyone confirm that a hidden group exists.
-- +goose Up
UPDATE organizations SET slug = 'g-' || substr(md5(random()::text || clock_timestamp()::text || id::text), 1, 16) WHERE at_risk = TRUE;

-- +goose Down
SELECT 1;
