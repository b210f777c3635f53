package sqldb_test

import (
	"context"
	"testing"

	"civhub"
	"civhub/sqldb"
	"civhub/sqldb/sqldbtest"
)

// TestCreateNeedWithTasks stores a need with its tasks in one go: the tasks belong to the need and
// its organization and are listed when the need is open; a draft's tasks wait with it; one refused
// task leaves nothing behind.
func TestCreateNeedWithTasks(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		w := newNeedWorld(t, db)
		tasks := func() []*civhub.Task {
			return []*civhub.Task{
				{Title: "Traduire le dépliant", Type: civhub.TaskTranslation, SourceLanguage: "fr", TargetLanguage: "ar",
					Skills: []string{"translation"}, EstimatedHours: 6, VolunteersWanted: 1, Urgency: civhub.UrgencyNormal, JoinMode: civhub.JoinApply},
				{Title: "Relire la traduction", Type: civhub.TaskTranslation, SourceLanguage: "fr", TargetLanguage: "ar",
					EstimatedHours: 2, VolunteersWanted: 1, Urgency: civhub.UrgencyNormal, JoinMode: civhub.JoinClaim, ClaimHours: 72},
			}
		}
		need := func(status string) *civhub.Need {
			return &civhub.Need{OrganizationID: w.org.ID, Title: "Traduire notre dépliant", Remote: true, Status: status}
		}
		count := func() int {
			t.Helper()
			needs, err := w.needs.OrganizationNeeds(ctx, w.org.ID)
			if err != nil {
				t.Fatal(err)
			}
			return len(needs)
		}

		t.Run("OK", func(t *testing.T) {
			n, ts := need(civhub.NeedOpen), tasks()
			if err := w.needs.CreateNeedWithTasks(ctx, n, ts, w.owner.ID); err != nil {
				t.Fatal(err)
			}
			stored, err := w.needs.NeedTasks(ctx, n.ID)
			if err != nil {
				t.Fatal(err)
			}
			if len(stored) != 2 || stored[0].Title == stored[1].Title {
				t.Fatalf("the need has %d tasks, want both", len(stored))
			}
			for _, st := range stored {
				if st.OrganizationID != w.org.ID || !st.Listed || st.Status != civhub.TaskOpen {
					t.Errorf("task %q: organization %d, listed %v, status %s; want %d, listed, open", st.Title, st.OrganizationID, st.Listed, st.Status, w.org.ID)
				}
			}
			if got, _ := w.needs.FindTask(ctx, ts[0].ID); got == nil || got.TargetLanguage != "ar" || len(got.Skills) != 1 {
				t.Errorf("the translation reads back as %+v", got)
			}
		})
		t.Run("DraftTasksWait", func(t *testing.T) {
			n := need(civhub.NeedDraft)
			if err := w.needs.CreateNeedWithTasks(ctx, n, tasks(), w.owner.ID); err != nil {
				t.Fatal(err)
			}
			stored, _ := w.needs.NeedTasks(ctx, n.ID)
			for _, st := range stored {
				if st.Listed {
					t.Errorf("task %q of a draft is listed", st.Title)
				}
			}
		})
		t.Run("ErrInvalidTaskLeavesNothing", func(t *testing.T) {
			before := count()
			ts := tasks()
			ts[1].Skills = []string{"juggling"}
			err := w.needs.CreateNeedWithTasks(ctx, need(civhub.NeedOpen), ts, w.owner.ID)
			if civhub.ErrorCode(err) != civhub.EINVALID {
				t.Fatalf("an unknown skill: %v, want EINVALID", err)
			}
			if after := count(); after != before {
				t.Fatalf("%d needs after a refused task, want %d", after, before)
			}
		})
	})
}
