-- The listed urgent tasks in deadline order, so that the search for urgent tasks (the first a crisis
-- asks for) reads only them, instead of every listed task in deadline order checking each (45 ms at
-- the 99th percentile at 500 searches a second at medium on SQLite).
-- +goose Up
CREATE INDEX tasks_listed_urgency ON tasks (listed, urgency, deadline, id);

-- +goose Down
DROP INDEX tasks_listed_urgency;
