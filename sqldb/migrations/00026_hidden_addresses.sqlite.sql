-- Organizations in at-risk mode move to web addresses nobody can guess (see civhub.HiddenSlug): an
-- address made from the name let anyone confirm that a hidden group exists.
-- +goose Up
UPDATE organizations SET slug = 'g-' || lower(hex(randomblob(8))) WHERE at_risk = TRUE;

-- +goose Down
SELECT 1;
