package web

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strings"
	"testing"

	"civhub"
	"civhub/sqldb"
	"civhub/web/webtest"
)

// TestDeadlinesAreDays: a deadline given through the API keeps the day it was written for, whatever
// the offset it comes with, and every page shows that day — also to a viewer far east of UTC. On
// both databases.
func TestDeadlinesAreDays(t *testing.T) {
	for _, d := range []sqldb.Dialect{sqldb.SQLite, sqldb.Postgres} {
		t.Run(string(d), func(t *testing.T) {
			f := newFixture(t, d)
			if err := f.s.account.profiles.SaveProfile(t.Context(), &civhub.Profile{PersonID: f.people[volunteer].ID, TimeZone: "Pacific/Kiritimati"}); err != nil {
				t.Fatal(err)
			}
			for _, given := range []string{"2030-03-05T23:59:59-03:00", "2030-03-05T00:00:00+05:30", "2030-03-05T12:00:00Z", "2030-03-05T23:30:00-11:00"} {
				resp := f.api(otherOrg, http.MethodPost, fmt.Sprintf("/api/v1/needs/%d/tasks", f.needB.ID),
					`{"title":"Mapear los refugios","type":"mapping","estimated_hours":4,"volunteers_wanted":2,"join_mode":"claim","claim_hours":48,"deadline":"`+given+`"}`)
				raw, _ := io.ReadAll(resp.Body)
				var task struct {
					ID       int64  `json:"id"`
					Deadline string `json:"deadline"`
				}
				if err := json.Unmarshal(raw, &task); err != nil || resp.StatusCode != http.StatusCreated || task.Deadline != "2030-03-05T23:59:59Z" {
					t.Fatalf("deadline %s: %d, read back %q (%s), want 2030-03-05T23:59:59Z", given, resp.StatusCode, task.Deadline, raw)
				}
				doc := webtest.Parse(t, f.do(volunteer, methodGet, fmt.Sprintf("/tasks/%d", task.ID), nil).Body)
				if got := doc.Text("main"); !strings.Contains(got, "March 5, 2030") {
					t.Fatalf("deadline %s: the task page does not say March 5, 2030: %q", given, got)
				}
			}
		})
	}
}
