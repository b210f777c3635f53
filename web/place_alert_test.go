package web

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"civhub"
	"civhub/sqldb"
	"civhub/web/webtest"
)

// oneSeatTask adds to beta's need a task with one place, and returns it with its page's path.
func oneSeatTask(t *testing.T, f *fixture, title string) (*civhub.Task, string) {
	t.Helper()
	task := &civhub.Task{NeedID: f.needB.ID, Title: title, Type: "data_entry", EstimatedHours: 6, VolunteersWanted: 1,
		Urgency: civhub.UrgencyNormal, JoinMode: civhub.JoinClaim, ClaimHours: 24}
	if err := f.s.work.needs.CreateTask(context.Background(), task, f.people[otherOrg].ID); err != nil {
		t.Fatal(err)
	}
	return task, fmt.Sprintf("/tasks/%d", task.ID)
}

// postWant posts form as role and checks the status.
func (f *fixture) postWant(t *testing.T, role, path string, form url.Values, want int) {
	t.Helper()
	if resp := f.do(role, methodPost, path, form); resp.StatusCode != want {
		t.Fatalf("%s posting %s: %d, want %d", role, path, resp.StatusCode, want)
	}
}

// TestFullTaskInWeb fills a task's only place: the task page and its list row say it is full;
// visitors are asked to sign in to be told, volunteers may ask and cancel, the volunteer on it and
// the organization are not offered to wait; when the place opens, who asked is told.
func TestFullTaskInWeb(t *testing.T) {
	f := newFixture(t, sqldb.SQLite)
	task, path := oneSeatTask(t, f, "Type the paper member list")
	f.postWant(t, volunteer, path+"/join", nil, http.StatusSeeOther)

	t.Run("ShownFull", func(t *testing.T) {
		// Full tasks are listed apart, with their badge.
		doc := webtest.Parse(t, f.do(anon, methodGet, "/tasks?q=paper", nil).Body)
		if n := len(doc.All(`.cards a[href="` + path + `"]`)); n != 0 {
			t.Fatal("the full task is in the default list")
		}
		doc = webtest.Parse(t, f.do(anon, methodGet, "/tasks?q=paper&places=full", nil).Body)
		if got := doc.Text(`.cards .badge`); got != "Full" {
			t.Fatalf("the list row's badge reads %q, want Full", got)
		}
		doc = webtest.Parse(t, f.do(anon, methodGet, path, nil).Body)
		if got := doc.Text(`main a[href^="/signin"]`); got != "Sign in to be told when a place opens" {
			t.Fatalf("a visitor is offered %q", got)
		}
		if strings.Contains(doc.Text("main"), "Sign in to take this task") {
			t.Fatal("a visitor is still asked to sign in to take the full task")
		}
	})
	t.Run("NotOfferedToThoseOnIt", func(t *testing.T) {
		for _, role := range []string{volunteer, otherOrg} {
			if doc := webtest.Parse(t, f.do(role, methodGet, path, nil).Body); len(doc.All(`form[action$="/watch"]`)) != 0 {
				t.Errorf("%s is offered to wait for a place", role)
			}
		}
		f.postWant(t, volunteer, path+"/watch", nil, http.StatusConflict)
		f.postWant(t, otherOrg, path+"/watch", nil, http.StatusForbidden)
	})
	t.Run("AskAndCancel", func(t *testing.T) {
		doc := webtest.Parse(t, f.do(admin, methodGet, path, nil).Body)
		if len(doc.All(`form[action="`+path+`/watch"] input[name="csrf_token"]`)) != 1 {
			t.Fatal("a volunteer is not offered to be told, with a form token")
		}
		f.postWant(t, admin, path+"/watch", nil, http.StatusSeeOther)
		doc = webtest.Parse(t, f.do(admin, methodGet, path, nil).Body)
		if len(doc.All(`form[action="`+path+`/unwatch"]`)) != 1 || len(doc.All(`form[action="`+path+`/watch"]`)) != 0 {
			t.Fatal("after asking, the page does not offer to cancel")
		}
		f.postWant(t, admin, path+"/unwatch", nil, http.StatusSeeOther)
		if watching, _ := f.s.work.alerts.WatchesTask(context.Background(), task.ID, f.people[admin].ID); watching {
			t.Fatal("cancelling left the request")
		}
	})
	t.Run("API", func(t *testing.T) {
		api := fmt.Sprintf("/api/v1/tasks/%d/watch", task.ID)
		for _, c := range []struct {
			method   string
			want     int
			watching bool
		}{{methodPost, http.StatusNoContent, true}, {methodPost, http.StatusNoContent, true}, {http.MethodDelete, http.StatusNoContent, false}} {
			if resp := f.api(moderator, c.method, api, ""); resp.StatusCode != c.want {
				t.Fatalf("%s %s: %d, want %d", c.method, api, resp.StatusCode, c.want)
			}
			if watching, _ := f.s.work.alerts.WatchesTask(context.Background(), task.ID, f.people[moderator].ID); watching != c.watching {
				t.Fatalf("after %s, watching %v", c.method, watching)
			}
		}
		if resp := f.api(volunteer, methodPost, api, ""); resp.StatusCode != http.StatusConflict {
			t.Fatalf("the volunteer on the task asked through the API: %d, want 409", resp.StatusCode)
		}
	})
	t.Run("WrongFormToken", func(t *testing.T) {
		r := httptest.NewRequest(methodPost, path+"/watch", strings.NewReader(url.Values{"csrf_token": {wrongFormToken}}.Encode()))
		r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		r.AddCookie(&http.Cookie{Name: f.s.sessions.Cookie.Name, Value: f.sessions[other]})
		w := httptest.NewRecorder()
		f.s.ServeHTTP(w, r)
		if w.Code != http.StatusForbidden {
			t.Fatalf("a wrong form token: %d, want 403", w.Code)
		}
		if watching, _ := f.s.work.alerts.WatchesTask(context.Background(), task.ID, f.people[other].ID); watching {
			t.Fatal("a request with a wrong form token was stored")
		}
	})
	t.Run("ToldWhenAPlaceOpens", func(t *testing.T) {
		f.postWant(t, other, path+"/watch", nil, http.StatusSeeOther)
		mine, err := f.s.work.workflow.VolunteerAssignment(context.Background(), task.ID, f.people[volunteer].ID)
		if err != nil {
			t.Fatal(err)
		}
		f.postWant(t, volunteer, fmt.Sprintf("%s/assignments/%d/withdraw", path, mine.ID), nil, http.StatusSeeOther)
		doc := webtest.Parse(t, f.do(other, methodGet, "/me/notifications", nil).Body)
		if text := doc.Text("main"); !strings.Contains(text, "A place opened on “Type the paper member list”") {
			t.Fatalf("the inbox does not tell that a place opened: %q", text)
		}
		doc = webtest.Parse(t, f.do(other, methodGet, path, nil).Body)
		if len(doc.All(`form[action$="/join"]`)) != 1 || len(doc.All(`form[action$="/unwatch"]`)) != 0 {
			t.Fatal("once told, the volunteer is offered the place and no longer waits")
		}
	})
}

