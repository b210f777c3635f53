package web

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"civhub"
	"civhub/sqldb"
	"civhub/web/webtest"
)

// TestNotificationsInWeb follows a claim into the organization's inbox, opens and reads it, and
// changes the settings, with bad input refused and kept.
func TestNotificationsInWeb(t *testing.T) {
	f := newFixture(t, sqldb.SQLite) // otherOrg runs beta, whose taskB is open; it has one notification already
	ctx := context.Background()
	if _, err := f.db.Writer().ExecContext(ctx, `UPDATE people SET display_name = '<b>Vol</b>' WHERE id = $1`, f.people[volunteer].ID); err != nil {
		t.Fatal(err)
	}
	if resp := f.do(volunteer, methodPost, fmt.Sprintf("/tasks/%d/join", f.taskB.ID), nil); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("claim: %d", resp.StatusCode)
	}

	doc := webtest.Parse(t, f.do(otherOrg, methodGet, "/me", nil).Body)
	if got := doc.Text(`a[href="/me/notifications"] .visually-hidden`); !strings.Contains(got, "2 unread") {
		t.Fatalf("the inbox link says %q, want 2 unread", got)
	}
	doc = webtest.Parse(t, f.do(otherOrg, methodGet, "/me/notifications", nil).Body)
	items := doc.All(".notes li")
	if len(items) != 2 || !strings.Contains(webtest.Text(items[0]), "<b>Vol</b> claimed a place on “A task of BETA”.") ||
		len(doc.All(".notes li b")) != 0 || len(doc.All(".notes li.unread")) != 2 {
		t.Fatalf("the organization's inbox has %d entries: %q", len(items), doc.Text(".notes"))
	}
	link := webtest.Attr(doc.All(".notes li a")[0], "href")

	// Only its person opens a notification; opening it reads it and goes to the task.
	if resp := f.do(volunteer, methodGet, link, nil); resp.StatusCode != http.StatusNotFound {
		t.Fatalf("someone else opens %s: %d", link, resp.StatusCode)
	}
	resp := f.do(otherOrg, methodGet, link, nil)
	if loc := resp.Header.Get("Location"); resp.StatusCode != http.StatusSeeOther || loc != fmt.Sprintf("/tasks/%d", f.taskB.ID) {
		t.Fatalf("open: %d to %q", resp.StatusCode, loc)
	}
	doc = webtest.Parse(t, f.do(otherOrg, methodGet, "/me/notifications?unread=1", nil).Body)
	if n := len(doc.All(".notes li")); n != 1 {
		t.Fatalf("%d unread after opening one of 2", n)
	}
	if resp := f.do(otherOrg, methodPost, "/me/notifications/read", nil); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("read all: %d", resp.StatusCode)
	}
	doc = webtest.Parse(t, f.do(otherOrg, methodGet, "/me/notifications?unread=1", nil).Body)
	if len(doc.All(".notes li")) != 0 || len(doc.All(`a[href="/me/notifications"] .badge`)) != 0 {
		t.Fatal("unread notifications remain after reading all")
	}

	// Settings: a refused choice shows the problem and keeps what was typed; nothing is stored.
	resp = f.do(volunteer, methodPost, "/account/notifications", url.Values{"accepted.email": {"daily"}, "message.email": {"now"}})
	if resp.StatusCode != http.StatusUnprocessableEntity {
		t.Fatalf("message mail at once: %d, want 422", resp.StatusCode)
	}
	doc = webtest.Parse(t, resp.Body)
	if !strings.Contains(doc.Text(".problem"), "Only notifications that ask you to act") ||
		webtest.Attr(doc.One(`select[name="accepted.email"] option[selected]`), "value") != "daily" {
		t.Fatal("the refused form lost its input or its explanation")
	}
	settings, err := f.s.notes.NoteSettings(ctx, f.people[volunteer].ID)
	if err != nil || settings[0].Kind != civhub.NoteAccepted || settings[0].Delivery != civhub.DeliverNow {
		t.Fatalf("a refused form changed the settings: %+v %v", settings[0], err)
	}
	if resp := f.do(volunteer, methodPost, "/account/notifications", url.Values{"accepted.email": {"off"}}); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("save: %d", resp.StatusCode)
	}
	doc = webtest.Parse(t, f.do(volunteer, methodGet, "/account/notifications", nil).Body)
	if got := webtest.Attr(doc.One(`select[name="accepted.email"] option[selected]`), "value"); got != "off" {
		t.Fatalf("saved %q, want off", got)
	}
	if len(doc.All(`select[name="message.email"] option[value="now"]`)) != 0 {
		t.Fatal("mail at once is offered for messages")
	}
}

