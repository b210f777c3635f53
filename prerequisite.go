package civhub

import "context"

// Prerequisites is where training meets the core loop: "this task requires course X". A task lists
// the courses it requires (Task.Courses); the workflow asks Missing before a volunteer claims or
// applies, and refuses while any is missing. The training catalogue implements it; until it
// exists, NoCourses knows no course, so no task can require one and everyone may join.
type Prerequisites interface {
	// KnownCourse reports whether a task may require the course with slug: a published course.
	KnownCourse(ctx context.Context, slug string) (bool, error)
	// Missing returns the courses among required that person has not finished yet.
	Missing(ctx context.Context, person int64, required []string) ([]string, error)
}

// NoCourses is the Prerequisites of a civhub without a training catalogue.
type NoCourses struct{}

// KnownCourse implements Prerequisites: there is no course.
func (NoCourses) KnownCourse(context.Context, string) (bool, error) { return false, nil }

// Missing implements Prerequisites: nothing can be missing.
func (NoCourses) Missing(context.Context, int64, []string) ([]string, error) { return nil, nil }

// ErrCoursesMissing answers a volunteer who has not finished the courses a task requires; the task
// page lists them.
var ErrCoursesMissing = E(EFORBIDDEN, "err.courses_missing", "This task asks for a course you have not finished yet: the task lists it.")
