package web

import (
	"bytes"
	"context"
	"encoding/base64"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	"civhub"
	"civhub/i18n"
	"civhub/upload"
)

// returnPattern is where a course may send a learner back to when it is finished: a task page.
var returnPattern = regexp.MustCompile(`^/tasks/[0-9]{1,18}$`)

// returnTo reads the task a learner came from (?return= or the form's field), or "".
func returnTo(r *http.Request) string {
	back := r.URL.Query().Get("return")
	if r.Method == http.MethodPost {
		back = r.PostFormValue("return")
	}
	if returnPattern.MatchString(back) {
		return back
	}
	return ""
}

// withReturn adds the task a learner came from to a course address.
func withReturn(path, back string) string {
	if back == "" {
		return path
	}
	return path + "?return=" + url.QueryEscape(back)
}

// courseHref is a course's address.
func courseHref(c *civhub.Course) string { return "/courses/" + c.Slug + "/" + c.Language }

// loadCourse reads the course of the request's path as the viewer may see it: ENOTFOUND for a
// draft of someone else's.
func (s *learning) loadCourse(r *http.Request) (*civhub.Course, error) {
	slug, lang := r.PathValue("slug"), r.PathValue("lang")
	if len(slug) > 60 || len(lang) > 12 {
		return nil, civhub.E(civhub.ENOTFOUND, "err.course_not_found", "There is no such course.")
	}
	c, err := s.courses.FindCourse(r.Context(), slug, lang)
	if err != nil {
		return nil, err
	}
	if !actorOf(r).CanViewCourse(c) {
		return nil, civhub.E(civhub.ENOTFOUND, "err.course_not_found", "There is no such course.")
	}
	return c, nil
}

// loadEditableCourse is loadCourse for its authors and the moderators.
func (s *learning) loadEditableCourse(r *http.Request) (*civhub.Course, error) {
	if _, err := requireViewer(r); err != nil {
		return nil, err
	}
	c, err := s.loadCourse(r)
	if err != nil {
		return nil, err
	}
	if !actorOf(r).CanEditCourse(c) {
		return nil, civhub.ErrNotTrainer
	}
	return c, nil
}

// editing loads the course of the request for its authors and the moderators, and reads the form
// of a post.
func (s *learning) editing(w http.ResponseWriter, r *http.Request) (*civhub.Course, error) {
	c, err := s.loadEditableCourse(r)
	if err != nil {
		return nil, err
	}
	if r.Method == http.MethodPost {
		if err := s.parseLongForm(w, r); err != nil {
			return nil, err
		}
	}
	return c, nil
}

// editingLesson is editing for a route of lesson {n}.
func (s *learning) editingLesson(w http.ResponseWriter, r *http.Request) (*civhub.Course, *civhub.Lesson, error) {
	c, err := s.editing(w, r)
	if err != nil {
		return nil, nil, err
	}
	lesson, err := lessonAt(r, c)
	return c, lesson, err
}

// editingQuestion is editing for a route of question {id}, with its lesson.
func (s *learning) editingQuestion(w http.ResponseWriter, r *http.Request) (*civhub.Course, *civhub.Lesson, *civhub.Question, error) {
	c, err := s.editing(w, r)
	if err != nil {
		return nil, nil, nil, err
	}
	lesson, q, err := questionOf(r, c)
	return c, lesson, q, err
}

// lessonAt returns the lesson at position {n} of c.
func lessonAt(r *http.Request, c *civhub.Course) (*civhub.Lesson, error) {
	n, _ := strconv.Atoi(r.PathValue("n"))
	if n < 1 || n > len(c.Lessons) {
		return nil, civhub.E(civhub.ENOTFOUND, "err.lesson_not_found", "There is no such lesson.")
	}
	return c.Lessons[n-1], nil
}

// coursesPage is the catalogue.
type coursesPage struct {
	Page
	Courses   []*civhub.Course // in the viewer's language first, unless a language was chosen
	Others    []*civhub.Course // in other languages
	Languages []Option
	Levels    []Option
	Query     string
	CanWrite  bool
	Mine      []*civhub.Course // a trainer's own courses, whatever their status
	Queue     int              // courses waiting for a moderator, for moderators
}

