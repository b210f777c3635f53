package web

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strings"
	"testing"

	"civhub/sqldb"
)

// TestCourseAPI: a course reads without its answers; a learner answers its quiz wrong, then right,
// which finishes it, and their progress says so.
func TestCourseAPI(t *testing.T) {
	f := newFixture(t, sqldb.SQLite)
	resp := f.api(volunteer, http.MethodGet, "/api/v1/courses/safe-accounts/en", "")
	body, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != 200 || !strings.Contains(string(body), `"One password for all?"`) {
		t.Fatalf("the course: %d %s", resp.StatusCode, body)
	}
	for _, secret := range []string{"correct", "accepted", "explanation"} {
		if strings.Contains(string(body), `"`+secret+`"`) {
			t.Errorf("the course shows its %s: %s", secret, body)
		}
	}
	attempt := func(choice int) (passed, completed bool) {
		t.Helper()
		resp := f.api(volunteer, http.MethodPost, "/api/v1/courses/safe-accounts/en/lessons/1/attempts",
			fmt.Sprintf(`{"answers":[{"question_id":%d,"chosen":[%d]}]}`, f.question, choice))
		var out struct {
			Attempt struct {
				Score  int  `json:"score"`
				Passed bool `json:"passed"`
			} `json:"attempt"`
			Completed bool `json:"completed"`
		}
		if err := json.NewDecoder(resp.Body).Decode(&out); err != nil || resp.StatusCode != 200 {
			t.Fatalf("attempt: %d, %v", resp.StatusCode, err)
		}
		return out.Attempt.Passed, out.Completed
	}
	if passed, completed := attempt(0); passed || completed {
		t.Fatal("a wrong answer passed")
	}
	if passed, completed := attempt(1); !passed || !completed {
		t.Fatal("the right answer did not finish the course")
	}
	resp = f.api(volunteer, http.MethodGet, "/api/v1/me/progress", "")
	var progress struct {
		Started  []struct{ Slug string }
		Finished []struct {
			Slug  string
			Score int
		}
	}
	if err := json.NewDecoder(resp.Body).Decode(&progress); err != nil {
		t.Fatal(err)
	}
	if len(progress.Started) != 1 || len(progress.Finished) != 1 || progress.Finished[0].Slug != "safe-accounts" || progress.Finished[0].Score != 100 {
		t.Fatalf("progress: %+v", progress)
	}
	if code := f.api(volunteer, http.MethodPost, "/api/v1/courses/safe-accounts/en/lessons/1/attempts", `{"answers":[{"question_id":1,"text":"`+strings.Repeat("x", 600)+`"}]}`).StatusCode; code != 400 && code != 422 {
		t.Fatalf("a long answer: %d", code)
	}
}
