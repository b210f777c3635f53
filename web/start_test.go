package web

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"civhub"
	"civhub/sqldb"
	"civhub/web/webtest"
)

// openTask makes a verified organization with an open, remote social-media task in Spanish, the
// kind a new volunteer in Valparaíso is matched with, and returns the task.
func openTask(t *testing.T, s *Server, db *sqldb.DB) *civhub.Task {
	t.Helper()
	ctx := context.Background()
	diego := createPerson(t, db, "diego@example.org", "cerros-de-valparaiso-1", "")
	org := &civhub.Organization{Slug: "valparaiso-preparado", Name: "Valparaíso Preparado", Type: civhub.OrgCommunity, Country: "CL",
		TimeZone: "America/Santiago", Languages: []string{"es"}}
	if err := s.orgs.CreateOrganization(ctx, org, diego.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := db.Writer().ExecContext(ctx, `UPDATE organizations SET verification = $1, verified_at = $2 WHERE id = $3`,
		civhub.Verified, time.Now().UTC(), org.ID); err != nil {
		t.Fatal(err)
	}
	need := &civhub.Need{OrganizationID: org.ID, Title: "Simulacro de tsunami", Remote: true, Status: civhub.NeedOpen, Languages: []string{"es"}}
	if err := s.work.needs.CreateNeed(ctx, need, diego.ID); err != nil {
		t.Fatal(err)
	}
	task := &civhub.Task{NeedID: need.ID, Title: "Publicar el simulacro en redes sociales", Type: "social_media", Skills: []string{"social_media"},
		EstimatedHours: 2, VolunteersWanted: 2, Urgency: civhub.UrgencyNormal, JoinMode: civhub.JoinClaim, ClaimHours: 72}
	if err := s.work.needs.CreateTask(ctx, task, diego.ID); err != nil {
		t.Fatal(err)
	}
	return task
}

// signUpAndConfirm signs up on b with fields and presses the button behind the mailed link; it
// returns the answer to that press.
func signUpAndConfirm(t *testing.T, b *browser, db *sqldb.DB, signUpPath string, fields map[string]string) *http.Response {
	t.Helper()
	resp, doc := b.submit(signUpPath, "/signup", fields)
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("sign up: status %d: %s", resp.StatusCode, doc.Text("main"))
	}
	token := latestToken(t, db, fields["email"], civhub.MailVerifyEmail)
	resp, _ = b.submit("/verify/"+token, "/verify/"+token, nil)
	return resp
}