// TestUnsubscribe checks the signed one-click unsubscribe link, which works without a session.
func TestUnsubscribe(t *testing.T) {
	f := newFixture(t, sqldb.SQLite)
	ctx := context.Background()
	person := f.people[volunteer].ID
	good := fmt.Sprintf("/unsubscribe?p=%d&t=%s", person, civhub.UnsubscribeToken(testUnsubscribeKey, person, ""))
	for _, bad := range []string{
		fmt.Sprintf("/unsubscribe?p=%d&t=forged", person),
		fmt.Sprintf("/unsubscribe?p=%d&t=%s", f.people[other].ID, civhub.UnsubscribeToken(testUnsubscribeKey, person, "")),
		fmt.Sprintf("/unsubscribe?p=%d&k=accepted&t=%s", person, civhub.UnsubscribeToken(testUnsubscribeKey, person, "")),
		"/unsubscribe?p=x", "/unsubscribe",
	} {
		for _, method := range []string{methodGet, methodPost} {
			resp := f.do(anon, method, bad, nil)
			if resp.StatusCode != http.StatusBadRequest || !strings.Contains(webtest.Parse(t, resp.Body).Text("main"), "not valid") {
				t.Errorf("%s %s: %d, want 400 saying the link is not valid", method, bad, resp.StatusCode)
			}
		}
	}
	// Following the link only asks: mail scanners open links.
	doc := webtest.Parse(t, f.do(anon, methodGet, good, nil).Body)
	if webtest.Attr(doc.One("main form"), "action") != good {
		t.Fatal("the confirmation does not post back to the same link")
	}
	if settings, _ := f.s.notes.NoteSettings(ctx, person); settings[0].Delivery == civhub.DeliverOff {
		t.Fatal("opening the link unsubscribed")
	}
	// The mail provider's one-click POST: no cookie, no form token, no Origin.
	r := httptest.NewRequest(methodPost, good, strings.NewReader("List-Unsubscribe=One-Click"))
	r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	w := httptest.NewRecorder()
	f.s.ServeHTTP(w, r)
	if w.Code != http.StatusOK {
		t.Fatalf("one-click unsubscribe: %d", w.Code)
	}
	settings, err := f.s.notes.NoteSettings(ctx, person)
	if err != nil {
		t.Fatal(err)
	}
	for _, st := range settings {
		if st.Delivery != civhub.DeliverOff {
			t.Errorf("still mailed: %+v", st)
		}
	}
}

func TestNotificationsAPI(t *testing.T) {
	f := newFixture(t, sqldb.SQLite)
	if resp := f.do(volunteer, methodPost, fmt.Sprintf("/tasks/%d/join", f.taskB.ID), nil); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("claim: %d", resp.StatusCode)
	}
	r := httptest.NewRequest(methodGet, "/api/v1/me/notifications?limit=1", nil)
	r.Header.Set("Authorization", "Bearer "+f.tokens[otherOrg])
	r.Header.Set("Accept-Language", "es")
	w := httptest.NewRecorder()
	f.s.ServeHTTP(w, r)
	if w.Code != http.StatusOK {
		t.Fatalf("status %d: %s", w.Code, w.Body)
	}
	var page struct {
		Notifications []struct {
			ID     int64  `json:"id"`
			Kind   string `json:"kind"`
			TaskID int64  `json:"task_id"`
			Text   string `json:"text"`
			URL    string `json:"url"`
		} `json:"notifications"`
		NextBefore int64 `json:"next_before"`
	}
	if err := json.NewDecoder(w.Body).Decode(&page); err != nil {
		t.Fatal(err)
	}
	if len(page.Notifications) != 1 || page.Notifications[0].Kind != civhub.NoteClaimed || page.NextBefore != page.Notifications[0].ID ||
		!strings.Contains(page.Notifications[0].Text, "tomó un lugar en «A task of BETA»") || page.Notifications[0].URL != fmt.Sprintf("/tasks/%d", f.taskB.ID) {
		t.Fatalf("page %+v", page)
	}
	resp := f.api(otherOrg, methodGet, fmt.Sprintf("/api/v1/me/notifications?before=%d", page.NextBefore), "")
	var rest struct {
		Notifications []struct{ ID int64 } `json:"notifications"`
		NextBefore    int64                `json:"next_before"`
	}
	if err := json.NewDecoder(resp.Body).Decode(&rest); err != nil || len(rest.Notifications) != 1 || rest.NextBefore != 0 || rest.Notifications[0].ID != f.note {
		t.Fatalf("the second page: %+v %v", rest, err)
	}
	if resp := f.api(otherOrg, methodGet, "/api/v1/me/notifications?limit=1000", ""); resp.StatusCode != http.StatusUnprocessableEntity {
		t.Fatalf("limit 1000: %d, want 422", resp.StatusCode)
	}
	if resp := f.api(otherOrg, methodPost, "/api/v1/me/notifications/read", ""); resp.StatusCode != http.StatusNoContent {
		t.Fatalf("read all: %d", resp.StatusCode)
	}
	if n, _ := f.s.notes.Unread(context.Background(), f.people[otherOrg].ID); n != 0 {
		t.Fatalf("%d unread after reading all through the API", n)
	}
}

