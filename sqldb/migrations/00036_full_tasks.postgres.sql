-- A task whose places are all taken leaves the default search: listed now means open to volunteers
-- with a place left, and listed_full open to volunteers with none (at most one of the two is true).
-- The search's indexes all lead with listed, so they hold only tasks that can still be taken; full
-- tasks, asked for on their own, have an index of their own. sqldb's refreshListing keeps both.
-- +goose Up
ALTER TABLE tasks ADD COLUMN listed_full BOOLEAN NOT NULL DEFAULT FALSE;
UPDATE tasks SET listed_full = (listed AND slots_taken >= volunteers_wanted), listed = (listed AND slots_taken < volunteers_wanted)
	WHERE listed = TRUE;
CREATE INDEX tasks_listed_full ON tasks (listed_full, id) WHERE listed_full = TRUE;

-- +goose Down
DROP INDEX tasks_listed_full;
UPDATE tasks SET listed = TRUE WHERE listed_full = TRUE;
ALTER TABLE tasks DROP COLUMN listed_full;
