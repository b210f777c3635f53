package sqldb_test

import (
	"context"
	"slices"
	"testing"

	"civhub"
	"civhub/sqldb"
	"civhub/sqldb/sqldbtest"
)

// courseBook is a training catalogue of one course, "safe-mapping", and who has finished it.
type courseBook struct{ finished map[int64]bool }

func (courseBook) KnownCourse(_ context.Context, id string) (bool, error) {
	return id == "safe-mapping", nil
}

func (c courseBook) Missing(_ context.Context, person int64, required []string) ([]string, error) {
	if c.finished[person] {
		return nil, nil
	}
	return slices.Clone(required), nil
}

// TestTrainingPrerequisites: a task may require a course its catalogue knows; a volunteer who has not
// finished it cannot join, one who has can; without a catalogue no course may be required.
func TestTrainingPrerequisites(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		w := newNeedWorld(t, db)
		plain := &civhub.Task{NeedID: w.need.ID, Title: "Map the shelters", Type: "mapping", EstimatedHours: 3, VolunteersWanted: 2,
			Urgency: civhub.UrgencyNormal, JoinMode: civhub.JoinClaim, ClaimHours: 48, Courses: []string{"safe-mapping"}}
		err := w.needs.CreateTask(ctx, plain, w.owner.ID)
		if e, ok := err.(*civhub.Error); !ok || e.Fields["courses"] != "err.course_unknown" {
			t.Fatalf("requiring a course with no catalogue: %v", err)
		}

		book := courseBook{finished: map[int64]bool{}}
		w.needs.SetPrerequisites(book)
		task := w.task(t, "Map the shelters", "mapping", 2, func(x *civhub.Task) { x.Courses = []string{"safe-mapping", "safe-mapping"} })
		if got, _ := w.needs.FindTask(ctx, task.ID); !slices.Equal(got.Courses, []string{"safe-mapping"}) {
			t.Fatalf("stored courses %v", got.Courses)
		}
		novice, trained := verifiedPerson(t, db, "novice@example.org"), verifiedPerson(t, db, "trained@example.org")
		book.finished[trained.ID] = true
		if _, err := w.needs.Act(ctx, civhub.ActRequest{Action: civhub.ActClaim, TaskID: task.ID, By: novice.ID}); err != civhub.ErrCoursesMissing {
			t.Fatalf("a volunteer without the course: %v", err)
		}
		if _, err := w.needs.Act(ctx, civhub.ActRequest{Action: civhub.ActClaim, TaskID: task.ID, By: trained.ID}); err != nil {
			t.Fatalf("a volunteer with the course: %v", err)
		}
		task.Courses = nil
		if err := w.needs.UpdateTask(ctx, task, w.owner.ID); err != nil {
			t.Fatal(err)
		}
		if _, err := w.needs.Act(ctx, civhub.ActRequest{Action: civhub.ActClaim, TaskID: task.ID, By: novice.ID}); err != nil {
			t.Fatalf("the course is no longer required: %v", err)
		}
	})
}
