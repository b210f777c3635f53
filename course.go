package civhub

import (
	"context"
	"slices"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// Course levels.
const (
	LevelBeginner     = "beginner"
	LevelIntermediate = "intermediate"
	LevelAdvanced     = "advanced"
)

// CourseLevels lists the levels, in the order pages offer them.
var CourseLevels = []string{LevelBeginner, LevelIntermediate, LevelAdvanced}

// Course statuses. A trainer writes a draft and sends it to the moderators, who publish it or send
// it back with a reason; a published course may be withdrawn. Drafts are seen by their authors and
// the moderators only.
const (
	CourseDraft     = "draft"
	CourseInReview  = "in_review"
	CourseReturned  = "returned"
	CoursePublished = "published"
	CourseWithdrawn = "withdrawn"
)

// Moderators' decisions on a course.
const (
	CourseDecidePublish  = "publish"
	CourseDecideReturn   = "return"
	CourseDecideWithdraw = "withdraw"
)

// courseDecisions says, for each decision, the statuses it may be taken from and where it leads.
var courseDecisions = map[string]struct {
	from []string
	to   string
}{
	CourseDecidePublish:  {[]string{CourseInReview, CourseReturned, CourseWithdrawn}, CoursePublished},
	CourseDecideReturn:   {[]string{CourseInReview, CoursePublished}, CourseReturned},
	CourseDecideWithdraw: {[]string{CoursePublished}, CourseWithdrawn},
}

// DecideCourse returns the status a moderator's decision moves a course from status to: EINVALID
// for an unknown decision, ECONFLICT when it does not apply to the course as it is.
func DecideCourse(status, decision string) (string, error) {
	d, ok := courseDecisions[decision]
	if !ok {
		return "", FieldError("decision", "err.decision_unknown", "Choose what to do with the entry.")
	}
	if !slices.Contains(d.from, status) {
		return "", E(ECONFLICT, "err.course_state", "The course has moved on since: look at it again.")
	}
	return d.to, nil
}

// CourseDecisions returns the decisions a moderator may take on a course in status, in the order
// pages offer them.
func CourseDecisions(status string) []string {
	var out []string
	for _, d := range []string{CourseDecidePublish, CourseDecideReturn, CourseDecideWithdraw} {
		if _, err := DecideCourse(status, d); err == nil {
			out = append(out, d)
		}
	}
	return out
}

// DefaultLicence is the licence of courses and toolkits unless their authors choose another.
const DefaultLicence = "CC BY-SA 4.0"

// Licences are the licences courses may be published under: open ones, so that anyone may
// translate and adapt them.
var Licences = []string{"CC BY-SA 4.0", "CC BY 4.0", "CC0 1.0"}

// Course is a short digital-literacy course: lessons in Markdown, some of which end with a quiz.
// A course is written in one language; its translations share its slug, so that finishing any of
// them counts as finishing the course (Task.Courses holds slugs).
type Course struct {
	ID            int64      `json:"id"`
	Slug          string     `json:"slug"`
	Language      string     `json:"language"`
	TranslationOf int64      `json:"translation_of,omitempty"` // the course it was translated from; 0 for an original
	Title         string     `json:"title"`
	Summary       string     `json:"summary"`
	Level         string     `json:"level"`
	Minutes       int        `json:"minutes"` // the time it takes, estimated by its authors
	Licence       string     `json:"licence"`
	PassMark      int        `json:"pass_mark"` // percent of a quiz's questions to answer right
	Status        string     `json:"status"`
	Reason        string     `json:"reason,omitempty"` // why a moderator sent it back
	Authors       []Author   `json:"authors,omitempty"`
	Reviewer      *Author    `json:"reviewer,omitempty"`     // the moderator who published it, filled when one course is read
	Lessons       []*Lesson  `json:"lessons,omitempty"`      // filled when one course is read
	Translations  []string   `json:"translations,omitempty"` // the languages it exists in, published, besides its own
	CreatedAt     time.Time  `json:"created_at"`
	UpdatedAt     time.Time  `json:"updated_at"`
	PublishedAt   *time.Time `json:"published_at,omitempty"`
}

// Author is a person named as an author of a course.
type Author struct {
	ID   int64  `json:"id"`
	Name string `json:"name"`
}

// Sendable reports whether the course may be sent to the moderators: a draft, or a course they
// sent back.
func (c *Course) Sendable() bool { return c.Status == CourseDraft || c.Status == CourseReturned }

// HasAuthor reports whether person is one of the course's authors.
func (c *Course) HasAuthor(person int64) bool {
	return slices.ContainsFunc(c.Authors, func(a Author) bool { return a.ID == person })
}

// Questions counts the questions of the course's quizzes.
func (c *Course) Questions() int {
	n := 0
	for _, l := range c.Lessons {
		n += len(l.Questions)
	}
	return n
}

// Lesson is one short page of a course, text first, readable on a slow phone; questions after it
// make it a quiz.
type Lesson struct {
	ID        int64       `json:"id"`
	CourseID  int64       `json:"-"`
	Position  int         `json:"position"` // 1, 2, …: its place in the course
	Title     string      `json:"title"`
	Body      string      `json:"body"` // Markdown
	Questions []*Question `json:"questions,omitempty"`
}

// Question kinds.
const (
	QuestionSingle   = "single"   // one right choice
	QuestionMultiple = "multiple" // every right choice, and no wrong one
	QuestionShort    = "short"    // a few words, checked against the accepted answers
)

// QuestionKinds lists the kinds, in the order pages offer them.
var QuestionKinds = []string{QuestionSingle, QuestionMultiple, QuestionShort}

// Question is one question of a lesson's quiz. Its answers are never shown before an attempt.
type Question struct {
	ID          int64    `json:"id"`
	LessonID    int64    `json:"-"`
	Position    int      `json:"position"`
	Kind        string   `json:"kind"`
	Prompt      string   `json:"prompt"`
	Choices     []string `json:"choices,omitempty"`
	Correct     []int    `json:"-"` // indexes into Choices
	Accepted    []string `json:"-"` // the answers a short answer may be, compared folded (FoldAnswer)
	Explanation string   `json:"-"` // shown after an attempt
}

// Limits of a course's parts.
const (
	MaxCourseImages   = 50
	MaxLessons        = 40
	MaxQuestions      = 20 // a lesson's
	maxChoices        = 8
	maxLessonBody     = 20000
	maxCourseSummary  = 600
	maxQuestionPrompt = 500
	maxChoice         = 200
)

// Validate checks the course's own fields (not its lessons) and names every field at fault.
func (c *Course) Validate() error {
	c.Title, c.Summary, c.Licence = strings.TrimSpace(c.Title), strings.TrimSpace(c.Summary), strings.TrimSpace(c.Licence)
	c.Language = strings.ToLower(strings.TrimSpace(c.Language))
	if c.Licence == "" {
		c.Licence = DefaultLicence
	}
	var errs []error
	if len(c.Slug) < 2 || len(c.Slug) > 60 || !slugPattern.MatchString(c.Slug) {
		errs = append(errs, FieldError("slug", "err.slug_invalid", "A web address may use lower-case letters, digits and single dashes."))
	}
	if n := utf8.RuneCountInString(c.Title); n < 5 || n > 140 {
		errs = append(errs, FieldError("title", "err.title_length", "Write a title of 5 to 140 characters."))
	}
	if n := utf8.RuneCountInString(c.Summary); n < 10 || n > maxCourseSummary {
		errs = append(errs, FieldError("summary", "err.course_summary", "Say in 10 to 600 characters what the course teaches and for whom."))
	}
	if !slices.Contains(CourseLevels, c.Level) {
		errs = append(errs, FieldError("level", "err.course_level", "Choose a level."))
	}
	if !slices.Contains(CourseLanguages, c.Language) {
		errs = append(errs, FieldError("language", "err.course_language", "Choose the language the course is written in."))
	}
	if c.Minutes < 5 || c.Minutes > 600 {
		errs = append(errs, FieldError("minutes", "err.course_minutes", "Say how long it takes, from 5 to 600 minutes."))
	}
	if !slices.Contains(Licences, c.Licence) {
		errs = append(errs, FieldError("licence", "err.course_licence", "Choose one of the open licences."))
	}
	if c.PassMark < 50 || c.PassMark > 100 {
		errs = append(errs, FieldError("pass_mark", "err.course_pass_mark", "Set the pass mark from 50 to 100 percent."))
	}
	return MergeFieldErrors(errs...)
}

// CourseLanguages are the languages a course may be written in: those civhub speaks, and those its
// organizations most often work in.
var CourseLanguages = []string{"en", "fr", "es", "ar", "pt", "sw", "ht", "ary"}

// Validate checks the lesson's fields.
func (l *Lesson) Validate() error {
	l.Title, l.Body = strings.TrimSpace(l.Title), strings.TrimSpace(strings.ReplaceAll(l.Body, "\r\n", "\n"))
	var errs []error
	if n := utf8.RuneCountInString(l.Title); n < 2 || n > 140 {
		errs = append(errs, FieldError("title", "err.lesson_title", "Write a title of 2 to 140 characters."))
	}
	if utf8.RuneCountInString(l.Body) > maxLessonBody {
		errs = append(errs, FieldError("body", "err.lesson_body", "A lesson may be at most 20,000 characters: split it in two."))
	}
	return MergeFieldErrors(errs...)
}

// Validate checks the question's fields: a choice question has two to eight choices and right
// ones among them (exactly one for a single choice), a short answer at least one accepted answer.
func (q *Question) Validate() error {
	q.Prompt, q.Explanation = strings.TrimSpace(q.Prompt), strings.TrimSpace(q.Explanation)
	var errs []error
	if !slices.Contains(QuestionKinds, q.Kind) {
		errs = append(errs, FieldError("kind", "err.question_kind", "Choose the kind of question."))
	}
	if n := utf8.RuneCountInString(q.Prompt); n < 3 || n > maxQuestionPrompt {
		errs = append(errs, FieldError("prompt", "err.question_prompt", "Write the question in 3 to 500 characters."))
	}
	if utf8.RuneCountInString(q.Explanation) > 2000 {
		errs = append(errs, FieldError("explanation", "err.question_explanation", "Keep the explanation under 2,000 characters."))
	}
	q.Choices = trimmed(q.Choices)
	q.Accepted = trimmed(q.Accepted)
	slices.Sort(q.Correct)
	q.Correct = slices.Compact(q.Correct)
	switch q.Kind {
	case QuestionSingle, QuestionMultiple:
		q.Accepted = nil
		long := slices.ContainsFunc(q.Choices, func(c string) bool { return utf8.RuneCountInString(c) > maxChoice })
		if len(q.Choices) < 2 || len(q.Choices) > maxChoices || long {
			errs = append(errs, FieldError("choices", "err.question_choices", "Give 2 to 8 choices, one a line, each under 200 characters."))
			break
		}
		inRange := !slices.ContainsFunc(q.Correct, func(i int) bool { return i < 0 || i >= len(q.Choices) })
		switch {
		case !inRange || len(q.Correct) == 0:
			errs = append(errs, FieldError("choices", "err.question_correct", "Mark the right answer with a * at the start of its line."))
		case q.Kind == QuestionSingle && len(q.Correct) != 1:
			errs = append(errs, FieldError("choices", "err.question_one_correct", "A question with one answer has exactly one line marked with *."))
		}
	case QuestionShort:
		q.Choices, q.Correct = nil, nil
		long := slices.ContainsFunc(q.Accepted, func(c string) bool { return utf8.RuneCountInString(c) > maxChoice })
		if len(q.Accepted) == 0 || len(q.Accepted) > 20 || long || slices.ContainsFunc(q.Accepted, func(a string) bool { return FoldAnswer(a) == "" }) {
			errs = append(errs, FieldError("accepted", "err.question_accepted", "Give 1 to 20 accepted answers, one a line, each with a letter or digit."))
		}
	}
	return MergeFieldErrors(errs...)
}

// trimmed returns the non-empty entries of list, trimmed.
func trimmed(list []string) []string {
	var out []string
	for _, s := range list {
		if s = strings.TrimSpace(s); s != "" {
			out = append(out, s)
		}
	}
	return out
}

// FoldAnswer is a short answer as it is compared: lower case, without accents or punctuation,
// single spaces. "Two-factor" and "two factor" are the same answer; so are "Sécurité" and
// "securite".
func FoldAnswer(s string) string {
	var b strings.Builder
	space := false
	for _, r := range norm.NFD.String(strings.ToLower(s)) {
		switch {
		case unicode.Is(unicode.Mn, r):
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			if space && b.Len() > 0 {
				b.WriteByte(' ')
			}
			b.WriteRune(r)
			space = false
		default:
			space = true
		}
	}
	return b.String()
}

// Answer is a learner's answer to one question: the indexes of the choices they chose, or the
// text they typed.
type Answer struct {
	QuestionID int64  `json:"question_id"`
	Chosen     []int  `json:"chosen,omitempty"`
	Text       string `json:"text,omitempty"`
}

// Right reports whether a answers q right: exactly the right choices, or a text that folds to an
// accepted answer.
func (q *Question) Right(a Answer) bool {
	switch q.Kind {
	case QuestionShort:
		got := FoldAnswer(a.Text)
		return got != "" && slices.ContainsFunc(q.Accepted, func(x string) bool { return FoldAnswer(x) == got })
	default:
		chosen := slices.Clone(a.Chosen)
		slices.Sort(chosen)
		return slices.Equal(slices.Compact(chosen), q.Correct)
	}
}

// QuizScore grades answers to a lesson's questions: the percentage answered right (rounded down)
// and whether it reaches passMark. Questions without an answer count as wrong; answers to other
// questions are ignored.
func QuizScore(questions []*Question, answers []Answer, passMark int) (score int, right []bool, passed bool) {
	if len(questions) == 0 {
		return 0, nil, false
	}
	byQuestion := make(map[int64]Answer, len(answers))
	for _, a := range answers {
		byQuestion[a.QuestionID] = a
	}
	n := 0
	right = make([]bool, len(questions))
	for i, q := range questions {
		if a, ok := byQuestion[q.ID]; ok && q.Right(a) {
			right[i] = true
			n++
		}
	}
	score = n * 100 / len(questions)
	return score, right, score >= passMark
}

// Attempt is one try at a lesson's quiz, as graded when it was made.
type Attempt struct {
	ID        int64     `json:"id"`
	PersonID  int64     `json:"-"`
	CourseID  int64     `json:"course_id"`
	LessonID  int64     `json:"lesson_id"`
	Answers   []Answer  `json:"answers"`
	Right     []bool    `json:"right"` // for each question of the quiz, in order
	Score     int       `json:"score"`
	Passed    bool      `json:"passed"`
	CreatedAt time.Time `json:"created_at"`
}

// Completion records that a person finished a course (in one of its languages).
type Completion struct {
	Slug        string    `json:"slug"`
	CourseID    int64     `json:"course_id"`
	Title       string    `json:"title"`
	Language    string    `json:"language"`
	Score       int       `json:"score"` // the lowest of the best scores of its quizzes
	CompletedAt time.Time `json:"completed_at"`
}

// Progress is where a person stands in a course they started.
type Progress struct {
	Course    *Course        `json:"course"`
	Position  int            `json:"position"` // the furthest lesson they opened
	Best      map[int64]int  `json:"-"`        // lesson ID → best score, for every quiz tried
	Passed    map[int64]bool `json:"-"`        // lesson ID → a try reached the pass mark
	Completed *time.Time     `json:"completed_at,omitempty"`
	UpdatedAt time.Time      `json:"updated_at"`
}

// CourseFilter chooses courses to list.
type CourseFilter struct {
	Query    string // words of the title or summary
	Language string
	Level    string
	Status   string   // "" for published
	Author   int64    // a trainer's own courses, whatever their status, when set
	Slugs    []string // only these courses, in any language
	Limit    int
}

// CourseService keeps the courses, their lessons and quizzes, and who finished them. It is the
// Prerequisites of the core loop: a task may require any published course.
type CourseService interface {
	Prerequisites

	// CreateCourse saves a new draft, its author by, under a slug made from its title (or c.Slug
	// for a translation, with TranslationOf set). Errors: EINVALID, EFORBIDDEN when by may not
	// write courses.
	CreateCourse(ctx context.Context, c *Course, by int64) error
	// ImportCourse stores a whole course — its fields, lessons and questions — in one transaction,
	// written by author: published when publisher is a moderator, else waiting for one. For the
	// curriculum.
	ImportCourse(ctx context.Context, c *Course, author, publisher int64) error
	// UpdateCourse saves c's own fields; its status stays as it is.
	UpdateCourse(ctx context.Context, c *Course, by int64) error
	// FindCourse returns the course with slug in lang, its lessons and their questions.
	FindCourse(ctx context.Context, slug, lang string) (*Course, error)
	// ListCourses lists courses, newest first.
	ListCourses(ctx context.Context, f CourseFilter) ([]*Course, error)
	// TranslateCourse starts a translation of course into lang: a draft by by, with the course's
	// lessons and questions copied for translating in place, linked to the original. Errors:
	// EINVALID when the course exists in lang already.
	TranslateCourse(ctx context.Context, course int64, lang string, by int64) (*Course, error)
	// SaveLesson adds l to course (Position 0: at the end) or, when l.ID is set, saves it.
	SaveLesson(ctx context.Context, course int64, l *Lesson, by int64) error
	// MoveLesson swaps a lesson with the one before it (up) or after it (down). Errors: ECONFLICT
	// at either end.
	MoveLesson(ctx context.Context, course, lesson int64, up bool, by int64) error
	// DeleteLesson removes a lesson and its questions; the later lessons move up.
	DeleteLesson(ctx context.Context, course, lesson int64, by int64) error
	// SaveQuestion adds q to its lesson or saves it.
	SaveQuestion(ctx context.Context, course int64, q *Question, by int64) error
	// DeleteQuestion removes a question.
	DeleteQuestion(ctx context.Context, course, question int64, by int64) error
	// SubmitCourse sends a draft to the moderators; a moderator's own course is published at
	// once. Errors: ECONFLICT when it has no lesson or no quiz.
	SubmitCourse(ctx context.Context, course int64, by int64) error
	// ReviewCourse applies a moderator's decision (CourseDecide…), with a reason when it is sent back.
	ReviewCourse(ctx context.Context, course int64, decision, reason string, by int64) error
	// SetTrainer grants or takes back the right to write courses.
	SetTrainer(ctx context.Context, person int64, trainer bool, by int64) error
	// SetTrainerOrganization grants or takes back the right to write courses to an organization's
	// owners and admins.
	SetTrainerOrganization(ctx context.Context, org int64, trainer bool, by int64) error

	// AddImage stores an image (a PNG) of course's lessons and returns its ID. Errors: ECONFLICT
	// when the course has MaxCourseImages already.
	AddImage(ctx context.Context, course int64, png []byte, by int64) (int64, error)
	// Images lists the IDs of a course's images, oldest first.
	Images(ctx context.Context, course int64) ([]int64, error)
	// Image returns an image of course, or of the course it translates, whose lessons it shares.
	Image(ctx context.Context, course, id int64) ([]byte, error)

	// OpenLesson records that person reached lesson position of course: "resume where you left off".
	OpenLesson(ctx context.Context, person, course int64, position int) error
	// TakeQuiz grades a's answers to the lesson's quiz and records the attempt; when it completes
	// the course, the completion is written in the same transaction.
	TakeQuiz(ctx context.Context, a *Attempt) (completed bool, err error)
	// Progress returns person's progress in a course, or in every course started when course is 0.
	Progress(ctx context.Context, person, course int64) ([]*Progress, error)
	// Completions lists the courses person finished, most recent first.
	Completions(ctx context.Context, person int64) ([]Completion, error)
}

// ErrNotTrainer refuses course writing to people who were not made trainers.
var ErrNotTrainer = E(EFORBIDDEN, "err.not_trainer", "Only trainers write courses: ask the moderators to make you one.")
