package sqldb_test

import (
	"context"
	"fmt"
	"regexp"
	"slices"
	"testing"

	"civhub"
	"civhub/sqldb"
	"civhub/sqldb/sqldbtest"
)

// pathTo lists the steps that bring a new engagement to each status, starting with claim or apply.
// Done has no step of its own (confirmed hours end an approved engagement), so it is written.
var pathTo = map[string][]string{
	civhub.AssignClaimed:    {civhub.ActClaim},
	civhub.AssignApplied:    {civhub.ActApply},
	civhub.AssignAccepted:   {civhub.ActApply, civhub.ActAccept},
	civhub.AssignInProgress: {civhub.ActClaim, civhub.ActStart},
	civhub.AssignSubmitted:  {civhub.ActClaim, civhub.ActSubmit},
	civhub.AssignReturned:   {civhub.ActClaim, civhub.ActSubmit, civhub.ActReturn},
	civhub.AssignApproved:   {civhub.ActClaim, civhub.ActSubmit, civhub.ActApprove},
	civhub.AssignDone:       {civhub.ActClaim, civhub.ActSubmit, civhub.ActApprove},
	civhub.AssignWithdrawn:  {civhub.ActClaim, civhub.ActWithdraw},
	civhub.AssignDeclined:   {civhub.ActApply, civhub.ActDecline},
	civhub.AssignCancelled:  {civhub.ActClaim, civhub.ActCancel},
	civhub.AssignReleased:   {civhub.ActClaim, civhub.ActRelease},
}

// refusedMoves are moves the workflow must never allow: approving work never handed in, accepting
// a claim, and moving an engagement that is over.
var refusedMoves = [][2]string{
	{civhub.AssignClaimed, civhub.ActApprove},
	{civhub.AssignInProgress, civhub.ActApprove},
	{civhub.AssignAccepted, civhub.ActApprove},
	{civhub.AssignReturned, civhub.ActApprove},
	{civhub.AssignClaimed, civhub.ActAccept},
	{civhub.AssignClaimed, civhub.ActReturn},
	{civhub.AssignApproved, civhub.ActSubmit},
	{civhub.AssignApproved, civhub.ActCancel},
	{civhub.AssignWithdrawn, civhub.ActStart},
	{civhub.AssignReleased, civhub.ActSubmit},
	{civhub.AssignDeclined, civhub.ActAccept},
	{civhub.AssignDone, civhub.ActApprove},
}

// TestWorkflowRefusesThroughStorage takes each move of refusedMoves through the storage, on both
// databases, and expects ECONFLICT with the engagement left as it was. (TestWorkflowMoves in the
// root package checks every pair of the table itself.)
func TestWorkflowRefusesThroughStorage(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		w := newNeedWorld(t, db)
		tasks := map[string]*civhub.Task{
			civhub.ActClaim: w.task(t, "Registrar fichas", "data_entry", 500),
			civhub.ActApply: w.task(t, "Revisar fichas", "data_entry", 500, func(t *civhub.Task) { t.JoinMode = civhub.JoinApply }),
		}
		volunteers := 0
		engage := func(status string) *civhub.Assignment {
			t.Helper()
			volunteers++
			v := verifiedPerson(t, db, fmt.Sprintf("volunteer%d@example.org", volunteers))
			path := pathTo[status]
			a, err := w.needs.Act(ctx, civhub.ActRequest{Action: path[0], TaskID: tasks[path[0]].ID, By: v.ID})
			if err != nil {
				t.Fatalf("%s: %v", path[0], err)
			}
			for _, action := range path[1:] {
				if a, err = w.needs.Act(ctx, stepRequest(w, a, action)); err != nil {
					t.Fatalf("on the way to %s, %s: %v", status, action, err)
				}
			}
			if status == civhub.AssignDone {
				setAssignmentStatus(t, db, a.ID, civhub.AssignDone)
			}
			return a
		}
		for _, move := range refusedMoves {
			from, action := move[0], move[1]
			a := engage(from)
			if got := assignmentStatus(t, db, a.ID); got != from {
				t.Fatalf("the way to %s led to %s", from, got)
			}
			_, err := w.needs.Act(ctx, stepRequest(w, a, action))
			if got := assignmentStatus(t, db, a.ID); civhub.ErrorCode(err) != civhub.ECONFLICT || got != from {
				t.Errorf("from %s, %s: %v, status %s; want ECONFLICT and the status kept", from, action, err, got)
			}
		}
		t.Run("ErrOwnTask", func(t *testing.T) {
			_, err := w.needs.Act(ctx, civhub.ActRequest{Action: civhub.ActClaim, TaskID: tasks[civhub.ActClaim].ID, By: w.owner.ID})
			if civhub.ErrorCode(err) != civhub.EFORBIDDEN {
				t.Fatalf("the organization's owner claimed its own task: %v, want EFORBIDDEN", err)
			}
		})
		t.Run("ErrJoinedAlready", func(t *testing.T) {
			a := engage(civhub.AssignInProgress)
			_, err := w.needs.Act(ctx, civhub.ActRequest{Action: civhub.ActClaim, TaskID: a.TaskID, By: a.VolunteerID})
			if civhub.ErrorCode(err) != civhub.ECONFLICT {
				t.Fatalf("a volunteer at work on a task claimed it again: %v, want ECONFLICT", err)
			}
		})
	})
}

