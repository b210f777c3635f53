package sqldb_test

import (
	"context"
	"slices"
	"sync"
	"testing"

	"civhub"
	"civhub/sqldb"
	"civhub/sqldb/sqldbtest"
)

// frenchCourse is a course on safe accounts with two lessons, the second a quiz of three questions:
// one choice, several choices, a short answer.
func frenchCourse(t *testing.T, courses *sqldb.CourseService, by int64) (*civhub.Course, *civhub.Lesson) {
	t.Helper()
	ctx := context.Background()
	c := &civhub.Course{Slug: "comptes-surs", Language: "fr", Title: "Des comptes sûrs", Summary: "Protéger les comptes de l'association.",
		Level: civhub.LevelBeginner, Minutes: 30, PassMark: 70}
	if err := courses.CreateCourse(ctx, c, by); err != nil {
		t.Fatal(err)
	}
	intro := &civhub.Lesson{Title: "Pourquoi", Body: "Un mot de passe **par compte**."}
	quiz := &civhub.Lesson{Title: "Vérifions", Body: "Trois questions."}
	for _, l := range []*civhub.Lesson{intro, quiz} {
		if err := courses.SaveLesson(ctx, c.ID, l, by); err != nil {
			t.Fatal(err)
		}
	}
	for _, q := range []*civhub.Question{
		{Kind: civhub.QuestionSingle, Prompt: "Un mot de passe pour tous les comptes ?", Choices: []string{"Oui", "Non"}, Correct: []int{1},
			Explanation: "Un mot de passe volé ouvrirait tout."},
		{Kind: civhub.QuestionMultiple, Prompt: "Qu'est-ce qui protège un compte ?", Choices: []string{"Double authentification", "Un post-it", "Un gestionnaire de mots de passe"},
			Correct: []int{2, 0}},
		{Kind: civhub.QuestionShort, Prompt: "Comment s'appelle un faux message qui vole un mot de passe ?", Accepted: []string{"hameçonnage", "phishing"}},
	} {
		q.LessonID = quiz.ID
		if err := courses.SaveQuestion(ctx, c.ID, q, by); err != nil {
			t.Fatal(err)
		}
	}
	return c, quiz
}

