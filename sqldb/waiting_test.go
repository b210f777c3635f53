package sqldb_test

import (
	"context"
	"testing"
	"time"

	"civhub"
	"civhub/sqldb"
	"civhub/sqldb/sqldbtest"
)

// TestWaitingFor: what waits for an organization's answer — an application with the date it must be
// answered by, work handed in, hours logged — oldest first, and nothing of other organizations or
// already answered.
func TestWaitingFor(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		w := newNeedWorld(t, db)
		start := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
		clock := start
		db.Now = func() time.Time { return clock }
		apply := w.task(t, "Revisar fichas", "data_entry", 5, func(t *civhub.Task) { t.JoinMode = civhub.JoinApply })
		claim := w.task(t, "Registrar fichas", "data_entry", 5)
		amina := verifiedPerson(t, db, "amina@example.org")
		jose := verifiedPerson(t, db, "jose@example.org")

		applied, err := w.needs.Act(ctx, civhub.ActRequest{Action: civhub.ActApply, TaskID: apply.ID, By: amina.ID, Message: "Puedo."})
		if err != nil {
			t.Fatal(err)
		}
		clock = start.Add(time.Hour)
		a, err := w.needs.Act(ctx, civhub.ActRequest{Action: civhub.ActClaim, TaskID: claim.ID, By: jose.ID})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := w.needs.LogHours(ctx, a.ID, 90, "Fichas 1 a 40.", jose.ID); err != nil {
			t.Fatal(err)
		}
		clock = start.Add(2 * time.Hour)
		if _, err := w.needs.Act(ctx, civhub.ActRequest{Action: civhub.ActSubmit, AssignmentID: a.ID, By: jose.ID, Message: "Listo: https://example.org/fichas"}); err != nil {
			t.Fatal(err)
		}
		other := newOrg(t, newOrgs(t, db), verifiedPerson(t, db, "otra@example.org"), "otra", false)

		got, err := w.needs.WaitingFor(ctx, []int64{w.org.ID, other.ID}, 10)
		if err != nil {
			t.Fatal(err)
		}
		want := []struct {
			kind, volunteer string
			task            int64
			since           time.Time
		}{
			{civhub.WaitApplication, amina.DisplayName, apply.ID, start},
			{civhub.WaitHours, jose.DisplayName, claim.ID, start.Add(time.Hour)},
			{civhub.WaitReview, jose.DisplayName, claim.ID, start.Add(2 * time.Hour)},
		}
		if len(got) != len(want) {
			t.Fatalf("waiting: %+v, want %d things", got, len(want))
		}
		for i, w8 := range want {
			g := got[i]
			if g.Kind != w8.kind || g.Volunteer != w8.volunteer || g.TaskID != w8.task || !g.Since.Equal(w8.since) || g.OrgSlug != w.org.Slug {
				t.Errorf("waiting %d: %+v, want %s by %s on task %d since %v", i, g, w8.kind, w8.volunteer, w8.task, w8.since)
			}
		}
		if by := got[0].AnswerBy(); !by.Equal(start.AddDate(0, 0, civhub.AnswerDays)) {
			t.Errorf("the application must be answered by %v, want %d days after it came", by, civhub.AnswerDays)
		}
		if got[1].Minutes != 90 || !got[1].AnswerBy().IsZero() {
			t.Errorf("hours: %d minutes, answer by %v", got[1].Minutes, got[1].AnswerBy())
		}
		if got, err := w.needs.WaitingFor(ctx, []int64{w.org.ID}, 2); err != nil || len(got) != 2 || got[0].Kind != civhub.WaitApplication {
			t.Errorf("at most 2: %+v, %v", got, err)
		}

		// Answered, nothing waits any more.
		if _, err := w.needs.Act(ctx, civhub.ActRequest{Action: civhub.ActDecline, AssignmentID: applied.ID, By: w.owner.ID}); err != nil {
			t.Fatal(err)
		}
		if _, err := w.needs.Act(ctx, stepRequest(w, a, civhub.ActApprove)); err != nil {
			t.Fatal(err)
		}
		if got, err = w.needs.WaitingFor(ctx, []int64{other.ID}, 10); err != nil || len(got) != 0 {
			t.Errorf("another organization's: %+v, %v", got, err)
		}
		got, err = w.needs.WaitingFor(ctx, []int64{w.org.ID}, 10)
		if err != nil || len(got) != 1 || got[0].Kind != civhub.WaitHours {
			t.Errorf("after declining and approving: %+v, %v; want the hours alone", got, err)
		}
	})
}
