package sqldb_test

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"testing"

	"civhub"
	"civhub/sqldb"
	"civhub/sqldb/sqldbtest"
)

// placeOpenNotes counts the notifications that told person a place opened on task.
func placeOpenNotes(t *testing.T, notes *sqldb.NotificationService, person, task int64) int {
	t.Helper()
	n := 0
	for _, note := range inbox(t, notes, person) {
		if note.Kind == civhub.NotePlaceOpen && note.TaskID == task {
			n++
		}
	}
	return n
}

// errorKey is the message ID of a civhub error, or "" for any other.
func errorKey(err error) string {
	var e *civhub.Error
	if errors.As(err, &e) {
		return e.Key
	}
	return ""
}

// placeAlertRows counts the stored requests to be told about task.
func placeAlertRows(t *testing.T, db *sqldb.DB, task int64) int {
	t.Helper()
	var n int
	if err := db.Writer().QueryRowContext(context.Background(), `SELECT COUNT(*) FROM place_alerts WHERE task_id = $1`, task).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

// TestPlaceAlerts asks to be told when a place opens on a full task, on both databases: one request
// per person and task however often it is sent, refused when there is a place or the person runs
// or works on the task, cancelled on request, and each waiting person told exactly once when a
// place opens — by a step of the workflow at once, by an edit through TellOpenPlaces.
func TestPlaceAlerts(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		w := newNeedWorld(t, db)
		task := w.task(t, "Digitalizar la lista de socios", "data_entry", 1)
		holder := verifiedPerson(t, db, "holder@example.org")
		claim, err := w.needs.Act(ctx, civhub.ActRequest{Action: civhub.ActClaim, TaskID: task.ID, By: holder.ID})
		if err != nil {
			t.Fatal(err)
		}
		priya, jean, lena := verifiedPerson(t, db, "priya@example.org"), verifiedPerson(t, db, "jean@example.org"), verifiedPerson(t, db, "lena@example.org")

		t.Run("OK", func(t *testing.T) {
			for range 2 {
				if err := w.needs.WatchTask(ctx, task.ID, priya.ID); err != nil {
					t.Fatal(err)
				}
			}
			if watching, err := w.needs.WatchesTask(ctx, task.ID, priya.ID); err != nil || !watching {
				t.Fatalf("priya watches the task: %v, %v", watching, err)
			}
			if n := placeAlertRows(t, db, task.ID); n != 1 {
				t.Fatalf("asking twice stored %d requests, want 1", n)
			}
		})
		t.Run("RaceOfTwoAsks", func(t *testing.T) {
			var wg sync.WaitGroup
			errs := make([]error, 2)
			for i := range errs {
				wg.Go(func() { errs[i] = w.needs.WatchTask(ctx, task.ID, lena.ID) })
			}
			wg.Wait()
			for _, err := range errs {
				if err != nil {
					t.Fatalf("asking at the same time: %v", err)
				}
			}
			if n := placeAlertRows(t, db, task.ID); n != 2 {
				t.Fatalf("%d requests stored for priya and lena, want 2", n)
			}
		})
		t.Run("Refused", func(t *testing.T) {
			open := w.task(t, "Revisar la lista de socios", "data_entry", 3)
			for _, c := range []struct {
				name   string
				task   int64
				person int64
				code   string
				key    string
			}{
				{"ErrPlaceOpen", open.ID, priya.ID, civhub.ECONFLICT, "task.full.place_open"},
				{"ErrJoinedAlready", task.ID, holder.ID, civhub.ECONFLICT, "err.joined_already"},
				{"ErrOwnTask", task.ID, w.owner.ID, civhub.EFORBIDDEN, "err.own_task"},
				{"NotFound", 999999, priya.ID, civhub.ENOTFOUND, ""},
			} {
				err := w.needs.WatchTask(ctx, c.task, c.person)
				if civhub.ErrorCode(err) != c.code || (c.key != "" && errorKey(err) != c.key) {
					t.Errorf("%s: %v, want %s %s", c.name, err, c.code, c.key)
				}
			}
			if n := placeAlertRows(t, db, open.ID); n != 0 {
				t.Fatalf("a refused request was stored")
			}
		})
		t.Run("Cancel", func(t *testing.T) {
			if err := w.needs.WatchTask(ctx, task.ID, jean.ID); err != nil {
				t.Fatal(err)
			}
			if err := w.needs.UnwatchTask(ctx, task.ID, jean.ID); err != nil {
				t.Fatal(err)
			}
			if watching, _ := w.needs.WatchesTask(ctx, task.ID, jean.ID); watching {
				t.Fatal("jean still waits after cancelling")
			}
			if err := w.needs.UnwatchTask(ctx, task.ID, jean.ID); err != nil {
				t.Fatalf("cancelling what is not there: %v", err)
			}
		})
		t.Run("ToldOnceWhenAPlaceOpens", func(t *testing.T) {
			if _, err := w.needs.Act(ctx, stepRequest(w, claim, civhub.ActWithdraw)); err != nil {
				t.Fatal(err)
			}
			for _, p := range []*civhub.Person{priya, lena} {
				if n := placeOpenNotes(t, w.notes, p.ID, task.ID); n != 1 {
					t.Errorf("%s was told %d times, want once", p.Email, n)
				}
			}
			if n := placeOpenNotes(t, w.notes, jean.ID, task.ID); n != 0 {
				t.Errorf("jean cancelled but was told")
			}
			if n := placeAlertRows(t, db, task.ID); n != 0 {
				t.Errorf("%d requests left after telling, want 0", n)
			}
			if kinds, _ := mails(t, db, priya.ID); len(kinds) == 0 {
				t.Errorf("no mail went to priya: a place opening asks her to act, so it is mailed at once")
			}
			if told, err := w.needs.TellOpenPlaces(ctx); err != nil || told != 0 {
				t.Fatalf("the sweep told %d again (%v), want 0", told, err)
			}
		})
		t.Run("ToldAfterAnEditAsksForMore", func(t *testing.T) {
			if _, err := w.needs.Act(ctx, civhub.ActRequest{Action: civhub.ActClaim, TaskID: task.ID, By: jean.ID}); err != nil {
				t.Fatal(err)
			}
			if err := w.needs.WatchTask(ctx, task.ID, priya.ID); err != nil {
				t.Fatal(err)
			}
			edited, err := w.needs.FindTask(ctx, task.ID)
			if err != nil {
				t.Fatal(err)
			}
			edited.VolunteersWanted = 2
			if err := w.needs.UpdateTask(ctx, edited, w.owner.ID); err != nil {
				t.Fatal(err)
			}
			// Told by the edit itself, not left to the sweep.
			if n := placeOpenNotes(t, w.notes, priya.ID, task.ID); n != 2 {
				t.Fatalf("priya was told %d times in all, want twice (once for each time she asked)", n)
			}
			if told, _ := w.needs.TellOpenPlaces(ctx); told != 0 {
				t.Fatalf("the sweep told %d again, want 0", told)
			}
		})
	})
}

