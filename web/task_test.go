package web

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"civhub"
	"civhub/sqldb"
	"civhub/web/webtest"
)

// TestTaskLoopInWeb posts a need and a task through the forms, then a volunteer finds the task,
// claims it, submits, gets it back with feedback, submits again, and the organization approves.
func TestTaskLoopInWeb(t *testing.T) {
	f := newFixture(t, sqldb.SQLite) // beta, run by otherOrg, is verified
	ctx := context.Background()

	resp := f.do(otherOrg, methodPost, "/orgs/beta/needs/new", url.Values{"title": {"Map the shelters"}, "description": {"We need a map."},
		"remote": {"yes"}, "status": {"open"}})
	if resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("post need: %d", resp.StatusCode)
	}
	needPath := resp.Header.Get("Location")
	t.Run("ErrBadTaskKeepsInput", func(t *testing.T) {
		resp := f.do(otherOrg, methodPost, needPath+"/tasks/new", url.Values{"title": {"Enter shelter addresses"}, "type": {"data_entry"},
			"estimated_hours": {"0"}, "volunteers_wanted": {"1"}, "urgency": {"normal"}, "join_mode": {"claim"}, "claim_hours": {"24"},
			"deadline": {"soon"}})
		if resp.StatusCode != http.StatusBadRequest {
			t.Fatalf("status %d, want 400", resp.StatusCode)
		}
		doc := webtest.Parse(t, resp.Body)
		if webtest.Attr(doc.One("#f-title"), "value") != "Enter shelter addresses" || len(doc.All("#f-deadline-error")) != 1 ||
			len(doc.All("#f-estimated_hours-error")) != 1 {
			t.Fatal("the form lost the title or did not mark the deadline and the hours")
		}
	})
	resp = f.do(otherOrg, methodPost, needPath+"/tasks/new", url.Values{"title": {"Enter shelter addresses"}, "type": {"data_entry"},
		"estimated_hours": {"2"}, "volunteers_wanted": {"1"}, "urgency": {"urgent"}, "join_mode": {"claim"}, "claim_hours": {"24"},
		"deadline": {"2099-01-31"}})
	if resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("post task: %d", resp.StatusCode)
	}

	resp = f.do(volunteer, methodGet, "/tasks?q=shelter&urgent=on", nil)
	doc := webtest.Parse(t, resp.Body)
	links := doc.All(`.cards a[href^="/tasks/"]`)
	if len(links) != 1 || webtest.Text(links[0]) != "Enter shelter addresses" {
		t.Fatalf("search found %d tasks", len(links))
	}
	taskPath := webtest.Attr(links[0], "href")
	t.Run("Filters", func(t *testing.T) {
		// The task is due in 2099, written in no particular language, in no country.
		for query, want := range map[string]int{"q=shelter&due=7": 0, "q=shelter&due=365": 1, "q=shelter&language=fr": 0,
			"q=shelter&country=CL": 0, "q=shelter&due=nonsense&language=": 1} {
			doc := webtest.Parse(t, f.do(volunteer, methodGet, "/tasks?"+query, nil).Body)
			if got := len(doc.All(`.cards a[href^="/tasks/"]`)); got != want {
				t.Errorf("%s: %d tasks, want %d", query, got, want)
			}
		}
		doc := webtest.Parse(t, f.do(volunteer, methodGet, "/tasks?due=30&language=fr", nil).Body)
		if webtest.Attr(doc.One(`#f-due option[selected]`), "value") != "30" || webtest.Attr(doc.One(`#f-language option[selected]`), "value") != "fr" {
			t.Fatal("the form does not keep the chosen filters")
		}
		resp := f.api(volunteer, methodGet, "/api/v1/tasks?q=shelter&due_within_days=7", "")
		if raw, _ := io.ReadAll(resp.Body); resp.StatusCode != http.StatusOK || !strings.Contains(string(raw), `"tasks":[]`) {
			t.Fatalf("the API's deadline window: %d %s", resp.StatusCode, raw)
		}
	})
	t.Run("ManagersDoNotJoinTheirOwnTasks", func(t *testing.T) {
		if doc := webtest.Parse(t, f.do(otherOrg, methodGet, taskPath, nil).Body); len(doc.All(`form[action$="/join"]`)) != 0 {
			t.Fatal("the organization's admin is offered the join form on its own task")
		}
		if doc := webtest.Parse(t, f.do(volunteer, methodGet, taskPath, nil).Body); len(doc.All(`form[action$="/join"]`)) != 1 {
			t.Fatal("a volunteer is not offered the join form")
		}
		if resp := f.do(otherOrg, methodPost, taskPath+"/join", nil); resp.StatusCode != http.StatusForbidden {
			t.Fatalf("the organization's admin claiming its own task: %d, want 403", resp.StatusCode)
		}
	})
	if resp := f.do(volunteer, methodPost, taskPath+"/join", nil); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("claim: %d", resp.StatusCode)
	}
	if resp := f.do(other, methodPost, taskPath+"/join", nil); resp.StatusCode != http.StatusConflict {
		t.Fatalf("a second claim of the only place: %d, want 409", resp.StatusCode)
	}
	t.Run("FullTasksListedApart", func(t *testing.T) {
		// Its only place taken, the task leaves the list and is found among the full tasks, by the
		// link the list offers, in the page and in the API.
		doc := webtest.Parse(t, f.do(other, methodGet, "/tasks?q=shelter", nil).Body)
		if n := len(doc.All(`.cards a[href^="/tasks/"]`)); n != 0 {
			t.Fatalf("the full task is still listed (%d tasks)", n)
		}
		more := doc.One(`a[href*="places=full"]`)
		if href := webtest.Attr(more, "href"); !strings.Contains(href, "q=shelter") {
			t.Fatalf("the link to full tasks loses the search: %q", href)
		}
		doc = webtest.Parse(t, f.do(other, methodGet, webtest.Attr(more, "href"), nil).Body)
		if links := doc.All(`.cards a[href^="/tasks/"]`); len(links) != 1 || webtest.Attr(links[0], "href") != taskPath {
			t.Fatalf("full tasks: %d listed", len(links))
		}
		if webtest.Attr(doc.One(`form.filters input[name="places"]`), "value") != "full" {
			t.Fatal("searching again from the full tasks leaves them")
		}
		if back := webtest.Attr(doc.One(`a[href^="/tasks?"]:not([href*="places"])`), "href"); !strings.Contains(back, "q=shelter") {
			t.Fatalf("the way back to tasks with places: %q", back)
		}
		for query, want := range map[string]string{"places=full&q=shelter": taskPath[len("/tasks/"):], "q=shelter": ""} {
			resp := f.api(other, methodGet, "/api/v1/tasks?"+query, "")
			raw, _ := io.ReadAll(resp.Body)
			if resp.StatusCode != http.StatusOK || strings.Contains(string(raw), `"id":`+taskPath[len("/tasks/"):]) != (want != "") {
				t.Fatalf("API %s: %d %s", query, resp.StatusCode, raw)
			}
		}
		if resp := f.api(other, methodGet, "/api/v1/tasks?places=some", ""); resp.StatusCode != http.StatusUnprocessableEntity {
			t.Fatalf("API places=some: %d, want 422", resp.StatusCode)
		}
	})
	var id int64
	fmt.Sscanf(strings.TrimPrefix(taskPath, "/tasks/"), "%d", &id)
	mine, err := f.s.work.workflow.VolunteerAssignment(ctx, id, f.people[volunteer].ID)
	if err != nil {
		t.Fatal(err)
	}
	step := func(role, action string, want int) {
		t.Helper()
		resp := f.do(role, methodPost, fmt.Sprintf("%s/assignments/%d/%s", taskPath, mine.ID, action),
			url.Values{"message": {"Here it is: https://example.org/sheet"}})
		if resp.StatusCode != want {
			t.Fatalf("%s by %s: status %d, want %d", action, role, resp.StatusCode, want)
		}
	}
	step(volunteer, civhub.ActApprove, http.StatusForbidden) // the organization's step
	step(other, civhub.ActSubmit, http.StatusForbidden)      // somebody else's engagement
	step(volunteer, civhub.ActSubmit, http.StatusSeeOther)
	step(otherOrg, civhub.ActReturn, http.StatusSeeOther)
	step(volunteer, civhub.ActSubmit, http.StatusSeeOther)
	step(otherOrg, civhub.ActApprove, http.StatusSeeOther)
	step(otherOrg, civhub.ActApprove, http.StatusConflict) // approved already
	a, _ := f.s.work.workflow.VolunteerAssignment(ctx, id, f.people[volunteer].ID)
	if a.Status != civhub.AssignApproved {
		t.Fatalf("status %q, want approved", a.Status)
	}
	t.Run("HoursAndCertificate", func(t *testing.T) {
		if resp := f.do(volunteer, methodPost, taskPath+"/hours", url.Values{"hours": {"abc"}}); resp.StatusCode != http.StatusBadRequest {
			t.Fatalf("unreadable hours: %d, want 400", resp.StatusCode)
		}
		if resp := f.do(volunteer, methodPost, taskPath+"/hours", url.Values{"hours": {"2,5"}, "note": {"Typed them all."}}); resp.StatusCode != http.StatusSeeOther {
			t.Fatalf("log hours: %d", resp.StatusCode)
		}
		hours, _ := f.s.work.hours.TaskHours(ctx, id)
		if len(hours) != 1 || hours[0].Minutes != 150 {
			t.Fatalf("hours = %+v, want 150 minutes", hours)
		}
		if resp := f.do(volunteer, methodPost, fmt.Sprintf("%s/hours/%d/confirm", taskPath, hours[0].ID), nil); resp.StatusCode != http.StatusForbidden {
			t.Fatalf("the volunteer confirmed their own hours: %d", resp.StatusCode)
		}
		if resp := f.do(otherOrg, methodPost, fmt.Sprintf("%s/hours/%d/confirm", taskPath, hours[0].ID), nil); resp.StatusCode != http.StatusSeeOther {
			t.Fatalf("confirm: %d", resp.StatusCode)
		}
		if resp := f.do(otherOrg, methodPost, taskPath+"/endorse", url.Values{"volunteer": {fmt.Sprint(f.people[volunteer].ID)},
			"skill": {"data_entry"}, "thanks": {"Thank you!"}}); resp.StatusCode != http.StatusSeeOther {
			t.Fatalf("endorse: %d", resp.StatusCode)
		}
		doc := webtest.Parse(t, f.do(volunteer, methodGet, "/me/certificate", nil).Body)
		if text := doc.Text(".certificate"); !strings.Contains(text, "Enter shelter addresses") || !strings.Contains(text, "Thank you!") {
			t.Fatalf("the certificate reads %q", text)
		}
	})
	t.Run("EditAndClose", func(t *testing.T) {
		doc := webtest.Parse(t, f.do(otherOrg, methodGet, taskPath+"/edit", nil).Body)
		if webtest.Attr(doc.One("#f-title"), "value") != "Enter shelter addresses" || len(doc.All(`select[name="status"] option`)) != len(civhub.TaskStatuses) {
			t.Fatal("the edit form does not show the task and its status")
		}
		form := url.Values{"title": {"Enter all shelter addresses"}, "type": {"data_entry"}, "estimated_hours": {"3"}, "volunteers_wanted": {"0"},
			"urgency": {"urgent"}, "join_mode": {"claim"}, "claim_hours": {"24"}, "deadline": {"2099-01-31"}, "status": {"closed"}}
		resp := f.do(otherOrg, methodPost, taskPath+"/edit", form)
		if resp.StatusCode != http.StatusBadRequest {
			t.Fatalf("no volunteers wanted: %d, want 400", resp.StatusCode)
		}
		doc = webtest.Parse(t, resp.Body)
		if webtest.Attr(doc.One("#f-title"), "value") != "Enter all shelter addresses" || len(doc.All("#f-volunteers_wanted-error")) != 1 {
			t.Fatal("the refused form lost what was typed or does not name the field")
		}
		form.Set("volunteers_wanted", "1")
		if resp := f.do(otherOrg, methodPost, taskPath+"/edit", form); resp.StatusCode != http.StatusSeeOther {
			t.Fatalf("save: %d", resp.StatusCode)
		}
		got, _ := f.s.work.needs.FindTask(ctx, id)
		if got.Title != "Enter all shelter addresses" || got.Status != civhub.TaskClosed || got.EstimatedHours != 3 {
			t.Fatalf("saved %+v", got)
		}
		doc = webtest.Parse(t, f.do(volunteer, methodGet, "/tasks?q=shelter", nil).Body)
		if len(doc.All(`.cards a[href="`+taskPath+`"]`)) != 0 {
			t.Fatal("a closed task is still listed")
		}
	})
	t.Run("AssignmentOfAnotherTask", func(t *testing.T) {
		resp := f.do(otherOrg, methodPost, fmt.Sprintf("/tasks/%d/assignments/%d/cancel", f.taskB.ID, mine.ID), nil)
		if resp.StatusCode != http.StatusNotFound {
			t.Fatalf("status %d, want 404", resp.StatusCode)
		}
	})
}

