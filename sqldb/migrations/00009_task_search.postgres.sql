-- Full-text search of tasks on PostgreSQL: a generated tsvector with a GIN index. The "simple"
-- configuration does not stem, so it treats Arabic, French, Spanish and English alike; unaccent is
-- left out because it needs an extension.
-- +goose Up
ALTER TABLE tasks ADD COLUMN search tsvector
	GENERATED ALWAYS AS (to_tsvector('simple', title || ' ' || description)) STORED;
CREATE INDEX tasks_search ON tasks USING GIN (search);

-- +goose Down
DROP INDEX tasks_search;
ALTER TABLE tasks DROP COLUMN search;