// TestVolunteerStartInWeb walks a new volunteer in Spanish through every step: a refused sign-up
// that keeps what was typed, the confirmation that signs her in and continues to her start, a
// refused start that keeps her choices, her first matches with their reasons and the way back to
// the task she came from. On both databases.
func TestVolunteerStartInWeb(t *testing.T) {
	for _, d := range []sqldb.Dialect{sqldb.SQLite, sqldb.Postgres} {
		t.Run(string(d), func(t *testing.T) {
			s, db := newTestServerOn(t, d, nil)
			task := openTask(t, s, db)
			taskPath := fmt.Sprintf("/tasks/%d", task.ID)
			b := newBrowser(t, s)
			b.setLanguage("es")

			_, doc := b.get("/signin?next=" + url.QueryEscape(taskPath))
			href := webtest.Attr(doc.One(`main a[href^="/signup"]`), "href")
			if u, err := url.Parse(href); err != nil || u.Path != "/signup" || u.Query().Get("next") != taskPath {
				t.Fatalf("the sign-in page's way to sign up is %q, want it to keep where she was going", href)
			}
			signUp := "/signup?next=" + url.QueryEscape(taskPath)
			t.Run("ErrInvalidKeepsPurpose", func(t *testing.T) {
				resp, doc := b.submit(signUp, "/signup", map[string]string{"display_name": "Camila", "email": "camila@", "password": "x",
					"purpose": "volunteer"})
				if resp.StatusCode != http.StatusBadRequest {
					t.Fatalf("status %d, want 400", resp.StatusCode)
				}
				if !webtest.HasAttr(doc.One(`input[name="purpose"][value="volunteer"]`), "checked") ||
					webtest.HasAttr(doc.One(`input[name="purpose"][value="organization"]`), "checked") {
					t.Error("the refused form does not keep why she came")
				}
				if v := webtest.Attr(doc.One(`form[action="/signup"] input[name="next"]`), "value"); v != taskPath {
					t.Errorf("the refused form keeps next %q, want %q", v, taskPath)
				}
				if v := webtest.Attr(doc.One("#f-email"), "value"); v != "camila@" {
					t.Errorf("email shown again as %q", v)
				}
			})

			resp := signUpAndConfirm(t, b, db, signUp, map[string]string{"display_name": "Camila", "email": "camila@example.org",
				"password": "valparaiso-cerros-9", "purpose": "volunteer"})
			want := "/start/volunteer?next=" + url.QueryEscape(taskPath)
			if resp.StatusCode != http.StatusSeeOther || resp.Header.Get("Location") != want {
				t.Fatalf("confirm: status %d to %q, want %q", resp.StatusCode, resp.Header.Get("Location"), want)
			}
			resp, doc = b.get(want)
			if resp.StatusCode != http.StatusOK {
				t.Fatalf("the volunteer start answers %d: she is not signed in", resp.StatusCode)
			}
			checkPage(t, doc, "es")
			if !strings.Contains(doc.Text(".flash"), "confirmado") {
				t.Errorf("notice %q, want one that says her address is confirmed and she is signed in", doc.Text(".flash"))
			}
			if n := len(doc.All(`fieldset:not(details fieldset) input[name="skills"]`)); n < 8 || n > 15 {
				t.Errorf("%d skills offered first, want a short list with the rest folded", n)
			}
			if len(doc.All(`details input[name="skills"][value="openstreetmap_editing"]`)) != 1 {
				t.Error("the other skills are not one tap away")
			}
			if !webtest.HasAttr(doc.One(`input[name="languages"][value="es"]`), "checked") {
				t.Error("Spanish, the language she uses civhub in, is not preset")
			}
			if len(doc.All(`main a[href="`+taskPath+`"]`)) != 1 {
				t.Error("no way to skip to the task she came for")
			}

			t.Run("ErrInvalidKeepsChoices", func(t *testing.T) {
				resp, doc := b.submit(want, "/start/volunteer", map[string]string{"skills": "social_media", "languages": "es",
					"hours_per_week": "tres", "time_zone": "Mars/Olympus_Mons"})
				if resp.StatusCode != http.StatusBadRequest {
					t.Fatalf("status %d, want 400", resp.StatusCode)
				}
				if !webtest.HasAttr(doc.One(`input[name="skills"][value="social_media"]`), "checked") {
					t.Error("the chosen skill is lost")
				}
				if v := webtest.Attr(doc.One("#f-hours_per_week"), "value"); v != "tres" {
					t.Errorf("hours shown again as %q, want what she typed", v)
				}
				for _, f := range []string{"hours_per_week", "time_zone"} {
					if len(doc.All("#f-"+f+"-error")) != 1 {
						t.Errorf("no message at %s", f)
					}
				}
			})

			form := url.Values{"skills": {"social_media", "translation"}, "languages": {"es", "en"}, "hours_per_week": {"3"},
				"time_zone": {"America/Santiago"}, "next": {taskPath}}
			_, doc = b.get(want)
			form.Set("csrf_token", webtest.Attr(doc.One(`form[action="/start/volunteer"] input[name="csrf_token"]`), "value"))
			resp, _ = b.post("/start/volunteer", form)
			matches := "/start/matches?next=" + url.QueryEscape(taskPath)
			if resp.StatusCode != http.StatusSeeOther || resp.Header.Get("Location") != matches {
				t.Fatalf("save: status %d to %q, want %q", resp.StatusCode, resp.Header.Get("Location"), matches)
			}
			resp, doc = b.get(matches)
			if resp.StatusCode != http.StatusOK {
				t.Fatalf("matches: status %d", resp.StatusCode)
			}
			checkPage(t, doc, "es")
			cards := doc.All(".matches .card")
			if len(cards) != 1 || !strings.Contains(webtest.Text(cards[0]), task.Title) ||
				!strings.Contains(webtest.Text(cards[0]), "Redes sociales") {
				t.Fatalf("first matches: %q, want the social-media task with its reasons", doc.Text(".matches"))
			}
			if len(doc.All(`.next-steps a[href="`+taskPath+`"]`)) != 1 || len(doc.All(`.next-steps a[href="/start/organization"]`)) != 0 {
				t.Error("the next steps do not lead back to the task, or offer an organization she did not come for")
			}
			prof, err := s.start.profiles.FindProfile(context.Background(), personID(t, db, "camila@example.org"))
			if err != nil {
				t.Fatal(err)
			}
			if prof.HoursPerWeek != 3 || prof.TimeZone != "America/Santiago" || len(prof.Languages) != 2 || prof.Languages[0].Level != "fluent" {
				t.Errorf("stored profile %+v", prof)
			}
		})
	}
}

// personID returns the ID of the account of email.
func personID(t *testing.T, db *sqldb.DB, email string) int64 {
	t.Helper()
	var id int64
	if err := db.Writer().QueryRowContext(context.Background(), `SELECT id FROM people WHERE email = $1`, email).Scan(&id); err != nil {
		t.Fatal(err)
	}
	return id
}