// TestNotificationSettingsAPI: the settings read and change through the API as on the page, and a
// refused change changes nothing.
func TestNotificationSettingsAPI(t *testing.T) {
	f := newFixture(t, sqldb.SQLite)
	type settings struct {
		Settings []struct {
			Kind, Channel, Delivery string
			Action                  bool
		} `json:"settings"`
	}
	read := func(resp *http.Response) map[string]string {
		t.Helper()
		var got settings
		if err := json.NewDecoder(resp.Body).Decode(&got); err != nil {
			t.Fatal(err)
		}
		m := map[string]string{}
		for _, st := range got.Settings {
			m[st.Kind+"."+st.Channel] = st.Delivery
			if kind, _ := civhub.FindNoteKind(st.Kind); kind.Action != st.Action {
				t.Errorf("%s: action %v", st.Kind, st.Action)
			}
		}
		return m
	}
	before := read(f.api(volunteer, methodGet, "/api/v1/me/notification-settings", ""))
	if len(before) != len(civhub.NoteKinds) || before[civhub.NoteReturned+".email"] != civhub.DeliverNow {
		t.Fatalf("defaults: %v", before)
	}
	resp := f.api(volunteer, http.MethodPatch, "/api/v1/me/notification-settings",
		`{"settings":[{"kind":"message","channel":"email","delivery":"weekly"},{"kind":"returned","channel":"email","delivery":"off"}]}`)
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("change: %d", resp.StatusCode)
	}
	if after := read(resp); after["message.email"] != civhub.DeliverWeekly || after["returned.email"] != civhub.DeliverOff || after["accepted.email"] != before["accepted.email"] {
		t.Fatalf("after the change: %v", after)
	}
	// "at once" for a kind that asks no action is refused, and the valid change sent with it is not made.
	resp = f.api(volunteer, http.MethodPatch, "/api/v1/me/notification-settings",
		`{"settings":[{"kind":"accepted","channel":"email","delivery":"off"},{"kind":"new_match","channel":"email","delivery":"now"}]}`)
	if resp.StatusCode != http.StatusBadRequest {
		t.Fatalf("at once for matches: %d, want 400", resp.StatusCode)
	}
	for _, bad := range []string{`{"settings":[{"kind":"nonsense","channel":"email","delivery":"off"}]}`,
		`{"settings":[{"kind":"message","channel":"pigeon","delivery":"off"}]}`, `{"settings":[]}`, `{"settings":`} {
		if resp := f.api(volunteer, http.MethodPatch, "/api/v1/me/notification-settings", bad); resp.StatusCode/100 != 4 {
			t.Errorf("%s: %d, want a 4xx", bad, resp.StatusCode)
		}
	}
	if now := read(f.api(volunteer, methodGet, "/api/v1/me/notification-settings", "")); now["accepted.email"] != before["accepted.email"] {
		t.Fatal("a refused change was partly made")
	}
}

// suggestionWorld is beta's data-entry task and a volunteer whose profile suits it.
func suggestionWorld(t *testing.T) (*fixture, *civhub.Task, *civhub.Person) {
	t.Helper()
	f := newFixture(t, sqldb.SQLite)
	ctx := context.Background()
	task := &civhub.Task{NeedID: f.needB.ID, Title: "Type in the shelter list", Type: "data_entry", Skills: []string{"data_entry"},
		EstimatedHours: 2, VolunteersWanted: 2, Urgency: civhub.UrgencyNormal, JoinMode: civhub.JoinClaim, ClaimHours: 24}
	if err := f.s.work.needs.CreateTask(ctx, task, f.people[otherOrg].ID); err != nil {
		t.Fatal(err)
	}
	vol := f.people[volunteer]
	if err := f.s.profiles.SaveProfile(ctx, &civhub.Profile{PersonID: vol.ID, Skills: []string{"data_entry"}, HoursPerWeek: 3,
		TimeZone: "America/Santiago"}); err != nil {
		t.Fatal(err)
	}
	return f, task, vol
}