// TestCourseGatesTasks walks the issue's first story in storage: a trainer writes a course, a
// moderator publishes it, a task requires it, a volunteer fails its quiz, passes, and may then
// join; finishing the course in another language counts too.
func TestCourseGatesTasks(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		w := newNeedWorld(t, db)
		courses := sqldb.NewCourseService(db)
		w.needs.SetPrerequisites(courses)
		trainer, moderator := verifiedPerson(t, db, "amina@example.org"), verifiedPerson(t, db, "mod@example.org")
		people := sqldb.NewPersonService(db)
		if err := people.SetSiteRole(ctx, moderator.ID, civhub.RoleModerator, moderator.ID); err != nil {
			t.Fatal(err)
		}
		if err := courses.SetTrainer(ctx, trainer.ID, true, moderator.ID); err != nil {
			t.Fatal(err)
		}
		if p, err := people.FindPersonByID(ctx, trainer.ID); err != nil || p.TrainerSince == nil {
			t.Fatalf("trainer: %+v, %v", p, err)
		}
		c, quiz := frenchCourse(t, courses, trainer.ID)

		// A draft cannot be required, and cannot be quizzed.
		if known, err := courses.KnownCourse(ctx, c.Slug); err != nil || known {
			t.Fatalf("a draft is known: %v %v", known, err)
		}
		if err := courses.SubmitCourse(ctx, c.ID, trainer.ID); err != nil {
			t.Fatal(err)
		}
		if err := courses.SubmitCourse(ctx, c.ID, trainer.ID); civhub.ErrorCode(err) != civhub.ECONFLICT {
			t.Fatalf("sending it twice: %v", err)
		}
		if err := courses.ReviewCourse(ctx, c.ID, civhub.CourseDecideReturn, "", moderator.ID); civhub.ErrorCode(err) != civhub.EINVALID {
			t.Fatalf("sent back without a reason: %v", err)
		}
		if err := courses.ReviewCourse(ctx, c.ID, civhub.CourseDecidePublish, "", moderator.ID); err != nil {
			t.Fatal(err)
		}
		got, err := courses.FindCourse(ctx, c.Slug, "fr")
		if err != nil {
			t.Fatal(err)
		}
		if got.Reviewer == nil || got.Reviewer.ID != moderator.ID {
			t.Fatalf("the course's reviewer: %+v", got.Reviewer)
		}
		if got.Status != civhub.CoursePublished || len(got.Lessons) != 2 || len(got.Lessons[1].Questions) != 3 || len(got.Authors) != 1 ||
			got.Authors[0].ID != trainer.ID || !slices.Equal(got.Lessons[1].Questions[1].Correct, []int{0, 2}) ||
			got.Lessons[1].Questions[2].Accepted[0] != "hameçonnage" {
			t.Fatalf("read back: %+v %+v", got, got.Lessons)
		}

		task := w.task(t, "Sécuriser les comptes", "data_entry", 2, func(x *civhub.Task) { x.Courses = []string{c.Slug} })
		learner := verifiedPerson(t, db, "jean@example.org")
		if _, err := w.needs.Act(ctx, civhub.ActRequest{Action: civhub.ActClaim, TaskID: task.ID, By: learner.ID}); err != civhub.ErrCoursesMissing {
			t.Fatalf("claiming before the course: %v", err)
		}

		// A first try fails: the short answer is wrong and one choice is missing.
		qs := got.Lessons[1].Questions
		a := &civhub.Attempt{PersonID: learner.ID, CourseID: c.ID, LessonID: quiz.ID, Answers: []civhub.Answer{
			{QuestionID: qs[0].ID, Chosen: []int{1}}, {QuestionID: qs[1].ID, Chosen: []int{0}}, {QuestionID: qs[2].ID, Text: "spam"}}}
		if done, err := courses.TakeQuiz(ctx, a); err != nil || done || a.Passed || a.Score != 33 || !slices.Equal(a.Right, []bool{true, false, false}) {
			t.Fatalf("first try: done %v, %+v, %v", done, a, err)
		}
		if missing, err := courses.Missing(ctx, learner.ID, []string{c.Slug}); err != nil || !slices.Equal(missing, []string{c.Slug}) {
			t.Fatalf("missing after a failed try: %v %v", missing, err)
		}
		// The second passes: accents, case and dashes do not matter in a short answer.
		a2 := &civhub.Attempt{PersonID: learner.ID, CourseID: c.ID, LessonID: quiz.ID, Answers: []civhub.Answer{
			{QuestionID: qs[0].ID, Chosen: []int{1}}, {QuestionID: qs[1].ID, Chosen: []int{2, 0, 2}}, {QuestionID: qs[2].ID, Text: "  Hameconnage "}}}
		if done, err := courses.TakeQuiz(ctx, a2); err != nil || !done || !a2.Passed || a2.Score != 100 {
			t.Fatalf("second try: done %v, %+v, %v", done, a2, err)
		}
		if _, err := w.needs.Act(ctx, civhub.ActRequest{Action: civhub.ActClaim, TaskID: task.ID, By: learner.ID}); err != nil {
			t.Fatalf("claiming after the course: %v", err)
		}
		done, err := courses.Completions(ctx, learner.ID)
		if err != nil || len(done) != 1 || done[0].Slug != c.Slug || done[0].Score != 100 || done[0].Title != c.Title {
			t.Fatalf("completions: %+v %v", done, err)
		}
		// The certificate names the course: a course alone is something to certify.
		cert, err := w.needs.IssueCertificate(ctx, learner.ID)
		if err != nil || !slices.Equal(cert.Courses, []string{c.Title}) || cert.Minutes != 0 {
			t.Fatalf("certificate: %+v, %v", cert, err)
		}
		if again, err := w.needs.FindCertificate(ctx, cert.Code); err != nil || !slices.Equal(again.Courses, []string{c.Title}) {
			t.Fatalf("certificate read back: %+v, %v", again, err)
		}
		progress, err := courses.Progress(ctx, learner.ID, c.ID)
		if err != nil || len(progress) != 1 || progress[0].Position != 2 || progress[0].Completed == nil || progress[0].Best[quiz.ID] != 100 || !progress[0].Passed[quiz.ID] {
			t.Fatalf("progress: %+v %v", progress, err)
		}

		// An Arabic translation shares the slug: finishing it meets the requirement too.
		ar := &civhub.Course{TranslationOf: c.ID, Slug: c.Slug, Language: "ar", Title: "حسابات آمنة", Summary: "حماية حسابات الجمعية من السرقة.",
			Level: civhub.LevelBeginner, Minutes: 30, PassMark: 70}
		if err := courses.CreateCourse(ctx, ar, trainer.ID); err != nil {
			t.Fatal(err)
		}
		dup := *ar
		if err := courses.CreateCourse(ctx, &dup, trainer.ID); civhub.ErrorCode(err) != civhub.EINVALID {
			t.Fatalf("a second Arabic translation: %v", err)
		}
		arQuiz := &civhub.Lesson{Title: "سؤال", Body: "سؤال واحد."}
		if err := courses.SaveLesson(ctx, ar.ID, arQuiz, trainer.ID); err != nil {
			t.Fatal(err)
		}
		arQ := &civhub.Question{LessonID: arQuiz.ID, Kind: civhub.QuestionShort, Prompt: "ما اسم الرسالة المزيفة؟", Accepted: []string{"تصيد"}}
		if err := courses.SaveQuestion(ctx, ar.ID, arQ, trainer.ID); err != nil {
			t.Fatal(err)
		}
		if err := courses.SubmitCourse(ctx, ar.ID, moderator.ID); err != nil { // a moderator's own sending publishes
			t.Fatal(err)
		}
		if got, err := courses.FindCourse(ctx, c.Slug, "fr"); err != nil || !slices.Equal(got.Translations, []string{"ar"}) {
			t.Fatalf("translations of the French course: %v %v", got.Translations, err)
		}
		other := verifiedPerson(t, db, "layla@example.org")
		if _, err := courses.TakeQuiz(ctx, &civhub.Attempt{PersonID: other.ID, CourseID: ar.ID, LessonID: arQuiz.ID,
			Answers: []civhub.Answer{{QuestionID: arQ.ID, Text: "تصيد"}}}); err != nil {
			t.Fatal(err)
		}
		if missing, err := courses.Missing(ctx, other.ID, []string{c.Slug}); err != nil || len(missing) != 0 {
			t.Fatalf("finished in Arabic, missing %v %v", missing, err)
		}
		// A quiz of another course's lesson is refused.
		if _, err := courses.TakeQuiz(ctx, &civhub.Attempt{PersonID: other.ID, CourseID: c.ID, LessonID: arQuiz.ID}); civhub.ErrorCode(err) != civhub.ENOTFOUND {
			t.Fatalf("a lesson of another course: %v", err)
		}

		list, err := courses.ListCourses(ctx, civhub.CourseFilter{Query: "comptes", Language: "fr"})
		if err != nil || len(list) != 1 || list[0].ID != c.ID || len(list[0].Authors) != 1 {
			t.Fatalf("search: %+v %v", list, err)
		}
		if mine, err := courses.ListCourses(ctx, civhub.CourseFilter{Author: trainer.ID}); err != nil || len(mine) != 2 {
			t.Fatalf("the trainer's courses: %d %v", len(mine), err)
		}
	})
}

