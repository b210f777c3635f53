package sqldb_test

import (
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"civhub"
	"civhub/mfa"
	"civhub/sqldb"
	"civhub/sqldb/sqldbtest"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

// exportWorld is a volunteer who did a bit of everything civhub keeps, with the secrets civhub
// holds for her that her export must leave out.
type exportWorld struct {
	person  *civhub.Person
	secrets map[string]string // what each secret is, by name
}

// newExportWorld builds the volunteer's record on db, with time standing still on clock c except
// where the steps move it on, so that the export comes out the same on every run and database.
func newExportWorld(t *testing.T, db *sqldb.DB, c *clock) *exportWorld {
	t.Helper()
	ctx := context.Background()
	must := func(what string, err error) {
		t.Helper()
		if err != nil {
			t.Fatalf("%s: %v", what, err)
		}
	}
	step := func() { c.now = c.now.Add(time.Minute) }
	w := &exportWorld{secrets: map[string]string{}}

	nw := newNeedWorld(t, db)
	orgs := newOrgs(t, db)
	// A password hash of the stored form; hashing one would take seconds under the race detector.
	hash := "$argon2id$v=19$m=65536,t=3,p=2$c2FsdC1vZi1wcml5YQ$aGFzaC1vZi1wcml5YXMtcGFzc3dvcmQ"
	verified := c.now
	w.person = &civhub.Person{Email: "priya@example.org", DisplayName: "Priya", Locale: "es", PasswordHash: hash, EmailVerifiedAt: &verified,
		Purpose: civhub.Purpose{Volunteer: true}}
	must("create person", sqldb.NewPersonService(db).CreatePerson(ctx, w.person))
	id := w.person.ID
	step()
	must("membership", orgs.AddMember(ctx, nw.org.ID, id, civhub.MemberMember))
	step()
	must("profile", newProfiles(t, db).SaveProfile(ctx, &civhub.Profile{PersonID: id, Skills: []string{"data_entry"},
		Languages: []civhub.LanguageSkill{{Code: "es", Level: "fluent"}}, TimeZone: "America/Santiago", HoursPerWeek: 4,
		Causes: []string{"sdg11"}, Country: "CL", City: "Valparaíso", Bio: "Mapas y hojas de cálculo.",
		Links: []string{"https://priya.example.org"}}))

	// Two devices signed in, and an API token.
	store := sqldb.NewSessionStore(db)
	for i, device := range []string{"Firefox · Android", "Chrome · Windows"} {
		step()
		cookie := "session-cookie-token-" + string(rune('a'+i))
		must("session", store.CommitCtx(ctx, cookie, []byte("session data"), c.now.Add(14*24*time.Hour)))
		must("attach", store.Attach(ctx, cookie, id, device))
		w.secrets["session token "+device] = cookie
	}
	step()
	raw, _, err := sqldb.NewTokenService(db).CreateToken(ctx, id, "phone")
	must("token", err)
	w.secrets["API token"] = raw

	// Two-factor sign-in, with its recovery codes.
	step()
	key, err := mfa.NewKey("civhub", w.person.Email, "")
	must("key", err)
	code, _ := mfa.Code(key.Secret, c.now)
	codes, err := newAccounts(t, db).EnableTOTP(ctx, id, key.Secret, code)
	must("two-factor", err)
	w.secrets["TOTP secret"] = key.Secret
	for _, rc := range codes {
		w.secrets["recovery code "+rc] = rc
	}

	// A task done, with hours, an endorsement and a conversation, and an application withdrawn.
	task := nw.task(t, "Ingresar direcciones", "data_entry", 1)
	step()
	a, err := nw.needs.Act(ctx, civhub.ActRequest{Action: civhub.ActClaim, TaskID: task.ID, By: id})
	must("claim", err)
	step()
	must("message", nw.needs.PostTaskMessage(ctx, &civhub.TaskMessage{TaskID: task.ID, AuthorID: id, Body: "¿Dónde están las fichas?"}))
	step()
	_, err = nw.needs.Act(ctx, civhub.ActRequest{Action: civhub.ActSubmit, AssignmentID: a.ID, By: id, Message: "https://example.org/hoja"})
	must("submit", err)
	step()
	_, err = nw.needs.Act(ctx, civhub.ActRequest{Action: civhub.ActApprove, AssignmentID: a.ID, By: nw.owner.ID})
	must("approve", err)
	step()
	_, err = nw.needs.LogHours(ctx, a.ID, 60, "Todas.", id)
	must("hours", err)
	step()
	must("endorse", nw.needs.Endorse(ctx, nw.org.ID, id, "data_entry", "¡Gracias!", nw.owner.ID))
	applied := nw.task(t, "Investigar fondos", "research", 1, func(t *civhub.Task) { t.JoinMode = civhub.JoinApply })
	step()
	b, err := nw.needs.Act(ctx, civhub.ActRequest{Action: civhub.ActApply, TaskID: applied.ID, By: id, Message: "Hablo inglés y español."})
	must("apply", err)
	step()
	_, err = nw.needs.Act(ctx, civhub.ActRequest{Action: civhub.ActWithdraw, AssignmentID: b.ID, By: id})
	must("withdraw", err)
	// A full task she waits on for a place, and a certificate of her record.
	full := nw.task(t, "Digitalizar fichas", "data_entry", 1)
	someone := verifiedPerson(t, db, "lena@example.org")
	_, err = nw.needs.Act(ctx, civhub.ActRequest{Action: civhub.ActClaim, TaskID: full.ID, By: someone.ID})
	must("claim the last place", err)
	step()
	must("watch", nw.needs.WatchTask(ctx, full.ID, id))
	step()
	// A course: its quiz failed once, then passed; the certificate names it.
	trainer := verifiedPerson(t, db, "trainer@example.org")
	must("moderator", sqldb.NewPersonService(db).SetSiteRole(ctx, trainer.ID, civhub.RoleModerator, trainer.ID))
	courses := sqldb.NewCourseService(db)
	course, quiz := frenchCourse(t, courses, trainer.ID)
	must("publish", courses.SubmitCourse(ctx, course.ID, trainer.ID))
	read, err := courses.FindCourse(ctx, course.Slug, course.Language)
	must("find course", err)
	qs := read.Lessons[1].Questions
	step()
	_, err = courses.TakeQuiz(ctx, &civhub.Attempt{PersonID: id, CourseID: course.ID, LessonID: quiz.ID,
		Answers: []civhub.Answer{{QuestionID: qs[0].ID, Chosen: []int{0}}}})
	must("quiz", err)
	step()
	_, err = courses.TakeQuiz(ctx, &civhub.Attempt{PersonID: id, CourseID: course.ID, LessonID: quiz.ID,
		Answers: []civhub.Answer{{QuestionID: qs[0].ID, Chosen: []int{1}}, {QuestionID: qs[1].ID, Chosen: []int{0, 2}}, {QuestionID: qs[2].ID, Text: "phishing"}}})
	must("quiz", err)
	step()
	_, err = nw.needs.IssueCertificate(ctx, id)
	must("certificate", err)
	step()
	must("settings", nw.notes.SetNoteSettings(ctx, id, []civhub.NoteSetting{{Kind: civhub.NoteMessage, Channel: civhub.ChannelEmail, Delivery: "weekly"}}))

	// The opportunity directory: an entry added, another reported outdated and a change suggested.
	rs := sqldb.NewResourceService(db, validCause, nw.notes)
	mod := verifiedPerson(t, db, "kofi@example.org")
	step()
	deadline := func(r *civhub.Resource) { d := c.now.Add(30 * 24 * time.Hour); r.Deadline = &d }
	must("submit resource", rs.SubmitResource(ctx, grant("Fondo que Priya encontró", deadline), id))
	other := grant("Fondo comunitario", deadline)
	step()
	must("submit resource", rs.SubmitResource(ctx, other, mod.ID))
	must("publish", rs.ReviewResource(ctx, other.ID, civhub.DecidePublish, "", mod.ID))
	step()
	must("report", rs.ReportOutdated(ctx, other.ID, id, "Cerró en marzo."))
	step()
	changed, err := rs.FindResource(ctx, other.ID)
	must("find", err)
	changed.URL = "https://fondo.example.org/nuevo"
	must("suggest", rs.SuggestChange(ctx, changed, "Nueva página.", id))
	step()
	guide := &civhub.Revision{Title: "Guía de fondos para ollas comunes", Summary: "Dónde pedir dinero y cómo escribir la solicitud.",
		Note: "Primera versión", Pages: []civhub.Page{{Title: "Dónde pedir", Body: "La municipalidad y las fundaciones locales."}}}
	must("toolkit", sqldb.NewToolkitService(db, nw.needs).CreateToolkit(ctx, &civhub.Toolkit{Slug: "guia-de-fondos", Language: "es"}, guide, id))
	step()
	events := sqldb.NewEventService(db)
	olla := &civhub.Event{Slug: "encuentro-ollas", Kind: civhub.EventMeetup, Mode: civhub.ModeOnline, Title: "Encuentro de ollas comunes",
		Language: "es", TimeZone: "America/Lima", Starts: c.now.Add(10 * 24 * time.Hour), Ends: c.now.Add(10*24*time.Hour + 2*time.Hour),
		OnlineURL: "https://meet.example.org/ollas", Capacity: 20, Status: civhub.EventPublished}
	must("event", events.CreateEvent(ctx, olla, nw.owner.ID))
	_, err = events.Register(ctx, olla.ID, id)
	must("register", err)

	// What the database holds in place of the secrets is secret too.
	stored := func(label, query string) {
		t.Helper()
		must(label, db.View(ctx, func(tx *sqldb.Tx) error {
			rows, err := tx.QueryContext(ctx, query, id)
			if err != nil {
				return err
			}
			defer rows.Close()
			for i := 0; rows.Next(); i++ {
				var s string
				if err := rows.Scan(&s); err != nil {
					return err
				}
				w.secrets[label+" "+string(rune('a'+i))] = s
			}
			return rows.Err()
		}))
	}
	// On standby for Chile by email, and alerted about a crisis there.
	skills := func(id string) bool { return id == "data_entry" }
	must("standby", sqldb.NewStandbyService(db, skills).SavePledge(ctx, &civhub.StandbyPledge{PersonID: id, Countries: []string{"CL"},
		Skills: []string{"data_entry"}, Channels: []string{civhub.ChannelEmail}, QuietFrom: 22 * 60, QuietTo: 7 * 60, FirstWeekHours: 6}))
	step()
	crises := sqldb.NewCrisisService(db, nw.needs, skills)
	quake := &civhub.Crisis{Slug: "sismo-valparaiso", Kind: "earthquake", Title: "Sismo en Valparaíso", Countries: []string{"CL"}}
	must("crisis", crises.ActivateCrisis(ctx, quake, nil, nw.owner.ID))
	_, err = crises.AlertRoster(ctx, quake.ID, nw.owner.ID)
	must("alert", err)
	step()
	stored("stored password hash", `SELECT password_hash FROM people WHERE id = $1`)
	stored("stored TOTP secret", `SELECT totp_secret FROM people WHERE id = $1`)
	stored("stored session id", `SELECT token FROM sessions WHERE person_id = $1`)
	stored("stored API token hash", `SELECT token_hash FROM api_tokens WHERE person_id = $1`)
	stored("stored recovery code hash", `SELECT code_hash FROM recovery_codes WHERE person_id = $1`)
	return w
}

// TestPersonExportGolden checks a volunteer's personal export field by field against
// testdata/person_export.json, on both databases: everything she did is there (her sessions
// included) and none of her secrets — neither her password hash, session tokens and the ids they
// are stored under, API token and its hash, two-factor key nor recovery codes. Run with -update
// to rewrite the file after a deliberate change, and read the difference.
func TestPersonExportGolden(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		c := &clock{now: time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)}
		c.install(db)
		w := newExportWorld(t, db, c)
		c.now = c.now.Add(time.Hour)
		x, err := sqldb.NewDataService(db, newProfiles(t, db), newOrgs(t, db)).ExportPerson(ctx, w.person.ID)
		if err != nil {
			t.Fatal(err)
		}
		// A certificate's code is random: the golden file holds its place.
		if len(x.Certificates) != 1 || len(x.Certificates[0].Code) != 16 {
			t.Fatalf("the export holds certificates %+v, want the one she asked for", x.Certificates)
		}
		x.Certificates[0].Code = "RANDOMCODE16CHAR"
		// So is a check-in code.
		if len(x.Registrations) != 1 || len(x.Registrations[0].Code) != 6 {
			t.Fatalf("the export holds registrations %+v, want the one she made", x.Registrations)
		}
		x.Registrations[0].Code = "CODE66"
		got, err := json.MarshalIndent(x, "", "  ")
		if err != nil {
			t.Fatal(err)
		}
		for name, secret := range w.secrets {
			if secret != "" && bytes.Contains(got, []byte(secret)) {
				t.Errorf("the export holds the %s", name)
			}
		}
		if len(x.Sessions) != 2 {
			t.Errorf("the export lists %d sessions, want the 2 signed-in devices", len(x.Sessions))
		}
		got = append(got, '\n')
		golden := filepath.Join("testdata", "person_export.json")
		if *update && db.Dialect() == sqldb.SQLite {
			if err := os.WriteFile(golden, got, 0o644); err != nil {
				t.Fatal(err)
			}
		}
		want, err := os.ReadFile(golden)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(got, want) {
			t.Errorf("the export differs from %s (run with -update to rewrite it, then read the difference) %s",
				golden, firstDifference(string(want), string(got)))
		}
	})
}

// firstDifference shows where got first departs from want, with the next few lines of each.
func firstDifference(want, got string) string {
	w, g := strings.Split(want, "\n"), strings.Split(got, "\n")
	i := 0
	for i < len(w) && i < len(g) && w[i] == g[i] {
		i++
	}
	lines := func(l []string) string { return strings.Join(l[min(i, len(l)):min(i+6, len(l))], "\n") }
	return fmt.Sprintf("from line %d, want:\n%s\ngot:\n%s", i+1, lines(w), lines(g))
}
