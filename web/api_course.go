package web

import (
	"context"
	"net/http"
	"time"

	"github.com/danielgtaylor/huma/v2"

	"civhub"
)

// CoursesInput searches the published courses.
type CoursesInput struct {
	Query    string `query:"q" maxLength:"200"`
	Language string `query:"language" doc:"The language a course is written in: en, fr, es, ar, pt, sw, ht or ary."`
	Level    string `query:"level" enum:"beginner,intermediate,advanced,"`
	Limit    int    `query:"limit" minimum:"1" maximum:"200" default:"50"`
}

// CoursesOutput lists courses, the most recently updated first; their lessons are left out.
type CoursesOutput struct {
	Body struct {
		Courses []*civhub.Course `json:"courses"`
	}
}

// CourseInput names a course in one of its languages.
type CourseInput struct {
	Slug     string `path:"slug" maxLength:"60"`
	Language string `path:"lang" maxLength:"12"`
}

// CourseOutput is a course with its lessons and quiz questions; the answers are not in it.
type CourseOutput struct {
	Body *civhub.Course
}

// QuizInput answers a lesson's quiz.
type QuizInput struct {
	Slug     string `path:"slug" maxLength:"60"`
	Language string `path:"lang" maxLength:"12"`
	Lesson   int    `path:"n" minimum:"1" maximum:"40" doc:"The lesson's position in the course, from 1."`
	Body     struct {
		Answers []civhub.Answer `json:"answers" maxItems:"20" doc:"For each question: the indexes of the choices chosen, or the text of a short answer."`
	}
}

// QuizOutput is the graded attempt.
type QuizOutput struct {
	Body struct {
		Attempt   *civhub.Attempt `json:"attempt"`
		Completed bool            `json:"completed" doc:"The attempt finished the course (or it was finished before)."`
	}
}

// ProgressOutput is where the caller stands in the courses they started, and what they finished.
type ProgressOutput struct {
	Body struct {
		Started  []apiProgress       `json:"started"`
		Finished []civhub.Completion `json:"finished"`
	}
}

type apiProgress struct {
	Slug      string     `json:"slug"`
	Language  string     `json:"language"`
	Title     string     `json:"title"`
	Position  int        `json:"position" doc:"The furthest lesson opened."`
	Completed *time.Time `json:"completed_at,omitempty"`
	UpdatedAt time.Time  `json:"updated_at"`
}

func (s *learning) registerAPI(api huma.API) {
	huma.Register(api, huma.Operation{
		OperationID: "list-courses", Method: http.MethodGet, Path: "/v1/courses", Summary: "Search the courses",
		Description: "Published courses, the most recently updated first. A course and its translations share a slug; finishing " +
			"any of them meets a task's requirement.",
		Tags: []string{"Learning"},
	}, func(ctx context.Context, in *CoursesInput) (*CoursesOutput, error) {
		list, err := s.courses.ListCourses(ctx, civhub.CourseFilter{Query: in.Query, Language: in.Language, Level: in.Level, Limit: in.Limit})
		if err != nil {
			return nil, s.apiError(ctx, err)
		}
		out := &CoursesOutput{}
		out.Body.Courses = append([]*civhub.Course{}, list...)
		return out, nil
	})
	huma.Register(api, huma.Operation{
		OperationID: "get-course", Method: http.MethodGet, Path: "/v1/courses/{slug}/{lang}", Summary: "One course, with its lessons",
		Description: "Drafts answer 404 to all but their authors and moderators. The quiz questions come without their answers.",
		Tags:        []string{"Learning"},
	}, func(ctx context.Context, in *CourseInput) (*CourseOutput, error) {
		c, err := s.visibleCourse(ctx, in.Slug, in.Language)
		if err != nil {
			return nil, err
		}
		return &CourseOutput{Body: c}, nil
	})
	huma.Register(api, huma.Operation{
		OperationID: "take-quiz", Method: http.MethodPost, Path: "/v1/courses/{slug}/{lang}/lessons/{n}/attempts",
		Summary: "Answer a lesson's quiz", Description: "Grades the answers and records the attempt; passing every quiz of a course finishes it.",
		Tags: []string{"Learning"}, Security: bearer,
	}, func(ctx context.Context, in *QuizInput) (*QuizOutput, error) {
		a, err := s.requireCaller(ctx)
		if err != nil {
			return nil, err
		}
		c, err := s.visibleCourse(ctx, in.Slug, in.Language)
		if err != nil {
			return nil, err
		}
		if in.Lesson > len(c.Lessons) {
			return nil, s.apiError(ctx, civhub.E(civhub.ENOTFOUND, "err.lesson_not_found", "There is no such lesson."))
		}
		if !a.CanTakeQuiz(c) {
			return nil, s.apiError(ctx, civhub.E(civhub.ECONFLICT, "err.course_not_published", "This course is not published: its quiz opens when it is."))
		}
		attempt := &civhub.Attempt{PersonID: a.ID(), CourseID: c.ID, LessonID: c.Lessons[in.Lesson-1].ID, Answers: in.Body.Answers}
		completed, err := s.courses.TakeQuiz(ctx, attempt)
		if err != nil {
			return nil, s.apiError(ctx, err)
		}
		out := &QuizOutput{}
		out.Body.Attempt, out.Body.Completed = attempt, completed
		return out, nil
	})
	huma.Register(api, huma.Operation{
		OperationID: "my-progress", Method: http.MethodGet, Path: "/v1/me/progress", Summary: "My courses",
		Description: "The courses the caller started, the most recent first, and those they finished.",
		Tags:        []string{"Learning"}, Security: bearer,
	}, func(ctx context.Context, _ *struct{}) (*ProgressOutput, error) {
		a, err := s.requireCaller(ctx)
		if err != nil {
			return nil, err
		}
		started, err := s.courses.Progress(ctx, a.ID(), 0)
		if err != nil {
			return nil, s.apiError(ctx, err)
		}
		finished, err := s.courses.Completions(ctx, a.ID())
		if err != nil {
			return nil, s.apiError(ctx, err)
		}
		out := &ProgressOutput{}
		out.Body.Started, out.Body.Finished = []apiProgress{}, append([]civhub.Completion{}, finished...)
		for _, p := range started {
			out.Body.Started = append(out.Body.Started, apiProgress{Slug: p.Course.Slug, Language: p.Course.Language, Title: p.Course.Title,
				Position: p.Position, Completed: p.Completed, UpdatedAt: p.UpdatedAt})
		}
		return out, nil
	})
}

// visibleCourse reads a course as the API's caller may see it.
func (s *learning) visibleCourse(ctx context.Context, slug, lang string) (*civhub.Course, error) {
	c, err := s.courses.FindCourse(ctx, slug, lang)
	if err == nil && !callerOf(ctx).actor.CanViewCourse(c) {
		err = civhub.E(civhub.ENOTFOUND, "err.course_not_found", "There is no such course.")
	}
	if err != nil {
		return nil, s.apiError(ctx, err)
	}
	return c, nil
}
