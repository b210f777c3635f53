package web

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"golang.org/x/net/html"

	"civhub"
	"civhub/password"
	"civhub/sqldb"
	"civhub/web/webtest"
)

// browser is a cookie-keeping HTTP client against a test server that does not follow redirects,
// so that tests see each response.
type browser struct {
	t      *testing.T
	base   string
	client *http.Client
}

func newBrowser(t *testing.T, s *Server) *browser {
	t.Helper()
	srv := httptest.NewServer(s)
	t.Cleanup(srv.Close)
	jar, _ := cookiejar.New(nil)
	return &browser{t: t, base: srv.URL, client: &http.Client{
		Jar:           jar,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
	}}
}

func (b *browser) setLanguage(code string) {
	u, _ := url.Parse(b.base)
	b.client.Jar.SetCookies(u, []*http.Cookie{{Name: langCookie, Value: code, Path: "/"}})
}

// page fetches path and parses the HTML.
func (b *browser) get(path string) (*http.Response, *webtest.Doc) {
	b.t.Helper()
	resp, err := b.client.Get(b.base + path)
	if err != nil {
		b.t.Fatal(err)
	}
	defer resp.Body.Close()
	return resp, webtest.Parse(b.t, resp.Body)
}

// getRaw fetches path and returns its body as it came.
func (b *browser) getRaw(path string) (*http.Response, string) {
	b.t.Helper()
	resp, err := b.client.Get(b.base + path)
	if err != nil {
		b.t.Fatal(err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		b.t.Fatal(err)
	}
	return resp, string(body)
}

// submit fetches the form page, fills the named form's fields, keeps its hidden fields (the CSRF
// token), and posts it.
func (b *browser) submit(path, action string, fields map[string]string) (*http.Response, *webtest.Doc) {
	b.t.Helper()
	_, doc := b.get(path)
	form := url.Values{}
	for _, in := range doc.All(`form[action="` + action + `"] input[type=hidden]`) {
		form.Set(webtest.Attr(in, "name"), webtest.Attr(in, "value"))
	}
	for k, v := range fields {
		form.Set(k, v)
	}
	return b.post(action, form)
}

func (b *browser) post(action string, form url.Values) (*http.Response, *webtest.Doc) {
	b.t.Helper()
	req, _ := http.NewRequest(http.MethodPost, b.base+action, strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Origin", b.base)
	resp, err := b.client.Do(req)
	if err != nil {
		b.t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	return resp, webtest.Parse(b.t, strings.NewReader(string(body)))
}

// hashes caches password hashes: argon2 is slow on purpose, and tests make many people.
var hashes sync.Map

// createPerson stores a verified person with a password, straight in the database.
func createPerson(t *testing.T, db *sqldb.DB, email, pw, role string) *civhub.Person {
	t.Helper()
	h, ok := hashes.Load(pw)
	if !ok {
		hash, err := password.Hash(pw)
		if err != nil {
			t.Fatal(err)
		}
		h, _ = hashes.LoadOrStore(pw, hash)
	}
	hash := h.(string)
	now := time.Now().UTC()
	p := &civhub.Person{Email: email, DisplayName: strings.Split(email, "@")[0], Locale: "en", SiteRole: role,
		PasswordHash: hash, EmailVerifiedAt: &now}
	if err := sqldb.NewPersonService(db).CreatePerson(context.Background(), p); err != nil {
		t.Fatal(err)
	}
	return p
}

func (b *browser) signIn(email, pw string) {
	b.t.Helper()
	resp, doc := b.submit("/signin", "/signin", map[string]string{"email": email, "password": pw})
	if resp.StatusCode != http.StatusSeeOther {
		b.t.Fatalf("sign in as %s: status %d: %s", email, resp.StatusCode, webtest.Text(doc.One("main")))
	}
}

// latestToken returns the token of the newest queued mail of kind to address.
func latestToken(t *testing.T, db *sqldb.DB, to, kind string) string {
	t.Helper()
	ctx := context.Background()
	var id int64
	err := db.View(ctx, func(tx *sqldb.Tx) error {
		return tx.QueryRowContext(ctx, `SELECT MAX(id) FROM mail_queue WHERE to_address = $1 AND kind = $2`, to, kind).Scan(&id)
	})
	if err != nil {
		t.Fatalf("no %s mail to %s: %v", kind, to, err)
	}
	m, err := sqldb.NewMailQueue(db).FindMail(ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	return m.Payload["token"]
}

// checkPage asserts the things every page must get right in locale code.
func checkPage(t *testing.T, doc *webtest.Doc, code string) {
	t.Helper()
	h := doc.One("html")
	wantDir := "ltr"
	if code == "ar" {
		wantDir = "rtl"
	}
	if webtest.Attr(h, "lang") != code || webtest.Attr(h, "dir") != wantDir {
		t.Errorf("lang=%q dir=%q, want %q %q", webtest.Attr(h, "lang"), webtest.Attr(h, "dir"), code, wantDir)
	}
	if doc.Text("title") == "" || len(doc.All("h1")) != 1 {
		t.Error("no title, or not exactly one h1")
	}
	if id := messageIDPattern.FindString(webtest.Text(doc.One("body"))); id != "" {
		t.Errorf("untranslated message ID %q on the page", id)
	}
	wrapped := map[*html.Node]bool{} // inputs inside their label
	for _, in := range doc.All("label input") {
		wrapped[in] = true
	}
	for _, in := range doc.All("input:not([type=hidden]), select, textarea") {
		if id := webtest.Attr(in, "id"); !wrapped[in] && (id == "" || len(doc.All(`label[for="`+id+`"]`)) != 1) {
			t.Errorf("%s %q has no label", in.Data, webtest.Attr(in, "name"))
		}
	}
}

// TestEveryPageInEveryLocale renders every page template, signed out and in, in every locale.
func TestEveryPageInEveryLocale(t *testing.T) {
	s, db := newTestServerDB(t, nil)
	var mu sync.Mutex
	rendered := map[string]bool{}
	s.templates.executed = func(name string) { mu.Lock(); rendered[name] = true; mu.Unlock() }
	boss := createPerson(t, db, "admin@example.org", "admin-password-1", civhub.RoleAdmin)
	twoFactorOn(t, s, db, createPerson(t, db, "careful@example.org", "careful-password-1", ""))
	ctx := context.Background()
	org := &civhub.Organization{Slug: "tamount", Name: "Tamount", Type: civhub.OrgCooperative, Country: "MA", City: "Tafraout",
		AtRisk: true, Causes: []string{"sdg5"}, Languages: []string{"ar", "fr"}, Mission: "Argan oil.\nWomen's work.",
		Website: "https://example.org", Links: []string{"https://example.org/fb"}}
	if err := s.orgs.CreateOrganization(ctx, org, boss.ID); err != nil {
		t.Fatal(err)
	}
	if err := s.organizations.verifications.RequestVerification(ctx, &civhub.VerificationRequest{OrganizationID: org.ID,
		Evidence: "Registered cooperative since 2012, ODCO number 1234."}, boss.ID); err != nil {
		t.Fatal(err)
	}
	if err := s.orgs.Invite(ctx, org.ID, "someone@example.org", civhub.MemberMember, boss.ID); err != nil {
		t.Fatal(err)
	}
	need := &civhub.Need{OrganizationID: org.ID, Title: "Sell our argan oil online", Remote: true, Status: civhub.NeedOpen}
	if err := s.work.needs.CreateNeed(ctx, need, boss.ID); err != nil {
		t.Fatal(err)
	}
	// A crisis with its partner's tasks (one claimed), and a drill that stood down with its report.
	for _, slug := range []string{"seisme-souss", "drill-seisme"} {
		c := &civhub.Crisis{Slug: slug, Kind: "earthquake", Title: "Séisme, Souss-Massa", Countries: []string{"MA"}, Languages: []string{"ar", "fr"},
			Skills: []string{"translation", "mapping"}, Templates: []string{"translate_health", "map_area"}, Drill: slug == "drill-seisme",
			Summary: "Des villages *coupés*."}
		if err := s.crisis.crises.ActivateCrisis(ctx, c, []int64{org.ID}, boss.ID); err != nil {
			t.Fatal(err)
		}
		if _, err := s.crisis.crises.PublishCrisisTasks(ctx, c.ID, org.ID, []string{"translate_health", "map_area"}, "fr",
			func(tpl, target string) (string, string) { return "Mission " + tpl + " " + target, "À faire." }, boss.ID); err != nil {
			t.Fatal(err)
		}
		if c.Drill {
			if err := s.crisis.crises.StandDown(ctx, c.ID, "Il manquait un *traducteur*.", boss.ID); err != nil {
				t.Fatal(err)
			}
		}
	}
	// A number waiting for its code (so the code's form shows, and a message is in the log) and a pledge.
	if _, err := s.crisis.phones.StartVerification(ctx, boss.ID, "+212612345678", func(c string) string { return "Code " + c }); err != nil {
		t.Fatal(err)
	}
	if err := s.crisis.standby.SavePledge(ctx, &civhub.StandbyPledge{PersonID: boss.ID, Countries: []string{"MA"}, Skills: []string{"translation"},
		Languages: []string{"ar"}, Channels: []string{civhub.ChannelEmail}, QuietFrom: 22 * 60, QuietTo: 6 * 60, FirstWeekHours: 8}); err != nil {
		t.Fatal(err)
	}
	task := &civhub.Task{NeedID: need.ID, Title: "Translate the product sheet", Type: civhub.TaskTranslation, SourceLanguage: "fr",
		TargetLanguage: "en", EstimatedHours: 3, VolunteersWanted: 1, Urgency: civhub.UrgencyUrgent, JoinMode: civhub.JoinApply, ClaimHours: 24}
	if err := s.work.needs.CreateTask(ctx, task, boss.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := db.Writer().ExecContext(ctx, `INSERT INTO notifications (person_id, kind, task_id, actor_id, count, created_at)
		VALUES ($1, $2, $3, $1, 3, $4)`, boss.ID, civhub.NoteMessage, task.ID, time.Now().UTC()); err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(10 * 24 * time.Hour).UTC()
	grant := &civhub.Resource{Kind: civhub.ResourceGrant, Title: "Fonds pour les coopératives", Provider: "Fondation Atlas", URL: "https://atlas.example.org",
		Deadline: &deadline, Countries: []string{"MA"}, Causes: []string{"sdg5"}, Languages: []string{"fr", "ar"}, AmountMax: 50000, Currency: "MAD",
		Tags: []string{"coopératives"}, Description: "Pour les coopératives de femmes."}
	if err := s.directory.resources.SubmitResource(ctx, grant, boss.ID); err != nil {
		t.Fatal(err)
	}
	unsubscribe := fmt.Sprintf("/unsubscribe?p=%d&k=message&t=%s", boss.ID, civhub.UnsubscribeToken(testUnsubscribeKey, boss.ID, civhub.NoteMessage))
	if err := s.identity.accounts.RequestPasswordReset(ctx, boss.Email, civhub.Client{}); err != nil {
		t.Fatal(err)
	}
	resetLink := "/reset/" + latestToken(t, db, boss.Email, civhub.MailResetPassword)
	// A certificate as one is stored once an organization confirmed hours.
	certificate := civhub.NewCertificateCode()
	if _, err := db.Writer().ExecContext(ctx, `INSERT INTO certificates (code, person_id, name, minutes, tasks, organizations, issued_at)
		VALUES ($1, $2, 'Inès', 360, 2, 1, $3)`, certificate, boss.ID, time.Now().UTC()); err != nil {
		t.Fatal(err)
	}
	course := &civhub.Course{Slug: "safe-accounts", Language: "fr", Title: "Des comptes sûrs", Summary: "Protéger les comptes de la coopérative.",
		Level: civhub.LevelBeginner, Minutes: 20, PassMark: 70}
	if err := s.learning.courses.CreateCourse(ctx, course, boss.ID); err != nil {
		t.Fatal(err)
	}
	lesson := &civhub.Lesson{Title: "Les mots de passe", Body: "Un mot de passe **par compte**."}
	if err := s.learning.courses.SaveLesson(ctx, course.ID, lesson, boss.ID); err != nil {
		t.Fatal(err)
	}
	var questions []int64
	for _, q := range []*civhub.Question{
		{LessonID: lesson.ID, Kind: civhub.QuestionSingle, Prompt: "Un seul mot de passe ?", Choices: []string{"Oui", "Non"}, Correct: []int{1}, Explanation: "Un vol ouvrirait tout."},
		{LessonID: lesson.ID, Kind: civhub.QuestionMultiple, Prompt: "Qu'est-ce qui aide ?", Choices: []string{"2FA", "Post-it", "Gestionnaire"}, Correct: []int{0, 2}},
		{LessonID: lesson.ID, Kind: civhub.QuestionShort, Prompt: "Le faux message s'appelle ?", Accepted: []string{"hameçonnage"}},
	} {
		if err := s.learning.courses.SaveQuestion(ctx, course.ID, q, boss.ID); err != nil {
			t.Fatal(err)
		}
		questions = append(questions, q.ID)
	}
	if err := s.learning.courses.SubmitCourse(ctx, course.ID, boss.ID); err != nil {
		t.Fatal(err)
	}
	coursePath := "/courses/safe-accounts/fr"
	kit := &civhub.Toolkit{Slug: "vendre-en-ligne", Language: "fr", OrganizationID: org.ID, Tags: []string{"vente"}}
	kitPages := []civhub.Page{{Title: "Les photos", Body: "Une photo **par produit**, à la lumière du jour."}}
	if err := s.toolkits.toolkits.CreateToolkit(ctx, kit, &civhub.Revision{Title: "Vendre en ligne", Summary: "Vendre l'huile d'argan sur internet.",
		Pages: kitPages}, boss.ID); err != nil {
		t.Fatal(err)
	}
	kitPages[0].Body += " Sans reflets."
	if err := s.toolkits.toolkits.Edit(ctx, kit.ID, &civhub.Revision{Title: "Vendre en ligne", Summary: "Vendre l'huile d'argan sur internet.",
		Pages: kitPages, Note: "Les reflets"}, kit.CurrentRev, boss.ID); err != nil {
		t.Fatal(err)
	}
	if err := s.toolkits.toolkits.AddFile(ctx, kit.ID, &civhub.ToolkitFile{Name: "fiche.pdf", ContentType: "application/pdf", Data: []byte("%PDF-1.7")}, boss.ID); err != nil {
		t.Fatal(err)
	}
	if err := s.toolkits.toolkits.CreateToolkit(ctx, &civhub.Toolkit{Slug: "brouillon", Language: "ar"}, &civhub.Revision{Title: "مسودة دليل",
		Summary: "دليل ينتظر المشرفين.", Pages: kitPages}, createPerson(t, db, "newcomer@example.org", "newcomer-password-1", "").ID); err != nil {
		t.Fatal(err)
	}
	kitTask := &civhub.Task{NeedID: need.ID, Title: "Traduire le guide en arabe", Type: civhub.TaskTranslation, SourceLanguage: "fr",
		TargetLanguage: "ar", EstimatedHours: 1, VolunteersWanted: 1, Urgency: civhub.UrgencyNormal, JoinMode: civhub.JoinClaim, ClaimHours: 24}
	if err := s.toolkits.toolkits.CreateTranslationTask(ctx, kitTask, kit.ID, "ar", boss.ID); err != nil {
		t.Fatal(err)
	}
	kitPath := "/toolkits/vendre-en-ligne/fr"
	starts := time.Now().Add(20 * 24 * time.Hour).UTC().Truncate(time.Minute)
	camp := &civhub.Event{Slug: "techcamp-tafraout", Kind: civhub.EventTechCamp, Mode: civhub.ModeHybrid, Title: "TechCamp Tafraout",
		Language: "fr", TimeZone: "Africa/Casablanca", Starts: starts, Ends: starts.Add(6 * time.Hour), Country: "MA", City: "Tafraout",
		Venue: "Maison des jeunes", OnlineURL: "https://meet.example.org/tafraout", Capacity: 1, Status: civhub.EventPublished}
	if err := s.events.events.CreateEvent(ctx, camp, boss.ID); err != nil {
		t.Fatal(err)
	}
	if err := s.events.events.AddSession(ctx, &civhub.AgendaItem{EventID: camp.ID, Title: "Accueil", Track: "Tous", Room: "Salle 1",
		Leader: "Inès", Starts: camp.Starts, Ends: camp.Starts.Add(time.Hour)}, boss.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := s.events.events.Register(ctx, camp.ID, boss.ID); err != nil {
		t.Fatal(err)
	}
	for _, q := range []*civhub.EventQuestion{{EventID: camp.ID, Prompt: "Mangez-vous de la viande ?", Kind: civhub.AskChoice, Choices: []string{"Oui", "Non"}},
		{EventID: camp.ID, Prompt: "Besoin d’un accès sans marches ?", Kind: civhub.AskText}} {
		if err := s.events.events.AddQuestion(ctx, q, boss.ID); err != nil {
			t.Fatal(err)
		}
	}
	if err := s.events.events.SetCoOrganizer(ctx, camp.ID, createPerson(t, db, "co@example.org", "co-password-1", "").ID, true, boss.ID); err != nil {
		t.Fatal(err)
	}
	// A camp that is over, with its checklist and report, and one that grew out of it.
	past := &civhub.Event{Slug: "techcamp-agadir", Kind: civhub.EventTechCamp, Mode: civhub.ModeInPerson, Title: "TechCamp Agadir",
		Language: "fr", TimeZone: "Africa/Casablanca", Starts: starts.Add(-60 * 24 * time.Hour), Ends: starts.Add(-59 * 24 * time.Hour),
		Country: "MA", City: "Agadir", Status: civhub.EventPublished}
	if err := s.events.events.CreateEvent(ctx, past, boss.ID); err != nil {
		t.Fatal(err)
	}
	if err := s.events.events.AddSession(ctx, &civhub.AgendaItem{EventID: past.ID, Title: "Clinique des besoins", Leader: "Inès",
		Starts: past.Starts, Ends: past.Starts.Add(time.Hour)}, boss.ID); err != nil {
		t.Fatal(err)
	}
	steps := []*civhub.ChecklistItem{{WeeksBefore: 8, Role: "lieu", Text: "Trouver une salle"}, {WeeksBefore: 0, Text: "Accueillir"},
		{WeeksBefore: -1, Text: "Écrire le rapport"}}
	if err := s.events.kits.AddChecklistItems(ctx, past.ID, steps, boss.ID); err != nil {
		t.Fatal(err)
	}
	if err := s.events.kits.MarkChecklistItem(ctx, past.ID, steps[0].ID, true, boss.ID); err != nil {
		t.Fatal(err)
	}
	if err := s.events.kits.SaveReport(ctx, &civhub.EventReport{EventID: past.ID, NeedsHeard: "Trois coopératives.",
		Solutions: "Un tableur.", FollowUps: "Former les trésorières.", Differently: "Commencer plus tôt."}, boss.ID); err != nil {
		t.Fatal(err)
	}
	// A challenge sent back with feedback, and one vetted and taken by the camp.
	for i, slug := range []string{"irrigation", "stock"} {
		ch := &civhub.Challenge{Slug: slug, OrganizationID: org.ID, NeedID: need.ID, Title: "Suivre le stock d’huile", Languages: []string{"ar", "fr"},
			Affected: "Les 40 femmes de la coopérative.", Today: "Un cahier, souvent perdu.", Outcome: "Un stock juste chaque semaine.",
			Measure: "Zéro écart à l’inventaire."}
		if err := s.challenges.challenges.CreateChallenge(ctx, ch, boss.ID); err != nil {
			t.Fatal(err)
		}
		if err := s.challenges.challenges.MoveChallenge(ctx, ch.ID, civhub.MoveSubmit, "", "", boss.ID); err != nil {
			t.Fatal(err)
		}
		if i == 0 {
			if err := s.challenges.challenges.MoveChallenge(ctx, ch.ID, civhub.MoveReturn, "", "Précisez les données.", boss.ID); err != nil {
				t.Fatal(err)
			}
			continue
		}
		if err := s.challenges.challenges.MoveChallenge(ctx, ch.ID, civhub.MoveVet, civhub.SizeWeekend, "", boss.ID); err != nil {
			t.Fatal(err)
		}
		if err := s.challenges.challenges.TakeChallenge(ctx, camp.ID, ch.ID, boss.ID); err != nil {
			t.Fatal(err)
		}
	}
	grown := &civhub.Event{Slug: "techcamp-tiznit", Kind: civhub.EventTechCamp, Mode: civhub.ModeInPerson, Title: "TechCamp Tiznit",
		Language: "fr", TimeZone: "Africa/Casablanca", Starts: starts, Ends: starts.Add(24 * time.Hour), City: "Tiznit",
		Status: civhub.EventPublished, KitOf: past.ID}
	if err := s.events.events.CreateEvent(ctx, grown, boss.ID); err != nil {
		t.Fatal(err)
	}
	// Teams, projects and judging: results published at Tafraout; at Tiznit the boss judges a
	// project of another team, and may not score their own.
	maker := createPerson(t, db, "maker@example.org", "maker-password-1", "")
	for _, e := range []*civhub.Event{camp, grown} {
		people := []*civhub.Person{boss}
		if e == grown {
			people = append(people, maker)
		}
		if err := s.hackathons.hack.SetCriteria(ctx, e.ID, []string{"Impact", "Facilité"}, boss.ID); err != nil {
			t.Fatal(err)
		}
		if err := s.hackathons.hack.AddJudge(ctx, e.ID, boss.ID, boss.ID); err != nil {
			t.Fatal(err)
		}
		for i, p := range people {
			if e == grown {
				if _, err := s.events.events.Register(ctx, e.ID, p.ID); err != nil {
					t.Fatal(err)
				}
			}
			team := &civhub.Team{EventID: e.ID, Name: fmt.Sprintf("Équipe %d", i+1), LookingFor: []string{"android_development"}}
			if err := s.hackathons.hack.CreateTeam(ctx, team, p.ID); err != nil {
				t.Fatal(err)
			}
			if err := s.hackathons.hack.SaveProject(ctx, &civhub.Project{TeamID: team.ID, Title: "Carte des stocks", Description: "Une **carte**.",
				Repository: "https://git.example.org/stock", Licence: "AGPL-3.0-or-later"}, true, p.ID); err != nil {
				t.Fatal(err)
			}
		}
	}
	if err := s.hackathons.hack.PublishResults(ctx, camp.ID, boss.ID); err != nil {
		t.Fatal(err)
	}
	// Tafraout's project becomes a solution that the cooperative uses.
	campProjects, err := s.hackathons.hack.Projects(ctx, camp.ID)
	if err != nil || len(campProjects) != 1 {
		t.Fatalf("Tafraout's projects: %d %v", len(campProjects), err)
	}
	stockSolution := &civhub.Solution{Slug: "carte-des-stocks", ProjectID: campProjects[0].ID, Title: "Carte des stocks",
		Problem: "Savoir ce qui reste avant le souk.", Maintainer: "Équipe 1", HowToUse: "Remplir la feuille chaque vendredi.", Language: "fr",
		Licence: "AGPL-3.0-or-later"}
	if err := s.gallery.solutions.PromoteProject(ctx, stockSolution, boss.ID); err != nil {
		t.Fatal(err)
	}
	if err := s.gallery.solutions.Adopt(ctx, &civhub.Adoption{SolutionID: stockSolution.ID, OrganizationID: org.ID, Note: "Depuis le souk d’avril."},
		civhub.AdoptionPlan{}, boss.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := s.events.events.Register(ctx, camp.ID, createPerson(t, db, "waiting@example.org", "waiting-password-1", "").ID); err != nil {
		t.Fatal(err)
	}
	for _, code := range civhub.Locales {
		t.Run(code, func(t *testing.T) {
			b := newBrowser(t, s)
			b.setLanguage(code)
			for _, path := range []string{"/", "/about", "/missing", "/signup", "/signin", "/reset", "/verify/abc", "/reset/abc", resetLink} {
				_, doc := b.get(path)
				checkPage(t, doc, code)
			}
			_, doc := b.submit("/reset", "/reset", map[string]string{"email": "someone@example.org"})
			checkPage(t, doc, code)
			_, doc = b.get("/account/email/abc")
			checkPage(t, doc, code)
			// The unsubscribe page of a mail speaks its recipient's language, whatever the browser's.
			_, doc = b.get(unsubscribe)
			checkPage(t, doc, boss.Locale)
			_, doc = b.get("/certificates/" + certificate)
			checkPage(t, doc, code)
			careful := newBrowser(t, s)
			careful.setLanguage(code)
			careful.signIn("careful@example.org", "careful-password-1")
			_, doc = careful.get("/signin/code")
			checkPage(t, doc, code)
			b.signIn("admin@example.org", "admin-password-1")
			for _, path := range []string{"/account", "/admin/outbox", "/account/confirm?next=/account", "/account/2fa",
				"/account/password", "/account/email", "/orgs", "/orgs/new", "/orgs/" + org.Slug, "/orgs/" + org.Slug + "/edit",
				"/orgs/" + org.Slug + "/members", "/orgs/" + org.Slug + "/verification", "/orgs/" + org.Slug + "/audit", "/invitations/abc", "/admin",
				"/admin/verification", "/admin/people", "/admin/audit", "/account/profile", fmt.Sprintf("/people/%d", boss.ID), "/account/tokens", "/account/delete", "/orgs/" + org.Slug + "/delete",
				"/tasks", "/me", "/me/certificate", "/start/volunteer", "/start/matches", "/start/organization", fmt.Sprintf("/tasks/%d", task.ID), fmt.Sprintf("/needs/%d", need.ID), fmt.Sprintf("/needs/%d/edit", need.ID),
				fmt.Sprintf("/needs/%d/tasks/new", need.ID), fmt.Sprintf("/needs/%d/tasks/new?type=data_entry", need.ID), "/orgs/" + org.Slug + "/needs/new", "/me/notifications", "/account/notifications",
				"/resources", "/resources/new", fmt.Sprintf("/resources/%d", grant.ID), fmt.Sprintf("/resources/%d/edit", grant.ID), "/admin/resources",
				"/orgs/" + org.Slug + "/radar", "/admin/resources/import", "/guides", "/guides/crowdfunding",
				"/courses", "/courses/new", coursePath, coursePath + "/edit", coursePath + "/lessons/1?return=/tasks/1", coursePath + "/lessons/1/edit",
				fmt.Sprintf("%s/questions/%d/edit", coursePath, questions[0]), "/admin/courses", "/me/learning",
				"/toolkits", "/toolkits/new", kitPath, kitPath + "/edit", kitPath + "/history", kitPath + "/compare?from=1&to=2",
				kitPath + "/revisions/1", kitPath + "/adapt", kitPath + "/task", fmt.Sprintf("/tasks/%d/toolkit", kitTask.ID),
				"/admin/toolkits", "/toolkits/brouillon/ar", "/events", "/events/new", "/events/techcamp-tafraout",
				"/events/techcamp-tafraout/edit", "/events/techcamp-tafraout/people", "/me/events",
				"/events/techcamp-tafraout/agenda", "/events/techcamp-agadir", "/events/techcamp-agadir/kit",
				"/events/techcamp-agadir/checklist", "/events/techcamp-agadir/report", "/events/techcamp-agadir/report/edit",
				"/events/techcamp-tiznit", "/events/techcamp-tiznit/kit", "/events/techcamp-tiznit/checklist",
				"/events/techcamp-tafraout/checklist", "/events/techcamp-tafraout/report", "/challenges", "/challenges?status=open",
				"/challenges/new", fmt.Sprintf("/challenges/new?need=%d", need.ID), "/challenges/new?event=techcamp-tafraout",
				"/challenges/irrigation", "/challenges/irrigation/edit", "/challenges/stock", "/admin/challenges",
				"/events/techcamp-tafraout/teams", "/events/techcamp-tiznit/teams", "/events/techcamp-tiznit/judging", "/events/techcamp-tafraout/judging",
				nthTeamPath(ctx, t, s, "techcamp-tiznit", 0), nthTeamPath(ctx, t, s, "techcamp-tiznit", 1), "/solutions",
				"/solutions/carte-des-stocks", "/solutions/carte-des-stocks/edit", nthTeamPath(ctx, t, s, "techcamp-tafraout", 0),
				promotePath(ctx, t, s, "techcamp-tiznit"), "/events/techcamp-tafraout/questions", "/events/techcamp-tafraout/organizers",
				"/me/phone", "/me/standby", "/admin/sms", "/crises", "/crises/new", "/crises/new?drill=1", "/crises/seisme-souss",
				"/crises/drill-seisme"} {
				resp, doc := b.get(path)
				if resp.StatusCode != 200 {
					t.Fatalf("GET %s = %d", path, resp.StatusCode)
				}
				checkPage(t, doc, code)
			}
			// The offline file is a document of its own, in the course's language, with the answers.
			resp, body := b.getRaw(coursePath + "/offline")
			if resp.StatusCode != 200 || !strings.Contains(body, `<html lang="fr" dir="ltr">`) || !strings.Contains(body, "Des comptes sûrs") ||
				!strings.Contains(body, "B. Non") || strings.Contains(body, "<script") || strings.Contains(body, "/static/") {
				t.Errorf("the offline file: %d\n%s", resp.StatusCode, body)
			}
			// A quiz answered, half right: the page says how it went, question by question.
			_, doc = b.submit(coursePath+"/lessons/1", coursePath+"/lessons/1/quiz", map[string]string{
				fmt.Sprintf("q%d", questions[0]): "1", fmt.Sprintf("q%d", questions[2]): "phishing"})
			checkPage(t, doc, code)
			if len(doc.All(".question.right")) != 1 || len(doc.All(".question.wrong")) != 2 {
				t.Errorf("after a quiz: %d right, %d wrong, want 1 and 2", len(doc.All(".question.right")), len(doc.All(".question.wrong")))
			}
		})
	}
	for _, name := range s.templates.names() {
		if !rendered[name] {
			t.Errorf("template %q was never rendered: add its page to this test", name)
		}
	}
}

func TestSignUpInWeb(t *testing.T) {
	s, db := newTestServerDB(t, nil)
	b := newBrowser(t, s)

	t.Run("ErrInvalidKeepsInput", func(t *testing.T) {
		resp, doc := b.submit("/signup", "/signup", map[string]string{"display_name": "Jean", "email": "jean@", "password": "password"})
		if resp.StatusCode != http.StatusBadRequest {
			t.Fatalf("status %d, want 400", resp.StatusCode)
		}
		if v := webtest.Attr(doc.One("#f-display_name"), "value"); v != "Jean" {
			t.Errorf("display name shown again as %q, want Jean", v)
		}
		if v := webtest.Attr(doc.One("#f-email"), "value"); v != "jean@" {
			t.Errorf("email shown again as %q", v)
		}
		if v := webtest.Attr(doc.One("#f-password"), "value"); v != "" {
			t.Error("the password was sent back in the page")
		}
		for _, f := range []string{"email", "password"} {
			if webtest.Attr(doc.One("#f-"+f), "aria-invalid") != "true" || len(doc.All("#f-"+f+"-error")) != 1 {
				t.Errorf("field %s not marked invalid with a message", f)
			}
		}
	})
	t.Run("OK", func(t *testing.T) {
		resp, doc := b.submit("/signup", "/signup", map[string]string{"display_name": "Jean", "email": "jean@example.org", "password": "traducteur-lyon-5"})
		if resp.StatusCode != 200 || !strings.Contains(doc.Text("main"), "jean@example.org") {
			t.Fatalf("status %d: %s", resp.StatusCode, doc.Text("main"))
		}
		token := latestToken(t, db, "jean@example.org", civhub.MailVerifyEmail)
		resp, _ = b.submit("/verify/"+token, "/verify/"+token, nil)
		if resp.StatusCode != http.StatusSeeOther || resp.Header.Get("Location") != "/me" {
			t.Fatalf("verify: status %d to %q, want a sign-in that goes to his own page", resp.StatusCode, resp.Header.Get("Location"))
		}
		_, doc = b.get("/me")
		if len(doc.All(".flash")) < 1 {
			t.Error("no confirmation notice after verifying")
		}
		resp, doc = b.get("/account")
		if resp.StatusCode != 200 || len(doc.All(".sessions li")) != 1 {
			t.Fatalf("account page: status %d, %d sessions listed", resp.StatusCode, len(doc.All(".sessions li")))
		}
	})
	t.Run("OKSignOut", func(t *testing.T) {
		resp, _ := b.submit("/account", "/signout", nil)
		if resp.StatusCode != http.StatusSeeOther {
			t.Fatalf("sign out: status %d", resp.StatusCode)
		}
		resp, _ = b.get("/account")
		if resp.StatusCode != http.StatusSeeOther || !strings.HasPrefix(resp.Header.Get("Location"), "/signin?next=") {
			t.Fatalf("account after sign-out: %d to %q, want a redirect to sign in", resp.StatusCode, resp.Header.Get("Location"))
		}
	})
}

func TestRevokeOtherSession(t *testing.T) {
	s, db := newTestServerDB(t, nil)
	createPerson(t, db, "priya@example.org", "android-sql-123", "")
	phone, laptop := newBrowser(t, s), newBrowser(t, s)
	phone.signIn("priya@example.org", "android-sql-123")
	laptop.signIn("priya@example.org", "android-sql-123")
	_, doc := laptop.get("/account")
	forms := doc.All(`form[action="/account/sessions/revoke"]`)
	if len(forms) != 1 {
		t.Fatalf("%d revoke buttons, want 1 (for the other device)", len(forms))
	}
	if resp, _ := laptop.submit("/account", "/account/sessions/revoke", nil); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("revoke: status %d", resp.StatusCode)
	}
	if resp, _ := phone.get("/account"); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("the revoked device still sees the account page (status %d)", resp.StatusCode)
	}
	if resp, _ := laptop.get("/account"); resp.StatusCode != 200 {
		t.Fatalf("the device that revoked the other was signed out too (status %d)", resp.StatusCode)
	}
}

func TestFormsNeedTheirToken(t *testing.T) {
	s, db := newTestServerDB(t, nil)
	createPerson(t, db, "kofi@example.org", "moderation-789", "")
	b := newBrowser(t, s)
	b.get("/signin") // the form cookie is set, but the post below lacks its token
	resp, _ := b.post("/signin", url.Values{"email": {"kofi@example.org"}, "password": {"moderation-789"}})
	if resp.StatusCode != http.StatusForbidden {
		t.Fatalf("sign-in without the form token: status %d, want 403", resp.StatusCode)
	}
}

func TestOutboxIsForAdmins(t *testing.T) {
	s, db := newTestServerDB(t, nil)
	createPerson(t, db, "lena@example.org", "hackathon-weekend", "")
	b := newBrowser(t, s)
	if resp, _ := b.get("/admin/outbox"); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("anonymous: status %d, want a redirect to sign in", resp.StatusCode)
	}
	b.signIn("lena@example.org", "hackathon-weekend")
	if resp, _ := b.get("/admin/outbox"); resp.StatusCode != http.StatusForbidden {
		t.Fatalf("volunteer: status %d, want 403", resp.StatusCode)
	}
}

func TestSignInRateLimitAnswers429(t *testing.T) {
	s, _ := newTestServerDB(t, nil)
	b := newBrowser(t, s)
	var resp *http.Response
	for i := 0; i < 11; i++ {
		resp, _ = b.submit("/signin", "/signin", map[string]string{"email": "target@example.org", "password": "not-it-" + string(rune('a'+i))})
	}
	if resp.StatusCode != http.StatusTooManyRequests || resp.Header.Get("Retry-After") == "" {
		t.Fatalf("11th attempt: status %d, Retry-After %q; want 429 with Retry-After", resp.StatusCode, resp.Header.Get("Retry-After"))
	}
}

// nthTeamPath is the path of the i-th team of the event with slug.
func nthTeamPath(ctx context.Context, t *testing.T, s *Server, slug string, i int) string {
	t.Helper()
	e, err := s.events.events.FindEvent(ctx, slug)
	if err != nil {
		t.Fatal(err)
	}
	teams, err := s.hackathons.hack.Teams(ctx, e.ID)
	if err != nil || len(teams) <= i {
		t.Fatalf("teams of %s: %d %v", slug, len(teams), err)
	}
	return fmt.Sprintf("/events/%s/teams/%d", slug, teams[i].ID)
}

// promotePath is the path of the form making the first project of the event with slug a solution.
func promotePath(ctx context.Context, t *testing.T, s *Server, slug string) string {
	t.Helper()
	e, err := s.events.events.FindEvent(ctx, slug)
	if err != nil {
		t.Fatal(err)
	}
	projects, err := s.hackathons.hack.Projects(ctx, e.ID)
	if err != nil || len(projects) == 0 {
		t.Fatalf("projects of %s: %d %v", slug, len(projects), err)
	}
	return fmt.Sprintf("/events/%s/projects/%d/promote", slug, projects[0].ID)
}
