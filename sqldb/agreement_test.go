package sqldb_test

import (
	"context"
	"testing"
	"time"

	"civhub"
	"civhub/sqldb"
	"civhub/sqldb/sqldbtest"
)

// TestAgreement: accepting an application states the agreement; the contacts show only once the
// volunteer agreed too.
func TestAgreement(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		w := newNeedWorld(t, db)
		task := w.task(t, "Diseñar el afiche del simulacro", "data_entry", 1, func(t *civhub.Task) { t.JoinMode = civhub.JoinApply })
		ana := verifiedPerson(t, db, "ana@example.org")
		a, err := w.needs.Act(ctx, civhub.ActRequest{Action: civhub.ActApply, TaskID: task.ID, By: ana.ID})
		if err != nil {
			t.Fatal(err)
		}
		accept := func(g *civhub.Agreement) error {
			_, err := w.needs.Act(ctx, civhub.ActRequest{Action: civhub.ActAccept, AssignmentID: a.ID, By: w.owner.ID, Agreement: g})
			return err
		}
		if err := accept(nil); civhub.ErrorCode(err) != civhub.EINVALID {
			t.Fatalf("accept without an agreement: %v", err)
		}
		yesterday := time.Now().Add(-48 * time.Hour)
		err = accept(&civhub.Agreement{Scope: "  afiche ", Hours: 0, Deadline: &yesterday, AnswerDays: 30})
		var e *civhub.Error
		if civhub.ErrorCode(err) != civhub.EINVALID || !asError(err, &e) || len(e.Fields) != 4 {
			t.Fatalf("a bad agreement: %v, want four fields at fault", err)
		}
		if _, err := w.needs.Agreement(ctx, a.ID); civhub.ErrorCode(err) != civhub.ENOTFOUND {
			t.Fatal("a refused agreement was stored")
		}
		deadline := time.Now().Add(10 * 24 * time.Hour).UTC().Truncate(24 * time.Hour)
		if err := accept(&civhub.Agreement{Scope: "Un afiche A3 y una versión para WhatsApp.", Hours: 4, Deadline: &deadline, AnswerDays: 2}); err != nil {
			t.Fatal(err)
		}
		g, err := w.needs.Agreement(ctx, a.ID)
		if err != nil || g.Hours != 4 || g.AnswerDays != 2 || g.Deadline == nil || !g.Deadline.Equal(deadline) || g.OrgAgreedBy != w.owner.ID ||
			g.Agreed() || g.OrgContact != nil || g.VolunteerContact != nil {
			t.Fatalf("before the volunteer agreed: %+v, %v", g, err)
		}
		if err := w.needs.Agree(ctx, a.ID, w.owner.ID); civhub.ErrorCode(err) != civhub.ENOTFOUND {
			t.Fatalf("the organization agrees for the volunteer: %v", err)
		}
		if err := w.needs.Agree(ctx, a.ID, ana.ID); err != nil {
			t.Fatal(err)
		}
		if err := w.needs.Agree(ctx, a.ID, ana.ID); civhub.ErrorCode(err) != civhub.ECONFLICT {
			t.Fatalf("agreeing twice: %v", err)
		}
		g, err = w.needs.Agreement(ctx, a.ID)
		if err != nil || !g.Agreed() || g.VolunteerContact == nil || g.VolunteerContact.Email != "ana@example.org" ||
			g.OrgContact == nil || g.OrgContact.Email != w.owner.Email {
			t.Fatalf("after both agreed: %+v, %v", g, err)
		}
		if got := inbox(t, w.notes, w.owner.ID); got[0].Kind != civhub.NoteAgreed {
			t.Fatalf("the organization is told: %+v", got[0])
		}
		if _, err := w.needs.Agreement(ctx, 999999); civhub.ErrorCode(err) != civhub.ENOTFOUND {
			t.Fatalf("no agreement: %v", err)
		}
	})
}
