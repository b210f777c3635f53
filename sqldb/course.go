package sqldb

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"civhub"
)

// CourseService implements civhub.CourseService, and with it the core loop's Prerequisites.
type CourseService struct {
	db    *DB
	notes *NotificationService // tells authors what moderators decided; nil tells nobody
}

// NewCourseService returns a CourseService on db.
func NewCourseService(db *DB) *CourseService { return &CourseService{db: db} }

// SetNotes makes the service tell a course's authors what the moderators decided, through notes.
func (s *CourseService) SetNotes(notes *NotificationService) { s.notes = notes }

// courseDecisionNotes says what authors are told of each moderator's decision.
var courseDecisionNotes = map[string]string{
	civhub.CourseDecidePublish: civhub.NoteCoursePublished,
	civhub.CourseDecideReturn:  civhub.NoteCourseReturned,
}

var _ civhub.CourseService = (*CourseService)(nil)

const courseColumns = `c.id, c.slug, c.language, COALESCE(c.translation_of, 0), c.title, c.summary, c.level, c.minutes, c.licence,
	c.pass_mark, c.status, c.reason, c.created_at, c.updated_at, c.published_at`

func scanCourse(row scanner) (*civhub.Course, error) {
	c := &civhub.Course{}
	var published sql.NullTime
	if err := row.Scan(&c.ID, &c.Slug, &c.Language, &c.TranslationOf, &c.Title, &c.Summary, &c.Level, &c.Minutes, &c.Licence,
		&c.PassMark, &c.Status, &c.Reason, &c.CreatedAt, &c.UpdatedAt, &published); err != nil {
		return nil, err
	}
	c.CreatedAt, c.UpdatedAt, c.PublishedAt = c.CreatedAt.UTC(), c.UpdatedAt.UTC(), timePtr(published)
	return c, nil
}

var errCourseNotFound = civhub.E(civhub.ENOTFOUND, "err.course_not_found", "There is no such course.")

// courseSearchText is what a search of courses looks in.
func courseSearchText(c *civhub.Course) string {
	return strings.ToLower(c.Title + " " + c.Summary + " " + c.Slug)
}

// quizLimit bounds the attempts one person makes at quizzes in an hour: plenty to learn by trying
// again, too few to find the answers by trying every choice of a long quiz.
var quizLimit = newLimit("quiz", 60, time.Hour)

// courseLimit bounds the courses one trainer starts in a day.
var courseLimit = newLimit("course", 20, 24*time.Hour)

// CreateCourse implements civhub.CourseService.
func (s *CourseService) CreateCourse(ctx context.Context, c *civhub.Course, by int64) error {
	if c.Status == "" {
		c.Status = civhub.CourseDraft
	}
	if err := c.Validate(); err != nil {
		return err
	}
	return s.db.Update(ctx, func(tx *Tx) error {
		if err := hit(ctx, tx, courseLimit, strconv.FormatInt(by, 10)); err != nil {
			return err
		}
		if c.TranslationOf != 0 {
			src, err := findCourseByID(ctx, tx, c.TranslationOf)
			if err != nil {
				return err
			}
			c.Slug = src.Slug
		}
		return insertCourse(ctx, tx, c, by)
	})
}

// insertCourse stores c's own fields, by as its author; a slug taken in c's language is EINVALID.
func insertCourse(ctx context.Context, tx *Tx, c *civhub.Course, by int64) error {
	c.CreatedAt, c.UpdatedAt, c.Reason = tx.Now(), tx.Now(), ""
	published := any(nil)
	if c.Status == civhub.CoursePublished {
		published = tx.Now()
	}
	err := tx.QueryRowContext(ctx, `INSERT INTO courses (slug, language, translation_of, title, summary, level, minutes, licence,
		pass_mark, status, reason, search, created_at, updated_at, published_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, '', $11, $12, $12, $13) RETURNING id`,
		c.Slug, c.Language, nullID(c.TranslationOf), c.Title, c.Summary, c.Level, c.Minutes, c.Licence, c.PassMark,
		c.Status, courseSearchText(c), c.CreatedAt, published).Scan(&c.ID)
	if isUniqueViolation(err) {
		if c.TranslationOf != 0 {
			return civhub.FieldError("language", "err.course_translated_already", "The course exists in that language already.")
		}
		return civhub.FieldError("slug", "err.course_slug_taken", "A course has that web address already: choose another.")
	}
	if err != nil {
		return fmt.Errorf("insert course: %w", err)
	}
	_, err = tx.ExecContext(ctx, `INSERT INTO course_authors (course_id, person_id) VALUES ($1, $2)`, c.ID, by)
	return err
}

// insertLesson stores l at its position in its course.
func insertLesson(ctx context.Context, tx *Tx, l *civhub.Lesson) error {
	if err := tx.QueryRowContext(ctx, `INSERT INTO lessons (course_id, position, title, body) VALUES ($1, $2, $3, $4) RETURNING id`,
		l.CourseID, l.Position, l.Title, l.Body).Scan(&l.ID); err != nil {
		return fmt.Errorf("insert lesson: %w", err)
	}
	return nil
}

