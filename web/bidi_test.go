package web

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"civhub"
	"civhub/sqldb"
	"civhub/web/webtest"
)

// getIn fetches path as role with the interface in language lang.
func (f *fixture) getIn(lang, role, path string) *http.Response {
	r := httptest.NewRequest(http.MethodGet, path, nil)
	r.AddCookie(&http.Cookie{Name: langCookie, Value: lang})
	if token := f.sessions[role]; token != "" {
		r.AddCookie(&http.Cookie{Name: f.s.sessions.Cookie.Name, Value: token})
	}
	w := httptest.NewRecorder()
	f.s.ServeHTTP(w, r)
	return w.Result()
}

// TestArabicIsolatesLatinNames renders, in Arabic, the pages of an organization with a French name
// and of its French-to-Arabic translation task: the names people wrote are isolated, so that they
// keep their own direction without reordering the line, and the language pair reads from the
// source to the target.
func TestArabicIsolatesLatinNames(t *testing.T) {
	f := newFixture(t, sqldb.SQLite) // otherOrg runs beta, verified, and has a notification about taskB
	ctx := context.Background()
	const org, title = "Coopérative Tafraout", "Traduire le guide des semences"
	if _, err := f.db.Writer().ExecContext(ctx, `UPDATE organizations SET name = $1 WHERE id = $2`, org, f.beta.ID); err != nil {
		t.Fatal(err)
	}
	task := &civhub.Task{NeedID: f.needB.ID, Title: title, Type: civhub.TaskTranslation, EstimatedHours: 4, VolunteersWanted: 1,
		Urgency: civhub.UrgencyNormal, JoinMode: civhub.JoinClaim, ClaimHours: 24, SourceLanguage: "fr", TargetLanguage: "ar"}
	if err := f.s.work.needs.CreateTask(ctx, task, f.people[otherOrg].ID); err != nil {
		t.Fatal(err)
	}

	t.Run("task", func(t *testing.T) {
		doc := webtest.Parse(t, f.getIn("ar", volunteer, fmt.Sprintf("/tasks/%d", task.ID)).Body)
		if got := doc.Text(`h1[dir="auto"]`); got != title {
			t.Errorf("the heading isolates %q, want the task's title", got)
		}
		if got := doc.Text(`a[href="/orgs/beta"][dir="auto"]`); got != org {
			t.Errorf("the organization's link isolates %q, want its name", got)
		}
		var pair string
		for _, dd := range doc.All("dd") {
			if s := webtest.Text(dd); strings.Contains(s, "الفرنسية") {
				pair = s
			}
		}
		// Words, not an arrow: an arrow between the names would point from Arabic to French in a
		// line read from right to left.
		if pair != "من الفرنسية إلى العربية" {
			t.Errorf("the language pair reads %q, want from French into Arabic", pair)
		}
	})
	t.Run("organization", func(t *testing.T) {
		doc := webtest.Parse(t, f.getIn("ar", anon, "/orgs/beta").Body)
		if got := doc.Text("h1 bdi"); got != org {
			t.Errorf("the heading isolates %q, want the organization's name", got)
		}
	})
	t.Run("sentences", func(t *testing.T) {
		doc := webtest.Parse(t, f.getIn("ar", otherOrg, "/orgs/beta/members").Body)
		if got := doc.Text("h1"); !strings.Contains(got, "\u2068"+org+"\u2069") {
			t.Errorf("the members' heading %q does not isolate the organization's name", got)
		}
		doc = webtest.Parse(t, f.getIn("ar", otherOrg, "/me/notifications").Body)
		if got := doc.Text(".notes li a"); !strings.Contains(got, "\u2068A task of BETA\u2069") {
			t.Errorf("the notification %q does not isolate the task's title", got)
		}
	})
	t.Run("English is left alone", func(t *testing.T) {
		doc := webtest.Parse(t, f.getIn("en", volunteer, fmt.Sprintf("/tasks/%d", task.ID)).Body)
		var pair string
		for _, dd := range doc.All("dd") {
			if s := webtest.Text(dd); strings.Contains(s, "French") {
				pair = s
			}
		}
		if pair != "French → Arabic" {
			t.Errorf("the English language pair reads %q", pair)
		}
		doc = webtest.Parse(t, f.getIn("en", otherOrg, "/orgs/beta/members").Body)
		if got := doc.Text("h1"); strings.ContainsAny(got, "\u2068\u2069") {
			t.Errorf("the English heading %q carries isolates", got)
		}
	})
}