func (s *learning) courseList(w http.ResponseWriter, r *http.Request) error {
	l, q := requestInfoOf(r).locale, r.URL.Query()
	f := civhub.CourseFilter{Query: strings.TrimSpace(q.Get("q")), Language: q.Get("language"), Level: q.Get("level"), Limit: 100}
	if !slices.Contains(civhub.CourseLanguages, f.Language) {
		f.Language = ""
	}
	if !slices.Contains(civhub.CourseLevels, f.Level) {
		f.Level = ""
	}
	if len(f.Query) > 200 {
		f.Query = f.Query[:200]
	}
	list, err := s.courses.ListCourses(r.Context(), f)
	if err != nil {
		return err
	}
	a := actorOf(r)
	p := &coursesPage{Page: s.page(r, l.T("course.list.title")), Courses: list, Query: f.Query, CanWrite: a.CanWriteCourses()}
	if f.Language == "" {
		p.Courses = nil
		for _, c := range list {
			if c.Language == l.Code {
				p.Courses = append(p.Courses, c)
			} else {
				p.Others = append(p.Others, c)
			}
		}
	}
	p.Nav = "courses"
	p.Languages = append(p.Languages, Option{"", l.T("task.list.any_language"), f.Language == ""})
	for _, c := range civhub.CourseLanguages {
		p.Languages = append(p.Languages, Option{c, l.Language(c), f.Language == c})
	}
	p.Levels = append(p.Levels, Option{"", l.T("course.list.any_level"), f.Level == ""})
	for _, v := range civhub.CourseLevels {
		p.Levels = append(p.Levels, Option{v, l.T("course_level." + v), f.Level == v})
	}
	if a.SignedIn() {
		mine, err := s.courses.ListCourses(r.Context(), civhub.CourseFilter{Author: a.ID(), Limit: 100})
		if err != nil {
			return err
		}
		for _, c := range mine {
			if c.Status != civhub.CoursePublished {
				p.Mine = append(p.Mine, c)
			}
		}
	}
	if a.CanModerate() {
		queue, err := s.courses.ListCourses(r.Context(), civhub.CourseFilter{Status: civhub.CourseInReview, Limit: 200})
		if err != nil {
			return err
		}
		p.Queue = len(queue)
	}
	return s.render(w, r, http.StatusOK, "courses", p)
}

// courseFormPage starts or edits a course's own fields.
type courseFormPage struct {
	authPage
	Course    *civhub.Course
	New       bool
	Levels    []Option
	Languages []Option
	Licences  []Option
}

func (s *learning) courseForm(r *http.Request, c *civhub.Course, isNew bool) *courseFormPage {
	l := requestInfoOf(r).locale
	title := "course.edit.title"
	if isNew {
		title = "course.new.title"
	}
	p := &courseFormPage{authPage: *s.authPage(r, title), Course: c, New: isNew}
	p.Nav = "courses"
	p.Form.Values = map[string]string{"title": c.Title, "summary": c.Summary, "minutes": strconv.Itoa(c.Minutes),
		"pass_mark": strconv.Itoa(c.PassMark)}
	for _, v := range civhub.CourseLevels {
		p.Levels = append(p.Levels, Option{v, l.T("course_level." + v), c.Level == v})
	}
	for _, code := range civhub.CourseLanguages {
		p.Languages = append(p.Languages, Option{code, l.Language(code), c.Language == code})
	}
	for _, lic := range civhub.Licences {
		p.Licences = append(p.Licences, Option{lic, lic, c.Licence == lic})
	}
	return p
}

// readCourseForm copies a posted course's fields into c.
func readCourseForm(r *http.Request, c *civhub.Course) error {
	c.Title, c.Summary = r.PostFormValue("title"), strings.ReplaceAll(r.PostFormValue("summary"), "\r\n", "\n")
	c.Level, c.Licence = r.PostFormValue("level"), r.PostFormValue("licence")
	var errs []error
	for _, f := range []struct {
		name string
		to   *int
	}{{"minutes", &c.Minutes}, {"pass_mark", &c.PassMark}} {
		n, err := strconv.Atoi(strings.TrimSpace(r.PostFormValue(f.name)))
		if err != nil {
			errs = append(errs, civhub.FieldError(f.name, "err.whole_number", "Write a whole number."))
			continue
		}
		*f.to = n
	}
	return civhub.MergeFieldErrors(errs...)
}

var courseFormFields = []string{"title", "summary", "minutes", "pass_mark"}

func (s *learning) newCourseForm(w http.ResponseWriter, r *http.Request) error {
	if err := s.requireTrainer(r); err != nil {
		return err
	}
	c := &civhub.Course{Language: requestInfoOf(r).locale.Code, Level: civhub.LevelBeginner, Minutes: 30, PassMark: 70, Licence: civhub.DefaultLicence}
	return s.render(w, r, http.StatusOK, "course_form", s.courseForm(r, c, true))
}

// requireTrainer refuses course writing to whoever may not write courses.
func (s *learning) requireTrainer(r *http.Request) error {
	if _, err := requireViewer(r); err != nil {
		return err
	}
	if !actorOf(r).CanWriteCourses() {
		return civhub.ErrNotTrainer
	}
	return nil
}

