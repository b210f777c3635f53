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
)

// TestTaskLoopInAPI claims a task, submits, is returned with feedback, submits again, is approved
// and logs hours, all through the API, on both databases.
func TestTaskLoopInAPI(t *testing.T) {
	for _, d := range []sqldb.Dialect{sqldb.SQLite, sqldb.Postgres} {
		t.Run(string(d), func(t *testing.T) {
			f := newFixture(t, d) // taskB is beta's open task; otherOrg runs beta
			base := fmt.Sprintf("/api/v1/tasks/%d", f.taskB.ID)
			call := func(role, op, body string, want int) map[string]any {
				t.Helper()
				resp := f.api(role, http.MethodPost, base+"/"+op, body)
				raw, _ := io.ReadAll(resp.Body)
				if resp.StatusCode != want {
					t.Fatalf("%s by %s: status %d, want %d: %s", op, role, resp.StatusCode, want, raw)
				}
				var out map[string]any
				if err := json.Unmarshal(raw, &out); err != nil {
					t.Fatalf("%s by %s: %v in %s", op, role, err, raw)
				}
				return out
			}
			claim := call(volunteer, "claim", `{}`, http.StatusCreated)
			asg := int64(claim["id"].(float64))
			review := func(role, decision, message string, want int) map[string]any {
				t.Helper()
				return call(role, "review", fmt.Sprintf(`{"assignment_id":%d,"decision":%q,"message":%q}`, asg, decision, message), want)
			}

			if out := call(volunteer, "submit", `{"message":"  "}`, http.StatusBadRequest); !strings.Contains(fmt.Sprint(out["errors"]), "body.message") {
				t.Fatalf("an empty deliverable did not name the field: %v", out)
			}
			review(otherOrg, "approve", "", http.StatusConflict) // nothing submitted yet
			call(volunteer, "submit", `{"message":"The sheet: https://example.org/sheet"}`, http.StatusOK)
			review(volunteer, "approve", "", http.StatusForbidden) // the organization's step
			review(otherOrg, "return", "", http.StatusBadRequest)  // returning needs feedback
			if out := review(otherOrg, "return", "Two rows are missing.", http.StatusOK); out["status"] != civhub.AssignReturned {
				t.Fatalf("after return: %v", out)
			}
			call(volunteer, "submit", `{"message":"All rows now."}`, http.StatusOK)
			if out := review(otherOrg, "approve", "", http.StatusOK); out["status"] != civhub.AssignApproved {
				t.Fatalf("after approve: %v", out)
			}
			review(otherOrg, "approve", "", http.StatusConflict) // approved already
			call(other, "submit", `{"message":"Not mine."}`, http.StatusNotFound)

			call(volunteer, "hours", `{"hours":30}`, http.StatusBadRequest)
			if out := call(volunteer, "hours", `{"hours":1.5,"note":"Typing."}`, http.StatusCreated); out["minutes"] != 90.0 || out["status"] != civhub.HoursPending {
				t.Fatalf("logged hours: %v", out)
			}
			call(other, "hours", `{"hours":1}`, http.StatusNotFound)
		})
	}
}
