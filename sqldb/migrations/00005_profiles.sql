-- Volunteer profiles: skills, languages with level, availability, causes, city-level location, a
-- short bio and links, each part with its own visibility. Skills, languages and causes have tables
-- of their own so that matching can search them.
-- +goose Up
CREATE TABLE profiles (
	person_id BIGINT PRIMARY KEY REFERENCES people (id) ON DELETE CASCADE,
	time_zone TEXT NOT NULL DEFAULT '',
	hours_per_week INTEGER NOT NULL DEFAULT 0,
	country TEXT NOT NULL DEFAULT '',
	city TEXT NOT NULL DEFAULT '',
	bio TEXT NOT NULL DEFAULT '',
	links TEXT NOT NULL DEFAULT '',
	visibility TEXT NOT NULL DEFAULT '',
	updated_at {{.Timestamp}} NOT NULL
);

CREATE TABLE profile_skills (
	person_id BIGINT NOT NULL REFERENCES people (id) ON DELETE CASCADE,
	skill_id TEXT NOT NULL,
	PRIMARY KEY (person_id, skill_id)
);
CREATE INDEX profile_skills_skill ON profile_skills (skill_id, person_id);

CREATE TABLE profile_languages (
	person_id BIGINT NOT NULL REFERENCES people (id) ON DELETE CASCADE,
	code TEXT NOT NULL,
	level TEXT NOT NULL,
	PRIMARY KEY (person_id, code)
);
CREATE INDEX profile_languages_code ON profile_languages (code, person_id);

CREATE TABLE profile_causes (
	person_id BIGINT NOT NULL REFERENCES people (id) ON DELETE CASCADE,
	cause_id TEXT NOT NULL,
	PRIMARY KEY (person_id, cause_id)
);

-- +goose Down
DROP TABLE profile_causes;
DROP TABLE profile_languages;
DROP TABLE profile_skills;
DROP TABLE profiles;