func (s *learning) createCourse(w http.ResponseWriter, r *http.Request) error {
	if err := s.requireTrainer(r); err != nil {
		return err
	}
	if err := s.parseForm(w, r); err != nil {
		return err
	}
	c := &civhub.Course{Language: r.PostFormValue("language")}
	err := readCourseForm(r, c)
	if err == nil {
		err = withSlug(c.Title, func(slug string) error {
			c.Slug = slug
			return s.courses.CreateCourse(r.Context(), c, requestInfoOf(r).viewer.ID)
		})
	} else {
		c.Slug = "course"
		err = civhub.MergeFieldErrors(err, c.Validate())
	}
	if err != nil {
		p := s.courseForm(r, c, true)
		p.Form.Values = formValues(r, courseFormFields...)
		return s.renderForm(w, r, err, "course_form", &p.authPage, p)
	}
	return s.redirectWith(w, r, courseHref(c), "course.new.done")
}

func (s *learning) editCourseForm(w http.ResponseWriter, r *http.Request) error {
	c, err := s.loadEditableCourse(r)
	if err != nil {
		return err
	}
	return s.render(w, r, http.StatusOK, "course_form", s.courseForm(r, c, false))
}

func (s *learning) updateCourse(w http.ResponseWriter, r *http.Request) error {
	c, err := s.editing(w, r)
	if err != nil {
		return err
	}
	err = readCourseForm(r, c)
	if err == nil {
		err = s.courses.UpdateCourse(r.Context(), c, requestInfoOf(r).viewer.ID)
	} else {
		err = civhub.MergeFieldErrors(err, c.Validate()) // every field at fault at once
	}
	if err != nil {
		p := s.courseForm(r, c, false)
		p.Form.Values = formValues(r, courseFormFields...)
		return s.renderForm(w, r, err, "course_form", &p.authPage, p)
	}
	return s.redirectWith(w, r, courseHref(c), "course.edit.done")
}

// coursePage shows a course: what it teaches, its lessons with the viewer's progress, and what the
// viewer may do with it.
type coursePage struct {
	authPage
	Course       *civhub.Course
	Href         string
	Lessons      []lessonRow
	Return       string // the task the learner came from
	Started      bool
	ResumeAt     int // the lesson to open next
	Completed    bool
	CanEdit      bool
	CanSubmit    bool
	Decisions    []string
	Translations []Option // Value: address, Label: language
	TranslateTo  []Option // the languages a trainer may translate it into
}

// lessonRow is a lesson in a course's list, with the viewer's best score on its quiz.
type lessonRow struct {
	*civhub.Lesson
	Quiz   bool
	Tried  bool
	Best   int
	Passed bool
}

func (s *learning) course(w http.ResponseWriter, r *http.Request) error {
	c, err := s.loadCourse(r)
	if err != nil {
		return err
	}
	p, err := s.coursePageFor(r, c)
	if err != nil {
		return err
	}
	return s.render(w, r, http.StatusOK, "course", p)
}

func (s *learning) coursePageFor(r *http.Request, c *civhub.Course) (*coursePage, error) {
	a, l := actorOf(r), requestInfoOf(r).locale
	p := &coursePage{authPage: *s.formsPage(r, "course.title"), Course: c, Href: courseHref(c), Return: returnTo(r), ResumeAt: 1,
		CanEdit: a.CanEditCourse(c)}
	p.Title = c.Title
	p.Nav = "courses"
	p.CanSubmit = p.CanEdit && c.Sendable()
	if a.CanModerate() {
		p.Decisions = civhub.CourseDecisions(c.Status)
	}
	for _, code := range c.Translations {
		p.Translations = append(p.Translations, Option{Value: "/courses/" + c.Slug + "/" + code, Label: l.Language(code)})
	}
	if a.CanTranslateCourse(c) {
		for _, code := range civhub.CourseLanguages {
			if code != c.Language && !slices.Contains(c.Translations, code) {
				p.TranslateTo = append(p.TranslateTo, Option{Value: code, Label: l.Language(code)})
			}
		}
	}
	progress, err := s.progressIn(r.Context(), a, c)
	if err != nil {
		return nil, err
	}
	for _, lesson := range c.Lessons {
		row := lessonRow{Lesson: lesson, Quiz: len(lesson.Questions) > 0}
		if progress != nil {
			row.Best, row.Tried = progress.Best[lesson.ID]
			row.Passed = progress.Passed[lesson.ID]
		}
		p.Lessons = append(p.Lessons, row)
	}
	if progress != nil {
		p.Started, p.Completed = true, progress.Completed != nil
		p.ResumeAt = min(max(progress.Position, 1), max(len(c.Lessons), 1))
	}
	return p, nil
}

// progressIn returns the viewer's progress in c, or nil when they have not started it.
func (s *learning) progressIn(ctx context.Context, a *civhub.Actor, c *civhub.Course) (*civhub.Progress, error) {
	if !a.SignedIn() {
		return nil, nil
	}
	list, err := s.courses.Progress(ctx, a.ID(), c.ID)
	if err != nil || len(list) == 0 {
		return nil, err
	}
	return list[0], nil
}

