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

// TestNeedsAndTasksInAPI: an organization posts a need and a task, reads them back, edits and closes
// the task, all through the API; a refused edit names the field and changes nothing.
func TestNeedsAndTasksInAPI(t *testing.T) {
	for _, d := range []sqldb.Dialect{sqldb.SQLite, sqldb.Postgres} {
		t.Run(string(d), func(t *testing.T) {
			f := newFixture(t, d) // otherOrg runs beta, which is verified
			call := func(method, path, body string, want int) map[string]any {
				t.Helper()
				resp := f.api(otherOrg, method, path, body)
				raw, _ := io.ReadAll(resp.Body)
				if resp.StatusCode != want {
					t.Fatalf("%s %s: status %d, want %d: %s", method, path, resp.StatusCode, want, raw)
				}
				var out map[string]any
				if err := json.Unmarshal(raw, &out); err != nil {
					t.Fatalf("%s %s: %v in %s", method, path, err, raw)
				}
				return out
			}
			need := call(http.MethodPost, "/api/v1/orgs/beta/needs", `{"title":"Refugios para el invierno","description":"Necesitamos un mapa de refugios.",
				"causes":["sdg11"],"languages":["es"],"remote":false,"country":"cl","city":"Valparaíso"}`, http.StatusCreated)
			if need["status"] != civhub.NeedOpen || need["country"] != "CL" || need["organization"] != "beta" {
				t.Fatalf("need %v", need)
			}
			needPath := fmt.Sprintf("/api/v1/needs/%d", int64(need["id"].(float64)))
			refused := call(http.MethodPost, needPath+"/tasks", `{"title":"Mapa","type":"mapping","estimated_hours":0,"volunteers_wanted":1,"join_mode":"claim","claim_hours":24}`,
				http.StatusBadRequest)
			if raw, _ := json.Marshal(refused["errors"]); !strings.Contains(string(raw), "body.estimated_hours") || !strings.Contains(string(raw), "body.title") {
				t.Fatalf("the refusal does not name the fields: %v", refused)
			}
			task := call(http.MethodPost, needPath+"/tasks", `{"title":"Mapear los refugios","type":"mapping","skills":["mapping"],"estimated_hours":4,
				"volunteers_wanted":2,"join_mode":"claim","claim_hours":48,"deadline":"2099-01-31T23:59:59Z"}`, http.StatusCreated)
			if task["status"] != civhub.TaskOpen || task["urgency"] != civhub.UrgencyNormal || task["city"] != "Valparaíso" || task["claim_hours"] != 48.0 {
				t.Fatalf("task %v", task)
			}
			taskPath := fmt.Sprintf("/api/v1/tasks/%d", int64(task["id"].(float64)))
			got := call(http.MethodGet, needPath, "", http.StatusOK)
			if tasks, _ := got["tasks"].([]any); len(tasks) != 1 {
				t.Fatalf("the need lists %v", got["tasks"])
			}
			if list := call(http.MethodGet, "/api/v1/tasks?q=refugios", "", http.StatusOK); len(list["tasks"].([]any)) != 1 {
				t.Fatalf("search before closing: %v", list)
			}
			// A task with a course no catalogue knows is refused, and the stored task is unchanged.
			call(http.MethodPut, taskPath, `{"title":"Mapear todos los refugios","type":"mapping","estimated_hours":4,"volunteers_wanted":2,
				"join_mode":"claim","claim_hours":48,"required_courses":["safe-mapping"]}`, http.StatusBadRequest)
			if again := call(http.MethodGet, taskPath, "", http.StatusOK); again["title"] != "Mapear los refugios" {
				t.Fatalf("a refused edit changed the task: %v", again)
			}
			closed := call(http.MethodPut, taskPath, `{"title":"Mapear todos los refugios","type":"mapping","estimated_hours":6,"volunteers_wanted":2,
				"join_mode":"apply","status":"closed"}`, http.StatusOK)
			if closed["status"] != civhub.TaskClosed || closed["title"] != "Mapear todos los refugios" || closed["join_mode"] != civhub.JoinApply {
				t.Fatalf("after the edit: %v", closed)
			}
			if list := call(http.MethodGet, "/api/v1/tasks?q=refugios", "", http.StatusOK); len(list["tasks"].([]any)) != 0 {
				t.Fatalf("a closed task is still found: %v", list)
			}
			// An edit that leaves the status out leaves it as it is.
			if again := call(http.MethodPut, taskPath, `{"title":"Mapear todos los refugios","type":"mapping","estimated_hours":7,"volunteers_wanted":2,
				"join_mode":"apply"}`, http.StatusOK); again["status"] != civhub.TaskClosed || again["estimated_hours"] != 7.0 {
				t.Fatalf("an edit without a status: %v", again)
			}
			// Another organization's admin may not touch beta's need.
			if resp := f.api(orgAdmin, http.MethodPost, needPath+"/tasks", validTaskJSON); resp.StatusCode != http.StatusForbidden {
				t.Fatalf("alpha's admin adding a task to beta's need: %d", resp.StatusCode)
			}
		})
	}
}