// TestSuggestionsInWeb: the organization sees volunteers who suit its task, with reasons in its
// language, and invites one, who finds the invitation in the inbox.
func TestSuggestionsInWeb(t *testing.T) {
	f, task, vol := suggestionWorld(t)
	// beta says where its working hours are, through the API; a zone that does not exist is refused.
	beta := `{"name":"BETA","type":"ngo","country":"CL","mission":"","at_risk":false,"time_zone":%q}`
	resp := f.api(otherOrg, http.MethodPut, "/api/v1/orgs/beta", fmt.Sprintf(beta, "Chile/Valparaiso_Port"))
	if raw, _ := io.ReadAll(resp.Body); resp.StatusCode != http.StatusBadRequest || !strings.Contains(string(raw), "body.time_zone") {
		t.Fatalf("an unknown time zone: %d %s", resp.StatusCode, raw)
	}
	if resp := f.api(otherOrg, http.MethodPut, "/api/v1/orgs/beta", fmt.Sprintf(beta, "America/Santiago")); resp.StatusCode != http.StatusOK {
		t.Fatalf("beta's time zone: %d", resp.StatusCode)
	}
	taskPath := fmt.Sprintf("/tasks/%d", task.ID)
	r := httptest.NewRequest(methodGet, taskPath, nil)
	r.AddCookie(&http.Cookie{Name: f.s.sessions.Cookie.Name, Value: f.sessions[otherOrg]})
	r.Header.Set("Accept-Language", "es")
	w := httptest.NewRecorder()
	f.s.ServeHTTP(w, r)
	doc := webtest.Parse(t, w.Body)
	cards := doc.All(".suggestions > li")
	if len(cards) != 1 || !strings.Contains(webtest.Text(cards[0]), "Habilidades: ") || !strings.Contains(webtest.Text(cards[0]), "El horario de trabajo coincide 9 horas") {
		t.Fatalf("suggestions: %q", doc.Text(".suggestions"))
	}
	if doc := webtest.Parse(t, f.do(volunteer, methodGet, taskPath, nil).Body); len(doc.All(".suggestions")) != 0 {
		t.Fatal("a volunteer sees the organization's suggestions")
	}
	form := url.Values{"person": {strconv.FormatInt(vol.ID, 10)}}
	if resp := f.do(otherOrg, methodPost, taskPath+"/invite", form); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("invite: %d", resp.StatusCode)
	}
	if resp := f.do(otherOrg, methodPost, taskPath+"/invite", form); resp.StatusCode != http.StatusConflict {
		t.Fatalf("invite twice: %d, want 409", resp.StatusCode)
	}
	doc = webtest.Parse(t, f.do(volunteer, methodGet, "/me/notifications", nil).Body)
	if !strings.Contains(doc.Text(".notes"), "BETA invites you to “Type in the shelter list”") {
		t.Fatalf("the volunteer's inbox: %q", doc.Text(".notes"))
	}
}

// TestSuggestionsAPI: the organization reads the suggestions and invites through the API.
func TestSuggestionsAPI(t *testing.T) {
	f, task, vol := suggestionWorld(t)
	resp := f.api(otherOrg, methodGet, fmt.Sprintf("/api/v1/tasks/%d/suggestions", task.ID), "")
	var got []struct {
		PersonID int64    `json:"person_id"`
		Name     string   `json:"name"`
		Reasons  []string `json:"reasons"`
	}
	if err := json.NewDecoder(resp.Body).Decode(&got); err != nil || resp.StatusCode != http.StatusOK {
		t.Fatalf("status %d, %v", resp.StatusCode, err)
	}
	if len(got) != 1 || got[0].PersonID != vol.ID || len(got[0].Reasons) == 0 || !strings.HasPrefix(got[0].Reasons[0], "Skills: ") {
		t.Fatalf("suggestions %+v", got)
	}
	invite := fmt.Sprintf("/api/v1/tasks/%d/invite", task.ID)
	body := fmt.Sprintf(`{"person_id":%d}`, vol.ID)
	if resp := f.api(otherOrg, methodPost, invite, body); resp.StatusCode != http.StatusNoContent {
		t.Fatalf("invite: %d", resp.StatusCode)
	}
	if resp := f.api(otherOrg, methodPost, invite, body); resp.StatusCode != http.StatusConflict {
		t.Fatalf("invite twice: %d, want 409", resp.StatusCode)
	}
	if resp := f.api(otherOrg, methodPost, invite, `{"person_id":0}`); resp.StatusCode != http.StatusUnprocessableEntity {
		t.Fatalf("invite nobody: %d, want 422", resp.StatusCode)
	}
}
