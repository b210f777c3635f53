-- Images of a course's lessons: uploaded by its authors, re-encoded as PNG (which drops camera
-- metadata and positions), shown in the lessons that name them and inlined in the offline file.
-- +goose Up
CREATE TABLE course_images (
	id {{.ID}},
	course_id BIGINT NOT NULL REFERENCES courses (id) ON DELETE CASCADE,
	data {{.Blob}} NOT NULL,
	added_by BIGINT REFERENCES people (id) ON DELETE SET NULL,
	created_at {{.Timestamp}} NOT NULL
);
CREATE INDEX course_images_course ON course_images (course_id, id);

-- +goose Down
DROP TABLE course_images;
