package sqldb_test

import (
	"context"
	"strings"
	"testing"

	"civhub"
	"civhub/sqldb"
	"civhub/sqldb/sqldbtest"
)

// confirmedWork gives volunteer 90 confirmed minutes and one approved task on a new task of w.
func confirmedWork(t *testing.T, w *needWorld, volunteer *civhub.Person, title string) {
	t.Helper()
	ctx := context.Background()
	task := w.task(t, title, "data_entry", 1)
	a, err := w.needs.Act(ctx, civhub.ActRequest{Action: civhub.ActClaim, TaskID: task.ID, By: volunteer.ID})
	if err != nil {
		t.Fatal(err)
	}
	e, err := w.needs.LogHours(ctx, a.ID, 90, "", volunteer.ID)
	if err != nil {
		t.Fatal(err)
	}
	if err := w.needs.DecideHours(ctx, task.ID, e.ID, true, w.owner.ID); err != nil {
		t.Fatal(err)
	}
	for _, step := range []civhub.ActRequest{
		{Action: civhub.ActSubmit, AssignmentID: a.ID, By: volunteer.ID, Message: "Done: https://example.org/sheet"},
		{Action: civhub.ActApprove, AssignmentID: a.ID, By: w.owner.ID},
	} {
		if _, err := w.needs.Act(ctx, step); err != nil {
			t.Fatal(err)
		}
	}
}

// TestCertificates: a volunteer with confirmed work gets a code that anyone can look up, the same
// code while the figures stay the same and a new one once they change; the old one stays valid
// for the day it was issued, until its volunteer withdraws it. Nobody withdraws another's.
func TestCertificates(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		w := newNeedWorld(t, db)
		priya := verifiedPerson(t, db, "priya@example.org")
		stranger := verifiedPerson(t, db, "stranger@example.org")
		if _, err := w.needs.IssueCertificate(ctx, priya.ID); civhub.ErrorCode(err) != civhub.ECONFLICT {
			t.Fatalf("a certificate of nothing: %v, want ECONFLICT", err)
		}
		confirmedWork(t, w, priya, "Enter the shelter addresses")
		first, err := w.needs.IssueCertificate(ctx, priya.ID)
		if err != nil {
			t.Fatal(err)
		}
		if len(first.Code) != 16 || first.Minutes != 90 || first.Tasks != 1 || first.Organizations != 1 || first.Name != priya.DisplayName {
			t.Fatalf("first = %+v", first)
		}
		again, err := w.needs.IssueCertificate(ctx, priya.ID)
		if err != nil || again.Code != first.Code {
			t.Fatalf("the same figures: %v, %+v; want the same code %s", err, again, first.Code)
		}
		// Looked up as a person types it from paper: in capitals, in groups.
		found, err := w.needs.FindCertificate(ctx, " "+strings.ToUpper(civhub.FormatCertificateCode(first.Code))+" ")
		if err != nil || found.Code != first.Code || found.Minutes != 90 || found.WithdrawnAt != nil || found.IssuedAt.IsZero() {
			t.Fatalf("found %+v, %v", found, err)
		}
		for _, code := range []string{"", "aaaaaaaaaaaaaaaa", "'; DROP TABLE certificates; --", strings.Repeat("a", 10000), "1111111111111111"} {
			if _, err := w.needs.FindCertificate(ctx, code); civhub.ErrorCode(err) != civhub.ENOTFOUND {
				t.Fatalf("code %.20q: %v, want ENOTFOUND", code, err)
			}
		}

		confirmedWork(t, w, priya, "Check the list")
		second, err := w.needs.IssueCertificate(ctx, priya.ID)
		if err != nil || second.Code == first.Code || second.Minutes != 180 || second.Tasks != 2 {
			t.Fatalf("after more work: %+v, %v", second, err)
		}
		list, err := w.needs.Certificates(ctx, priya.ID)
		if err != nil || len(list) != 2 || list[0].Code != second.Code || list[1].Code != first.Code {
			t.Fatalf("certificates: %+v, %v", list, err)
		}

		if err := w.needs.WithdrawCertificate(ctx, stranger.ID, first.Code); civhub.ErrorCode(err) != civhub.ENOTFOUND {
			t.Fatalf("a stranger withdraws it: %v, want ENOTFOUND", err)
		}
		if err := w.needs.WithdrawCertificate(ctx, priya.ID, first.Code); err != nil {
			t.Fatal(err)
		}
		if err := w.needs.WithdrawCertificate(ctx, priya.ID, first.Code); civhub.ErrorCode(err) != civhub.ECONFLICT {
			t.Fatalf("withdrawn twice: %v, want ECONFLICT", err)
		}
		gone, err := w.needs.FindCertificate(ctx, first.Code)
		if err != nil || gone.WithdrawnAt == nil {
			t.Fatalf("a withdrawn certificate: %+v, %v", gone, err)
		}
		if still, err := w.needs.FindCertificate(ctx, second.Code); err != nil || still.WithdrawnAt != nil {
			t.Fatalf("the other certificate: %+v, %v", still, err)
		}
	})
}