// lessonPage is one lesson, its quiz, and after an attempt how it went.
type lessonPage struct {
	authPage
	Course     *civhub.Course
	Href       string
	Lesson     *civhub.Lesson
	Prev, Next int // positions of the lessons around it; 0 for none
	Return     string
	CanTake    bool
	CanEdit    bool
	Best       int
	Tried      bool
	Passed     bool
	Attempt    *civhub.Attempt // the attempt just made
	Completed  bool            // the attempt finished the course
	answers    map[int64]civhub.Answer
}

// Chosen reports whether choice i of question q was chosen in the attempt shown.
func (p *lessonPage) Chosen(q int64, i int) bool { return slices.Contains(p.answers[q].Chosen, i) }

// Typed is the short answer given to question q in the attempt shown.
func (p *lessonPage) Typed(q int64) string { return p.answers[q].Text }

// Right reports whether the question at index i was answered right in the attempt shown.
func (p *lessonPage) Right(i int) bool {
	return p.Attempt != nil && i < len(p.Attempt.Right) && p.Attempt.Right[i]
}

func (s *learning) lessonPageFor(r *http.Request, c *civhub.Course, lesson *civhub.Lesson) (*lessonPage, error) {
	a := actorOf(r)
	p := &lessonPage{authPage: *s.formsPage(r, "course.title"), Course: c, Href: courseHref(c), Lesson: lesson, Return: returnTo(r),
		CanTake: a.CanTakeQuiz(c), CanEdit: a.CanEditCourse(c)}
	p.Title = lesson.Title + " · " + c.Title
	p.Nav = "courses"
	if lesson.Position > 1 {
		p.Prev = lesson.Position - 1
	}
	if lesson.Position < len(c.Lessons) {
		p.Next = lesson.Position + 1
	}
	progress, err := s.progressIn(r.Context(), a, c)
	if err != nil {
		return nil, err
	}
	if progress != nil {
		p.Best, p.Tried = progress.Best[lesson.ID]
		p.Passed = progress.Passed[lesson.ID]
		p.Completed = progress.Completed != nil
	}
	return p, nil
}

func (s *learning) lesson(w http.ResponseWriter, r *http.Request) error {
	c, err := s.loadCourse(r)
	if err != nil {
		return err
	}
	lesson, err := lessonAt(r, c)
	if err != nil {
		return err
	}
	a := actorOf(r)
	if a.SignedIn() && c.Status == civhub.CoursePublished {
		if err := s.courses.OpenLesson(r.Context(), a.ID(), c.ID, lesson.Position); err != nil {
			return err
		}
	}
	p, err := s.lessonPageFor(r, c, lesson)
	if err != nil {
		return err
	}
	return s.render(w, r, http.StatusOK, "lesson", p)
}

// readAnswers reads a posted quiz: for each question, the chosen choices or the typed text.
func readAnswers(r *http.Request, qs []*civhub.Question) []civhub.Answer {
	var out []civhub.Answer
	for _, q := range qs {
		name := "q" + strconv.FormatInt(q.ID, 10)
		a := civhub.Answer{QuestionID: q.ID}
		if q.Kind == civhub.QuestionShort {
			a.Text = strings.TrimSpace(r.PostFormValue(name))
		} else {
			for _, v := range r.PostForm[name] {
				if i, err := strconv.Atoi(v); err == nil && i >= 0 && i < len(q.Choices) && !slices.Contains(a.Chosen, i) {
					a.Chosen = append(a.Chosen, i)
				}
			}
		}
		out = append(out, a)
	}
	return out
}

func (s *learning) takeQuiz(w http.ResponseWriter, r *http.Request) error {
	v, err := requireViewer(r)
	if err != nil {
		return err
	}
	c, err := s.loadCourse(r)
	if err != nil {
		return err
	}
	lesson, err := lessonAt(r, c)
	if err != nil {
		return err
	}
	if err := s.parseForm(w, r); err != nil {
		return err
	}
	if !actorOf(r).CanTakeQuiz(c) || len(lesson.Questions) == 0 {
		return civhub.E(civhub.ECONFLICT, "err.course_not_published", "This course is not published: its quiz opens when it is.")
	}
	attempt := &civhub.Attempt{PersonID: v.ID, CourseID: c.ID, LessonID: lesson.ID, Answers: readAnswers(r, lesson.Questions)}
	completed, err := s.courses.TakeQuiz(r.Context(), attempt)
	p, perr := s.lessonPageFor(r, c, lesson)
	if perr != nil {
		return perr
	}
	p.answers = map[int64]civhub.Answer{}
	for _, a := range attempt.Answers {
		p.answers[a.QuestionID] = a
	}
	if err != nil {
		return s.renderForm(w, r, err, "lesson", &p.authPage, p)
	}
	p.Attempt, p.Completed = attempt, completed || p.Completed
	return s.render(w, r, http.StatusOK, "lesson", p)
}

