-- SQLite's text index has no pending list (see the PostgreSQL migration of the same number).
-- +goose Up
SELECT 1;

-- +goose Down
SELECT 1;
