package sqldb_test

import (
	"context"
	"testing"
	"time"

	"civhub"
	"civhub/sqldb"
	"civhub/sqldb/sqldbtest"
)

func keep(t *testing.T, w *needWorld, want civhub.FollowUp) {
	t.Helper()
	got, err := w.needs.KeepPromises(context.Background())
	if err != nil || got != want {
		t.Fatalf("KeepPromises = %+v, %v; want %+v", got, err, want)
	}
}

func status(t *testing.T, w *needWorld, id int64) string {
	t.Helper()
	var s string
	if err := w.db.View(context.Background(), func(tx *sqldb.Tx) error {
		return tx.QueryRowContext(context.Background(), `SELECT status FROM assignments WHERE id = $1`, id).Scan(&s)
	}); err != nil {
		t.Fatal(err)
	}
	return s
}

// TestUnansweredApplication: the organization is reminded after five days; after seven the
// application is closed for it and the volunteer pointed to similar tasks.
func TestUnansweredApplication(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		start := time.Date(2026, 11, 2, 9, 0, 0, 0, time.UTC)
		c := &clock{now: start}
		c.install(db)
		w := newNeedWorld(t, db)
		task := w.task(t, "Revisar el plan comunal", "data_entry", 1, func(t *civhub.Task) { t.JoinMode = civhub.JoinApply })
		ana := verifiedPerson(t, db, "ana@example.org")
		a, err := w.needs.Act(ctx, civhub.ActRequest{Action: civhub.ActApply, TaskID: task.ID, By: ana.ID})
		if err != nil {
			t.Fatal(err)
		}
		c.now = start.Add(4 * 24 * time.Hour)
		keep(t, w, civhub.FollowUp{})
		c.now = start.Add(5*24*time.Hour + time.Minute)
		keep(t, w, civhub.FollowUp{AnswerNudges: 1})
		keep(t, w, civhub.FollowUp{})
		if got := inbox(t, w.notes, w.owner.ID); got[0].Kind != civhub.NoteAnswerDue || got[0].TaskID != task.ID {
			t.Fatalf("the organization's inbox: %+v", got[0])
		}
		if kinds, payloads := mails(t, db, w.owner.ID); payloads[len(kinds)-1]["note"] != civhub.NoteAnswerDue {
			t.Fatalf("the reminder asks for action and is mailed at once: %v", payloads)
		}
		c.now = start.Add(7*24*time.Hour + time.Minute)
		keep(t, w, civhub.FollowUp{Expired: 1})
		if s := status(t, w, a.ID); s != civhub.AssignDeclined {
			t.Fatalf("status %s, want declined", s)
		}
		got := inbox(t, w.notes, ana.ID)
		if len(got) != 1 || got[0].Kind != civhub.NoteExpired || got[0].Path() != "/me" {
			t.Fatalf("the volunteer is told and pointed to similar tasks: %+v", got)
		}
	})
}

// TestQuietEngagement: a volunteer with no news for two weeks is asked how it goes; news resets the
// count; with still no news a week after asking, the place goes back to the organization.
func TestQuietEngagement(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		start := time.Date(2026, 11, 2, 9, 0, 0, 0, time.UTC)
		c := &clock{now: start}
		c.install(db)
		w := newNeedWorld(t, db)
		task := w.task(t, "Digitalizar el catastro", "data_entry", 2, func(t *civhub.Task) { t.JoinMode = civhub.JoinApply })
		day := func(d float64) time.Time { return start.Add(time.Duration(d * 24 * float64(time.Hour))) }
		var engagements []*civhub.Assignment
		for _, email := range []string{"ana@example.org", "bo@example.org"} {
			p := verifiedPerson(t, db, email)
			a, err := w.needs.Act(ctx, civhub.ActRequest{Action: civhub.ActApply, TaskID: task.ID, By: p.ID})
			if err != nil {
				t.Fatal(err)
			}
			if a, err = w.needs.Act(ctx, civhub.ActRequest{Action: civhub.ActAccept, AssignmentID: a.ID, By: w.owner.ID, Agreement: agreement()}); err != nil {
				t.Fatal(err)
			}
			engagements = append(engagements, a)
		}
		ana, bo := engagements[0], engagements[1]
		c.now = day(13)
		keep(t, w, civhub.FollowUp{})
		c.now = day(14.1)
		keep(t, w, civhub.FollowUp{QuietNudges: 2})
		if got := inbox(t, w.notes, ana.VolunteerID); got[0].Kind != civhub.NoteQuiet {
			t.Fatalf("ana's inbox: %+v", got[0])
		}
		// Ana logs hours after the nudge: her place stays, and the count starts again.
		c.now = day(16)
		if _, err := w.needs.LogHours(ctx, ana.ID, 90, "Primeras 200 fichas.", ana.VolunteerID); err != nil {
			t.Fatal(err)
		}
		c.now = day(21.2)
		keep(t, w, civhub.FollowUp{Released: 1})
		if s := status(t, w, ana.ID); s != civhub.AssignAccepted {
			t.Fatalf("ana, who gave news: %s", s)
		}
		if s := status(t, w, bo.ID); s != civhub.AssignReleased {
			t.Fatalf("bo, who stayed quiet: %s", s)
		}
		if got := inbox(t, w.notes, bo.VolunteerID); got[0].Kind != civhub.NoteQuietReleased || got[0].Actor != "" {
			t.Fatalf("bo's inbox: %+v", got[0])
		}
		var taken int
		if err := db.View(ctx, func(tx *sqldb.Tx) error {
			return tx.QueryRowContext(ctx, `SELECT slots_taken FROM tasks WHERE id = $1`, task.ID).Scan(&taken)
		}); err != nil || taken != 1 {
			t.Fatalf("slots taken %d, %v; want 1 after the release", taken, err)
		}
		// Sixteen days of quiet after her hours: Ana is asked again.
		c.now = day(30.5)
		keep(t, w, civhub.FollowUp{QuietNudges: 1})
	})
}