// insertQuestion stores q at its position in its lesson.
func insertQuestion(ctx context.Context, tx *Tx, q *civhub.Question) error {
	choices, correct, accepted, err := questionLists(q)
	if err != nil {
		return err
	}
	if err := tx.QueryRowContext(ctx, `INSERT INTO questions (lesson_id, position, kind, prompt, choices, correct, accepted, explanation)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id`, q.LessonID, q.Position, q.Kind, q.Prompt, choices, correct,
		accepted, q.Explanation).Scan(&q.ID); err != nil {
		return fmt.Errorf("insert question: %w", err)
	}
	return nil
}

// questionLists are q's lists as they are stored: JSON arrays, [] for none.
func questionLists(q *civhub.Question) (choices, correct, accepted string, err error) {
	var b [3][]byte
	for i, v := range []any{nonNil(q.Choices), nonNil(q.Correct), nonNil(q.Accepted)} {
		if b[i], err = json.Marshal(v); err != nil {
			return "", "", "", err
		}
	}
	return string(b[0]), string(b[1]), string(b[2]), nil
}

// ImportCourse implements civhub.CourseService.
func (s *CourseService) ImportCourse(ctx context.Context, c *civhub.Course, author, publisher int64) error {
	if err := c.Validate(); err != nil {
		return err
	}
	for _, l := range c.Lessons {
		if err := l.Validate(); err != nil {
			return err
		}
		for _, q := range l.Questions {
			if err := q.Validate(); err != nil {
				return err
			}
		}
	}
	return s.db.Update(ctx, func(tx *Tx) error {
		p, err := findPersonByID(ctx, tx, publisher)
		if err != nil {
			return err
		}
		c.Status = civhub.CourseInReview
		if civhub.NewActor(p, nil, nil).IsModerator() {
			c.Status = civhub.CoursePublished
		}
		if c.TranslationOf != 0 {
			src, err := findCourseByID(ctx, tx, c.TranslationOf)
			if err != nil {
				return err
			}
			c.Slug = src.Slug
		}
		if err := insertCourse(ctx, tx, c, author); err != nil {
			return err
		}
		if c.Status == civhub.CoursePublished {
			if _, err := tx.ExecContext(ctx, `UPDATE courses SET reviewed_by = $1 WHERE id = $2`, publisher, c.ID); err != nil {
				return err
			}
		}
		for i, l := range c.Lessons {
			l.CourseID, l.Position = c.ID, i+1
			if err := insertLesson(ctx, tx, l); err != nil {
				return err
			}
			for j, q := range l.Questions {
				q.LessonID, q.Position = l.ID, j+1
				if err := insertQuestion(ctx, tx, q); err != nil {
					return err
				}
			}
		}
		return nil
	})
}

// UpdateCourse implements civhub.CourseService. Its status stays as it is: a course sent back goes
// to the moderators again when its authors send it.
func (s *CourseService) UpdateCourse(ctx context.Context, c *civhub.Course, by int64) error {
	if err := c.Validate(); err != nil {
		return err
	}
	return s.db.Update(ctx, func(tx *Tx) error {
		c.UpdatedAt = tx.Now()
		res, err := tx.ExecContext(ctx, `UPDATE courses SET title = $1, summary = $2, level = $3, minutes = $4, licence = $5,
			pass_mark = $6, search = $7, updated_at = $8 WHERE id = $9`, c.Title, c.Summary, c.Level, c.Minutes, c.Licence, c.PassMark,
			courseSearchText(c), c.UpdatedAt, c.ID)
		if err != nil {
			return fmt.Errorf("update course: %w", err)
		}
		if n, _ := res.RowsAffected(); n != 1 {
			return errCourseNotFound
		}
		return nil
	})
}

// TranslateCourse implements civhub.CourseService. A translation of a translation is linked to
// the original.
func (s *CourseService) TranslateCourse(ctx context.Context, course int64, lang string, by int64) (*civhub.Course, error) {
	var c *civhub.Course
	err := s.db.Update(ctx, func(tx *Tx) error {
		src, err := findCourseByID(ctx, tx, course)
		if err != nil {
			return err
		}
		lessons, err := readLessons(ctx, tx, course)
		if err != nil {
			return err
		}
		c = &civhub.Course{Slug: src.Slug, Language: lang, TranslationOf: src.ID, Title: src.Title, Summary: src.Summary, Level: src.Level,
			Minutes: src.Minutes, Licence: src.Licence, PassMark: src.PassMark, Status: civhub.CourseDraft}
		if src.TranslationOf != 0 {
			c.TranslationOf = src.TranslationOf
		}
		if err := c.Validate(); err != nil {
			return err
		}
		if err := hit(ctx, tx, courseLimit, strconv.FormatInt(by, 10)); err != nil {
			return err
		}
		if err := insertCourse(ctx, tx, c, by); err != nil {
			return err
		}
		for _, l := range lessons {
			copied := &civhub.Lesson{CourseID: c.ID, Position: l.Position, Title: l.Title, Body: l.Body}
			if err := insertLesson(ctx, tx, copied); err != nil {
				return err
			}
			if _, err := tx.ExecContext(ctx, `INSERT INTO questions (lesson_id, position, kind, prompt, choices, correct, accepted, explanation)
				SELECT $1, position, kind, prompt, choices, correct, accepted, explanation FROM questions WHERE lesson_id = $2`, copied.ID, l.ID); err != nil {
				return err
			}
		}
		return nil
	})
	return c, err
}

