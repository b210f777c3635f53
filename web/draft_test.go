package web

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"strings"
	"testing"

	"civhub"
	"civhub/sqldb"
)

// TestDraftsForManagersOnly: a task or need in draft is for its organization's owners and admins
// while they write it; anyone else, anonymous callers included, gets 404 on the page and in the API,
// and the need's page and API leave the draft task out.
func TestDraftsForManagersOnly(t *testing.T) {
	for _, d := range []sqldb.Dialect{sqldb.SQLite, sqldb.Postgres} {
		t.Run(string(d), func(t *testing.T) {
			f := newFixture(t, d)
			ctx := context.Background()
			task := f.taskB
			task.Status = civhub.TaskDraft
			if err := f.s.work.needs.UpdateTask(ctx, task, f.people[otherOrg].ID); err != nil {
				t.Fatal(err)
			}
			for _, role := range roles {
				want := http.StatusNotFound
				if role == otherOrg {
					want = http.StatusOK
				}
				for _, path := range []string{fmt.Sprintf("/tasks/%d", task.ID), fmt.Sprintf("/api/v1/tasks/%d", task.ID)} {
					var resp *http.Response
					if path[1] == 'a' {
						resp = f.api(role, http.MethodGet, path, "")
					} else {
						resp = f.do(role, http.MethodGet, path, nil)
					}
					if resp.StatusCode != want {
						t.Errorf("GET %s as %s: %d, want %d", path, role, resp.StatusCode, want)
					}
				}
				need, _ := io.ReadAll(f.api(role, http.MethodGet, fmt.Sprintf("/api/v1/needs/%d", f.needB.ID), "").Body)
				if shows := strings.Contains(string(need), task.Title); shows != (role == otherOrg) {
					t.Errorf("the need as %s shows the draft task: %v", role, shows)
				}
			}
		})
	}
}
