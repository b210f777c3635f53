-- The data's generation needs nothing stored on SQLite: one node owns the file and keeps the number
-- in memory (see generation.go).
-- +goose Up
SELECT 1;

-- +goose Down
SELECT 1;
