package sqldb_test

import (
	"context"
	"fmt"
	"testing"

	"civhub"
	"civhub/curriculum"
	"civhub/sqldb"
	"civhub/sqldb/sqldbtest"
)

// BenchmarkCourses measures what learning adds to the core loop and what a learner waits for, with
// the whole curriculum installed and a learner who finished ten courses: the check before a join
// (Missing, for a task that requires two courses), a course page's read (FindCourse, five lessons
// and their questions) and a quiz attempt (TakeQuiz, graded and stored, the course finished again).
//
//	go test -run '^$' -bench Courses ./sqldb
func BenchmarkCourses(b *testing.B) {
	for _, d := range []sqldb.Dialect{sqldb.SQLite, sqldb.Postgres} {
		b.Run(string(d), func(b *testing.B) { benchmarkCourses(b, sqldbtest.Open(b, d)) })
	}
}

func benchmarkCourses(b *testing.B, db *sqldb.DB) {
	ctx := context.Background()
	people := sqldb.NewPersonService(db)
	var ids []int64
	for _, email := range []string{"moderator@example.org", "learner@example.org"} {
		p := &civhub.Person{Email: email, DisplayName: "P", Locale: "en"}
		if err := people.CreatePerson(ctx, p); err != nil {
			b.Fatal(err)
		}
		ids = append(ids, p.ID)
	}
	if err := people.SetSiteRole(ctx, ids[0], civhub.RoleModerator, ids[0]); err != nil {
		b.Fatal(err)
	}
	courses := sqldb.NewCourseService(db)
	if _, err := curriculum.Install(ctx, courses, ids[0], ids[0]); err != nil {
		b.Fatal(err)
	}
	c, err := courses.FindCourse(ctx, "safe-online", "fr")
	if err != nil {
		b.Fatal(err)
	}
	quiz := c.Lessons[len(c.Lessons)-1]
	var answers []civhub.Answer
	for _, q := range quiz.Questions {
		a := civhub.Answer{QuestionID: q.ID, Chosen: q.Correct}
		if q.Kind == civhub.QuestionShort {
			a.Text = q.Accepted[0]
		}
		answers = append(answers, a)
	}
	// Ten finished courses of the learner's, so that Missing looks among more than it needs.
	for i := range 10 {
		if _, err := db.Writer().ExecContext(ctx, `INSERT INTO course_completions (person_id, slug, title, language, score, completed_at)
			VALUES ($1, $2, 'T', 'en', 100, CURRENT_TIMESTAMP)`, ids[1], fmt.Sprintf("course-%d", i)); err != nil {
			b.Fatal(err)
		}
	}
	b.Run("missing", func(b *testing.B) {
		for b.Loop() {
			if missing, err := courses.Missing(ctx, ids[1], []string{"course-3", "safe-online"}); err != nil || len(missing) != 1 {
				b.Fatal(missing, err)
			}
		}
	})
	b.Run("find", func(b *testing.B) {
		for b.Loop() {
			if _, err := courses.FindCourse(ctx, "safe-online", "fr"); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("quiz", func(b *testing.B) {
		for b.Loop() {
			if _, err := db.Writer().ExecContext(ctx, `DELETE FROM rate_limits`); err != nil { // the quiz limit, which a benchmark passes
				b.Fatal(err)
			}
			if done, err := courses.TakeQuiz(ctx, &civhub.Attempt{PersonID: ids[1], CourseID: c.ID, LessonID: quiz.ID, Answers: answers}); err != nil || !done {
				b.Fatal(done, err)
			}
		}
	})
}