// lessonFormPage edits a lesson and its quiz.
type lessonFormPage struct {
	authPage
	Course   *civhub.Course
	Href     string
	Lesson   *civhub.Lesson
	Kinds    []Option
	Question *civhub.Question // the question being edited, on its own page
	Images   []int64          // the course's images, to name in a lesson
}

func (s *learning) lessonForm(r *http.Request, c *civhub.Course, lesson *civhub.Lesson) (*lessonFormPage, error) {
	l := requestInfoOf(r).locale
	p := &lessonFormPage{authPage: *s.authPage(r, "lesson.edit.title"), Course: c, Href: courseHref(c), Lesson: lesson}
	var err error
	if p.Images, err = s.courses.Images(r.Context(), c.ID); err != nil {
		return nil, err
	}
	p.Nav = "courses"
	p.Form.Values = map[string]string{"title": lesson.Title, "body": lesson.Body}
	for _, k := range civhub.QuestionKinds {
		p.Kinds = append(p.Kinds, Option{k, l.T("question_kind." + k), k == civhub.QuestionSingle})
	}
	return p, nil
}

func (s *learning) addLesson(w http.ResponseWriter, r *http.Request) error {
	c, err := s.editing(w, r)
	if err != nil {
		return err
	}
	lesson := &civhub.Lesson{Title: r.PostFormValue("title"), Body: r.PostFormValue("body")}
	if err := s.courses.SaveLesson(r.Context(), c.ID, lesson, requestInfoOf(r).viewer.ID); err != nil {
		return s.courseFailed(w, r, c, err)
	}
	return s.redirectWith(w, r, courseHref(c)+"/lessons/"+strconv.Itoa(lesson.Position)+"/edit", "lesson.new.done")
}

func (s *learning) editLessonForm(w http.ResponseWriter, r *http.Request) error {
	c, lesson, err := s.editingLesson(w, r)
	if err != nil {
		return err
	}
	p, err := s.lessonForm(r, c, lesson)
	if err != nil {
		return err
	}
	return s.render(w, r, http.StatusOK, "lesson_form", p)
}

func (s *learning) updateLesson(w http.ResponseWriter, r *http.Request) error {
	c, lesson, err := s.editingLesson(w, r)
	if err != nil {
		return err
	}
	edited := *lesson
	edited.Title, edited.Body = r.PostFormValue("title"), r.PostFormValue("body")
	if err := s.courses.SaveLesson(r.Context(), c.ID, &edited, requestInfoOf(r).viewer.ID); err != nil {
		p, perr := s.lessonForm(r, c, lesson)
		if perr != nil {
			return perr
		}
		p.Form.Values = formValues(r, "title", "body")
		return s.renderForm(w, r, err, "lesson_form", &p.authPage, p)
	}
	return s.redirectWith(w, r, courseHref(c)+"/lessons/"+strconv.Itoa(lesson.Position), "lesson.edit.done")
}

func (s *learning) deleteLesson(w http.ResponseWriter, r *http.Request) error {
	c, lesson, err := s.editingLesson(w, r)
	if err != nil {
		return err
	}
	if err := s.courses.DeleteLesson(r.Context(), c.ID, lesson.ID, requestInfoOf(r).viewer.ID); err != nil {
		return err
	}
	return s.redirectWith(w, r, courseHref(c), "lesson.delete.done")
}

// moveLesson moves a lesson up or down the course, for its authors.
func (s *learning) moveLesson(w http.ResponseWriter, r *http.Request) error {
	c, lesson, err := s.editingLesson(w, r)
	if err != nil {
		return err
	}
	if err := s.courses.MoveLesson(r.Context(), c.ID, lesson.ID, r.PostFormValue("direction") == "up", requestInfoOf(r).viewer.ID); err != nil {
		return s.courseFailed(w, r, c, err)
	}
	return s.redirectWith(w, r, courseHref(c)+"#lessons", "lesson.move.done")
}

// readQuestionForm reads a posted question: choices one a line, the right ones marked with a *
// at the start; accepted short answers one a line.
func readQuestionForm(r *http.Request, q *civhub.Question) {
	q.Kind, q.Prompt, q.Explanation = r.PostFormValue("kind"), r.PostFormValue("prompt"), r.PostFormValue("explanation")
	q.Choices, q.Correct, q.Accepted = nil, nil, nil
	for _, line := range strings.Split(strings.ReplaceAll(r.PostFormValue("choices"), "\r\n", "\n"), "\n") {
		line = strings.TrimSpace(line)
		if line == "" {
			continue
		}
		if rest, ok := strings.CutPrefix(line, "*"); ok {
			q.Correct = append(q.Correct, len(q.Choices))
			line = strings.TrimSpace(rest)
		}
		q.Choices = append(q.Choices, line)
	}
	q.Accepted = strings.Split(strings.ReplaceAll(r.PostFormValue("accepted"), "\r\n", "\n"), "\n")
}

