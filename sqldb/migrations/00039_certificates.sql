-- Certificates anyone can check: a volunteer's figures on the day they asked for an address, under
-- a random code. Withdrawn ones stay, so that their address says they were withdrawn.
-- +goose Up
CREATE TABLE certificates (
	id {{.ID}},
	code TEXT NOT NULL UNIQUE,
	person_id BIGINT NOT NULL REFERENCES people (id) ON DELETE CASCADE,
	name TEXT NOT NULL,
	minutes INTEGER NOT NULL,
	tasks INTEGER NOT NULL,
	organizations INTEGER NOT NULL,
	issued_at {{.Timestamp}} NOT NULL,
	withdrawn_at {{.Timestamp}}
);
CREATE INDEX certificates_person ON certificates (person_id, id);

-- +goose Down
DROP TABLE certificates;