// TestPlaceAlertsTwoPlacesOpenAtOnce frees both places of a full task at the same moment: the
// person waiting is told exactly once.
func TestPlaceAlertsTwoPlacesOpenAtOnce(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		w := newNeedWorld(t, db)
		task := w.task(t, "Mapear los albergues", "mapping", 2)
		var claims []*civhub.Assignment
		for i := range 2 {
			v := verifiedPerson(t, db, fmt.Sprintf("mapper%d@example.org", i))
			a, err := w.needs.Act(ctx, civhub.ActRequest{Action: civhub.ActClaim, TaskID: task.ID, By: v.ID})
			if err != nil {
				t.Fatal(err)
			}
			claims = append(claims, a)
		}
		waiting := verifiedPerson(t, db, "camila@example.org")
		if err := w.needs.WatchTask(ctx, task.ID, waiting.ID); err != nil {
			t.Fatal(err)
		}
		var wg sync.WaitGroup
		errs := make([]error, len(claims))
		for i, a := range claims {
			wg.Go(func() {
				_, errs[i] = w.needs.Act(ctx, stepRequest(w, a, civhub.ActWithdraw))
			})
		}
		wg.Wait()
		for _, err := range errs {
			if err != nil {
				t.Fatal(err)
			}
		}
		if n := placeOpenNotes(t, w.notes, waiting.ID, task.ID); n != 1 {
			t.Fatalf("told %d times, want once", n)
		}
	})
}

// TestReturnedFeedbackKeepsItsDate returns work, then takes it through to approval: the feedback
// and the day it was given stay on the engagement, for the volunteer's page to show as history.
func TestReturnedFeedbackKeepsItsDate(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		w := newNeedWorld(t, db)
		task := w.task(t, "Traducir el plan de emergencia", "data_entry", 1)
		v := verifiedPerson(t, db, "jean@example.org")
		a, err := w.needs.Act(ctx, civhub.ActRequest{Action: civhub.ActClaim, TaskID: task.ID, By: v.ID})
		if err != nil {
			t.Fatal(err)
		}
		for _, step := range []string{civhub.ActSubmit, civhub.ActReturn, civhub.ActSubmit, civhub.ActApprove} {
			if a, err = w.needs.Act(ctx, stepRequest(w, a, step)); err != nil {
				t.Fatalf("%s: %v", step, err)
			}
		}
		got, err := w.needs.VolunteerAssignment(ctx, task.ID, v.ID)
		if err != nil {
			t.Fatal(err)
		}
		if got.Status != civhub.AssignApproved || got.Feedback == "" || got.ReturnedAt == nil || got.ReturnedAt.IsZero() {
			t.Fatalf("after approval: status %s, feedback %q, returned at %v; want the feedback and its date kept", got.Status, got.Feedback, got.ReturnedAt)
		}
	})
}
