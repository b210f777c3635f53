-- Full-text search of tasks on SQLite: an FTS5 index kept in step with the tasks table by triggers.
-- The unicode61 tokenizer splits words in any script and ignores accents, so a search for
-- "traduccion" finds "traducción".
-- +goose Up
CREATE VIRTUAL TABLE tasks_fts USING fts5(title, description, content = 'tasks', content_rowid = 'id',
	tokenize = 'unicode61 remove_diacritics 2');

-- +goose StatementBegin
CREATE TRIGGER tasks_fts_insert AFTER INSERT ON tasks BEGIN
	INSERT INTO tasks_fts (rowid, title, description) VALUES (new.id, new.title, new.description);
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER tasks_fts_delete AFTER DELETE ON tasks BEGIN
	INSERT INTO tasks_fts (tasks_fts, rowid, title, description) VALUES ('delete', old.id, old.title, old.description);
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER tasks_fts_update AFTER UPDATE OF title, description ON tasks BEGIN
	INSERT INTO tasks_fts (tasks_fts, rowid, title, description) VALUES ('delete', old.id, old.title, old.description);
	INSERT INTO tasks_fts (rowid, title, description) VALUES (new.id, new.title, new.description);
END;
-- +goose StatementEnd

-- +goose Down
DROP TRIGGER tasks_fts_update;
DROP TRIGGER tasks_fts_delete;
DROP TRIGGER tasks_fts_insert;
DROP TABLE tasks_fts;
