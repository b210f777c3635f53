package sqldb_test

import (
	"context"
	"slices"
	"testing"

	"civhub"
	"civhub/sqldb"
	"civhub/sqldb/sqldbtest"
)

// TestFullTasksLeaveTheList: a task whose last place is taken leaves the default search and the
// volunteers' candidates, is found among the full tasks, still reads as open to volunteers (so a
// late taker is told it is full, not closed), and comes back when a place is released or more
// volunteers are wanted.
func TestFullTasksLeaveTheList(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		w := newNeedWorld(t, db)
		task := w.task(t, "Map the shelters of Cerro Alegre", "mapping", 1, func(x *civhub.Task) { x.Skills = []string{"mapping"} })
		other := w.task(t, "Map the shelters of Cerro Barón", "mapping", 2, func(x *civhub.Task) { x.Skills = []string{"mapping"} })
		search := func(f civhub.TaskFilter) []int64 {
			t.Helper()
			page, err := w.needs.SearchTasks(ctx, f)
			if err != nil {
				t.Fatal(err)
			}
			var ids []int64
			for _, x := range page.Tasks {
				ids = append(ids, x.ID)
			}
			return ids
		}
		candidates := func() []int64 {
			t.Helper()
			list, err := w.needs.CandidateTasks(ctx, []string{"mapping"}, nil, 10)
			if err != nil {
				t.Fatal(err)
			}
			var ids []int64
			for _, x := range list {
				ids = append(ids, x.ID)
			}
			return ids
		}
		if got := search(civhub.TaskFilter{}); !slices.Equal(got, []int64{other.ID, task.ID}) {
			t.Fatalf("before anyone joins: %v", got)
		}
		jean := verifiedPerson(t, db, "jean@example.org")
		a, err := w.needs.Act(ctx, civhub.ActRequest{Action: civhub.ActClaim, TaskID: task.ID, By: jean.ID})
		if err != nil {
			t.Fatal(err)
		}
		for _, f := range []civhub.TaskFilter{{}, {Query: "shelters"}, {Sort: "deadline"}, {Type: "mapping"}} {
			if got := search(f); slices.Contains(got, task.ID) {
				t.Errorf("%+v: the full task is listed: %v", f, got)
			}
		}
		if got := search(civhub.TaskFilter{Full: true}); !slices.Equal(got, []int64{task.ID}) {
			t.Fatalf("full tasks: %v, want only %d", got, task.ID)
		}
		if got := search(civhub.TaskFilter{Full: true, Query: "Barón"}); len(got) != 0 {
			t.Fatalf("full tasks with a word of another task: %v", got)
		}
		if got := candidates(); !slices.Equal(got, []int64{other.ID}) {
			t.Fatalf("candidates: %v, want only the task with a place", got)
		}
		got, err := w.needs.FindTask(ctx, task.ID)
		if err != nil || !got.Listed || got.SlotsLeft() != 0 {
			t.Fatalf("the full task reads listed=%v, %d places left (%v)", got.Listed, got.SlotsLeft(), err)
		}
		late := verifiedPerson(t, db, "late@example.org")
		if _, err := w.needs.Act(ctx, civhub.ActRequest{Action: civhub.ActClaim, TaskID: task.ID, By: late.ID}); err != civhub.ErrTaskFull {
			t.Fatalf("a late claim: %v, want %v", err, civhub.ErrTaskFull)
		}
		// Jean lets the place go: the task is back.
		if _, err := w.needs.Act(ctx, civhub.ActRequest{Action: civhub.ActRelease, AssignmentID: a.ID, By: jean.ID}); err != nil {
			t.Fatal(err)
		}
		if got := search(civhub.TaskFilter{}); !slices.Equal(got, []int64{other.ID, task.ID}) {
			t.Fatalf("after the release: %v", got)
		}
		if got := search(civhub.TaskFilter{Full: true}); len(got) != 0 {
			t.Fatalf("full tasks after the release: %v", got)
		}
		// Full again, then the organization wants one more volunteer: listed again.
		if _, err := w.needs.Act(ctx, civhub.ActRequest{Action: civhub.ActClaim, TaskID: task.ID, By: late.ID}); err != nil {
			t.Fatal(err)
		}
		fresh, _ := w.needs.FindTask(ctx, task.ID)
		fresh.VolunteersWanted = 2
		if err := w.needs.UpdateTask(ctx, fresh, w.owner.ID); err != nil {
			t.Fatal(err)
		}
		if got := search(civhub.TaskFilter{}); !slices.Contains(got, task.ID) {
			t.Fatalf("with a place added: %v", got)
		}
		// A full task of a need archived is in neither list.
		fresh.VolunteersWanted = 1
		if err := w.needs.UpdateTask(ctx, fresh, w.owner.ID); err != nil {
			t.Fatal(err)
		}
		w.need.Status = civhub.NeedArchived
		if err := w.needs.UpdateNeed(ctx, w.need, w.owner.ID); err != nil {
			t.Fatal(err)
		}
		if got := search(civhub.TaskFilter{Full: true}); len(got) != 0 {
			t.Fatalf("full tasks of an archived need: %v", got)
		}
	})
}