// TestCourseEditing: lessons and questions renumber when one goes, a lesson of another course
// cannot be touched, and a course without a quiz cannot be sent.
func TestCourseEditing(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		courses := sqldb.NewCourseService(db)
		trainer := verifiedPerson(t, db, "amina@example.org")
		c := &civhub.Course{Slug: "tableur", Language: "fr", Title: "Un tableur pour vos membres", Summary: "Tenir la liste des membres dans un tableur.",
			Level: civhub.LevelBeginner, Minutes: 20, PassMark: 80}
		if err := courses.CreateCourse(ctx, c, trainer.ID); err != nil {
			t.Fatal(err)
		}
		taken := *c
		if err := courses.CreateCourse(ctx, &taken, trainer.ID); err == nil || civhub.ErrorCode(err) != civhub.EINVALID {
			t.Fatalf("a taken slug: %v", err)
		}
		var lessons []*civhub.Lesson
		for _, title := range []string{"Un", "Deux", "Trois", "Quatre"} {
			l := &civhub.Lesson{Title: title}
			if err := courses.SaveLesson(ctx, c.ID, l, trainer.ID); err != nil {
				t.Fatal(err)
			}
			lessons = append(lessons, l)
		}
		if err := courses.SubmitCourse(ctx, c.ID, trainer.ID); civhub.ErrorCode(err) != civhub.ECONFLICT {
			t.Fatalf("sending a course without a quiz: %v", err)
		}
		if err := courses.DeleteLesson(ctx, c.ID, lessons[1].ID, trainer.ID); err != nil {
			t.Fatal(err)
		}
		got, err := courses.FindCourse(ctx, "tableur", "fr")
		if err != nil {
			t.Fatal(err)
		}
		var titles []string
		for i, l := range got.Lessons {
			titles = append(titles, l.Title)
			if l.Position != i+1 {
				t.Fatalf("lesson %q at %d", l.Title, l.Position)
			}
		}
		if !slices.Equal(titles, []string{"Un", "Trois", "Quatre"}) {
			t.Fatalf("lessons %v", titles)
		}
		other := &civhub.Course{Slug: "autre", Language: "fr", Title: "Un autre cours", Summary: "Un autre cours, pour voir.",
			Level: civhub.LevelBeginner, Minutes: 20, PassMark: 80}
		if err := courses.CreateCourse(ctx, other, trainer.ID); err != nil {
			t.Fatal(err)
		}
		if err := courses.SaveLesson(ctx, other.ID, &civhub.Lesson{ID: lessons[0].ID, Title: "Volé"}, trainer.ID); civhub.ErrorCode(err) != civhub.ENOTFOUND {
			t.Fatalf("saving another course's lesson: %v", err)
		}
		if err := courses.DeleteLesson(ctx, other.ID, lessons[0].ID, trainer.ID); civhub.ErrorCode(err) != civhub.ENOTFOUND {
			t.Fatalf("deleting another course's lesson: %v", err)
		}
		bad := &civhub.Question{LessonID: lessons[0].ID, Kind: civhub.QuestionSingle, Prompt: "Laquelle ?", Choices: []string{"A", "B"}, Correct: []int{0, 1}}
		if err := courses.SaveQuestion(ctx, c.ID, bad, trainer.ID); civhub.ErrorCode(err) != civhub.EINVALID {
			t.Fatalf("a single-choice question with two right answers: %v", err)
		}
		var qs []*civhub.Question
		for _, p := range []string{"Première ?", "Deuxième ?", "Troisième ?"} {
			q := &civhub.Question{LessonID: lessons[0].ID, Kind: civhub.QuestionShort, Prompt: p, Accepted: []string{"oui"}}
			if err := courses.SaveQuestion(ctx, c.ID, q, trainer.ID); err != nil {
				t.Fatal(err)
			}
			qs = append(qs, q)
		}
		if err := courses.DeleteQuestion(ctx, other.ID, qs[0].ID, trainer.ID); civhub.ErrorCode(err) != civhub.ENOTFOUND {
			t.Fatalf("deleting another course's question: %v", err)
		}
		if err := courses.DeleteQuestion(ctx, c.ID, qs[0].ID, trainer.ID); err != nil {
			t.Fatal(err)
		}
		got, _ = courses.FindCourse(ctx, "tableur", "fr")
		if q := got.Lessons[0].Questions; len(q) != 2 || q[0].Prompt != "Deuxième ?" || q[0].Position != 1 || q[1].Position != 2 {
			t.Fatalf("questions after a delete: %+v", q)
		}
		if err := courses.SubmitCourse(ctx, c.ID, trainer.ID); err != nil {
			t.Fatal(err)
		}
		if got, _ := courses.FindCourse(ctx, "tableur", "fr"); got.Status != civhub.CourseInReview {
			t.Fatalf("status %s", got.Status)
		}
	})
}

