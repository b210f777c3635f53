package curriculum_test

import (
	"context"
	"slices"
	"strings"
	"testing"

	"civhub"
	"civhub/curriculum"
	"civhub/sqldb"
	"civhub/sqldb/sqldbtest"
)

// TestEveryCourseInFourLanguages: each course of the curriculum exists in civhub's four languages,
// and its translations ask the same questions, of the same kinds, with the same right choices, so
// that finishing any of them means the same.
func TestEveryCourseInFourLanguages(t *testing.T) {
	list, err := curriculum.Courses()
	if err != nil {
		t.Fatal(err)
	}
	bySlug := map[string][]*civhub.Course{}
	for _, c := range list {
		bySlug[c.Slug] = append(bySlug[c.Slug], c)
	}
	if len(bySlug) == 0 {
		t.Fatal("no course")
	}
	for slug, versions := range bySlug {
		var langs []string
		for _, c := range versions {
			langs = append(langs, c.Language)
		}
		slices.Sort(langs)
		if !slices.Equal(langs, []string{"ar", "en", "es", "fr"}) {
			t.Errorf("%s is in %v", slug, langs)
		}
		en := versions[0]
		if en.Language != "en" {
			t.Fatalf("%s: the English original is not first", slug)
		}
		for _, c := range versions[1:] {
			if len(c.Lessons) != len(en.Lessons) || c.Minutes != en.Minutes || c.PassMark != en.PassMark || c.Level != en.Level {
				t.Errorf("%s/%s differs from the English in its shape", slug, c.Language)
				continue
			}
			for i, l := range c.Lessons {
				if len(l.Questions) != len(en.Lessons[i].Questions) {
					t.Errorf("%s/%s lesson %d: %d questions, English has %d", slug, c.Language, i+1, len(l.Questions), len(en.Lessons[i].Questions))
					continue
				}
				for j, q := range l.Questions {
					want := en.Lessons[i].Questions[j]
					if q.Kind != want.Kind || !slices.Equal(q.Correct, want.Correct) || len(q.Choices) != len(want.Choices) {
						t.Errorf("%s/%s question %q does not match the English %q", slug, c.Language, q.Prompt, want.Prompt)
					}
				}
			}
		}
	}
}

// TestParseRefuses: a broken file is refused with its line, not half read.
func TestParseRefuses(t *testing.T) {
	head := "---\ntitle: A course for tests\nsummary: What a test course teaches, in a sentence.\nlevel: beginner\nminutes: 10\npass_mark: 80\n---\n"
	for name, src := range map[string]string{
		"no header":         "# Lesson\nText.\n",
		"unknown field":     "---\ncolour: red\n---\n",
		"bad number":        strings.Replace(head, "minutes: 10", "minutes: ten", 1) + "# L\n? short: Q?\n= a\n",
		"text before":       head + "Stray text.\n# L\n? short: Q?\n= a\n",
		"bad question kind": head + "# L\n? essay: Write.\n",
		"bad question line": head + "# L\n? single: Which?\n- a\n* b\nloose text\n",
		"no right choice":   head + "# L\n? single: Which?\n- a\n- b\n",
		"no quiz":           head + "# L\nOnly text.\n",
	} {
		if _, err := curriculum.Parse("test.en.md", []byte(src)); err == nil {
			t.Errorf("%s: read without error", name)
		}
	}
	c, err := curriculum.Parse("test.en.md", []byte(head+"# One\nFirst *text*.\n\n- a list\n\n# Two\nSecond.\n\n? multiple: Which?\n* a\n- b\n* c\n> Because.\n> Truly.\n\n? short: Say it.\n= yes\n"))
	if err != nil {
		t.Fatal(err)
	}
	if len(c.Lessons) != 2 || c.Lessons[0].Body != "First *text*.\n\n- a list" || len(c.Lessons[1].Questions) != 2 ||
		!slices.Equal(c.Lessons[1].Questions[0].Correct, []int{0, 2}) || c.Lessons[1].Questions[0].Explanation != "Because. Truly." ||
		c.Lessons[1].Body != "Second." {
		t.Fatalf("read %+v %+v", c.Lessons[0], c.Lessons[1])
	}
}

// TestInstall puts the curriculum into a civhub twice (the second adds nothing), on both
// databases; its translations are linked, and its English quizzes pass with their right answers.
func TestInstall(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		people := sqldb.NewPersonService(db)
		var ids []int64
		for _, email := range []string{"trainer@example.org", "moderator@example.org", "learner@example.org"} {
			p := &civhub.Person{Email: email, DisplayName: "P", Locale: "en"}
			if err := people.CreatePerson(ctx, p); err != nil {
				t.Fatal(err)
			}
			ids = append(ids, p.ID)
		}
		if err := people.SetSiteRole(ctx, ids[1], civhub.RoleModerator, ids[1]); err != nil {
			t.Fatal(err)
		}
		courses := sqldb.NewCourseService(db)
		list, err := curriculum.Courses()
		if err != nil {
			t.Fatal(err)
		}
		if n, err := curriculum.Install(ctx, courses, ids[0], ids[1]); err != nil || n != len(list) {
			t.Fatalf("installed %d of %d: %v", n, len(list), err)
		}
		if n, err := curriculum.Install(ctx, courses, ids[0], ids[1]); err != nil || n != 0 {
			t.Fatalf("installed again: %d, %v", n, err)
		}
		for _, want := range list {
			got, err := courses.FindCourse(ctx, want.Slug, want.Language)
			if err != nil {
				t.Fatal(err)
			}
			if got.Status != civhub.CoursePublished || len(got.Translations) != 3 || (got.Language == "en") != (got.TranslationOf == 0) {
				t.Fatalf("%s/%s: status %s, translations %v, of %d", got.Slug, got.Language, got.Status, got.Translations, got.TranslationOf)
			}
			if got.Language != "en" {
				continue
			}
			var done bool
			for _, l := range got.Lessons {
				if len(l.Questions) == 0 {
					continue
				}
				var answers []civhub.Answer
				for _, q := range l.Questions {
					a := civhub.Answer{QuestionID: q.ID, Chosen: q.Correct}
					if q.Kind == civhub.QuestionShort {
						a.Text = q.Accepted[0]
					}
					answers = append(answers, a)
				}
				if done, err = courses.TakeQuiz(ctx, &civhub.Attempt{PersonID: ids[2], CourseID: got.ID, LessonID: l.ID, Answers: answers}); err != nil {
					t.Fatal(err)
				}
			}
			if !done {
				t.Fatalf("%s: the right answers did not finish it", got.Slug)
			}
		}
	})
}
