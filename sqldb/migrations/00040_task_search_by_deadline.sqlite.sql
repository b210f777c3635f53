-- The words of the listed tasks that have a deadline, in deadline order: a second full-text index
-- whose row IDs are deadline keys (the deadline's second since 2000 times 2^31, plus the task's ID),
-- so that a search by deadline reads its matches in the page's order and stops at the page's end.
-- Before it, a word in thousands of tasks cost every search the collection of all its matches
-- (p99 0.9 s for "newsletter" at 500 searches a second among 500,000 tasks), and a word in most
-- tasks a look-up in the text index for each task read in deadline order (6.4 s). Deadlines lie
-- between 2000 and 2099 and are kept to the second (sqldb's deadlineValue), task IDs below 2^31:
-- the keys are positive, distinct and ordered as (deadline, id). The triggers keep it in step with
-- tasks whatever changes the listing, the deadline or the text (sqldb's refreshListing, edits,
-- deletes); the task's ID is the key modulo 2^31.
-- +goose Up
CREATE VIRTUAL TABLE tasks_fts_due USING fts5(title, description, content = '',
	tokenize = 'unicode61 remove_diacritics 2', prefix = '2 3 4');
INSERT INTO tasks_fts_due (rowid, title, description)
	SELECT (unixepoch(deadline) - 946684800) * 2147483648 + id, title, description FROM tasks
	WHERE listed = TRUE AND unixepoch(deadline) IS NOT NULL;

-- +goose StatementBegin
CREATE TRIGGER tasks_fts_due_insert AFTER INSERT ON tasks WHEN new.listed = TRUE AND unixepoch(new.deadline) IS NOT NULL BEGIN
	INSERT INTO tasks_fts_due (rowid, title, description)
		VALUES ((unixepoch(new.deadline) - 946684800) * 2147483648 + new.id, new.title, new.description);
END;
-- +goose StatementEnd

-- An entry leaves with the text it was made of: a contentless index is told the old values.
-- +goose StatementBegin
CREATE TRIGGER tasks_fts_due_delete AFTER DELETE ON tasks WHEN old.listed = TRUE AND unixepoch(old.deadline) IS NOT NULL BEGIN
	INSERT INTO tasks_fts_due (tasks_fts_due, rowid, title, description)
		VALUES ('delete', (unixepoch(old.deadline) - 946684800) * 2147483648 + old.id, old.title, old.description);
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER tasks_fts_due_update AFTER UPDATE OF listed, deadline, title, description ON tasks
	WHEN old.listed IS NOT new.listed OR old.deadline IS NOT new.deadline OR old.title IS NOT new.title
		OR old.description IS NOT new.description BEGIN
	INSERT INTO tasks_fts_due (tasks_fts_due, rowid, title, description)
		SELECT 'delete', (unixepoch(old.deadline) - 946684800) * 2147483648 + old.id, old.title, old.description
		WHERE old.listed = TRUE AND unixepoch(old.deadline) IS NOT NULL;
	INSERT INTO tasks_fts_due (rowid, title, description)
		SELECT (unixepoch(new.deadline) - 946684800) * 2147483648 + new.id, new.title, new.description
		WHERE new.listed = TRUE AND unixepoch(new.deadline) IS NOT NULL;
END;
-- +goose StatementEnd

-- +goose Down
DROP TRIGGER tasks_fts_due_update;
DROP TRIGGER tasks_fts_due_delete;
DROP TRIGGER tasks_fts_due_insert;
DROP TABLE tasks_fts_due;
