package web

import (
	"context"
	"html/template"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"civhub"
	"civhub/sqldb"
)

// TestDashboardListsWhatWaits: the page of someone who runs an organization starts with what waits
// for their answer — here an application, with the date to answer by — and says so when nothing
// does; then their organizations' needs under way, with what keeps an unverified one's from
// volunteers. Volunteers and members who do not run one see no such list, and who runs an
// organization without volunteering is not shown the volunteer's sections.
func TestDashboardListsWhatWaits(t *testing.T) {
	t.Parallel()
	for _, d := range []sqldb.Dialect{sqldb.SQLite, sqldb.Postgres} {
		t.Run(string(d), func(t *testing.T) {
			f := newFixture(t, d)
			ctx := context.Background()
			task := &civhub.Task{NeedID: f.needB.ID, Title: "Traduire le dépliant en arabe", Type: civhub.TaskTranslation, EstimatedHours: 3,
				VolunteersWanted: 1, Urgency: civhub.UrgencyNormal, JoinMode: civhub.JoinApply, SourceLanguage: "fr", TargetLanguage: "ar"}
			if err := f.s.work.needs.CreateTask(ctx, task, f.people[otherOrg].ID); err != nil {
				t.Fatal(err)
			}
			a, err := f.s.work.workflow.Act(ctx, civhub.ActRequest{Action: civhub.ActApply, TaskID: task.ID, By: f.people[volunteer].ID, Message: "Je traduis du français vers l'arabe."})
			if err != nil {
				t.Fatal(err)
			}
			page := func(role string, lang string) string {
				t.Helper()
				r := httptest.NewRequest(http.MethodGet, "/me", nil)
				r.Header.Set("Accept-Language", lang)
				r.AddCookie(&http.Cookie{Name: f.s.sessions.Cookie.Name, Value: f.sessions[role]})
				w := httptest.NewRecorder()
				f.s.ServeHTTP(w, r)
				resp := w.Result()
				body, _ := io.ReadAll(resp.Body)
				if resp.StatusCode != http.StatusOK {
					t.Fatalf("%s: GET /me %d", role, resp.StatusCode)
				}
				return string(body)
			}
			l, _ := testCatalog()
			en := l.Locale("en")
			runs := page(otherOrg, "en")
			answerBy := en.T("dashboard.waiting_answer_by", map[string]any{"Date": en.Date(a.CreatedAt.AddDate(0, 0, civhub.AnswerDays))})
			if !strings.Contains(runs, `href="/tasks/`+itoa(task.ID)+`"`) {
				t.Error("the page of who runs the organization does not link the task applied for")
			}
			for _, want := range []string{en.T("dashboard.waiting"), "Traduire le dépliant en arabe",
				"\u2068" + f.people[volunteer].DisplayName + "\u2069 applied.", answerBy} {
				if !strings.Contains(runs, htmlText(want)) {
					t.Errorf("the page of who runs the organization lacks %q", want)
				}
			}
			if strings.Contains(runs, en.T("dashboard.fill_profile")) {
				t.Error("someone who runs an organization is asked to fill in a volunteer profile")
			}
			admin := page(orgAdmin, "en")
			if !strings.Contains(admin, htmlText(en.T("dashboard.waiting_none"))) {
				t.Error("an organization with nothing waiting does not say so")
			}
			// Their organizations' needs under way, and what keeps an unverified one's from volunteers.
			if !strings.Contains(runs, `href="/needs/`+itoa(f.needB.ID)+`"`) || strings.Contains(runs, htmlText(en.T("org.waiting.heading"))) {
				t.Error("the page of who runs a verified organization does not list its need, or says volunteers cannot see it")
			}
			if !strings.Contains(admin, `href="/needs/`+itoa(f.needA.ID)+`"`) || !strings.Contains(admin, htmlText(en.T("org.waiting.heading"))) ||
				!strings.Contains(admin, `href="/orgs/alpha/verification"`) {
				t.Error("the page of who runs an unverified organization does not list its need with the way to verification")
			}
			if !strings.Contains(admin, `href="/orgs/alpha/needs/new"`) {
				t.Error("the page of who runs an organization offers no way to post a need")
			}
			// Without a volunteer profile or engagement, their page leaves the volunteer's sections out.
			for role, body := range map[string]string{otherOrg: runs, orgAdmin: admin} {
				if strings.Contains(body, htmlText(en.T("dashboard.for_you"))) || !strings.Contains(body, htmlText(en.T("dashboard.volunteer_too"))) {
					t.Errorf("%s, who runs an organization and does not volunteer, sees the volunteer's sections", role)
				}
			}
			mem := page(member, "en")
			if !strings.Contains(mem, `href="/needs/`+itoa(f.needA.ID)+`"`) || !strings.Contains(mem, htmlText(en.T("org.waiting.heading"))) ||
				strings.Contains(mem, `href="/orgs/alpha/verification"`) || strings.Contains(mem, `href="/orgs/alpha/needs/new"`) {
				t.Error("a member who does not run the organization sees its needs wrongly, or is offered what only its admins may do")
			}
			if !strings.Contains(page(volunteer, "en"), htmlText(en.T("dashboard.for_you"))) {
				t.Error("a volunteer's page has no tasks for them")
			}
			for _, role := range []string{volunteer, member} {
				if strings.Contains(page(role, "en"), htmlText(en.T("dashboard.waiting"))) {
					t.Errorf("%s sees a list of what waits for an organization they do not run", role)
				}
			}
			// A draft is its managers' alone; past five needs, the organization's page has the rest.
			draft := &civhub.Need{OrganizationID: f.needA.OrganizationID, Title: "Brouillon pas encore prêt", Description: "x", Remote: true, Status: civhub.NeedDraft}
			if err := f.s.work.needs.CreateNeed(ctx, draft, f.people[orgAdmin].ID); err != nil {
				t.Fatal(err)
			}
			if !strings.Contains(page(orgAdmin, "en"), `href="/needs/`+itoa(draft.ID)+`"`) || strings.Contains(page(member, "en"), `href="/needs/`+itoa(draft.ID)+`"`) {
				t.Error("a draft is not on the page of who runs the organization, or is on a plain member's")
			}
			if strings.Contains(page(orgAdmin, "en"), htmlText(en.T("dashboard.all_needs"))) {
				t.Error("with two needs under way, the page sends to all of them")
			}
			for i := range 5 {
				n := &civhub.Need{OrganizationID: f.needA.OrganizationID, Title: "Besoin " + itoa(int64(i)), Description: "x", Remote: true, Status: civhub.NeedOpen}
				if err := f.s.work.needs.CreateNeed(ctx, n, f.people[orgAdmin].ID); err != nil {
					t.Fatal(err)
				}
			}
			admin = page(orgAdmin, "en")
			if !strings.Contains(admin, htmlText(en.T("dashboard.all_needs"))) || strings.Contains(admin, `href="/needs/`+itoa(f.needA.ID)+`"`) {
				t.Error("with seven needs under way, the page does not show the newest five and send to the rest")
			}
			ar := l.Locale("ar")
			if got := page(otherOrg, "ar"); !strings.Contains(got, htmlText(ar.T("dashboard.waiting"))) || !strings.Contains(got, "\u2068"+f.people[volunteer].DisplayName+"\u2069") {
				t.Error("in Arabic, the list is missing or the volunteer's name is not isolated")
			}
		})
	}
}

// htmlText is s as html/template writes it in a page.
func htmlText(s string) string { return template.HTMLEscapeString(s) }