// questionValues is a question as its form shows it.
func questionValues(q *civhub.Question) map[string]string {
	var choices []string
	for i, c := range q.Choices {
		if slices.Contains(q.Correct, i) {
			c = "* " + c
		}
		choices = append(choices, c)
	}
	return map[string]string{"prompt": q.Prompt, "choices": strings.Join(choices, "\n"), "accepted": strings.Join(q.Accepted, "\n"),
		"explanation": q.Explanation}
}

var questionFormFields = []string{"prompt", "choices", "accepted", "explanation"}

func (s *learning) addQuestion(w http.ResponseWriter, r *http.Request) error {
	c, lesson, err := s.editingLesson(w, r)
	if err != nil {
		return err
	}
	q := &civhub.Question{LessonID: lesson.ID}
	readQuestionForm(r, q)
	if err := s.courses.SaveQuestion(r.Context(), c.ID, q, requestInfoOf(r).viewer.ID); err != nil {
		p, perr := s.lessonForm(r, c, lesson)
		if perr != nil {
			return perr
		}
		for k, v := range formValues(r, questionFormFields...) {
			p.Form.Values[k] = v
		}
		markKind(p, q.Kind)
		return s.renderForm(w, r, err, "lesson_form", &p.authPage, p)
	}
	return s.redirectWith(w, r, courseHref(c)+"/lessons/"+strconv.Itoa(lesson.Position)+"/edit#questions", "question.new.done")
}

// markKind selects kind in the page's menu of question kinds.
func markKind(p *lessonFormPage, kind string) {
	for i := range p.Kinds {
		p.Kinds[i].Selected = p.Kinds[i].Value == kind
	}
}

// questionOf finds question {id} among c's lessons.
func questionOf(r *http.Request, c *civhub.Course) (*civhub.Lesson, *civhub.Question, error) {
	id, _ := strconv.ParseInt(r.PathValue("id"), 10, 64)
	for _, l := range c.Lessons {
		for _, q := range l.Questions {
			if q.ID == id {
				return l, q, nil
			}
		}
	}
	return nil, nil, civhub.E(civhub.ENOTFOUND, "err.question_not_found", "There is no such question.")
}

func (s *learning) editQuestionForm(w http.ResponseWriter, r *http.Request) error {
	c, lesson, q, err := s.editingQuestion(w, r)
	if err != nil {
		return err
	}
	p, err := s.lessonForm(r, c, lesson)
	if err != nil {
		return err
	}
	p.Title, p.Question, p.Form.Values = requestInfoOf(r).locale.T("question.edit.title"), q, questionValues(q)
	markKind(p, q.Kind)
	return s.render(w, r, http.StatusOK, "question_form", p)
}

func (s *learning) updateQuestion(w http.ResponseWriter, r *http.Request) error {
	c, lesson, q, err := s.editingQuestion(w, r)
	if err != nil {
		return err
	}
	edited := *q
	readQuestionForm(r, &edited)
	if err := s.courses.SaveQuestion(r.Context(), c.ID, &edited, requestInfoOf(r).viewer.ID); err != nil {
		p, perr := s.lessonForm(r, c, lesson)
		if perr != nil {
			return perr
		}
		p.Title, p.Question, p.Form.Values = requestInfoOf(r).locale.T("question.edit.title"), q, formValues(r, questionFormFields...)
		markKind(p, edited.Kind)
		return s.renderForm(w, r, err, "question_form", &p.authPage, p)
	}
	return s.redirectWith(w, r, courseHref(c)+"/lessons/"+strconv.Itoa(lesson.Position)+"/edit#questions", "question.edit.done")
}

func (s *learning) deleteQuestion(w http.ResponseWriter, r *http.Request) error {
	c, lesson, q, err := s.editingQuestion(w, r)
	if err != nil {
		return err
	}
	if err := s.courses.DeleteQuestion(r.Context(), c.ID, q.ID, requestInfoOf(r).viewer.ID); err != nil {
		return err
	}
	return s.redirectWith(w, r, courseHref(c)+"/lessons/"+strconv.Itoa(lesson.Position)+"/edit#questions", "question.delete.done")
}

func (s *learning) submitCourse(w http.ResponseWriter, r *http.Request) error {
	c, err := s.editing(w, r)
	if err != nil {
		return err
	}
	if err := s.courses.SubmitCourse(r.Context(), c.ID, requestInfoOf(r).viewer.ID); err != nil {
		return s.courseFailed(w, r, c, err)
	}
	notice := "course.submit.done"
	if actorOf(r).CanModerate() {
		notice = "course.submit.published"
	}
	return s.redirectWith(w, r, courseHref(c), notice)
}

// courseFailed shows the course page again with what went wrong, and what the person typed in its
// forms.
func (s *learning) courseFailed(w http.ResponseWriter, r *http.Request, c *civhub.Course, err error) error {
	p, perr := s.coursePageFor(r, c)
	if perr != nil {
		return perr
	}
	p.authPage = *s.authPage(r, "course.title")
	p.Title = c.Title
	p.Form.Values = formValues(r, "title", "reason")
	return s.renderForm(w, r, err, "course", &p.authPage, p)
}