func TestRecommendations(t *testing.T) {
	for _, d := range []sqldb.Dialect{sqldb.SQLite, sqldb.Postgres} {
		t.Run(string(d), func(t *testing.T) {
			f := newFixture(t, d)
			ctx := context.Background()
			vol := f.people[volunteer]
			if err := f.s.profiles.SaveProfile(ctx, &civhub.Profile{PersonID: vol.ID, Skills: []string{"data_entry"}, HoursPerWeek: 3,
				Languages: []civhub.LanguageSkill{{Code: "es", Level: "native"}, {Code: "en", Level: "fluent"}}}); err != nil {
				t.Fatal(err)
			}
			pair := &civhub.Task{NeedID: f.needB.ID, Title: "Translate the guide", Type: civhub.TaskTranslation, SourceLanguage: "es",
				TargetLanguage: "en", EstimatedHours: 5, VolunteersWanted: 1, Urgency: civhub.UrgencyUrgent, JoinMode: civhub.JoinApply, ClaimHours: 24}
			skills := &civhub.Task{NeedID: f.needB.ID, Title: "Type the list", Type: "data_entry", Skills: []string{"data_entry"},
				EstimatedHours: 2, VolunteersWanted: 1, Urgency: civhub.UrgencyNormal, JoinMode: civhub.JoinClaim, ClaimHours: 24}
			other := &civhub.Task{NeedID: f.needB.ID, Title: "Build an app", Type: "mobile_app", Skills: []string{"android_development"},
				EstimatedHours: 40, VolunteersWanted: 1, Urgency: civhub.UrgencyNormal, JoinMode: civhub.JoinApply, ClaimHours: 24}
			for _, x := range []*civhub.Task{pair, skills, other} {
				if err := f.s.work.needs.CreateTask(ctx, x, f.people[otherOrg].ID); err != nil {
					t.Fatal(err)
				}
			}
			var recs []struct {
				Task    struct{ Title string }
				Reasons []string
			}
			resp := apiCall(t, f.s, "GET", "/api/v1/me/recommendations", f.tokens[volunteer], "", "es", &recs)
			if resp.StatusCode != 200 || len(recs) != 2 {
				t.Fatalf("status %d, %d recommendations: %+v", resp.StatusCode, len(recs), recs)
			}
			// Skills and hours (50) outweigh the pair, the hours and urgency (40).
			if recs[0].Task.Title != "Type the list" || recs[1].Task.Title != "Translate the guide" {
				t.Fatalf("order %q, %q", recs[0].Task.Title, recs[1].Task.Title)
			}
			if got := strings.Join(recs[1].Reasons, " | "); !strings.Contains(got, "del español al inglés") || !strings.Contains(got, "Urgente") {
				t.Fatalf("the translation's reasons %q, want the pair and the urgency in Spanish", got)
			}
			resp = f.do(volunteer, methodGet, "/me", nil)
			doc := webtest.Parse(t, resp.Body)
			if n := len(doc.All(".cards .card")); n != 2 {
				t.Fatalf("the dashboard suggests %d tasks, want 2", n)
			}
		})
	}
}

