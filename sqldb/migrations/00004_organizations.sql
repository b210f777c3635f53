-- Organizations in full: causes, size, links, at-risk mode, verification; invitations, the people an
-- at-risk organization lets see it, and verification requests.
-- +goose Up
ALTER TABLE organizations ADD COLUMN causes TEXT NOT NULL DEFAULT '';
ALTER TABLE organizations ADD COLUMN size TEXT NOT NULL DEFAULT '';
ALTER TABLE organizations ADD COLUMN website TEXT NOT NULL DEFAULT '';
ALTER TABLE organizations ADD COLUMN links TEXT NOT NULL DEFAULT '';
ALTER TABLE organizations ADD COLUMN at_risk BOOLEAN NOT NULL DEFAULT FALSE;
ALTER TABLE organizations ADD COLUMN verification TEXT NOT NULL DEFAULT 'unverified';
ALTER TABLE organizations ADD COLUMN verified_at {{.Timestamp}};
CREATE INDEX organizations_listing ON organizations (at_risk, name);

CREATE TABLE invitations (
	id {{.ID}},
	organization_id BIGINT NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
	email TEXT NOT NULL,
	role TEXT NOT NULL,
	token_hash TEXT NOT NULL UNIQUE,
	invited_by BIGINT REFERENCES people (id) ON DELETE SET NULL,
	created_at {{.Timestamp}} NOT NULL,
	expires_at {{.Timestamp}} NOT NULL,
	accepted_at {{.Timestamp}}
);
CREATE INDEX invitations_organization ON invitations (organization_id);

CREATE TABLE trusted_people (
	organization_id BIGINT NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
	person_id BIGINT NOT NULL REFERENCES people (id) ON DELETE CASCADE,
	created_at {{.Timestamp}} NOT NULL,
	PRIMARY KEY (organization_id, person_id)
);
CREATE INDEX trusted_people_person ON trusted_people (person_id);

CREATE TABLE verification_requests (
	id {{.ID}},
	organization_id BIGINT NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
	requested_by BIGINT REFERENCES people (id) ON DELETE SET NULL,
	evidence TEXT NOT NULL,
	links TEXT NOT NULL DEFAULT '',
	status TEXT NOT NULL DEFAULT 'pending',
	reason TEXT NOT NULL DEFAULT '',
	decided_by BIGINT REFERENCES people (id) ON DELETE SET NULL,
	decided_at {{.Timestamp}},
	created_at {{.Timestamp}} NOT NULL
);
CREATE INDEX verification_requests_status ON verification_requests (status, created_at);

-- +goose Down
DROP TABLE verification_requests;
DROP TABLE trusted_people;
DROP TABLE invitations;
DROP INDEX organizations_listing;
ALTER TABLE organizations DROP COLUMN verified_at;
ALTER TABLE organizations DROP COLUMN verification;
ALTER TABLE organizations DROP COLUMN at_risk;
ALTER TABLE organizations DROP COLUMN links;
ALTER TABLE organizations DROP COLUMN website;
ALTER TABLE organizations DROP COLUMN size;
ALTER TABLE organizations DROP COLUMN causes;