// TestApprovedWorkReadsAsDone returns work with feedback, then approves it: the volunteer's task
// page shows the feedback as current while the work is back with them, as dated history after, and
// the approved work as done — with the hours once the organization confirms them, on /me too.
func TestApprovedWorkReadsAsDone(t *testing.T) {
	f := newFixture(t, sqldb.SQLite)
	task, path := oneSeatTask(t, f, "Translate the shelter leaflet")
	f.postWant(t, volunteer, path+"/join", nil, http.StatusSeeOther)
	mine, err := f.s.work.workflow.VolunteerAssignment(context.Background(), task.ID, f.people[volunteer].ID)
	if err != nil {
		t.Fatal(err)
	}
	step := func(role, action, message string) {
		t.Helper()
		f.postWant(t, role, fmt.Sprintf("%s/assignments/%d/%s", path, mine.ID, action), url.Values{"message": {message}}, http.StatusSeeOther)
	}
	step(volunteer, civhub.ActSubmit, "https://example.org/leaflet")
	step(otherOrg, civhub.ActReturn, "Please add the map on page two.")
	doc := webtest.Parse(t, f.do(volunteer, methodGet, path, nil).Body)
	if !strings.Contains(allText(doc, ".flash"), "Please add the map on page two.") || len(doc.All("section.history")) != 0 {
		t.Fatal("returned work does not show its feedback as what to do now")
	}
	step(volunteer, civhub.ActSubmit, "https://example.org/leaflet-2")
	step(otherOrg, civhub.ActApprove, "")

	doc = webtest.Parse(t, f.do(volunteer, methodGet, path, nil).Body)
	if got := doc.Text(".done"); !strings.HasPrefix(got, "Done — the organization approved your work on ") {
		t.Fatalf("approved work reads %q", got)
	}
	if strings.Contains(allText(doc, ".flash"), "Please add the map") {
		t.Fatal("the old feedback still reads as the current state")
	}
	history := doc.Text("section.history")
	if !strings.Contains(history, "Please add the map on page two.") || !strings.Contains(history, "returned your work with this feedback") ||
		!strings.HasPrefix(history, "Earlier feedback On ") {
		t.Fatalf("the old feedback is not shown as dated history: %q", history)
	}

	f.postWant(t, volunteer, path+"/hours", url.Values{"hours": {"6"}}, http.StatusSeeOther)
	hours, _ := f.s.work.hours.TaskHours(context.Background(), task.ID)
	if len(hours) != 1 {
		t.Fatalf("%d hours entries", len(hours))
	}
	if got := webtest.Parse(t, f.do(volunteer, methodGet, path, nil).Body).Text("main"); !strings.Contains(got, "Your hours wait for the organization's confirmation") {
		t.Fatal("logged hours do not say they wait for confirmation")
	}
	f.postWant(t, otherOrg, fmt.Sprintf("%s/hours/%d/confirm", path, hours[0].ID), nil, http.StatusSeeOther)
	doc = webtest.Parse(t, f.do(volunteer, methodGet, path, nil).Body)
	if got := doc.Text(".done"); !strings.HasPrefix(got, "Done — 6 hours confirmed on ") {
		t.Fatalf("approved work with confirmed hours reads %q", got)
	}
	me := webtest.Parse(t, f.do(volunteer, methodGet, "/me", nil).Body)
	if got := me.Text(".done li"); !strings.Contains(got, "Translate the shelter leaflet") || !strings.Contains(got, "Done — 6 hours confirmed on ") {
		t.Fatalf("/me lists the done work as %q", got)
	}
	if strings.Contains(me.Text("main"), "Approved") {
		t.Fatal("/me still lists the done work as approved, as if it went on")
	}
}