// TestTaskConversationInWeb: only the organization and the task's volunteers read and write the
// conversation; a bad message keeps the page and says why.
func TestTaskConversationInWeb(t *testing.T) {
	f := newFixture(t, sqldb.SQLite) // taskB is beta's open task; otherOrg runs beta
	taskPath := fmt.Sprintf("/tasks/%d", f.taskB.ID)
	post := func(role, body string, want int) *http.Response {
		t.Helper()
		resp := f.do(role, methodPost, taskPath+"/messages", url.Values{"body": {body}})
		if resp.StatusCode != want {
			t.Fatalf("message by %s: status %d, want %d", role, resp.StatusCode, want)
		}
		return resp
	}
	post(volunteer, "Can I help?", http.StatusForbidden) // not on the task yet
	if resp := f.do(volunteer, methodPost, taskPath+"/join", nil); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("claim: %d", resp.StatusCode)
	}
	doc := webtest.Parse(t, post(volunteer, "   ", http.StatusBadRequest).Body)
	if len(doc.All("#f-body-error")) != 1 || len(doc.All("#conversation")) != 1 {
		t.Fatal("an empty message is not marked on the task page")
	}
	post(volunteer, "Which sheet? <script>alert(1)</script>", http.StatusSeeOther)
	post(otherOrg, "The one in the shared folder.", http.StatusSeeOther)
	post(other, "Me too!", http.StatusForbidden)

	doc = webtest.Parse(t, f.do(volunteer, methodGet, taskPath, nil).Body)
	items := doc.All(".thread li")
	if len(items) != 2 || !strings.Contains(webtest.Text(items[0]), "Which sheet? <script>alert(1)</script>") ||
		!strings.Contains(webtest.Attr(items[1], "class"), "from-org") || !strings.Contains(webtest.Text(items[1]), "shared folder") {
		t.Fatalf("the volunteer sees %d messages", len(items))
	}
	if len(doc.All(".thread script")) != 0 {
		t.Fatal("a message's markup reached the page")
	}
	if doc := webtest.Parse(t, f.do(otherOrg, methodGet, taskPath, nil).Body); len(doc.All(".thread li")) != 2 {
		t.Fatal("the organization does not see the conversation")
	}
	for _, role := range []string{other, anon, admin} {
		if doc := webtest.Parse(t, f.do(role, methodGet, taskPath, nil).Body); len(doc.All("#conversation")) != 0 || len(doc.All(".thread")) != 0 {
			t.Fatalf("%s sees the conversation", role)
		}
	}
}

