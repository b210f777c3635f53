package web

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"testing"
	"time"

	"civhub"
	"civhub/sqldb"
	"civhub/web/webtest"
)

// TestTimesInTheViewersZone shows a notification and a task message at the viewer's local time with
// the zone named: a person whose profile is in Santiago reads Santiago time, a person without a zone
// (neither in a profile nor through an organization) reads UTC, named as such.
func TestTimesInTheViewersZone(t *testing.T) {
	for _, d := range []sqldb.Dialect{sqldb.SQLite, sqldb.Postgres} {
		t.Run(string(d), func(t *testing.T) {
			f := newFixture(t, d) // otherOrg runs beta, whose taskB is open, and has one notification
			ctx := context.Background()
			santiago := &civhub.Profile{PersonID: f.people[otherOrg].ID, TimeZone: "America/Santiago"}
			if err := newTestProfiles(t, f.db).SaveProfile(ctx, santiago); err != nil {
				t.Fatal(err)
			}
			if resp := f.do(volunteer, methodPost, fmt.Sprintf("/tasks/%d/join", f.taskB.ID), nil); resp.StatusCode != http.StatusSeeOther {
				t.Fatalf("claim: %d", resp.StatusCode)
			}
			path := fmt.Sprintf("/tasks/%d", f.taskB.ID)
			if resp := f.do(volunteer, methodPost, path+"/messages", url.Values{"body": {"Which glossary?"}}); resp.StatusCode != http.StatusSeeOther {
				t.Fatalf("message: %d", resp.StatusCode)
			}
			// 09:05 UTC is 06:05 in Santiago, at UTC-3 in November.
			at := time.Date(2026, time.November, 26, 9, 5, 0, 0, time.UTC)
			for _, q := range []string{`UPDATE notifications SET created_at = $1`, `UPDATE task_messages SET created_at = $1`} {
				if _, err := f.db.Writer().ExecContext(ctx, q, at); err != nil {
					t.Fatal(err)
				}
			}
			const local, utc = "November 26, 2026, 06:05 (America/Santiago)", "November 26, 2026, 09:05 UTC"

			doc := webtest.Parse(t, f.do(otherOrg, methodGet, "/me/notifications", nil).Body)
			times := doc.All(".notes li time")
			if len(times) == 0 {
				t.Fatal("the inbox shows no times")
			}
			for _, n := range times {
				if got := webtest.Text(n); got != local {
					t.Errorf("the inbox of a person in Santiago shows %q, want %q", got, local)
				}
			}
			doc = webtest.Parse(t, f.do(otherOrg, methodGet, path, nil).Body)
			if got := doc.Text(".thread time"); got != local {
				t.Errorf("the conversation seen from Santiago shows %q, want %q", got, local)
			}
			doc = webtest.Parse(t, f.do(volunteer, methodGet, path, nil).Body)
			if got := doc.Text(".thread time"); got != utc {
				t.Errorf("the conversation seen without a time zone shows %q, want %q", got, utc)
			}
		})
	}
}
