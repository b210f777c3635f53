package sqldb_test

import (
	"context"
	"testing"

	"civhub"
	"civhub/sqldb"
	"civhub/sqldb/sqldbtest"
)

func TestHoursAndContribution(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		w := newNeedWorld(t, db)
		task := w.task(t, "Enter the shelter addresses", "data_entry", 1)
		other := w.task(t, "Check the list", "data_entry", 1)
		priya := verifiedPerson(t, db, "priya@example.org")
		stranger := verifiedPerson(t, db, "stranger@example.org")
		a, err := w.needs.Act(ctx, civhub.ActRequest{Action: civhub.ActClaim, TaskID: task.ID, By: priya.ID})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := w.needs.LogHours(ctx, a.ID, 5, "", priya.ID); civhub.ErrorCode(err) != civhub.EINVALID {
			t.Fatalf("five minutes: %v, want EINVALID", err)
		}
		if _, err := w.needs.LogHours(ctx, a.ID, 90, "", stranger.ID); civhub.ErrorCode(err) != civhub.ENOTFOUND {
			t.Fatalf("hours on someone else's engagement: %v, want ENOTFOUND", err)
		}
		e, err := w.needs.LogHours(ctx, a.ID, 90, "Typed 40 addresses.", priya.ID)
		if err != nil {
			t.Fatal(err)
		}
		if err := w.needs.DecideHours(ctx, other.ID, e.ID, true, w.owner.ID); civhub.ErrorCode(err) != civhub.ENOTFOUND {
			t.Fatalf("deciding through another task: %v, want ENOTFOUND", err)
		}
		if err := w.needs.DecideHours(ctx, task.ID, e.ID, true, w.owner.ID); err != nil {
			t.Fatal(err)
		}
		if err := w.needs.DecideHours(ctx, task.ID, e.ID, false, w.owner.ID); civhub.ErrorCode(err) != civhub.ECONFLICT {
			t.Fatalf("deciding twice: %v", err)
		}
		if err := w.needs.Endorse(ctx, w.org.ID, priya.ID, "data_entry", "Gracias", w.owner.ID); civhub.ErrorCode(err) != civhub.ECONFLICT {
			t.Fatalf("endorsing before any approved work: %v, want ECONFLICT", err)
		}
		for _, step := range []civhub.ActRequest{
			{Action: civhub.ActSubmit, AssignmentID: a.ID, By: priya.ID, Message: "All 40 addresses: https://example.org/sheet"},
			{Action: civhub.ActApprove, AssignmentID: a.ID, By: w.owner.ID},
		} {
			if _, err := w.needs.Act(ctx, step); err != nil {
				t.Fatal(err)
			}
		}
		if err := w.needs.Endorse(ctx, w.org.ID, priya.ID, "data_entry", "¡Gracias, Priya!", w.owner.ID); err != nil {
			t.Fatal(err)
		}
		c, err := w.needs.Contribution(ctx, priya.ID)
		if err != nil {
			t.Fatal(err)
		}
		if c.ConfirmedMinutes != 90 || c.TasksApproved != 1 || c.Organizations != 1 || len(c.Endorsements) != 1 {
			t.Fatalf("contribution = %+v", c)
		}
	})
}
