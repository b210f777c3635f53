-- When each volunteer was last suggested to an organization (Unix seconds, 0: never), on the rows
-- that find candidates, so that the least recently suggested come first and suggestions rotate
-- over everyone with the skill instead of always reaching the same few.
-- +goose Up
ALTER TABLE profile_skills ADD COLUMN suggested BIGINT NOT NULL DEFAULT 0;
ALTER TABLE profile_languages ADD COLUMN suggested BIGINT NOT NULL DEFAULT 0;
CREATE INDEX profile_skills_rotation ON profile_skills (skill_id, suggested, person_id);
CREATE INDEX profile_languages_rotation ON profile_languages (code, suggested, person_id);
-- Translations into a language, for the tasks recommended to those who write it.
CREATE INDEX tasks_target_language ON tasks (target_language, id);

-- +goose Down
DROP INDEX tasks_target_language;
DROP INDEX profile_languages_rotation;
DROP INDEX profile_skills_rotation;
ALTER TABLE profile_languages DROP COLUMN suggested;
ALTER TABLE profile_skills DROP COLUMN suggested;
