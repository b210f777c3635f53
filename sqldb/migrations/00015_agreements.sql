-- The engagement agreement made when an application is accepted.
-- +goose Up
CREATE TABLE agreements (
	assignment_id BIGINT PRIMARY KEY REFERENCES assignments (id) ON DELETE CASCADE,
	scope TEXT NOT NULL,
	hours INTEGER NOT NULL,
	deadline {{.Timestamp}},
	answer_days INTEGER NOT NULL,
	org_agreed_by BIGINT REFERENCES people (id) ON DELETE SET NULL,
	org_agreed_at {{.Timestamp}} NOT NULL,
	volunteer_agreed_at {{.Timestamp}}
);

-- +goose Down
DROP TABLE agreements;