// stepRequest is action on a, taken by whoever takes it: the volunteer, the organization's owner,
// or civhub itself for a release; with the message or agreement the step needs.
func stepRequest(w *needWorld, a *civhub.Assignment, action string) civhub.ActRequest {
	r := civhub.ActRequest{Action: action, AssignmentID: a.ID, By: w.owner.ID, Message: "Por favor, revisa la columna B."}
	switch action {
	case civhub.ActWithdraw, civhub.ActStart, civhub.ActSubmit:
		r.By = a.VolunteerID
	case civhub.ActRelease:
		r.By = 0
	case civhub.ActAccept:
		r.Agreement = agreement()
	}
	return r
}

func assignmentStatus(t *testing.T, db *sqldb.DB, id int64) string {
	t.Helper()
	var status string
	err := db.View(context.Background(), func(tx *sqldb.Tx) error {
		return tx.QueryRowContext(context.Background(), `SELECT status FROM assignments WHERE id = $1`, id).Scan(&status)
	})
	if err != nil {
		t.Fatal(err)
	}
	return status
}

func setAssignmentStatus(t *testing.T, db *sqldb.DB, id int64, status string) {
	t.Helper()
	err := db.Update(context.Background(), func(tx *sqldb.Tx) error {
		_, err := tx.ExecContext(context.Background(), `UPDATE assignments SET status = $1 WHERE id = $2`, status, id)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
}

// TestActiveIndex holds migration 25's unique index, which SQL writes out, to the domain's rule of
// which statuses are active: one more active status in the domain must show up here.
func TestActiveIndex(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		q := `SELECT sql FROM sqlite_schema WHERE name = 'assignments_one_active'`
		if db.Dialect() == sqldb.Postgres {
			q = `SELECT indexdef FROM pg_indexes WHERE indexname = 'assignments_one_active' AND schemaname = current_schema()`
		}
		var def string
		if err := db.Writer().QueryRow(q).Scan(&def); err != nil {
			t.Fatal(err)
		}
		var listed []string
		for _, m := range regexp.MustCompile(`'([a-z_]+)'`).FindAllStringSubmatch(def, -1) {
			listed = append(listed, m[1])
		}
		slices.Sort(listed)
		want := civhub.StatusesWhere(civhub.IsActive)
		slices.Sort(want)
		if !slices.Equal(listed, want) {
			t.Fatalf("the index lists %q, the domain's active statuses are %q:\n%s", listed, want, def)
		}
	})
}
