-- Challenges: an organization's problem as a canvas, vetted by curators, followed by volunteers,
-- taken by events. submitted_at is set while its writers wait for a curator, and cleared when
-- one sends it back; challenge_history keeps every move with its feedback.
-- +goose Up
CREATE TABLE challenges (
	id {{.ID}},
	slug TEXT NOT NULL UNIQUE,
	organization_id BIGINT NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
	need_id BIGINT REFERENCES needs (id) ON DELETE SET NULL,
	title TEXT NOT NULL,
	affected TEXT NOT NULL DEFAULT '',
	today TEXT NOT NULL DEFAULT '',
	outcome TEXT NOT NULL DEFAULT '',
	constraints TEXT NOT NULL DEFAULT '',
	data TEXT NOT NULL DEFAULT '',
	measure TEXT NOT NULL DEFAULT '',
	languages TEXT NOT NULL DEFAULT '[]',
	size TEXT NOT NULL DEFAULT '',
	status TEXT NOT NULL,
	submitted_at {{.Timestamp}},
	feedback TEXT NOT NULL DEFAULT '',
	created_by BIGINT REFERENCES people (id) ON DELETE SET NULL,
	curated_by BIGINT REFERENCES people (id) ON DELETE SET NULL,
	created_at {{.Timestamp}} NOT NULL,
	updated_at {{.Timestamp}} NOT NULL
);
CREATE INDEX challenges_status ON challenges (status, updated_at, id);
CREATE INDEX challenges_organization ON challenges (organization_id);
CREATE INDEX challenges_waiting ON challenges (submitted_at) WHERE submitted_at IS NOT NULL;

CREATE TABLE challenge_history (
	id {{.ID}},
	challenge_id BIGINT NOT NULL REFERENCES challenges (id) ON DELETE CASCADE,
	move TEXT NOT NULL,
	status TEXT NOT NULL,
	note TEXT NOT NULL DEFAULT '',
	by_id BIGINT REFERENCES people (id) ON DELETE SET NULL,
	created_at {{.Timestamp}} NOT NULL
);
CREATE INDEX challenge_history_challenge ON challenge_history (challenge_id, id);

CREATE TABLE challenge_follows (
	challenge_id BIGINT NOT NULL REFERENCES challenges (id) ON DELETE CASCADE,
	person_id BIGINT NOT NULL REFERENCES people (id) ON DELETE CASCADE,
	created_at {{.Timestamp}} NOT NULL,
	PRIMARY KEY (challenge_id, person_id)
);
CREATE INDEX challenge_follows_person ON challenge_follows (person_id);

CREATE TABLE event_challenges (
	event_id BIGINT NOT NULL REFERENCES events (id) ON DELETE CASCADE,
	challenge_id BIGINT NOT NULL REFERENCES challenges (id) ON DELETE CASCADE,
	added_by BIGINT REFERENCES people (id) ON DELETE SET NULL,
	created_at {{.Timestamp}} NOT NULL,
	PRIMARY KEY (event_id, challenge_id)
);
CREATE INDEX event_challenges_challenge ON event_challenges (challenge_id);

ALTER TABLE people ADD COLUMN curator_since {{.Timestamp}};
ALTER TABLE notifications ADD COLUMN challenge_id BIGINT REFERENCES challenges (id) ON DELETE CASCADE;

-- +goose Down
ALTER TABLE notifications DROP COLUMN challenge_id;
ALTER TABLE people DROP COLUMN curator_since;
DROP TABLE event_challenges;
DROP TABLE challenge_follows;
DROP TABLE challenge_history;
DROP TABLE challenges;