// TestCourseCompletedOnce: many passing attempts at once write one completion.
func TestCourseCompletedOnce(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		courses := sqldb.NewCourseService(db)
		moderator := verifiedPerson(t, db, "mod@example.org")
		if err := sqldb.NewPersonService(db).SetSiteRole(ctx, moderator.ID, civhub.RoleModerator, moderator.ID); err != nil {
			t.Fatal(err)
		}
		c, quiz := frenchCourse(t, courses, moderator.ID)
		if err := courses.SubmitCourse(ctx, c.ID, moderator.ID); err != nil {
			t.Fatal(err)
		}
		got, _ := courses.FindCourse(ctx, c.Slug, "fr")
		qs := got.Lessons[1].Questions
		learner := verifiedPerson(t, db, "jean@example.org")
		var wg sync.WaitGroup
		errs := make(chan error, 8)
		for range 8 {
			wg.Go(func() {
				_, err := courses.TakeQuiz(ctx, &civhub.Attempt{PersonID: learner.ID, CourseID: c.ID, LessonID: quiz.ID, Answers: []civhub.Answer{
					{QuestionID: qs[0].ID, Chosen: []int{1}}, {QuestionID: qs[1].ID, Chosen: []int{0, 2}}, {QuestionID: qs[2].ID, Text: "phishing"}}})
				errs <- err
			})
		}
		wg.Wait()
		close(errs)
		for err := range errs {
			if err != nil {
				t.Fatal(err)
			}
		}
		if n := count(t, db, `SELECT COUNT(*) FROM course_completions WHERE person_id = $1`, learner.ID); n != 1 {
			t.Fatalf("%d completions", n)
		}
		if n := count(t, db, `SELECT COUNT(*) FROM quiz_attempts WHERE person_id = $1`, learner.ID); n != 8 {
			t.Fatalf("%d attempts", n)
		}
	})
}