func (s *learning) reviewCourse(w http.ResponseWriter, r *http.Request) error {
	if err := requireModerator(r); err != nil {
		return err
	}
	c, err := s.loadCourse(r)
	if err != nil {
		return err
	}
	if err := s.parseForm(w, r); err != nil {
		return err
	}
	decision := r.PostFormValue("decision")
	if err := s.courses.ReviewCourse(r.Context(), c.ID, decision, r.PostFormValue("reason"), requestInfoOf(r).viewer.ID); err != nil {
		return s.courseFailed(w, r, c, err)
	}
	return s.redirectWith(w, r, "/admin/courses", "course.review.done")
}

// courseQueuePage lists the courses waiting for a moderator.
type courseQueuePage struct {
	Page
	Courses []*civhub.Course
}

func (s *learning) courseQueue(w http.ResponseWriter, r *http.Request) error {
	if err := requireModerator(r); err != nil {
		return err
	}
	list, err := s.courses.ListCourses(r.Context(), civhub.CourseFilter{Status: civhub.CourseInReview, Limit: 200})
	if err != nil {
		return err
	}
	p := &courseQueuePage{Page: s.page(r, requestInfoOf(r).locale.T("course.queue.title")), Courses: list}
	p.Nav = "admin"
	return s.render(w, r, http.StatusOK, "course_queue", p)
}

// setTrainerOrganization makes an organization a trainer, or no longer one: its owners and admins
// write courses.
func (s *learning) setTrainerOrganization(w http.ResponseWriter, r *http.Request) error {
	o, err := s.findOrgFor(r, func(a *civhub.Actor, _ *civhub.Organization) bool { return a.CanMakeTrainer() })
	if err != nil {
		return err
	}
	if err := s.parseForm(w, r); err != nil {
		return err
	}
	trainer := r.PostFormValue("trainer") == "true"
	if err := s.courses.SetTrainerOrganization(r.Context(), o.ID, trainer, requestInfoOf(r).viewer.ID); err != nil {
		return err
	}
	notice := "org.trainer.removed"
	if trainer {
		notice = "org.trainer.granted"
	}
	return s.redirectWith(w, r, "/orgs/"+o.Slug, notice)
}

func (s *learning) setTrainer(w http.ResponseWriter, r *http.Request) error {
	admin, err := requireAdmin(r)
	if err != nil {
		return err
	}
	if err := s.parseForm(w, r); err != nil {
		return err
	}
	trainer := r.PostFormValue("trainer") == "true"
	if err := s.courses.SetTrainer(r.Context(), personParam(r), trainer, admin.ID); err != nil {
		return err
	}
	notice := "admin.people.trainer_removed"
	if trainer {
		notice = "admin.people.trainer_granted"
	}
	return s.redirectWith(w, r, "/admin/people", notice)
}

// learningPage is a person's courses: those under way and those finished.
type learningPage struct {
	Page
	Progress    []*civhub.Progress
	Completions []civhub.Completion
}

func (s *learning) myLearning(w http.ResponseWriter, r *http.Request) error {
	v, err := requireViewer(r)
	if err != nil {
		return err
	}
	p := &learningPage{Page: s.page(r, requestInfoOf(r).locale.T("learning.title"))}
	p.Nav = "courses"
	if p.Progress, err = s.courses.Progress(r.Context(), v.ID, 0); err != nil {
		return err
	}
	if p.Completions, err = s.courses.Completions(r.Context(), v.ID); err != nil {
		return err
	}
	return s.render(w, r, http.StatusOK, "learning", p)
}

// offlinePage is a course as one file: every lesson, its quizzes, and their answers at the end,
// with its stylesheet inside, nothing to fetch and no script; it prints.
type offlinePage struct {
	L      *i18n.Locale // the course's language
	Dir    string
	Course *civhub.Course
	Href   string // the course's address, which its images are named under
	URL    string // where the course lives online
	Made   time.Time
}

// RightChoices names the right choices of q, lettered as the file letters them.
func (p *offlinePage) RightChoices(q *civhub.Question) []string {
	var out []string
	for _, i := range q.Correct {
		if i >= 0 && i < len(q.Choices) && i < 26 {
			out = append(out, string(rune('A'+i))+". "+q.Choices[i])
		}
	}
	return out
}