// TestAgreementInWeb: the organization accepts an application on stated terms (a refused form keeps
// what was typed), the volunteer agrees, and only then each sees the other's email address.
func TestAgreementInWeb(t *testing.T) {
	f := newFixture(t, sqldb.SQLite) // otherOrg runs beta
	ctx := context.Background()
	task := &civhub.Task{NeedID: f.needB.ID, Title: "Design the drill poster", Description: "An A3 poster and a version for WhatsApp.",
		Type: "data_entry", EstimatedHours: 4, VolunteersWanted: 1, Urgency: civhub.UrgencyNormal, JoinMode: civhub.JoinApply}
	if err := f.s.work.needs.CreateTask(ctx, task, f.people[otherOrg].ID); err != nil {
		t.Fatal(err)
	}
	taskPath := fmt.Sprintf("/tasks/%d", task.ID)
	if resp := f.do(volunteer, methodPost, taskPath+"/join", url.Values{"message": {"I design posters."}}); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("apply: %d", resp.StatusCode)
	}
	doc := webtest.Parse(t, f.do(otherOrg, methodGet, taskPath, nil).Body)
	form := doc.One(`details form[action$="/accept"]`)
	if form == nil || !strings.Contains(doc.Text(`details form textarea[name="scope"]`), "An A3 poster") {
		t.Fatal("no accept form proposing the task's description")
	}
	accept := webtest.Attr(form, "action")

	resp := f.do(otherOrg, methodPost, accept, url.Values{"scope": {"Poster"}, "hours": {"lots"}, "deadline": {"soon"}, "answer_days": {"3"}})
	if resp.StatusCode != http.StatusBadRequest && resp.StatusCode != http.StatusUnprocessableEntity {
		t.Fatalf("a bad agreement: %d", resp.StatusCode)
	}
	doc = webtest.Parse(t, resp.Body)
	if len(doc.All("details[open]")) != 1 || doc.Text(`details textarea[name="scope"]`) != "Poster" || len(doc.All(`details .error`)) == 0 {
		t.Fatal("the refused accept form lost what was typed or does not say what is wrong")
	}
	resp = f.do(otherOrg, methodPost, accept, url.Values{"scope": {"Poster"}, "hours": {"lots"}, "answer_days": {"3"}})
	doc = webtest.Parse(t, resp.Body)
	if n := len(doc.All(`details .error`)); n != 2 {
		t.Fatalf("%d field errors for a short scope and unreadable hours, want 2", n)
	}
	if resp := f.do(otherOrg, methodPost, accept, url.Values{"scope": {"An A3 poster and a WhatsApp version."}, "hours": {"4"}, "answer_days": {"2"}}); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("accept: %d", resp.StatusCode)
	}
	volunteerEmail, orgEmail := f.people[volunteer].Email, f.people[otherOrg].Email
	doc = webtest.Parse(t, f.do(volunteer, methodGet, taskPath, nil).Body)
	if !strings.Contains(doc.Text(".agreement"), "An A3 poster and a WhatsApp version.") || len(doc.All(`.agreement form[action$="/agree"]`)) != 1 ||
		len(doc.All(`a[href^="mailto:"]`)) != 0 {
		t.Fatal("before agreeing, the volunteer should see the terms and a button, and no email address")
	}
	if body := readAll(t, f.do(otherOrg, methodGet, taskPath, nil)); strings.Contains(body, volunteerEmail) {
		t.Fatal("the organization sees the volunteer's address before the agreement")
	}
	if resp := f.do(other, methodPost, taskPath+"/agree", nil); resp.StatusCode != http.StatusNotFound {
		t.Fatalf("someone else agrees: %d", resp.StatusCode)
	}
	if resp := f.do(volunteer, methodPost, taskPath+"/agree", nil); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("agree: %d", resp.StatusCode)
	}
	doc = webtest.Parse(t, f.do(volunteer, methodGet, taskPath, nil).Body)
	if webtest.Attr(doc.One(`.agreement a[href^="mailto:"]`), "href") != "mailto:"+orgEmail {
		t.Fatal("after agreeing, the volunteer does not see whom to write to")
	}
	doc = webtest.Parse(t, f.do(otherOrg, methodGet, taskPath, nil).Body)
	if len(doc.All(`a[href="mailto:`+volunteerEmail+`"]`)) != 1 {
		t.Fatal("after the agreement, the organization does not see the volunteer's address")
	}
	if resp := f.do(volunteer, methodPost, taskPath+"/agree", nil); resp.StatusCode != http.StatusConflict {
		t.Fatalf("agreeing twice: %d", resp.StatusCode)
	}
}

func readAll(t *testing.T, resp *http.Response) string {
	t.Helper()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}