// TestTranslateCourse: a translation starts as a draft of its translator's with every lesson and
// question copied, linked to the original (a translation of a translation too), and a language is
// translated once.
func TestTranslateCourse(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		courses := sqldb.NewCourseService(db)
		author, translator := verifiedPerson(t, db, "amina@example.org"), verifiedPerson(t, db, "salma@example.org")
		c, _ := frenchCourse(t, courses, author.ID)
		ar, err := courses.TranslateCourse(ctx, c.ID, "ar", translator.ID)
		if err != nil {
			t.Fatal(err)
		}
		got, err := courses.FindCourse(ctx, c.Slug, "ar")
		if err != nil {
			t.Fatal(err)
		}
		src, _ := courses.FindCourse(ctx, c.Slug, "fr")
		if got.ID != ar.ID || got.Status != civhub.CourseDraft || got.TranslationOf != c.ID || len(got.Authors) != 1 ||
			got.Authors[0].ID != translator.ID || len(got.Lessons) != 2 || got.Questions() != src.Questions() ||
			!slices.Equal(got.Lessons[1].Questions[1].Correct, src.Lessons[1].Questions[1].Correct) ||
			got.Lessons[1].Questions[2].Accepted[1] != "phishing" {
			t.Fatalf("the translation: %+v", got)
		}
		if _, err := courses.TranslateCourse(ctx, c.ID, "ar", author.ID); civhub.ErrorCode(err) != civhub.EINVALID {
			t.Fatalf("Arabic again: %v", err)
		}
		es, err := courses.TranslateCourse(ctx, ar.ID, "es", translator.ID)
		if err != nil || es.TranslationOf != c.ID {
			t.Fatalf("a translation of the translation: %+v, %v", es, err)
		}
	})
}

// TestCourseDecisionsTellAuthors: a course's authors hear when a moderator sends it back or
// publishes it, with a link to the course; the moderator's own decisions on their own course are
// nobody's news.
func TestCourseDecisionsTellAuthors(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		notes := newNotes(t, db)
		courses := sqldb.NewCourseService(db)
		courses.SetNotes(notes)
		author, moderator := verifiedPerson(t, db, "amina@example.org"), verifiedPerson(t, db, "mod@example.org")
		if err := sqldb.NewPersonService(db).SetSiteRole(ctx, moderator.ID, civhub.RoleModerator, moderator.ID); err != nil {
			t.Fatal(err)
		}
		c, _ := frenchCourse(t, courses, author.ID)
		for _, step := range []struct {
			decision, reason, kind string
		}{
			{civhub.CourseDecideReturn, "Ajoutez une explication à la deuxième question.", civhub.NoteCourseReturned},
			{civhub.CourseDecidePublish, "", civhub.NoteCoursePublished},
		} {
			if err := courses.SubmitCourse(ctx, c.ID, author.ID); err != nil {
				t.Fatal(err)
			}
			if err := courses.ReviewCourse(ctx, c.ID, step.decision, step.reason, moderator.ID); err != nil {
				t.Fatal(err)
			}
			list, err := notes.Notifications(ctx, author.ID, 0, false, 10)
			if err != nil || len(list) == 0 {
				t.Fatalf("after %s: %v, %v", step.decision, list, err)
			}
			n := list[0]
			if n.Kind != step.kind || n.Task != c.Title || n.Path() != "/courses/comptes-surs/fr" || n.Actor == "" {
				t.Fatalf("after %s: %+v (path %s)", step.decision, n, n.Path())
			}
			if mine, _ := notes.Notifications(ctx, moderator.ID, 0, false, 10); len(mine) != 0 {
				t.Fatalf("the moderator was told of their own decision: %+v", mine)
			}
		}
	})
}