func (s *learning) offlineCourse(w http.ResponseWriter, r *http.Request) error {
	c, err := s.loadCourse(r)
	if err != nil {
		return err
	}
	// The file speaks the course's language where civhub does, else the viewer's.
	l := requestInfoOf(r).locale
	if slices.Contains(civhub.Locales, c.Language) {
		l = s.catalog.Locale(c.Language)
	}
	p := &offlinePage{L: l, Dir: l.Dir, Course: c, Href: courseHref(c), URL: s.absoluteURL(s.baseURL, r, courseHref(c)), Made: time.Now().UTC()}
	var buf bytes.Buffer
	if err := s.templates.executeAlone(&buf, "course_offline", "offline", p); err != nil {
		return err
	}
	file, err := s.inlineImages(r.Context(), c, buf.Bytes())
	if err != nil {
		return err
	}
	h := w.Header()
	h.Set("Content-Type", "text/html; charset=utf-8")
	h.Set("Content-Disposition", `attachment; filename="`+c.Slug+"-"+c.Language+`.html"`)
	// The file carries its own styles; opened from here rather than saved, it may use them, and
	// nothing else.
	h.Set("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'")
	h.Set("Cache-Control", "no-cache")
	_, err = w.Write(file)
	return err
}

// offlineImage is an image of a course as its lessons name it in the offline file.
var offlineImage = regexp.MustCompile(`src="/courses/[a-z0-9-]{1,60}/[a-z]{2,3}/images/([0-9]{1,18})"`)

// inlineImages puts the images the offline file of c names into it, as data: addresses, so that it
// needs no network; an image that cannot be read is left out.
func (s *learning) inlineImages(ctx context.Context, c *civhub.Course, file []byte) ([]byte, error) {
	var failed error
	out := offlineImage.ReplaceAllFunc(file, func(src []byte) []byte {
		id, _ := strconv.ParseInt(string(offlineImage.FindSubmatch(src)[1]), 10, 64)
		png, err := s.courses.Image(ctx, c.ID, id)
		if err != nil {
			if civhub.ErrorCode(err) != civhub.ENOTFOUND {
				failed = err
			}
			return []byte(`src=""`)
		}
		return []byte(`src="data:image/png;base64,` + base64.StdEncoding.EncodeToString(png) + `"`)
	})
	return out, failed
}

// courseImage sends an image of a course's lessons.
func (s *learning) courseImage(w http.ResponseWriter, r *http.Request) error {
	c, err := s.loadCourse(r)
	if err != nil {
		return err
	}
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil {
		return errNoFile
	}
	png, err := s.courses.Image(r.Context(), c.ID, id)
	if err != nil {
		return err
	}
	h := w.Header()
	h.Set("Content-Type", "image/png")
	h.Set("Cache-Control", "private, max-age=86400")
	_, err = w.Write(png)
	return err
}

// addCourseImage stores an image for the course's lessons and goes back to the lesson being edited.
func (s *learning) addCourseImage(w http.ResponseWriter, r *http.Request) error {
	c, err := s.loadEditableCourse(r)
	if err != nil {
		return err
	}
	if err := s.parseMultipartForm(w, r, upload.MaxImageBytes); err != nil {
		return err
	}
	n, _ := strconv.Atoi(r.PostFormValue("lesson"))
	n = min(max(n, 1), max(len(c.Lessons), 1))
	back := courseHref(c) + "/lessons/" + strconv.Itoa(n) + "/edit"
	f, _, ferr := r.FormFile("image")
	if ferr != nil {
		err = civhub.FieldError("image", "err.image_invalid", "Upload a PNG, JPEG or GIF image of at most 2 MB.")
	} else {
		defer f.Close()
		var png []byte
		if png, err = upload.Image(f, 1024); err == nil {
			_, err = s.courses.AddImage(r.Context(), c.ID, png, requestInfoOf(r).viewer.ID)
		}
	}
	if err != nil {
		if len(c.Lessons) == 0 {
			return err
		}
		p, perr := s.lessonForm(r, c, c.Lessons[n-1])
		if perr != nil {
			return perr
		}
		err = renameField(err, "logo", "image") // upload.Image names the field of a logo
		return s.renderForm(w, r, err, "lesson_form", &p.authPage, p)
	}
	return s.redirectWith(w, r, back+"#images-h", "lesson.images.added")
}

// translateCourse starts a translation of the course: a draft of the translator's, with every
// lesson and question to translate in place.
func (s *learning) translateCourse(w http.ResponseWriter, r *http.Request) error {
	if err := s.requireTrainer(r); err != nil {
		return err
	}
	c, err := s.loadCourse(r)
	if err != nil {
		return err
	}
	if err := s.parseForm(w, r); err != nil {
		return err
	}
	if !actorOf(r).CanTranslateCourse(c) {
		return civhub.ErrNotTrainer
	}
	lang := r.PostFormValue("language")
	if !slices.Contains(civhub.CourseLanguages, lang) || lang == c.Language {
		return s.courseFailed(w, r, c, civhub.FieldError("language", "err.course_language", "Choose the language the course is written in."))
	}
	t, err := s.courses.TranslateCourse(r.Context(), c.ID, lang, requestInfoOf(r).viewer.ID)
	if err != nil {
		return s.courseFailed(w, r, c, err)
	}
	return s.redirectWith(w, r, courseHref(t), "course.translate.done")
}