func findCourseByID(ctx context.Context, tx *Tx, id int64) (*civhub.Course, error) {
	c, err := scanCourse(tx.QueryRowContext(ctx, `SELECT `+courseColumns+` FROM courses c WHERE c.id = $1`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, errCourseNotFound
	}
	return c, err
}

// FindCourse implements civhub.CourseService.
func (s *CourseService) FindCourse(ctx context.Context, slug, lang string) (*civhub.Course, error) {
	var c *civhub.Course
	err := s.db.View(ctx, func(tx *Tx) error {
		var err error
		c, err = scanCourse(tx.QueryRowContext(ctx, `SELECT `+courseColumns+` FROM courses c WHERE c.slug = $1 AND c.language = $2`, slug, lang))
		if errors.Is(err, sql.ErrNoRows) {
			return errCourseNotFound
		} else if err != nil {
			return err
		}
		if err := fillAuthors(ctx, tx, []*civhub.Course{c}); err != nil {
			return err
		}
		reviewers, err := collect(ctx, tx, func(r scanner) (a civhub.Author, err error) {
			err = r.Scan(&a.ID, &a.Name)
			return
		}, `SELECT p.id, p.display_name FROM courses c JOIN people p ON p.id = c.reviewed_by WHERE c.id = $1`, c.ID)
		if err != nil {
			return err
		}
		if len(reviewers) == 1 {
			c.Reviewer = &reviewers[0]
		}
		if c.Translations, err = collect1[string](ctx, tx, `SELECT language FROM courses WHERE slug = $1 AND language <> $2
			AND status = $3 ORDER BY language`, slug, lang, civhub.CoursePublished); err != nil {
			return err
		}
		c.Lessons, err = readLessons(ctx, tx, c.ID)
		return err
	})
	return c, err
}

// fillAuthors reads the authors of courses, in one statement.
func fillAuthors(ctx context.Context, tx *Tx, courses []*civhub.Course) error {
	if len(courses) == 0 {
		return nil
	}
	byID := map[int64]*civhub.Course{}
	ids := make([]string, len(courses))
	for i, c := range courses {
		byID[c.ID] = c
		ids[i] = strconv.FormatInt(c.ID, 10)
	}
	return eachRow(ctx, tx, func(r scanner) error {
		var course int64
		var a civhub.Author
		if err := r.Scan(&course, &a.ID, &a.Name); err != nil {
			return err
		}
		byID[course].Authors = append(byID[course].Authors, a)
		return nil
	}, `SELECT ca.course_id, p.id, p.display_name FROM course_authors ca JOIN people p ON p.id = ca.person_id
		WHERE ca.course_id IN (`+strings.Join(ids, ", ")+`) ORDER BY ca.course_id, p.id`)
}

// readLessons reads a course's lessons and their questions, in order.
func readLessons(ctx context.Context, tx *Tx, course int64) ([]*civhub.Lesson, error) {
	lessons, err := collect(ctx, tx, func(r scanner) (*civhub.Lesson, error) {
		l := &civhub.Lesson{CourseID: course}
		return l, r.Scan(&l.ID, &l.Position, &l.Title, &l.Body)
	}, `SELECT id, position, title, body FROM lessons WHERE course_id = $1 ORDER BY position`, course)
	if err != nil || len(lessons) == 0 {
		return lessons, err
	}
	byID := map[int64]*civhub.Lesson{}
	for _, l := range lessons {
		byID[l.ID] = l
	}
	err = eachRow(ctx, tx, func(r scanner) error {
		q := &civhub.Question{}
		var choices, correct, accepted string
		if err := r.Scan(&q.ID, &q.LessonID, &q.Position, &q.Kind, &q.Prompt, &choices, &correct, &accepted, &q.Explanation); err != nil {
			return err
		}
		if err := errors.Join(json.Unmarshal([]byte(choices), &q.Choices), json.Unmarshal([]byte(correct), &q.Correct),
			json.Unmarshal([]byte(accepted), &q.Accepted)); err != nil {
			return fmt.Errorf("question %d: %w", q.ID, err)
		}
		byID[q.LessonID].Questions = append(byID[q.LessonID].Questions, q)
		return nil
	}, `SELECT q.id, q.lesson_id, q.position, q.kind, q.prompt, q.choices, q.correct, q.accepted, q.explanation
		FROM questions q JOIN lessons l ON l.id = q.lesson_id WHERE l.course_id = $1 ORDER BY q.lesson_id, q.position`, course)
	return lessons, err
}

// ListCourses implements civhub.CourseService.
func (s *CourseService) ListCourses(ctx context.Context, f civhub.CourseFilter) ([]*civhub.Course, error) {
	if f.Limit <= 0 || f.Limit > 200 {
		f.Limit = 50
	}
	var where []string
	var args sqlArgs
	arg := args.add
	switch {
	case f.Author != 0:
		where = append(where, "EXISTS (SELECT 1 FROM course_authors ca WHERE ca.course_id = c.id AND ca.person_id = "+arg(f.Author)+")")
		if f.Status != "" {
			where = append(where, "c.status = "+arg(f.Status))
		}
	case f.Status != "":
		where = append(where, "c.status = "+arg(f.Status))
	default:
		where = append(where, "c.status = "+arg(civhub.CoursePublished))
	}
	for _, w := range searchWords(f.Query) {
		where = append(where, "c.search LIKE "+arg("%"+w+"%"))
	}
	if f.Language != "" {
		where = append(where, "c.language = "+arg(f.Language))
	}
	if f.Level != "" {
		where = append(where, "c.level = "+arg(f.Level))
	}
	if len(f.Slugs) > 0 {
		params := make([]string, len(f.Slugs))
		for i, slug := range f.Slugs {
			params[i] = arg(slug)
		}
		where = append(where, "c.slug IN ("+strings.Join(params, ", ")+")")
	}
	var out []*civhub.Course
	err := s.db.View(ctx, func(tx *Tx) error {
		var err error
		out, err = collect(ctx, tx, scanCourse, `SELECT `+courseColumns+` FROM courses c WHERE `+strings.Join(where, " AND ")+
			` ORDER BY c.updated_at DESC, c.id DESC LIMIT `+strconv.Itoa(f.Limit), args...)
		if err != nil {
			return err
		}
		return fillAuthors(ctx, tx, out)
	})
	return out, err
}

// SaveLesson implements civhub.CourseService.
func (s *CourseService) SaveLesson(ctx context.Context, course int64, l *civhub.Lesson, by int64) error {
	if err := l.Validate(); err != nil {
		return err
	}
	return s.db.Update(ctx, func(tx *Tx) error {
		if _, err := findCourseByID(ctx, tx, course); err != nil {
			return err
		}
		l.CourseID = course
		if l.ID != 0 {
			res, err := tx.ExecContext(ctx, `UPDATE lessons SET title = $1, body = $2 WHERE id = $3 AND course_id = $4`, l.Title, l.Body, l.ID, course)
			if err != nil {
				return err
			}
			if n, _ := res.RowsAffected(); n != 1 {
				return errLessonNotFound
			}
			return touchCourse(ctx, tx, course)
		}
		var n int
		if err := tx.QueryRowContext(ctx, `SELECT COUNT(*), COALESCE(MAX(position), 0) FROM lessons WHERE course_id = $1`, course).Scan(&n, &l.Position); err != nil {
			return err
		}
		if n >= civhub.MaxLessons {
			return civhub.E(civhub.ECONFLICT, "err.lessons_many", "A course has at most 40 lessons: make a second course.")
		}
		l.Position++
		if err := insertLesson(ctx, tx, l); err != nil {
			return err
		}
		return touchCourse(ctx, tx, course)
	})
}

var errLessonNotFound = civhub.E(civhub.ENOTFOUND, "err.lesson_not_found", "There is no such lesson.")

// touchCourse notes that a course changed.
func touchCourse(ctx context.Context, tx *Tx, course int64) error {
	_, err := tx.ExecContext(ctx, `UPDATE courses SET updated_at = $1 WHERE id = $2`, tx.Now(), course)
	return err
}

// closeGap renumbers the rows of table under parent after the one at position was deleted, in two
// steps through negative numbers, so that no step breaks the unique (parent, position) key whatever
// order the database updates rows in.
func closeGap(ctx context.Context, tx *Tx, table, parent string, id int64, position int) error {
	if _, err := tx.ExecContext(ctx, `UPDATE `+table+` SET position = -position WHERE `+parent+` = $1 AND position > $2`, id, position); err != nil {
		return err
	}
	_, err := tx.ExecContext(ctx, `UPDATE `+table+` SET position = -position - 1 WHERE `+parent+` = $1 AND position < 0`, id)
	return err
}

// MoveLesson implements civhub.CourseService: the two lessons trade places through a negative
// position, so that the unique (course, position) key holds at every step.
func (s *CourseService) MoveLesson(ctx context.Context, course, lesson int64, up bool, by int64) error {
	return s.db.Update(ctx, func(tx *Tx) error {
		var from int
		err := tx.QueryRowContext(ctx, `SELECT position FROM lessons WHERE id = $1 AND course_id = $2`, lesson, course).Scan(&from)
		if errors.Is(err, sql.ErrNoRows) {
			return errLessonNotFound
		} else if err != nil {
			return err
		}
		to := from + 1
		if up {
			to = from - 1
		}
		res, err := tx.ExecContext(ctx, `UPDATE lessons SET position = -1 WHERE course_id = $1 AND position = $2`, course, to)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n != 1 {
			return civhub.E(civhub.ECONFLICT, "err.lesson_at_end", "The lesson is at that end of the course already.")
		}
		for _, step := range [][2]int{{from, to}, {-1, from}} {
			if _, err := tx.ExecContext(ctx, `UPDATE lessons SET position = $1 WHERE course_id = $2 AND position = $3`, step[1], course, step[0]); err != nil {
				return err
			}
		}
		return touchCourse(ctx, tx, course)
	})
}

// DeleteLesson implements civhub.CourseService.
func (s *CourseService) DeleteLesson(ctx context.Context, course, lesson int64, by int64) error {
	return s.db.Update(ctx, func(tx *Tx) error {
		var position int
		err := tx.QueryRowContext(ctx, `DELETE FROM lessons WHERE id = $1 AND course_id = $2 RETURNING position`, lesson, course).Scan(&position)
		if errors.Is(err, sql.ErrNoRows) {
			return errLessonNotFound
		} else if err != nil {
			return err
		}
		if err := closeGap(ctx, tx, "lessons", "course_id", course, position); err != nil {
			return err
		}
		return touchCourse(ctx, tx, course)
	})
}

// SaveQuestion implements civhub.CourseService.
func (s *CourseService) SaveQuestion(ctx context.Context, course int64, q *civhub.Question, by int64) error {
	if err := q.Validate(); err != nil {
		return err
	}
	choices, correct, accepted, err := questionLists(q)
	if err != nil {
		return err
	}
	return s.db.Update(ctx, func(tx *Tx) error {
		var n int
		if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM lessons WHERE id = $1 AND course_id = $2`, q.LessonID, course).Scan(&n); err != nil {
			return err
		}
		if n == 0 {
			return errLessonNotFound
		}
		if q.ID != 0 {
			res, err := tx.ExecContext(ctx, `UPDATE questions SET kind = $1, prompt = $2, choices = $3, correct = $4, accepted = $5,
				explanation = $6 WHERE id = $7 AND lesson_id = $8`, q.Kind, q.Prompt, choices, correct, accepted,
				q.Explanation, q.ID, q.LessonID)
			if err != nil {
				return err
			}
			if n, _ := res.RowsAffected(); n != 1 {
				return errQuestionNotFound
			}
			return touchCourse(ctx, tx, course)
		}
		if err := tx.QueryRowContext(ctx, `SELECT COUNT(*), COALESCE(MAX(position), 0) FROM questions WHERE lesson_id = $1`, q.LessonID).Scan(&n, &q.Position); err != nil {
			return err
		}
		if n >= civhub.MaxQuestions {
			return civhub.E(civhub.ECONFLICT, "err.questions_many", "A quiz has at most 20 questions: put the next ones after another lesson.")
		}
		q.Position++
		if err := insertQuestion(ctx, tx, q); err != nil {
			return err
		}
		return touchCourse(ctx, tx, course)
	})
}

// nonNil returns list, or an empty list for nil, so that it is stored as [] rather than null.
func nonNil[T any](list []T) []T {
	if list == nil {
		return []T{}
	}
	return list
}

var errQuestionNotFound = civhub.E(civhub.ENOTFOUND, "err.question_not_found", "There is no such question.")

// DeleteQuestion implements civhub.CourseService.
func (s *CourseService) DeleteQuestion(ctx context.Context, course, question int64, by int64) error {
	return s.db.Update(ctx, func(tx *Tx) error {
		var lesson int64
		var position int
		err := tx.QueryRowContext(ctx, `DELETE FROM questions WHERE id = $1 AND lesson_id IN (SELECT id FROM lessons WHERE course_id = $2)
			RETURNING lesson_id, position`, question, course).Scan(&lesson, &position)
		if errors.Is(err, sql.ErrNoRows) {
			return errQuestionNotFound
		} else if err != nil {
			return err
		}
		if err := closeGap(ctx, tx, "questions", "lesson_id", lesson, position); err != nil {
			return err
		}
		return touchCourse(ctx, tx, course)
	})
}

// SubmitCourse implements civhub.CourseService.
func (s *CourseService) SubmitCourse(ctx context.Context, course int64, by int64) error {
	return s.db.Update(ctx, func(tx *Tx) error {
		c, err := findCourseByID(ctx, tx, course)
		if err != nil {
			return err
		}
		if !c.Sendable() {
			return civhub.E(civhub.ECONFLICT, "err.course_state", "The course has moved on since: look at it again.")
		}
		var lessons, questions int
		if err := tx.QueryRowContext(ctx, `SELECT (SELECT COUNT(*) FROM lessons WHERE course_id = $1),
			(SELECT COUNT(*) FROM questions q JOIN lessons l ON l.id = q.lesson_id WHERE l.course_id = $1)`, course).Scan(&lessons, &questions); err != nil {
			return err
		}
		if lessons == 0 || questions == 0 {
			return civhub.E(civhub.ECONFLICT, "err.course_incomplete", "A course needs at least one lesson and a quiz question before it is sent.")
		}
		p, err := findPersonByID(ctx, tx, by)
		if err != nil {
			return err
		}
		if civhub.NewActor(p, nil, nil).IsModerator() {
			_, err = tx.ExecContext(ctx, `UPDATE courses SET status = $1, reason = '', updated_at = $2, published_at = $2, reviewed_by = $3
				WHERE id = $4`, civhub.CoursePublished, tx.Now(), by, course)
			return err
		}
		_, err = tx.ExecContext(ctx, `UPDATE courses SET status = $1, reason = '', updated_at = $2 WHERE id = $3`, civhub.CourseInReview, tx.Now(), course)
		return err
	})
}

// ReviewCourse implements civhub.CourseService.
func (s *CourseService) ReviewCourse(ctx context.Context, course int64, decision, reason string, by int64) error {
	if _, err := civhub.DecideCourse(civhub.CourseInReview, decision); civhub.ErrorCode(err) == civhub.EINVALID {
		return err
	}
	reason = strings.TrimSpace(reason)
	if decision == civhub.CourseDecideReturn && reason == "" {
		return civhub.FieldError("reason", "err.review_reason_needed", "Say why, so that the person who sent it can fix it.")
	}
	if len([]rune(reason)) > 2000 {
		return civhub.FieldError("reason", "err.reason_long", "Keep the reason under 2,000 characters.")
	}
	return s.db.Update(ctx, func(tx *Tx) error {
		c, err := findCourseByID(ctx, tx, course)
		if err != nil {
			return err
		}
		to, err := civhub.DecideCourse(c.Status, decision)
		if err != nil {
			return err
		}
		published, reviewer := any(nil), any(nil)
		if to == civhub.CoursePublished {
			published, reviewer = tx.Now(), by
		}
		if _, err := tx.ExecContext(ctx, `UPDATE courses SET status = $1, reason = $2, updated_at = $3,
			published_at = COALESCE($4, published_at), reviewed_by = COALESCE($5, reviewed_by) WHERE id = $6`,
			to, reason, tx.Now(), published, reviewer, course); err != nil {
			return err
		}
		if kind := courseDecisionNotes[decision]; kind != "" && s.notes != nil {
			authors, err := collect1[int64](ctx, tx, `SELECT person_id FROM course_authors WHERE course_id = $1 ORDER BY person_id`, course)
			if err != nil {
				return err
			}
			for _, a := range authors {
				if a != by {
					if err := s.notes.notify(ctx, tx, a, note{kind: kind, course: course, actor: by}); err != nil {
						return err
					}
				}
			}
		}
		return audit(ctx, tx, civhub.AuditEntry{ActorID: by, Action: civhub.AuditCourseReviewed, Detail: civhub.AuditDetail{
			Key: "audit.detail.course_status", Args: map[string]string{"Course": c.Title}, Terms: map[string]string{"Status": "course_status." + to}}.String()})
	})
}

// SetTrainer implements civhub.CourseService.
func (s *CourseService) SetTrainer(ctx context.Context, person int64, trainer bool, by int64) error {
	return s.db.Update(ctx, func(tx *Tx) error {
		return setPersonRole(ctx, tx, "trainer_since", person, trainer, by, civhub.AuditTrainer, "audit.detail.trainer_granted",
			"audit.detail.trainer_removed")
	})
}

// setPersonRole grants (on) or takes back a role administrators give people, kept as the time it
// was given in column of people, and audits it: trainers write courses, curators vet challenges.
func setPersonRole(ctx context.Context, tx *Tx, column string, person int64, on bool, by int64, action, granted, removed string) error {
	since := any(nil)
	if on {
		since = tx.Now()
	}
	res, err := tx.ExecContext(ctx, `UPDATE people SET `+column+` = CASE WHEN $1 THEN COALESCE(`+column+`, $2) END WHERE id = $3`,
		on, since, person)
	if err != nil {
		return err
	}
	if n, _ := res.RowsAffected(); n != 1 {
		return civhub.Errorf(civhub.ENOTFOUND, "No such person.")
	}
	key := removed
	if on {
		key = granted
	}
	return audit(ctx, tx, civhub.AuditEntry{ActorID: by, PersonID: person, Action: action, Detail: civhub.AuditDetail{Key: key}.String()})
}

// SetTrainerOrganization implements civhub.CourseService.
func (s *CourseService) SetTrainerOrganization(ctx context.Context, org int64, trainer bool, by int64) error {
	return s.db.Update(ctx, func(tx *Tx) error {
		since := any(nil)
		if trainer {
			since = tx.Now()
		}
		res, err := tx.ExecContext(ctx, `UPDATE organizations SET trainer_since = CASE WHEN $1 THEN COALESCE(trainer_since, $2) END
			WHERE id = $3`, trainer, since, org)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n != 1 {
			return civhub.Errorf(civhub.ENOTFOUND, "No such organization.")
		}
		key := "audit.detail.trainer_org_removed"
		if trainer {
			key = "audit.detail.trainer_org_granted"
		}
		return audit(ctx, tx, civhub.AuditEntry{ActorID: by, OrganizationID: org, Action: civhub.AuditTrainer,
			Detail: civhub.AuditDetail{Key: key}.String()})
	})
}

// KnownCourse implements civhub.Prerequisites: a task may require a published course.
func (s *CourseService) KnownCourse(ctx context.Context, slug string) (bool, error) {
	var n int
	err := s.db.read.QueryRowContext(ctx, `SELECT COUNT(*) FROM courses WHERE slug = $1 AND status = $2`, slug, civhub.CoursePublished).Scan(&n)
	return n > 0, err
}

// Missing implements civhub.Prerequisites: one index lookup per required course.
func (s *CourseService) Missing(ctx context.Context, person int64, required []string) ([]string, error) {
	if len(required) == 0 {
		return nil, nil
	}
	args := []any{person}
	params := make([]string, len(required))
	for i, slug := range required {
		args = append(args, slug)
		params[i] = "$" + strconv.Itoa(i+2)
	}
	done, err := collect1[string](ctx, s.db.read, `SELECT slug FROM course_completions WHERE person_id = $1 AND slug IN (`+
		strings.Join(params, ", ")+`)`, args...)
	if err != nil {
		return nil, err
	}
	var missing []string
	for _, slug := range required {
		if !slices.Contains(done, slug) {
			missing = append(missing, slug)
		}
	}
	return missing, nil
}

// OpenLesson implements civhub.CourseService: progress keeps the furthest lesson opened.
func (s *CourseService) OpenLesson(ctx context.Context, person, course int64, position int) error {
	return s.db.Update(ctx, func(tx *Tx) error { return openLesson(ctx, tx, person, course, position) })
}

func openLesson(ctx context.Context, tx *Tx, person, course int64, position int) error {
	_, err := tx.ExecContext(ctx, `INSERT INTO course_progress (person_id, course_id, position, updated_at) VALUES ($1, $2, $3, $4)
		ON CONFLICT (person_id, course_id) DO UPDATE SET updated_at = excluded.updated_at,
		position = CASE WHEN excluded.position > course_progress.position THEN excluded.position ELSE course_progress.position END`,
		person, course, position, tx.Now())
	return err
}

// TakeQuiz implements civhub.CourseService. The completion is written in the attempt's
// transaction; its key (person, slug) keeps two passing attempts at once from writing two.
func (s *CourseService) TakeQuiz(ctx context.Context, a *civhub.Attempt) (completed bool, err error) {
	if len(a.Answers) > civhub.MaxQuestions {
		return false, civhub.E(civhub.EINVALID, "err.answers_many", "That is more answers than the quiz has questions.")
	}
	for i := range a.Answers {
		if len([]rune(a.Answers[i].Text)) > 500 || len(a.Answers[i].Chosen) > 8 {
			return false, civhub.FieldError(fmt.Sprintf("q%d", a.Answers[i].QuestionID), "err.answer_long", "Keep each answer under 500 characters.")
		}
	}
	err = s.db.Update(ctx, func(tx *Tx) error {
		c, err := findCourseByID(ctx, tx, a.CourseID)
		if err != nil {
			return err
		}
		if c.Status != civhub.CoursePublished {
			return civhub.E(civhub.ECONFLICT, "err.course_not_published", "This course is not published: its quiz opens when it is.")
		}
		lessons, err := readLessons(ctx, tx, c.ID)
		if err != nil {
			return err
		}
		i := slices.IndexFunc(lessons, func(l *civhub.Lesson) bool { return l.ID == a.LessonID })
		if i < 0 || len(lessons[i].Questions) == 0 {
			return errLessonNotFound
		}
		if err := hit(ctx, tx, quizLimit, strconv.FormatInt(a.PersonID, 10)); err != nil {
			return err
		}
		a.Score, a.Right, a.Passed = civhub.QuizScore(lessons[i].Questions, a.Answers, c.PassMark)
		a.CreatedAt = tx.Now()
		answers, err := json.Marshal(nonNil(a.Answers))
		if err != nil {
			return err
		}
		right, err := json.Marshal(a.Right)
		if err != nil {
			return err
		}
		if err := tx.QueryRowContext(ctx, `INSERT INTO quiz_attempts (person_id, course_id, lesson_id, answers, right_answers, score, passed, created_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id`, a.PersonID, c.ID, a.LessonID, string(answers), string(right), a.Score, a.Passed,
			a.CreatedAt).Scan(&a.ID); err != nil {
			return fmt.Errorf("insert attempt: %w", err)
		}
		if err := openLesson(ctx, tx, a.PersonID, c.ID, lessons[i].Position); err != nil {
			return err
		}
		if !a.Passed {
			return nil
		}
		// The course is finished when every quiz of it has a passing attempt; its score is the lowest
		// of the quizzes' best.
		var left, lowest int
		if err := tx.QueryRowContext(ctx, `SELECT
			(SELECT COUNT(*) FROM lessons l WHERE l.course_id = $1 AND EXISTS (SELECT 1 FROM questions q WHERE q.lesson_id = l.id)
				AND NOT EXISTS (SELECT 1 FROM quiz_attempts x WHERE x.person_id = $2 AND x.lesson_id = l.id AND x.passed)),
			(SELECT COALESCE(MIN(best), 0) FROM (SELECT MAX(x.score) AS best FROM quiz_attempts x
				WHERE x.person_id = $2 AND x.course_id = $1 GROUP BY x.lesson_id) b)`, c.ID, a.PersonID).Scan(&left, &lowest); err != nil {
			return err
		}
		if left > 0 {
			return nil
		}
		completed = true
		_, err = tx.ExecContext(ctx, `INSERT INTO course_completions (person_id, slug, course_id, title, language, score, completed_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (person_id, slug) DO NOTHING`, a.PersonID, c.Slug, c.ID, c.Title, c.Language,
			lowest, tx.Now())
		return err
	})
	return completed, err
}

// Progress implements civhub.CourseService.
func (s *CourseService) Progress(ctx context.Context, person, course int64) ([]*civhub.Progress, error) {
	var out []*civhub.Progress
	err := s.db.View(ctx, func(tx *Tx) error {
		where, args := "pr.person_id = $1", []any{person}
		if course != 0 {
			where, args = where+" AND pr.course_id = $2", append(args, course)
		}
		var err error
		out, err = collect(ctx, tx, func(r scanner) (*civhub.Progress, error) {
			p := &civhub.Progress{Best: map[int64]int{}, Passed: map[int64]bool{}}
			var done sql.NullTime
			c, err := scanCourse(scanWith(r, &p.Position, &p.UpdatedAt, &done))
			p.Course, p.Completed, p.UpdatedAt = c, timePtr(done), p.UpdatedAt.UTC()
			return p, err
		}, `SELECT `+courseColumns+`, pr.position, pr.updated_at, cc.completed_at FROM course_progress pr
			JOIN courses c ON c.id = pr.course_id
			LEFT JOIN course_completions cc ON cc.person_id = pr.person_id AND cc.slug = c.slug
			WHERE `+where+` ORDER BY pr.updated_at DESC, c.id DESC LIMIT 100`, args...)
		if err != nil || course == 0 || len(out) == 0 {
			return err
		}
		p := out[0]
		return eachRow(ctx, tx, func(r scanner) error {
			var lesson int64
			var best int
			var passed bool
			if err := r.Scan(&lesson, &best, &passed); err != nil {
				return err
			}
			p.Best[lesson], p.Passed[lesson] = best, passed
			return nil
		}, `SELECT lesson_id, MAX(score), MAX(CASE WHEN passed THEN 1 ELSE 0 END) = 1 FROM quiz_attempts
			WHERE person_id = $1 AND course_id = $2 GROUP BY lesson_id`, person, course)
	})
	return out, err
}

// Completions implements civhub.CourseService.
func (s *CourseService) Completions(ctx context.Context, person int64) ([]civhub.Completion, error) {
	return completions(ctx, s.db.read, person)
}

// completions reads the courses person finished, most recent first.
func completions(ctx context.Context, q querier, person int64) ([]civhub.Completion, error) {
	return collect(ctx, q, func(r scanner) (c civhub.Completion, err error) {
		err = r.Scan(&c.Slug, &c.CourseID, &c.Title, &c.Language, &c.Score, &c.CompletedAt)
		c.CompletedAt = c.CompletedAt.UTC()
		return
	}, `SELECT slug, COALESCE(course_id, 0), title, language, score, completed_at FROM course_completions
		WHERE person_id = $1 ORDER BY completed_at DESC, slug LIMIT 500`, person)
}

// exportLearning fills x with everything civhub keeps of person's learning.
func exportLearning(ctx context.Context, tx *Tx, x *civhub.LearningExport, person int64) error {
	var since sql.NullTime
	if err := tx.QueryRowContext(ctx, `SELECT trainer_since FROM people WHERE id = $1`, person).Scan(&since); err != nil {
		return err
	}
	x.TrainerSince = timePtr(since)
	var err error
	if x.Progress, err = collect(ctx, tx, func(r scanner) (p civhub.CourseProgress, err error) {
		err = r.Scan(&p.CourseID, &p.Position, &p.UpdatedAt)
		p.UpdatedAt = p.UpdatedAt.UTC()
		return
	}, `SELECT course_id, position, updated_at FROM course_progress WHERE person_id = $1 ORDER BY course_id`, person); err != nil {
		return err
	}
	if x.Attempts, err = collect(ctx, tx, func(r scanner) (a civhub.Attempt, err error) {
		var answers, right string
		if err = r.Scan(&a.ID, &a.CourseID, &a.LessonID, &answers, &right, &a.Score, &a.Passed, &a.CreatedAt); err != nil {
			return
		}
		a.PersonID, a.CreatedAt = person, a.CreatedAt.UTC()
		err = errors.Join(json.Unmarshal([]byte(answers), &a.Answers), json.Unmarshal([]byte(right), &a.Right))
		return
	}, `SELECT id, course_id, lesson_id, answers, right_answers, score, passed, created_at FROM quiz_attempts
		WHERE person_id = $1 ORDER BY id`, person); err != nil {
		return err
	}
	if x.Completions, err = completions(ctx, tx, person); err != nil {
		return err
	}
	x.Authored, err = collect1[string](ctx, tx, `SELECT c.slug || '/' || c.language FROM course_authors ca
		JOIN courses c ON c.id = ca.course_id WHERE ca.person_id = $1 ORDER BY c.slug, c.language`, person)
	return err
}

// courseImageLimit bounds the images one person adds to courses in a day.
var courseImageLimit = newLimit("course_image", 100, 24*time.Hour)

// AddImage implements civhub.CourseService.
func (s *CourseService) AddImage(ctx context.Context, course int64, png []byte, by int64) (int64, error) {
	var id int64
	err := s.db.Update(ctx, func(tx *Tx) error {
		if _, err := findCourseByID(ctx, tx, course); err != nil {
			return err
		}
		var n int
		if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM course_images WHERE course_id = $1`, course).Scan(&n); err != nil {
			return err
		}
		if n >= civhub.MaxCourseImages {
			return civhub.E(civhub.ECONFLICT, "err.course_images_full", "A course may have at most 50 images.")
		}
		if err := hit(ctx, tx, courseImageLimit, strconv.FormatInt(by, 10)); err != nil {
			return err
		}
		return tx.QueryRowContext(ctx, `INSERT INTO course_images (course_id, data, added_by, created_at) VALUES ($1, $2, $3, $4) RETURNING id`,
			course, png, by, tx.Now()).Scan(&id)
	})
	return id, err
}

// Images implements civhub.CourseService.
func (s *CourseService) Images(ctx context.Context, course int64) ([]int64, error) {
	var out []int64
	err := s.db.View(ctx, func(tx *Tx) (err error) {
		out, err = collect1[int64](ctx, tx, `SELECT id FROM course_images WHERE course_id = $1 ORDER BY id`, course)
		return err
	})
	return out, err
}

// Image implements civhub.CourseService.
func (s *CourseService) Image(ctx context.Context, course, id int64) ([]byte, error) {
	var data []byte
	err := s.db.View(ctx, func(tx *Tx) error {
		err := tx.QueryRowContext(ctx, `SELECT i.data FROM course_images i JOIN courses c ON c.id = $1
			WHERE i.id = $2 AND (i.course_id = c.id OR i.course_id = c.translation_of)`, course, id).Scan(&data)
		if errors.Is(err, sql.ErrNoRows) {
			return civhub.E(civhub.ENOTFOUND, "err.no_file", "There is no such file.")
		}
		return err
	})
	return data, err
}