// TestMoveLesson: lessons trade places, questions stay with their lesson, and neither end moves
// further.
func TestMoveLesson(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		courses := sqldb.NewCourseService(db)
		author := verifiedPerson(t, db, "amina@example.org")
		c, quiz := frenchCourse(t, courses, author.ID)
		if err := courses.MoveLesson(ctx, c.ID, quiz.ID, true, author.ID); err != nil {
			t.Fatal(err)
		}
		got, _ := courses.FindCourse(ctx, c.Slug, c.Language)
		if got.Lessons[0].ID != quiz.ID || got.Lessons[0].Position != 1 || len(got.Lessons[0].Questions) != 3 || got.Lessons[1].Position != 2 {
			t.Fatalf("after moving the quiz up: %+v %+v", got.Lessons[0], got.Lessons[1])
		}
		if err := courses.MoveLesson(ctx, c.ID, quiz.ID, true, author.ID); civhub.ErrorCode(err) != civhub.ECONFLICT {
			t.Fatalf("moving the first lesson up: %v", err)
		}
		if err := courses.MoveLesson(ctx, c.ID, got.Lessons[1].ID, false, author.ID); civhub.ErrorCode(err) != civhub.ECONFLICT {
			t.Fatalf("moving the last lesson down: %v", err)
		}
		if err := courses.MoveLesson(ctx, c.ID+1000, quiz.ID, false, author.ID); civhub.ErrorCode(err) != civhub.ENOTFOUND {
			t.Fatalf("a lesson of another course: %v", err)
		}
	})
}

// TestCourseImages: a course's images are read through the course or its translations, and
// through no other course.
func TestCourseImages(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		courses := sqldb.NewCourseService(db)
		trainer := verifiedPerson(t, db, "amina@example.org")
		c, _ := frenchCourse(t, courses, trainer.ID)
		id, err := courses.AddImage(ctx, c.ID, []byte("\x89PNG fake"), trainer.ID)
		if err != nil {
			t.Fatal(err)
		}
		if ids, err := courses.Images(ctx, c.ID); err != nil || len(ids) != 1 || ids[0] != id {
			t.Fatalf("images: %v %v", ids, err)
		}
		en, err := courses.TranslateCourse(ctx, c.ID, "en", trainer.ID)
		if err != nil {
			t.Fatal(err)
		}
		for _, course := range []int64{c.ID, en.ID} {
			if data, err := courses.Image(ctx, course, id); err != nil || string(data) != "\x89PNG fake" {
				t.Fatalf("through course %d: %q %v", course, data, err)
			}
		}
		other := &civhub.Course{Slug: "autre-cours", Language: "fr", Title: "Un autre cours", Summary: "Un autre cours, sans images.",
			Level: civhub.LevelBeginner, Minutes: 10, PassMark: 70}
		if err := courses.CreateCourse(ctx, other, trainer.ID); err != nil {
			t.Fatal(err)
		}
		if _, err := courses.Image(ctx, other.ID, id); civhub.ErrorCode(err) != civhub.ENOTFOUND {
			t.Fatalf("through another course: %v", err)
		}
	})
}

// TestTrainerOrganization: an organization made a trainer says so in its members' memberships,
// which is how their owners and admins may write courses.
func TestTrainerOrganization(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		w := newNeedWorld(t, db)
		orgs := newOrgs(t, db)
		courses := sqldb.NewCourseService(db)
		trainer := func() bool {
			t.Helper()
			ms, err := orgs.Memberships(ctx, w.owner.ID)
			if err != nil || len(ms) != 1 {
				t.Fatalf("memberships: %+v %v", ms, err)
			}
			return ms[0].Trainer
		}
		if trainer() {
			t.Fatal("a trainer before being made one")
		}
		if err := courses.SetTrainerOrganization(ctx, w.org.ID, true, w.owner.ID); err != nil {
			t.Fatal(err)
		}
		p, err := sqldb.NewPersonService(db).FindPersonByID(ctx, w.owner.ID)
		if err != nil {
			t.Fatal(err)
		}
		ms, _ := orgs.Memberships(ctx, w.owner.ID)
		if !trainer() || !civhub.NewActor(p, ms, nil).CanWriteCourses() {
			t.Fatal("the owner of a trainer organization may not write courses")
		}
		if o, err := orgs.FindOrganizationBySlug(ctx, w.org.Slug); err != nil || o.TrainerSince == nil {
			t.Fatalf("the organization: %+v %v", o, err)
		}
		if err := courses.SetTrainerOrganization(ctx, w.org.ID, false, w.owner.ID); err != nil || trainer() {
			t.Fatalf("taken back: %v", err)
		}
		if err := courses.SetTrainerOrganization(ctx, 999999, true, w.owner.ID); civhub.ErrorCode(err) != civhub.ENOTFOUND {
			t.Fatalf("no such organization: %v", err)
		}
	})
}
