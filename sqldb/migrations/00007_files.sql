-- Uploaded files: organization logos (re-encoded PNG) and evidence attached to verification requests.
-- +goose Up
ALTER TABLE organizations ADD COLUMN logo_updated_at {{.Timestamp}};

CREATE TABLE organization_logos (
	organization_id BIGINT PRIMARY KEY REFERENCES organizations (id) ON DELETE CASCADE,
	data {{.Blob}} NOT NULL
);

CREATE TABLE verification_files (
	request_id BIGINT PRIMARY KEY REFERENCES verification_requests (id) ON DELETE CASCADE,
	name TEXT NOT NULL,
	content_type TEXT NOT NULL,
	data {{.Blob}} NOT NULL
);

-- +goose Down
DROP TABLE verification_files;
DROP TABLE organization_logos;
ALTER TABLE organizations DROP COLUMN logo_updated_at;
