-- Prefix indexes for the first 2, 3 and 4 letters of every word: a search for "plan" (which finds
-- plan, planes, planificación…) reads one list instead of merging one per word it starts, which made
-- common short words slow among hundreds of thousands of tasks. The triggers of 00009 keep working.
-- +goose Up
DROP TABLE tasks_fts;
CREATE VIRTUAL TABLE tasks_fts USING fts5(title, description, content = 'tasks', content_rowid = 'id',
	tokenize = 'unicode61 remove_diacritics 2', prefix = '2 3 4');
INSERT INTO tasks_fts (tasks_fts) VALUES ('rebuild');

-- +goose Down
DROP TABLE tasks_fts;
CREATE VIRTUAL TABLE tasks_fts USING fts5(title, description, content = 'tasks', content_rowid = 'id',
	tokenize = 'unicode61 remove_diacritics 2');
INSERT INTO tasks_fts (tasks_fts) VALUES ('rebuild');