// TestTaskFiltersFold shows the search box and three filters of /tasks, folds the rest, and opens
// the folding when a folded filter is in use.
func TestTaskFiltersFold(t *testing.T) {
	f := newFixture(t, sqldb.SQLite)
	doc := webtest.Parse(t, f.do(anon, methodGet, "/tasks", nil).Body)
	if n := len(doc.All(`form[role=search] > .field`)); n != 4 {
		t.Fatalf("%d fields outside the folding, want the search box and three filters", n)
	}
	if webtest.HasAttr(doc.One(`details.more`), "open") {
		t.Fatal("the folding is open with no folded filter in use")
	}
	for _, q := range []string{"skill=data_entry", "country=KE", "due=7", "max_hours=3", "urgent=on", "sort=deadline", "cause=sdg5"} {
		doc := webtest.Parse(t, f.do(anon, methodGet, "/tasks?"+q, nil).Body)
		if !webtest.HasAttr(doc.One(`details.more`), "open") {
			t.Errorf("%s: the folded filter in use stays hidden", q)
		}
	}
}

// allText joins the text of every node that matches selector.
func allText(doc *webtest.Doc, selector string) string {
	var parts []string
	for _, n := range doc.All(selector) {
		parts = append(parts, webtest.Text(n))
	}
	return strings.Join(parts, " ")
}
