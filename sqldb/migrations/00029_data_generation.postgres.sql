-- The data's generation (see generation.go): a sequence that every committed write transaction moves
-- on, read by every node before it serves a page from its cache. A sequence, not a row, so that
-- writers never wait for each other to move it. It is moved on once here, so that reading it before
-- the first write and after it never gives the same number.
-- +goose Up
CREATE SEQUENCE data_generation;
SELECT nextval('data_generation');

-- +goose Down
DROP SEQUENCE data_generation;
