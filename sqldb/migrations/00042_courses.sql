-- Courses: lessons in Markdown, quizzes of questions after a lesson, and who is where in them. A
-- course and its translations share a slug; a completion is kept by slug, so that finishing a course
-- in any of its languages meets a task's requirement, with one index lookup per required course.
-- Lists (choices, accepted answers, the answers of an attempt) are JSON text on both databases.
-- A certificate names the courses its volunteer finished, as it does their hours; a notification
-- may be about a course (its authors hear the moderators' decisions).
-- +goose Up
ALTER TABLE people ADD COLUMN trainer_since {{.Timestamp}};
ALTER TABLE certificates ADD COLUMN courses TEXT NOT NULL DEFAULT '[]';

CREATE TABLE courses (
	id {{.ID}},
	slug TEXT NOT NULL,
	language TEXT NOT NULL,
	translation_of BIGINT REFERENCES courses (id) ON DELETE SET NULL,
	title TEXT NOT NULL,
	summary TEXT NOT NULL,
	level TEXT NOT NULL,
	minutes INTEGER NOT NULL,
	licence TEXT NOT NULL,
	pass_mark INTEGER NOT NULL,
	status TEXT NOT NULL,
	reason TEXT NOT NULL DEFAULT '',
	search TEXT NOT NULL DEFAULT '',
	created_at {{.Timestamp}} NOT NULL,
	updated_at {{.Timestamp}} NOT NULL,
	published_at {{.Timestamp}},
	UNIQUE (slug, language)
);
CREATE INDEX courses_status ON courses (status, updated_at, id);

CREATE TABLE course_authors (
	course_id BIGINT NOT NULL REFERENCES courses (id) ON DELETE CASCADE,
	person_id BIGINT NOT NULL REFERENCES people (id) ON DELETE CASCADE,
	PRIMARY KEY (course_id, person_id)
);
CREATE INDEX course_authors_person ON course_authors (person_id, course_id);

CREATE TABLE lessons (
	id {{.ID}},
	course_id BIGINT NOT NULL REFERENCES courses (id) ON DELETE CASCADE,
	position INTEGER NOT NULL,
	title TEXT NOT NULL,
	body TEXT NOT NULL,
	UNIQUE (course_id, position)
);

CREATE TABLE questions (
	id {{.ID}},
	lesson_id BIGINT NOT NULL REFERENCES lessons (id) ON DELETE CASCADE,
	position INTEGER NOT NULL,
	kind TEXT NOT NULL,
	prompt TEXT NOT NULL,
	choices TEXT NOT NULL DEFAULT '[]',
	correct TEXT NOT NULL DEFAULT '[]',
	accepted TEXT NOT NULL DEFAULT '[]',
	explanation TEXT NOT NULL DEFAULT '',
	UNIQUE (lesson_id, position)
);

CREATE TABLE course_progress (
	person_id BIGINT NOT NULL REFERENCES people (id) ON DELETE CASCADE,
	course_id BIGINT NOT NULL REFERENCES courses (id) ON DELETE CASCADE,
	position INTEGER NOT NULL,
	updated_at {{.Timestamp}} NOT NULL,
	PRIMARY KEY (person_id, course_id)
);
CREATE INDEX course_progress_recent ON course_progress (person_id, updated_at);

CREATE TABLE quiz_attempts (
	id {{.ID}},
	person_id BIGINT NOT NULL REFERENCES people (id) ON DELETE CASCADE,
	course_id BIGINT NOT NULL REFERENCES courses (id) ON DELETE CASCADE,
	lesson_id BIGINT NOT NULL REFERENCES lessons (id) ON DELETE CASCADE,
	answers TEXT NOT NULL,
	right_answers TEXT NOT NULL,
	score INTEGER NOT NULL,
	passed BOOLEAN NOT NULL,
	created_at {{.Timestamp}} NOT NULL
);
CREATE INDEX quiz_attempts_person ON quiz_attempts (person_id, course_id, lesson_id, score);

CREATE TABLE course_completions (
	person_id BIGINT NOT NULL REFERENCES people (id) ON DELETE CASCADE,
	slug TEXT NOT NULL,
	course_id BIGINT REFERENCES courses (id) ON DELETE SET NULL,
	title TEXT NOT NULL,
	language TEXT NOT NULL,
	score INTEGER NOT NULL,
	completed_at {{.Timestamp}} NOT NULL,
	PRIMARY KEY (person_id, slug)
);

ALTER TABLE notifications ADD COLUMN course_id BIGINT REFERENCES courses (id) ON DELETE CASCADE;

-- +goose Down
ALTER TABLE notifications DROP COLUMN course_id;
DROP TABLE course_completions;
DROP TABLE quiz_attempts;
DROP TABLE course_progress;
DROP TABLE questions;
DROP TABLE lessons;
DROP TABLE course_authors;
DROP TABLE courses;
ALTER TABLE certificates DROP COLUMN courses;
ALTER TABLE people DROP COLUMN trainer_since;
