package web

import (
	"context"
	"fmt"
	"maps"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"civhub"
	"civhub/jobs"
	"civhub/sqldb"
	"civhub/sqldb/sqldbtest"
)

// The roles of the authorization matrix.
const (
	anon      = "anonymous"
	volunteer = "volunteer"
	other     = "another volunteer"
	member    = "organization member"
	orgAdmin  = "organization admin"
	otherOrg  = "another organization's admin"
	moderator = "moderator"
	admin     = "admin"
)

var roles = []string{anon, volunteer, other, member, orgAdmin, otherOrg, moderator, admin}

// fixture is a small world: organization alpha (its admin and a member), at-risk organization gamma
// (the same two), organization beta (another admin), two volunteers, a moderator and an admin, each
// with a signed-in session.
type fixture struct {
	s        *Server
	db       *sqldb.DB
	people   map[string]*civhub.Person
	sessions map[string]string // role → session cookie token
	tokens   map[string]string // role → personal API token
	alpha    *civhub.Organization
	beta     *civhub.Organization // verified, with an open need and task
	gamma    *civhub.Organization
	needA    *civhub.Need // alpha's: not public, alpha is not verified
	taskA    *civhub.Task
	needB    *civhub.Need
	taskB    *civhub.Task
	note     int64            // a notification of otherOrg's
	pub      *civhub.Resource // published, added by the volunteer
	pend     *civhub.Resource // waiting for a moderator, added by the volunteer
	question int64            // the quiz question of course safe-accounts/en, published; the other volunteer, a trainer, wrote it and draft-course/en
	kitTask  int64            // a task of beta's translating toolkit flood-guide/en (alpha's, published) into French; draft-kit/en waits for a moderator, the volunteer's
	pendRev  int64            // draft-kit/en's first revision, waiting for a moderator
	kitFile  int64            // a PDF attached to flood-guide/en
	team     int64            // the volunteer's team at hack-alpha, where the volunteer has a place
	shot     int64            // a screenshot of the project of the volunteer's team
	project  int64            // the team's project, handed in; the other volunteer judges hack-alpha
}

func newFixture(t *testing.T, d sqldb.Dialect) *fixture {
	t.Helper()
	s, db := newTestServerOn(t, d, nil)
	return buildFixture(t, s, db)
}

// buildFixture makes the fixture's world on db, served by s.
func buildFixture(t *testing.T, s *Server, db *sqldb.DB) *fixture {
	t.Helper()
	ctx := context.Background()
	f := &fixture{s: s, db: db, people: map[string]*civhub.Person{}, tokens: map[string]string{}}
	for i, role := range roles[1:] {
		siteRole := ""
		switch role {
		case moderator:
			siteRole = civhub.RoleModerator
		case admin:
			siteRole = civhub.RoleAdmin
		}
		p := createPerson(t, db, fmt.Sprintf("person%d@example.org", i), "a-long-password-1", siteRole)
		f.people[role] = p
		token, _, err := s.tokens.CreateToken(ctx, p.ID, "matrix")
		if err != nil {
			t.Fatal(err)
		}
		f.tokens[role] = token
	}
	f.signIn(t)
	mk := func(slug string, owner *civhub.Person, atRisk bool) *civhub.Organization {
		o := &civhub.Organization{Slug: slug, Name: strings.ToUpper(slug), Type: civhub.OrgNGO, Country: "KE", AtRisk: atRisk}
		if err := s.orgs.CreateOrganization(ctx, o, owner.ID); err != nil {
			t.Fatal(err)
		}
		if atRisk {
			// civhub gives an at-risk organization an address nobody can guess; the tests call it by a
			// name they can read.
			if _, err := db.Writer().ExecContext(ctx, `UPDATE organizations SET slug = $1 WHERE id = $2`, slug, o.ID); err != nil {
				t.Fatal(err)
			}
			o.Slug = slug
		}
		return o
	}
	f.alpha = mk("alpha", f.people[orgAdmin], false)
	f.gamma = mk("gamma", f.people[orgAdmin], true)
	f.beta = mk("beta", f.people[otherOrg], false)
	for _, o := range []*civhub.Organization{f.alpha, f.gamma} {
		if err := s.orgs.AddMember(ctx, o.ID, f.people[member].ID, civhub.MemberMember); err != nil {
			t.Fatal(err)
		}
	}
	req := &civhub.VerificationRequest{OrganizationID: f.beta.ID, Evidence: "Registered with the NGO board since 2019."}
	if err := s.organizations.verifications.RequestVerification(ctx, req, f.people[otherOrg].ID); err != nil {
		t.Fatal(err)
	}
	if err := s.organizations.verifications.DecideVerification(ctx, req.ID, true, "", f.people[moderator].ID); err != nil {
		t.Fatal(err)
	}
	f.needA, f.taskA = f.needWithTask(t, f.alpha, f.people[orgAdmin])
	f.needB, f.taskB = f.needWithTask(t, f.beta, f.people[otherOrg])
	for _, r := range []**civhub.Resource{&f.pub, &f.pend} {
		*r = &civhub.Resource{Kind: civhub.ResourceGrant, Title: "Community fund", Provider: "A foundation", URL: "https://fund.example.org"}
		if err := s.directory.resources.SubmitResource(ctx, *r, f.people[volunteer].ID); err != nil {
			t.Fatal(err)
		}
	}
	if err := s.directory.resources.ReviewResource(ctx, f.pub.ID, civhub.DecidePublish, "", f.people[moderator].ID); err != nil {
		t.Fatal(err)
	}
	f.question = buildCourses(t, s, f)
	f.kitTask, f.pendRev, f.kitFile = buildToolkits(t, s, f)
	buildEvents(t, s, f)
	buildChallenges(t, s, f)
	f.team, f.project, f.shot = buildHackathon(t, s, f)
	if err := s.crisis.crises.ActivateCrisis(ctx, &civhub.Crisis{Slug: "quake-alpha", Kind: "earthquake", Title: "Earthquake near alpha",
		Countries: []string{"KE"}, Languages: []string{"sw", "en"}, Templates: []string{"translate_health"}}, []int64{f.alpha.ID},
		f.people[moderator].ID); err != nil {
		t.Fatal(err)
	}
	if err := db.Writer().QueryRowContext(ctx, `INSERT INTO notifications (person_id, kind, task_id, created_at)
		VALUES ($1, $2, $3, $4) RETURNING id`, f.people[otherOrg].ID, civhub.NoteClaimed, f.taskB.ID, time.Now().UTC()).Scan(&f.note); err != nil {
		t.Fatal(err)
	}
	return f
}

// buildCourses makes the other volunteer a trainer, with a published course (safe-accounts/en) and
// a draft (draft-course/en), each of one lesson ending with one question; it returns the
// published course's question.
func buildCourses(t *testing.T, s *Server, f *fixture) int64 {
	t.Helper()
	ctx := context.Background()
	trainer := f.people[other].ID
	if err := s.learning.courses.SetTrainer(ctx, trainer, true, f.people[admin].ID); err != nil {
		t.Fatal(err)
	}
	var question int64
	for _, slug := range []string{"safe-accounts", "draft-course"} {
		c := &civhub.Course{Slug: slug, Language: "en", Title: "Safe accounts", Summary: "Keep the group's accounts safe.",
			Level: civhub.LevelBeginner, Minutes: 20, PassMark: 70}
		if err := s.learning.courses.CreateCourse(ctx, c, trainer); err != nil {
			t.Fatal(err)
		}
		l := &civhub.Lesson{Title: "Passwords", Body: "One password per account."}
		if err := s.learning.courses.SaveLesson(ctx, c.ID, l, trainer); err != nil {
			t.Fatal(err)
		}
		q := &civhub.Question{LessonID: l.ID, Kind: civhub.QuestionSingle, Prompt: "One password for all?", Choices: []string{"Yes", "No"}, Correct: []int{1}}
		if err := s.learning.courses.SaveQuestion(ctx, c.ID, q, trainer); err != nil {
			t.Fatal(err)
		}
		if slug == "safe-accounts" {
			question = q.ID
			if err := s.learning.courses.SubmitCourse(ctx, c.ID, f.people[moderator].ID); err != nil {
				t.Fatal(err)
			}
		}
	}
	return question
}

// buildToolkits makes alpha's published toolkit flood-guide/en, written by its admin, the
// volunteer's draft-kit/en waiting for a moderator, and a task of beta's translating the first into
// French, with a PDF attached; it returns the task, the waiting revision and the file.
func buildToolkits(t *testing.T, s *Server, f *fixture) (int64, int64, int64) {
	t.Helper()
	ctx := context.Background()
	page := []civhub.Page{{Title: "Before", Body: "List the families to warn."}}
	k := &civhub.Toolkit{Slug: "flood-guide", Language: "en", OrganizationID: f.alpha.ID}
	if err := s.toolkits.toolkits.CreateToolkit(ctx, k, &civhub.Revision{Title: "Flood guide", Summary: "Before, during and after a flood.", Pages: page}, f.people[orgAdmin].ID); err != nil {
		t.Fatal(err)
	}
	draft := &civhub.Revision{Title: "Draft kit", Summary: "A toolkit nobody checked yet.", Pages: page}
	if err := s.toolkits.toolkits.CreateToolkit(ctx, &civhub.Toolkit{Slug: "draft-kit", Language: "en"}, draft, f.people[volunteer].ID); err != nil {
		t.Fatal(err)
	}
	task := &civhub.Task{NeedID: f.needB.ID, Title: "Translate the flood guide", Type: civhub.TaskTranslation, SourceLanguage: "en",
		TargetLanguage: "fr", EstimatedHours: 1, VolunteersWanted: 1, Urgency: civhub.UrgencyNormal, JoinMode: civhub.JoinClaim, ClaimHours: 24}
	if err := s.toolkits.toolkits.CreateTranslationTask(ctx, task, k.ID, "fr", f.people[otherOrg].ID); err != nil {
		t.Fatal(err)
	}
	file := &civhub.ToolkitFile{Name: "checklist.pdf", ContentType: "application/pdf", Data: []byte("%PDF-1.7\n")}
	if err := s.toolkits.toolkits.AddFile(ctx, k.ID, file, f.people[orgAdmin].ID); err != nil {
		t.Fatal(err)
	}
	return task.ID, draft.ID, file.ID
}

// buildChallenges makes beta's vetted challenge beta-open, its draft beta-draft waiting for a
// curator, and alpha-vetted, a vetted challenge of alpha, which is not verified: only alpha's
// members and moderators see it. The vetted ones are written by the moderator, who vets them, so
// that nobody else is told and the fixture's inboxes stay as they were.
func buildChallenges(t *testing.T, s *Server, f *fixture) {
	t.Helper()
	ctx := context.Background()
	for _, c := range []struct {
		slug string
		org  *civhub.Organization
		by   string
		vet  bool
	}{{"beta-open", f.beta, moderator, true}, {"beta-draft", f.beta, otherOrg, false}, {"alpha-vetted", f.alpha, moderator, true}} {
		ch := &civhub.Challenge{Slug: c.slug, OrganizationID: c.org.ID, Title: "Shelter map", Affected: "Families on the hills.",
			Today: "Nobody knows which shelters are open.", Outcome: "A map that works offline.", Measure: "Families find a shelter in 5 minutes."}
		if err := s.challenges.challenges.CreateChallenge(ctx, ch, f.people[c.by].ID); err != nil {
			t.Fatal(err)
		}
		if err := s.challenges.challenges.MoveChallenge(ctx, ch.ID, civhub.MoveSubmit, "", "", f.people[c.by].ID); err != nil {
			t.Fatal(err)
		}
		if c.vet {
			if err := s.challenges.challenges.MoveChallenge(ctx, ch.ID, civhub.MoveVet, civhub.SizeWeekend, "", f.people[moderator].ID); err != nil {
				t.Fatal(err)
			}
		}
	}
}

// buildHackathon makes alpha's admin's hack-alpha, gives the volunteer a place and a team there with a project handed
// in and made the solution alpha-map, and makes the other volunteer a judge with one criterion; it returns the team and the project.
func buildHackathon(t *testing.T, s *Server, f *fixture) (int64, int64, int64) {
	t.Helper()
	ctx := context.Background()
	starts := time.Now().Add(30 * 24 * time.Hour).UTC().Truncate(time.Minute)
	e := &civhub.Event{Slug: "hack-alpha", Kind: civhub.EventHackathon, Mode: civhub.ModeOnline, Title: "Alpha hackathon", Language: "en",
		TimeZone: "Africa/Nairobi", Starts: starts, Ends: starts.Add(48 * time.Hour), OnlineURL: "https://meet.example.org/hack",
		Status: civhub.EventPublished}
	if err := s.events.events.CreateEvent(ctx, e, f.people[orgAdmin].ID); err != nil {
		t.Fatal(err)
	}
	if _, err := s.events.events.Register(ctx, e.ID, f.people[volunteer].ID); err != nil {
		t.Fatal(err)
	}
	team := &civhub.Team{EventID: e.ID, Name: "Alpha team"}
	if err := s.hackathons.hack.CreateTeam(ctx, team, f.people[volunteer].ID); err != nil {
		t.Fatal(err)
	}
	p := &civhub.Project{TeamID: team.ID, Title: "Shelter map", Licence: "MIT"}
	if err := s.hackathons.hack.SaveProject(ctx, p, true, f.people[volunteer].ID); err != nil {
		t.Fatal(err)
	}
	shot, err := s.hackathons.hack.AddScreenshot(ctx, team.ID, []byte("\x89PNG large"), []byte("\x89PNG small"), "The map of shelters", f.people[volunteer].ID)
	if err != nil {
		t.Fatal(err)
	}
	if err := s.hackathons.hack.SetCriteria(ctx, e.ID, []string{"Impact"}, f.people[orgAdmin].ID); err != nil {
		t.Fatal(err)
	}
	if err := s.hackathons.hack.AddJudge(ctx, e.ID, f.people[other].ID, f.people[orgAdmin].ID); err != nil {
		t.Fatal(err)
	}
	so := &civhub.Solution{Slug: "alpha-map", ProjectID: p.ID, Title: "Shelter map", Problem: "Families cannot find a shelter.",
		Maintainer: "Alpha team", HowToUse: "Load the list of shelters.", Language: "en", Licence: "MIT"}
	if err := s.gallery.solutions.PromoteProject(ctx, so, f.people[volunteer].ID); err != nil {
		t.Fatal(err)
	}
	return team.ID, p.ID, shot.ID
}

// buildEvents makes three events organized by alpha's admin: camp-alpha and camp-beta, published
// with two places, and camp-draft.
func buildEvents(t *testing.T, s *Server, f *fixture) {
	t.Helper()
	starts := time.Now().Add(30 * 24 * time.Hour).UTC().Truncate(time.Minute)
	for _, slug := range []string{"camp-alpha", "camp-beta", "camp-draft"} {
		e := &civhub.Event{Slug: slug, Kind: civhub.EventTechCamp, Mode: civhub.ModeHybrid, Title: "TechCamp Nairobi", Language: "en",
			TimeZone: "Africa/Nairobi", Starts: starts, Ends: starts.Add(8 * time.Hour), Country: "KE", City: "Nairobi", Venue: "iHub",
			OnlineURL: "https://meet.example.org/camp", Capacity: 2, Status: civhub.EventPublished}
		if slug == "camp-draft" {
			e.Status = civhub.EventDraft
		}
		if err := s.events.events.CreateEvent(context.Background(), e, f.people[orgAdmin].ID); err != nil {
			t.Fatal(err)
		}
	}
}

// unsubscribeLink is the volunteer's signed link to stop mail about accepted applications.
func unsubscribeLink(f *fixture) string {
	id := f.people[volunteer].ID
	return fmt.Sprintf("/unsubscribe?p=%d&k=accepted&t=%s", id, civhub.UnsubscribeToken(testUnsubscribeKey, id, civhub.NoteAccepted))
}

func (f *fixture) needWithTask(t *testing.T, o *civhub.Organization, owner *civhub.Person) (*civhub.Need, *civhub.Task) {
	t.Helper()
	ctx := context.Background()
	n := &civhub.Need{OrganizationID: o.ID, Title: "A need of " + o.Name, Remote: true, Status: civhub.NeedOpen}
	if err := f.s.work.needs.CreateNeed(ctx, n, owner.ID); err != nil {
		t.Fatal(err)
	}
	task := &civhub.Task{NeedID: n.ID, Title: "A task of " + o.Name, Type: "data_entry", EstimatedHours: 2, VolunteersWanted: 10,
		Urgency: civhub.UrgencyNormal, JoinMode: civhub.JoinClaim, ClaimHours: 24}
	if err := f.s.work.needs.CreateTask(ctx, task, owner.ID); err != nil {
		t.Fatal(err)
	}
	return n, task
}

// signIn makes a fresh session for every role.
func (f *fixture) signIn(t *testing.T) {
	t.Helper()
	f.sessions = map[string]string{anon: f.session(t, nil)}
	for _, role := range roles[1:] {
		f.sessions[role] = f.session(t, f.people[role])
	}
}

// fixtureTemplate is the fixture's world built once on a template database, for tests that need a
// fresh world many times: copying it is much faster than building it again.
type fixtureTemplate struct {
	db    *sqldbtest.Template
	world fixture // as built on the template; its server and database are closed
}

func newFixtureTemplate(t *testing.T, d sqldb.Dialect) *fixtureTemplate {
	t.Helper()
	ft := &fixtureTemplate{}
	ft.db = sqldbtest.NewTemplate(t, d, func(db *sqldb.DB) {
		if err := jobs.Migrate(context.Background(), db); err != nil {
			t.Fatal(err)
		}
		ft.world = *buildFixture(t, newServerOn(t, db, nil), db)
	})
	return ft
}

// fixture returns a fixture on a fresh copy of the template's world, with a server of its own and
// fresh sessions (so that re-authentication windows start now, not when the template was built).
// Its records are copies too, so that a test may change them.
func (ft *fixtureTemplate) fixture(t *testing.T) *fixture {
	t.Helper()
	f := ft.world
	f.db = ft.db.Open(t)
	f.s = newServerOn(t, f.db, nil)
	f.people = map[string]*civhub.Person{}
	for role, p := range ft.world.people {
		f.people[role] = clone(p)
	}
	f.tokens = maps.Clone(ft.world.tokens)
	f.alpha, f.beta, f.gamma = clone(f.alpha), clone(f.beta), clone(f.gamma)
	f.needA, f.taskA, f.needB, f.taskB = clone(f.needA), clone(f.taskA), clone(f.needB), clone(f.taskB)
	f.pub, f.pend = clone(f.pub), clone(f.pend)
	f.signIn(t)
	return &f
}

// clone returns a pointer to a shallow copy of *p.
func clone[T any](p *T) *T {
	c := *p
	return &c
}

// session signs p in without the sign-in form (which is rate limited), with a known form token; a
// nil p makes the session of an anonymous visitor who opened a form.
func (f *fixture) session(t *testing.T, p *civhub.Person) string {
	t.Helper()
	ctx, err := f.s.sessions.Load(context.Background(), "")
	if err != nil {
		t.Fatal(err)
	}
	f.s.sessions.Put(ctx, sessionCSRF, "form-token")
	if p != nil {
		f.s.sessions.Put(ctx, sessionPerson, p.ID)
		f.s.sessions.Put(ctx, sessionAuthAt, time.Now().Unix())
	}
	token, _, err := f.s.sessions.Commit(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if p != nil {
		if err := f.s.sessionStore.Attach(ctx, token, p.ID, "test"); err != nil {
			t.Fatal(err)
		}
	}
	return token
}

// api sends one API request as role, with a bearer token (none for anonymous) and a JSON body.
func (f *fixture) api(role, method, path, body string) *http.Response {
	r := httptest.NewRequest(method, path, strings.NewReader(body))
	if body != "" {
		r.Header.Set("Content-Type", "application/json")
	}
	if token := f.tokens[role]; token != "" {
		r.Header.Set("Authorization", "Bearer "+token)
	}
	w := httptest.NewRecorder()
	f.s.ServeHTTP(w, r)
	return w.Result()
}

// do sends one request as role and returns the response.
func (f *fixture) do(role, method, path string, form url.Values) *http.Response {
	var body *strings.Reader
	if form == nil {
		form = url.Values{}
	}
	form.Set("csrf_token", "form-token")
	body = strings.NewReader(form.Encode())
	r := httptest.NewRequest(method, path, body)
	if method == http.MethodPost {
		r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	}
	if token := f.sessions[role]; token != "" {
		r.AddCookie(&http.Cookie{Name: f.s.sessions.Cookie.Name, Value: token})
	}
	w := httptest.NewRecorder()
	f.s.ServeHTTP(w, r)
	return w.Result()
}

// expect gives the status each role must get; roles not named get the default.
type expect struct {
	def    int
	byRole map[string]int
}

func (e expect) of(role string) int {
	if s, ok := e.byRole[role]; ok {
		return s
	}
	return e.def
}

func all(status int) expect { return expect{def: status} }

// signedIn: anonymous visitors are sent to sign in (GET) or refused (POST); everyone else gets status.
func signedIn(method string, status int) expect {
	return expect{def: status, byRole: map[string]int{anon: anonStatus(method)}}
}

func anonStatus(method string) int {
	if method == http.MethodGet {
		return http.StatusSeeOther
	}
	return http.StatusUnauthorized
}

// only: the named roles get status, other signed-in roles are refused with refused, anonymous
// visitors are sent to sign in.
func only(method string, status, refused int, allowed ...string) expect {
	e := expect{def: refused, byRole: map[string]int{anon: anonStatus(method)}}
	for _, r := range allowed {
		e.byRole[r] = status
	}
	return e
}

// matrixRow is one route of the authorization matrix.
type matrixRow struct {
	pattern string
	path    func(f *fixture) string
	form    url.Values // for pages
	want    expect
	json    string // for API operations: the request body
}

// apiOnly: anonymous callers get 401, the named roles status, other signed-in roles refused.
func apiOnly(status, refused int, allowed ...string) expect {
	e := expect{def: refused, byRole: map[string]int{anon: 401}}
	for _, r := range allowed {
		e.byRole[r] = status
	}
	return e
}

const (
	validResourceJSON = `{"kind":"grant","title":"Community fund","provider":"A foundation","url":"https://fund.example.org","countries":["CL"]}`
	validNeedJSON     = `{"title":"Map the shelters","description":"We need a map.","remote":true}`
	validTaskJSON     = `{"title":"Enter shelter addresses","type":"data_entry","estimated_hours":2,"volunteers_wanted":1,"join_mode":"claim","claim_hours":24}`
)

const validProfileJSON = `{"skills":["juggling"],"languages":[],"time_zone":"","hours_per_week":2,"causes":[],"country":"","city":"","bio":"","links":[],"visibility":{}}`

func fixed(p string) func(*fixture) string { return func(*fixture) string { return p } }

// teamPath is the path of the volunteer's team at hack-alpha, with rest after it.
func teamPath(rest string) func(*fixture) string {
	return func(f *fixture) string { return fmt.Sprintf("/events/hack-alpha/teams/%d%s", f.team, rest) }
}

func orgPath(slug, rest string) func(*fixture) string {
	return func(*fixture) string { return "/orgs/" + slug + rest }
}

func memberPath(slug, rest string) func(*fixture) string {
	return func(f *fixture) string { return fmt.Sprintf("/orgs/%s/members/%d%s", slug, f.people[member].ID, rest) }
}

const (
	methodGet  = http.MethodGet
	methodPost = http.MethodPost
)

var matrix = []matrixRow{
	{"GET /{$}", fixed("/"), nil, all(200), ""},
	{"GET /about", fixed("/about"), nil, all(200), ""},
	{"POST /lang", fixed("/lang"), url.Values{"lang": {"fr"}}, all(303), ""},
	{"GET /signup", fixed("/signup"), nil, all(200), ""},
	{"POST /signup", fixed("/signup"), nil, all(400), ""},
	{"GET /signin", fixed("/signin"), nil, expect{def: 303, byRole: map[string]int{anon: 200}}, ""},
	{"POST /signin", fixed("/signin"), nil, all(401), ""},
	{"POST /signout", fixed("/signout"), nil, all(303), ""},
	{"GET /verify/{token}", fixed("/verify/x"), nil, all(200), ""},
	{"POST /verify/{token}", fixed("/verify/x"), nil, all(400), ""},
	{"GET /reset", fixed("/reset"), nil, all(200), ""},
	{"POST /reset", fixed("/reset"), url.Values{"email": {"{role}@example.org"}}, all(200), ""},
	{"GET /reset/{token}", fixed("/reset/x"), nil, all(400), ""},
	{"POST /reset/{token}", fixed("/reset/x"), nil, all(400), ""},
	{"GET /signin/code", fixed("/signin/code"), nil, all(303), ""},
	{"POST /signin/code", fixed("/signin/code"), nil, all(303), ""},
	{"GET /account", fixed("/account"), nil, signedIn(methodGet, 200), ""},
	{"POST /account/sessions/revoke", fixed("/account/sessions/revoke"), url.Values{"session": {"x"}}, signedIn(methodPost, 404), ""},
	{"GET /account/profile", fixed("/account/profile"), nil, signedIn(methodGet, 200), ""},
	{"POST /account/profile", fixed("/account/profile"), url.Values{"hours_per_week": {"999"}}, signedIn(methodPost, 400), ""},
	{"GET /people/{person}", func(f *fixture) string { return fmt.Sprintf("/people/%d", f.people[volunteer].ID) }, nil, all(200), ""},
	{"GET /account/confirm", fixed("/account/confirm"), nil, signedIn(methodGet, 200), ""},
	{"GET /account/tokens", fixed("/account/tokens"), nil, signedIn(methodGet, 200), ""},
	{"POST /account/tokens", fixed("/account/tokens"), url.Values{"name": {""}}, signedIn(methodPost, 400), ""},
	{"POST /account/tokens/{id}/revoke", fixed("/account/tokens/999999/revoke"), nil, signedIn(methodPost, 404), ""},
	{"GET /account/export", fixed("/account/export"), nil, signedIn(methodGet, 200), ""},
	{"GET /account/delete", fixed("/account/delete"), nil, signedIn(methodGet, 200), ""},
	{"POST /account/delete", fixed("/account/delete"), nil, signedIn(methodPost, 400), ""},
	{"GET /orgs/{slug}/export", orgPath("alpha", "/export"), nil, only(methodGet, 200, 403, orgAdmin), ""},
	{"GET /orgs/{slug}/delete", orgPath("alpha", "/delete"), nil, only(methodGet, 200, 403, orgAdmin), ""},
	{"POST /orgs/{slug}/delete", orgPath("alpha", "/delete"), url.Values{"slug": {"not-alpha"}}, only(methodPost, 400, 403, orgAdmin), ""},
	{"POST /account/confirm", fixed("/account/confirm"), nil, signedIn(methodPost, 401), ""},
	{"GET /account/2fa", fixed("/account/2fa"), nil, signedIn(methodGet, 200), ""},
	{"POST /account/2fa", fixed("/account/2fa"), url.Values{"code": {"000000"}}, signedIn(methodPost, 401), ""},
	{"POST /account/2fa/off", fixed("/account/2fa/off"), nil, signedIn(methodPost, 303), ""},
	{"POST /account/2fa/codes", fixed("/account/2fa/codes"), nil, signedIn(methodPost, 409), ""},
	{"GET /account/password", fixed("/account/password"), nil, signedIn(methodGet, 200), ""},
	{"POST /account/password", fixed("/account/password"), url.Values{"password": {"short"}}, signedIn(methodPost, 400), ""},
	{"GET /account/email", fixed("/account/email"), nil, signedIn(methodGet, 200), ""},
	{"POST /account/email", fixed("/account/email"), url.Values{"email": {"bad"}}, signedIn(methodPost, 400), ""},
	{"GET /account/email/{token}", fixed("/account/email/x"), nil, all(200), ""},
	{"POST /account/email/{token}", fixed("/account/email/x"), nil, all(400), ""},
	{"GET /orgs", fixed("/orgs"), nil, all(200), ""},
	{"GET /orgs/new", fixed("/orgs/new"), nil, signedIn(methodGet, 200), ""},
	{"POST /orgs/new", fixed("/orgs/new"), nil, signedIn(methodPost, 400), ""},
	{"GET /orgs/{slug}", orgPath("alpha", ""), nil, all(200), ""},
	{"GET /orgs/{slug}", orgPath("gamma", ""), nil, expect{def: 404, byRole: map[string]int{member: 200, orgAdmin: 200, moderator: 200, admin: 200}}, ""},
	{"GET /orgs/{slug}/edit", orgPath("alpha", "/edit"), nil, only(methodGet, 200, 403, orgAdmin), ""},
	{"GET /orgs/{slug}/edit", orgPath("gamma", "/edit"), nil, expect{def: 404, byRole: map[string]int{anon: 303, orgAdmin: 200, member: 403, moderator: 403, admin: 403}}, ""},
	{"POST /orgs/{slug}/edit", orgPath("alpha", "/edit"), nil, only(methodPost, 400, 403, orgAdmin), ""},
	{"GET /orgs/{slug}/members", orgPath("alpha", "/members"), nil, signedIn(methodGet, 200), ""},
	{"GET /orgs/{slug}/members", orgPath("gamma", "/members"), nil, expect{def: 404, byRole: map[string]int{anon: 303, member: 200, orgAdmin: 200, moderator: 403, admin: 403}}, ""},
	{"POST /orgs/{slug}/members/invite", orgPath("alpha", "/members/invite"), url.Values{"email": {"bad"}, "role": {"member"}}, only(methodPost, 400, 403, orgAdmin), ""},
	{"POST /orgs/{slug}/members/{person}/role", memberPath("alpha", "/role"), url.Values{"role": {"bogus"}}, only(methodPost, 400, 403, orgAdmin), ""},
	{"POST /orgs/{slug}/members/{person}/remove", fixed("/orgs/alpha/members/999999/remove"), nil, only(methodPost, 404, 403, orgAdmin), ""},
	{"POST /orgs/{slug}/members/{person}/owner", fixed("/orgs/alpha/members/999999/owner"), nil, only(methodPost, 404, 403, orgAdmin), ""},
	{"POST /orgs/{slug}/leave", orgPath("alpha", "/leave"), nil, expect{def: 403, byRole: map[string]int{anon: 401, member: 303, orgAdmin: 409}}, ""},
	{"POST /orgs/{slug}/trusted", orgPath("gamma", "/trusted"), url.Values{"email": {"nobody@example.org"}},
		expect{def: 404, byRole: map[string]int{anon: 401, orgAdmin: 400, member: 403, moderator: 403, admin: 403}}, ""},
	{"POST /orgs/{slug}/trusted/{person}/remove", fixed("/orgs/alpha/trusted/999999/remove"), nil, only(methodPost, 404, 403, orgAdmin), ""},
	{"GET /orgs/{slug}/verification", orgPath("alpha", "/verification"), nil, only(methodGet, 200, 403, orgAdmin), ""},
	{"POST /orgs/{slug}/verification", orgPath("alpha", "/verification"), url.Values{"evidence": {"short"}}, only(methodPost, 400, 403, orgAdmin), ""},
	{"GET /orgs/{slug}/logo", orgPath("alpha", "/logo"), nil, all(404), ""},
	{"GET /orgs/{slug}/logo", orgPath("gamma", "/logo"), nil, all(404), ""},
	{"POST /orgs/{slug}/logo", orgPath("alpha", "/logo"), nil, only(methodPost, 400, 403, orgAdmin), ""},
	{"GET /orgs/{slug}/verification/{id}/file", orgPath("alpha", "/verification/999999/file"), nil,
		expect{def: 403, byRole: map[string]int{anon: 303, orgAdmin: 404, moderator: 404, admin: 404}}, ""},
	{"GET /orgs/{slug}/audit", orgPath("alpha", "/audit"), nil, only(methodGet, 200, 403, orgAdmin, admin), ""},
	{"GET /tasks", fixed("/tasks"), nil, all(200), ""},
	{"GET /tasks.atom", fixed("/tasks.atom?type=translation_work&q=x"), nil, all(200), ""},
	{"GET /me", fixed("/me"), nil, signedIn(methodGet, 200), ""},
	{"GET /start/volunteer", fixed("/start/volunteer"), nil, signedIn(methodGet, 200), ""},
	{"POST /start/volunteer", fixed("/start/volunteer"), url.Values{"hours_per_week": {"999"}}, signedIn(methodPost, 400), ""},
	{"GET /start/matches", fixed("/start/matches"), nil, signedIn(methodGet, 200), ""},
	{"GET /start/organization", fixed("/start/organization"), nil, signedIn(methodGet, 200), ""},
	{"POST /start/organization", fixed("/start/organization"), url.Values{"name": {""}}, signedIn(methodPost, 400), ""},
	{"GET /me/certificate", fixed("/me/certificate"), nil, signedIn(methodGet, 200), ""},
	{"POST /me/certificate/addresses", fixed("/me/certificate/addresses"), nil, signedIn(methodPost, 409), ""},
	{"POST /me/certificate/addresses/{code}/withdraw", fixed("/me/certificate/addresses/aaaaaaaaaaaaaaaa/withdraw"), nil, signedIn(methodPost, 404), ""},
	{"GET /certificates/{code}", fixed("/certificates/aaaa-aaaa-aaaa-aaaa"), nil, all(404), ""},
	{"GET /me/notifications", fixed("/me/notifications"), nil, signedIn(methodGet, 200), ""},
	{"POST /me/notifications/read", fixed("/me/notifications/read"), nil, signedIn(methodPost, 303), ""},
	{"GET /notifications/{id}", func(f *fixture) string { return fmt.Sprintf("/notifications/%d", f.note) }, nil,
		expect{def: 404, byRole: map[string]int{anon: 303, otherOrg: 303}}, ""},
	{"GET /account/notifications", fixed("/account/notifications"), nil, signedIn(methodGet, 200), ""},
	{"POST /account/notifications", fixed("/account/notifications"), url.Values{"message.email": {"weekly"}}, signedIn(methodPost, 303), ""},
	{"GET /unsubscribe", unsubscribeLink, nil, all(200), ""},
	{"POST /unsubscribe", unsubscribeLink, nil, all(200), ""},
	{"POST /tasks/{id}/hours", func(f *fixture) string { return fmt.Sprintf("/tasks/%d/hours", f.taskB.ID) }, url.Values{"hours": {"abc"}},
		signedIn(methodPost, 404), ""},
	{"POST /tasks/{id}/invite", func(f *fixture) string { return fmt.Sprintf("/tasks/%d/invite", f.taskB.ID) }, url.Values{"person": {"999999"}},
		only(methodPost, 404, 403, otherOrg), ""},
	{"POST /tasks/{id}/agree", func(f *fixture) string { return fmt.Sprintf("/tasks/%d/agree", f.taskB.ID) }, nil, signedIn(methodPost, 404), ""},
	// beta's task has places left: nobody waits for one, and beta's admin never does.
	{"POST /tasks/{id}/watch", func(f *fixture) string { return fmt.Sprintf("/tasks/%d/watch", f.taskB.ID) }, nil,
		expect{def: 409, byRole: map[string]int{anon: 401, otherOrg: 403}}, ""},
	{"POST /tasks/{id}/watch", func(f *fixture) string { return fmt.Sprintf("/tasks/%d/watch", f.taskA.ID) }, nil,
		expect{def: 404, byRole: map[string]int{anon: 401, member: 409, orgAdmin: 403, moderator: 409, admin: 409}}, ""},
	{"POST /tasks/{id}/unwatch", func(f *fixture) string { return fmt.Sprintf("/tasks/%d/unwatch", f.taskB.ID) }, nil, signedIn(methodPost, 303), ""},
	{"POST /tasks/{id}/unwatch", func(f *fixture) string { return fmt.Sprintf("/tasks/%d/unwatch", f.taskA.ID) }, nil,
		expect{def: 404, byRole: map[string]int{anon: 401, member: 303, orgAdmin: 303, moderator: 303, admin: 303}}, ""},
	{"POST /tasks/{id}/messages", func(f *fixture) string { return fmt.Sprintf("/tasks/%d/messages", f.taskB.ID) }, url.Values{"body": {"Hello"}},
		only(methodPost, 303, 403, otherOrg), ""},
	{"POST /tasks/{id}/messages", func(f *fixture) string { return fmt.Sprintf("/tasks/%d/messages", f.taskA.ID) }, url.Values{"body": {"Hello"}},
		expect{def: 404, byRole: map[string]int{anon: 401, member: 403, orgAdmin: 303, moderator: 403, admin: 403}}, ""},
	{"POST /tasks/{id}/hours/{hours}/{decision}", func(f *fixture) string { return fmt.Sprintf("/tasks/%d/hours/999999/confirm", f.taskB.ID) },
		nil, only(methodPost, 404, 403, otherOrg), ""},
	{"POST /tasks/{id}/endorse", func(f *fixture) string { return fmt.Sprintf("/tasks/%d/endorse", f.taskB.ID) },
		url.Values{"volunteer": {"999999"}, "skill": {"data_entry"}}, only(methodPost, 404, 403, otherOrg), ""},
	{"GET /tasks/{id}", func(f *fixture) string { return fmt.Sprintf("/tasks/%d", f.taskB.ID) }, nil, all(200), ""},
	{"GET /tasks/{id}", func(f *fixture) string { return fmt.Sprintf("/tasks/%d", f.taskA.ID) }, nil,
		expect{def: 404, byRole: map[string]int{member: 200, orgAdmin: 200, moderator: 200, admin: 200}}, ""},
	// beta's admin may not take beta's own task.
	{"POST /tasks/{id}/join", func(f *fixture) string { return fmt.Sprintf("/tasks/%d/join", f.taskB.ID) }, nil,
		expect{def: 303, byRole: map[string]int{anon: 401, otherOrg: 403}}, ""},
	{"GET /tasks/{id}/edit", func(f *fixture) string { return fmt.Sprintf("/tasks/%d/edit", f.taskB.ID) }, nil, only(methodGet, 200, 403, otherOrg), ""},
	{"GET /tasks/{id}/edit", func(f *fixture) string { return fmt.Sprintf("/tasks/%d/edit", f.taskA.ID) }, nil,
		expect{def: 404, byRole: map[string]int{anon: 303, member: 403, orgAdmin: 200, moderator: 403, admin: 403}}, ""},
	{"POST /tasks/{id}/edit", func(f *fixture) string { return fmt.Sprintf("/tasks/%d/edit", f.taskB.ID) }, nil, only(methodPost, 400, 403, otherOrg), ""},
	{"POST /tasks/{id}/assignments/{assignment}/{action}", func(f *fixture) string { return fmt.Sprintf("/tasks/%d/assignments/999999/accept", f.taskB.ID) },
		nil, signedIn(methodPost, 404), ""},
	{"GET /orgs/{slug}/needs/new", orgPath("alpha", "/needs/new"), nil, only(methodGet, 200, 403, orgAdmin), ""},
	{"POST /orgs/{slug}/needs/new", orgPath("alpha", "/needs/new"), nil, only(methodPost, 400, 403, orgAdmin), ""},
	{"GET /needs/{id}", func(f *fixture) string { return fmt.Sprintf("/needs/%d", f.needB.ID) }, nil, all(200), ""},
	{"GET /needs/{id}", func(f *fixture) string { return fmt.Sprintf("/needs/%d", f.needA.ID) }, nil,
		expect{def: 404, byRole: map[string]int{member: 200, orgAdmin: 200, moderator: 200, admin: 200}}, ""},
	{"GET /needs/{id}/edit", func(f *fixture) string { return fmt.Sprintf("/needs/%d/edit", f.needB.ID) }, nil, only(methodGet, 200, 403, otherOrg), ""},
	{"POST /needs/{id}/edit", func(f *fixture) string { return fmt.Sprintf("/needs/%d/edit", f.needB.ID) }, nil, only(methodPost, 400, 403, otherOrg), ""},
	{"GET /needs/{id}/tasks/new", func(f *fixture) string { return fmt.Sprintf("/needs/%d/tasks/new", f.needB.ID) }, nil, only(methodGet, 200, 403, otherOrg), ""},
	{"POST /needs/{id}/tasks/new", func(f *fixture) string { return fmt.Sprintf("/needs/%d/tasks/new", f.needB.ID) }, nil, only(methodPost, 400, 403, otherOrg), ""},
	{"GET /invitations/{token}", fixed("/invitations/x"), nil, signedIn(methodGet, 200), ""},
	{"POST /invitations/{token}", fixed("/invitations/x"), nil, signedIn(methodPost, 400), ""},
	{"GET /admin", fixed("/admin"), nil, only(methodGet, 200, 403, moderator, admin), ""},
	{"GET /admin/verification", fixed("/admin/verification"), nil, only(methodGet, 200, 403, moderator, admin), ""},
	{"POST /admin/verification/{id}", fixed("/admin/verification/999999"), url.Values{"decision": {"approve"}}, only(methodPost, 404, 403, moderator, admin), ""},
	{"GET /admin/people", fixed("/admin/people"), nil, only(methodGet, 200, 403, admin), ""},
	{"POST /admin/people/{person}/role", fixed("/admin/people/999999/role"), url.Values{"site_role": {"bogus"}}, only(methodPost, 400, 403, admin), ""},
	{"POST /admin/people/{person}/disabled", fixed("/admin/people/999999/disabled"), url.Values{"disabled": {"true"}}, only(methodPost, 404, 403, admin), ""},
	{"GET /admin/audit", fixed("/admin/audit"), nil, only(methodGet, 200, 403, admin), ""},
	{"GET /admin/outbox", fixed("/admin/outbox"), nil, only(methodGet, 200, 403, admin), ""},
	{"GET /admin/sms", fixed("/admin/sms"), nil, only(methodGet, 200, 403, admin), ""},
	{"POST /admin/sms/reply", fixed("/admin/sms/reply"), url.Values{"from": {"12"}}, only(methodPost, 400, 403, admin), ""},
	{"POST /hooks/sms/android", fixed("/hooks/sms/android"), nil, all(403), ""},
	{"POST /hooks/sms/twilio", fixed("/hooks/sms/twilio"), nil, all(403), ""},
	{"POST /hooks/sms/africastalking", fixed("/hooks/sms/africastalking"), nil, all(404), ""},
	{"GET /crises", fixed("/crises"), nil, all(200), ""},
	{"GET /crises/new", fixed("/crises/new"), nil, only(methodGet, 200, 403, moderator, admin), ""},
	{"POST /crises/new", fixed("/crises/new"), url.Values{"title": {"x"}}, only(methodPost, 400, 403, moderator, admin), ""},
	{"GET /crises/{slug}", fixed("/crises/quake-alpha"), nil, all(200), ""},
	{"GET /crises/{slug}", fixed("/crises/no-such-crisis"), nil, all(404), ""},
	{"GET /crises/{slug}/situation.json", fixed("/crises/quake-alpha/situation.json"), nil, all(200), ""},
	{"POST /crises/{slug}/publish", fixed("/crises/quake-alpha/publish"), url.Values{"organization": {"alpha"}, "language": {"xx"}},
		expect{def: 403, byRole: map[string]int{anon: 401, orgAdmin: 400}}, ""},
	{"POST /crises/{slug}/alert", fixed("/crises/quake-alpha/alert"), nil, only(methodPost, 303, 403, moderator, admin), ""},
	{"POST /crises/{slug}/alert", fixed("/crises/no-such-crisis/alert"), nil, only(methodPost, 404, 403, moderator, admin), ""},
	{"POST /crises/{slug}/stand-down", fixed("/crises/quake-alpha/stand-down"), url.Values{"lessons": {strings.Repeat("x", 10001)}},
		only(methodPost, 400, 403, moderator, admin), ""},
	{"GET /me/phone", fixed("/me/phone"), nil, signedIn(methodGet, 200), ""},
	{"POST /me/phone", fixed("/me/phone"), url.Values{"number": {"12"}}, signedIn(methodPost, 400), ""},
	{"POST /me/phone/verify", fixed("/me/phone/verify"), url.Values{"code": {"x"}}, signedIn(methodPost, 400), ""},
	{"POST /me/phone/remove", fixed("/me/phone/remove"), nil, signedIn(methodPost, 303), ""},
	{"GET /me/standby", fixed("/me/standby"), nil, signedIn(methodGet, 200), ""},
	{"POST /me/standby", fixed("/me/standby"), url.Values{"first_week_hours": {"x"}}, signedIn(methodPost, 400), ""},
	{"POST /me/standby/pause", fixed("/me/standby/pause"), url.Values{"paused": {"yes"}}, signedIn(methodPost, 404), ""},
	{"POST /me/standby/leave", fixed("/me/standby/leave"), nil, signedIn(methodPost, 303), ""},
	{"/", fixed("/no/such/page"), nil, all(404), ""},
	{"GET /static/{name}", func(f *fixture) string { return f.s.static.URL("app.css") }, nil, all(200), ""},
	{"GET /healthz", fixed("/healthz"), nil, all(200), ""},
	{"GET /readyz", fixed("/readyz"), nil, all(200), ""},
	{"GET /v1/meta", fixed("/api/v1/meta"), nil, all(200), ""},
	{"POST /v1/auth/token", fixed("/api/v1/auth/token"), nil, all(401), `{"email":"nobody@example.org","password":"not-the-password"}`},
	{"GET /v1/me", fixed("/api/v1/me"), nil, apiOnly(200, 200), ""},
	{"GET /v1/me/tokens", fixed("/api/v1/me/tokens"), nil, apiOnly(200, 200), ""},
	{"DELETE /v1/me/tokens/{id}", fixed("/api/v1/me/tokens/999999"), nil, apiOnly(404, 404), ""},
	{"GET /v1/me/profile", fixed("/api/v1/me/profile"), nil, apiOnly(200, 200), ""},
	{"PUT /v1/me/profile", fixed("/api/v1/me/profile"), nil, apiOnly(400, 400), validProfileJSON},
	{"GET /v1/people/{id}/profile", func(f *fixture) string { return fmt.Sprintf("/api/v1/people/%d/profile", f.people[volunteer].ID) }, nil, all(200), ""},
	{"GET /v1/orgs", fixed("/api/v1/orgs"), nil, all(200), ""},
	{"POST /v1/orgs", fixed("/api/v1/orgs"), nil, apiOnly(400, 400), `{"slug":"Bad Slug","name":"Alpha two","type":"ngo","country":"KE","mission":"","at_risk":false}`},
	{"GET /v1/orgs/{slug}", fixed("/api/v1/orgs/alpha"), nil, all(200), ""},
	{"GET /v1/orgs/{slug}", fixed("/api/v1/orgs/gamma"), nil, expect{def: 404, byRole: map[string]int{member: 200, orgAdmin: 200, moderator: 200, admin: 200}}, ""},
	{"PUT /v1/orgs/{slug}", fixed("/api/v1/orgs/alpha"), nil, apiOnly(400, 403, orgAdmin), `{"name":"Alpha","type":"ngo","country":"ZZ","mission":"","at_risk":false}`},
	{"GET /v1/tasks", fixed("/api/v1/tasks"), nil, all(200), ""},
	{"GET /v1/me/recommendations", fixed("/api/v1/me/recommendations"), nil, apiOnly(200, 200), ""},
	{"GET /v1/tasks/{id}/suggestions", func(f *fixture) string { return fmt.Sprintf("/api/v1/tasks/%d/suggestions", f.taskB.ID) }, nil,
		apiOnly(200, 403, otherOrg), ""},
	{"POST /v1/tasks/{id}/invite", func(f *fixture) string { return fmt.Sprintf("/api/v1/tasks/%d/invite", f.taskB.ID) }, nil,
		apiOnly(404, 403, otherOrg), `{"person_id":999999}`},
	{"GET /v1/me/notifications", fixed("/api/v1/me/notifications"), nil, apiOnly(200, 200), ""},
	{"POST /v1/me/notifications/read", fixed("/api/v1/me/notifications/read"), nil, apiOnly(204, 204), ""},
	{"GET /v1/courses", fixed("/api/v1/courses?q=safe&level=beginner"), nil, all(200), ""},
	{"GET /v1/courses/{slug}/{lang}", fixed("/api/v1/courses/safe-accounts/en"), nil, all(200), ""},
	{"GET /v1/courses/{slug}/{lang}", fixed("/api/v1/courses/draft-course/en"), nil, expect{def: 404, byRole: map[string]int{other: 200, moderator: 200, admin: 200}}, ""},
	{"POST /v1/courses/{slug}/{lang}/lessons/{n}/attempts", fixed("/api/v1/courses/safe-accounts/en/lessons/1/attempts"), nil, apiOnly(200, 200), `{"answers":[]}`},
	{"POST /v1/courses/{slug}/{lang}/lessons/{n}/attempts", fixed("/api/v1/courses/draft-course/en/lessons/1/attempts"), nil,
		expect{def: 404, byRole: map[string]int{anon: 401, other: 409, moderator: 409, admin: 409}}, `{"answers":[]}`},
	{"GET /v1/me/progress", fixed("/api/v1/me/progress"), nil, apiOnly(200, 200), ""},
	{"GET /courses", fixed("/courses?q=safe&language=en&level=beginner"), nil, all(200), ""},
	{"GET /courses/new", fixed("/courses/new"), nil, only(methodGet, 200, 403, other, moderator, admin), ""},
	{"POST /courses/new", fixed("/courses/new"), url.Values{"title": {"x"}}, only(methodPost, 400, 403, other, moderator, admin), ""},
	{"GET /courses/{slug}/{lang}", fixed("/courses/safe-accounts/en?return=/tasks/1"), nil, all(200), ""},
	{"GET /courses/{slug}/{lang}", fixed("/courses/draft-course/en"), nil, expect{def: 404, byRole: map[string]int{other: 200, moderator: 200, admin: 200}}, ""},
	{"GET /courses/{slug}/{lang}", fixed("/courses/safe-accounts/xx"), nil, all(404), ""},
	{"GET /courses/{slug}/{lang}/offline", fixed("/courses/safe-accounts/en/offline"), nil, all(200), ""},
	{"GET /courses/{slug}/{lang}/offline", fixed("/courses/draft-course/en/offline"), nil, expect{def: 404, byRole: map[string]int{other: 200, moderator: 200, admin: 200}}, ""},
	{"GET /courses/{slug}/{lang}/edit", fixed("/courses/safe-accounts/en/edit"), nil, only(methodGet, 200, 403, other, moderator, admin), ""},
	{"POST /courses/{slug}/{lang}/edit", fixed("/courses/safe-accounts/en/edit"), url.Values{"title": {"x"}}, only(methodPost, 400, 403, other, moderator, admin), ""},
	{"POST /courses/{slug}/{lang}/lessons", fixed("/courses/safe-accounts/en/lessons"), url.Values{"title": {"x"}}, only(methodPost, 400, 403, other, moderator, admin), ""},
	{"GET /courses/{slug}/{lang}/lessons/{n}", fixed("/courses/safe-accounts/en/lessons/1"), nil, all(200), ""},
	{"GET /courses/{slug}/{lang}/lessons/{n}", fixed("/courses/safe-accounts/en/lessons/9"), nil, all(404), ""},
	{"GET /courses/{slug}/{lang}/lessons/{n}", fixed("/courses/draft-course/en/lessons/1"), nil, expect{def: 404, byRole: map[string]int{other: 200, moderator: 200, admin: 200}}, ""},
	{"POST /courses/{slug}/{lang}/lessons/{n}/quiz", fixed("/courses/safe-accounts/en/lessons/1/quiz"), url.Values{"return": {"/tasks/1"}}, signedIn(methodPost, 200), ""},
	{"POST /courses/{slug}/{lang}/lessons/{n}/quiz", fixed("/courses/draft-course/en/lessons/1/quiz"), nil,
		expect{def: 404, byRole: map[string]int{anon: 401, other: 409, moderator: 409, admin: 409}}, ""},
	{"GET /courses/{slug}/{lang}/lessons/{n}/edit", fixed("/courses/safe-accounts/en/lessons/1/edit"), nil, only(methodGet, 200, 403, other, moderator, admin), ""},
	{"POST /courses/{slug}/{lang}/lessons/{n}/edit", fixed("/courses/safe-accounts/en/lessons/1/edit"), url.Values{"title": {"x"}}, only(methodPost, 400, 403, other, moderator, admin), ""},
	// The roles take their turns on one copy of the world: once the author has deleted a lesson or a
	// question, or sent a draft, the moderators after them find it gone or moved on.
	{"POST /courses/{slug}/{lang}/lessons/{n}/delete", fixed("/courses/safe-accounts/en/lessons/1/delete"), nil,
		expect{def: 403, byRole: map[string]int{anon: 401, other: 303, moderator: 404, admin: 404}}, ""},
	{"POST /courses/{slug}/{lang}/lessons/{n}/move", fixed("/courses/safe-accounts/en/lessons/1/move"), url.Values{"direction": {"up"}}, only(methodPost, 409, 403, other, moderator, admin), ""},
	{"POST /courses/{slug}/{lang}/lessons/{n}/questions", fixed("/courses/safe-accounts/en/lessons/1/questions"), url.Values{"prompt": {"x"}}, only(methodPost, 400, 403, other, moderator, admin), ""},
	{"GET /courses/{slug}/{lang}/questions/{id}/edit", func(f *fixture) string { return fmt.Sprintf("/courses/safe-accounts/en/questions/%d/edit", f.question) }, nil,
		only(methodGet, 200, 403, other, moderator, admin), ""},
	{"POST /courses/{slug}/{lang}/questions/{id}/edit", func(f *fixture) string { return fmt.Sprintf("/courses/safe-accounts/en/questions/%d/edit", f.question) },
		url.Values{"prompt": {"x"}}, only(methodPost, 400, 403, other, moderator, admin), ""},
	{"POST /courses/{slug}/{lang}/questions/{id}/delete", func(f *fixture) string {
		return fmt.Sprintf("/courses/safe-accounts/en/questions/%d/delete", f.question)
	}, nil,
		expect{def: 403, byRole: map[string]int{anon: 401, other: 303, moderator: 404, admin: 404}}, ""},
	{"POST /courses/{slug}/{lang}/questions/{id}/delete", fixed("/courses/draft-course/en/questions/999999/delete"), nil,
		expect{def: 404, byRole: map[string]int{anon: 401}}, ""},
	{"POST /courses/{slug}/{lang}/submit", fixed("/courses/safe-accounts/en/submit"), nil, only(methodPost, 409, 403, other, moderator, admin), ""},
	{"POST /courses/{slug}/{lang}/submit", fixed("/courses/draft-course/en/submit"), nil, expect{def: 404, byRole: map[string]int{anon: 401, other: 303, moderator: 409, admin: 409}}, ""},
	// The first trainer to ask makes the French translation; after that, French is taken.
	{"POST /courses/{slug}/{lang}/translate", fixed("/courses/safe-accounts/en/translate"), url.Values{"language": {"fr"}},
		expect{def: 403, byRole: map[string]int{anon: 401, other: 303, moderator: 400, admin: 400}}, ""},
	{"POST /courses/{slug}/{lang}/translate", fixed("/courses/draft-course/en/translate"), url.Values{"language": {"fr"}},
		expect{def: 403, byRole: map[string]int{anon: 401, other: 303, moderator: 400, admin: 400}}, ""},
	{"POST /courses/{slug}/{lang}/review", fixed("/courses/safe-accounts/en/review"), url.Values{"decision": {"nonsense"}}, only(methodPost, 400, 403, moderator, admin), ""},
	{"GET /courses/{slug}/{lang}/images/{id}", fixed("/courses/safe-accounts/en/images/999999"), nil, all(404), ""},
	{"POST /courses/{slug}/{lang}/images", fixed("/courses/safe-accounts/en/images"), nil, only(methodPost, 400, 403, other, moderator, admin), ""},
	{"GET /admin/courses", fixed("/admin/courses"), nil, only(methodGet, 200, 403, moderator, admin), ""},
	{"GET /toolkits", fixed("/toolkits?q=flood&language=en&tag=crisis"), nil, all(200), ""},
	{"GET /toolkits/new", fixed("/toolkits/new"), nil, signedIn(methodGet, 200), ""},
	{"POST /toolkits/new", fixed("/toolkits/new"), url.Values{"title": {"x"}}, signedIn(methodPost, 400), ""},
	{"GET /toolkits/{slug}/{lang}", fixed("/toolkits/flood-guide/en"), nil, all(200), ""},
	{"GET /toolkits/{slug}/{lang}", fixed("/toolkits/draft-kit/en"), nil, expect{def: 404, byRole: map[string]int{volunteer: 200, moderator: 200, admin: 200}}, ""},
	{"GET /toolkits/{slug}/{lang}", fixed("/toolkits/flood-guide/xx"), nil, all(404), ""},
	{"GET /toolkits/{slug}/{lang}/edit", fixed("/toolkits/flood-guide/en/edit"), nil, signedIn(methodGet, 200), ""},
	{"POST /toolkits/{slug}/{lang}/edit", fixed("/toolkits/flood-guide/en/edit"), url.Values{"title": {"x"}}, signedIn(methodPost, 400), ""},
	{"POST /toolkits/{slug}/{lang}/edit", fixed("/toolkits/draft-kit/en/edit"), url.Values{"title": {"x"}},
		expect{def: 404, byRole: map[string]int{anon: 401, volunteer: 400, moderator: 400, admin: 400}}, ""},
	{"GET /toolkits/{slug}/{lang}/history", fixed("/toolkits/flood-guide/en/history"), nil, all(200), ""},
	{"GET /toolkits/{slug}/{lang}/compare", fixed("/toolkits/flood-guide/en/compare?from=1&to=1"), nil, all(200), ""},
	{"GET /toolkits/{slug}/{lang}/compare", fixed("/toolkits/flood-guide/en/compare?from=1&to=9"), nil, all(404), ""},
	{"GET /toolkits/{slug}/{lang}/revisions/{n}", fixed("/toolkits/flood-guide/en/revisions/1"), nil, all(200), ""},
	{"GET /toolkits/{slug}/{lang}/revisions/{n}", fixed("/toolkits/draft-kit/en/revisions/1"), nil, expect{def: 404, byRole: map[string]int{volunteer: 200, moderator: 200, admin: 200}}, ""},
	{"POST /toolkits/{slug}/{lang}/revisions/{n}/revert", fixed("/toolkits/flood-guide/en/revisions/1/revert"), nil,
		expect{def: 403, byRole: map[string]int{anon: 401, orgAdmin: 409, moderator: 409, admin: 409}}, ""},
	{"GET /toolkits/{slug}/{lang}/adapt", fixed("/toolkits/flood-guide/en/adapt"), nil, signedIn(methodGet, 200), ""},
	{"POST /toolkits/{slug}/{lang}/adapt", fixed("/toolkits/flood-guide/en/adapt"), url.Values{"kind": {"translation"}, "language": {"en"}}, signedIn(methodPost, 400), ""},
	{"GET /toolkits/{slug}/{lang}/task", fixed("/toolkits/flood-guide/en/task"), nil, only(methodGet, 200, 403, orgAdmin, otherOrg), ""},
	{"POST /toolkits/{slug}/{lang}/task", fixed("/toolkits/flood-guide/en/task"), url.Values{"hours": {"x"}}, only(methodPost, 400, 403, orgAdmin, otherOrg), ""},
	{"GET /tasks/{id}/toolkit", func(f *fixture) string { return fmt.Sprintf("/tasks/%d/toolkit", f.kitTask) }, nil,
		expect{def: 403, byRole: map[string]int{anon: 303, otherOrg: 200}}, ""},
	{"GET /tasks/{id}/toolkit", func(f *fixture) string { return fmt.Sprintf("/tasks/%d/toolkit", f.taskB.ID) }, nil, signedIn(methodGet, 404), ""},
	{"POST /tasks/{id}/toolkit", func(f *fixture) string { return fmt.Sprintf("/tasks/%d/toolkit", f.kitTask) }, url.Values{"title": {"x"}}, signedIn(methodPost, 404), ""},
	{"GET /toolkits/feed", fixed("/toolkits/feed"), nil, all(200), ""},
	{"GET /toolkits/{slug}/{lang}/feed", fixed("/toolkits/flood-guide/en/feed"), nil, all(200), ""},
	{"GET /toolkits/{slug}/{lang}/feed", fixed("/toolkits/draft-kit/en/feed"), nil, all(404), ""},
	{"GET /v1/toolkits", fixed("/api/v1/toolkits?q=flood&language=en&tag=crisis"), nil, all(200), ""},
	{"GET /v1/toolkits/{slug}/{lang}", fixed("/api/v1/toolkits/flood-guide/en"), nil, all(200), ""},
	{"GET /v1/toolkits/{slug}/{lang}", fixed("/api/v1/toolkits/draft-kit/en"), nil, expect{def: 404, byRole: map[string]int{volunteer: 200, moderator: 200, admin: 200}}, ""},
	{"GET /v1/toolkits/{slug}/{lang}/revisions", fixed("/api/v1/toolkits/flood-guide/en/revisions"), nil, all(200), ""},
	{"GET /v1/toolkits/{slug}/{lang}/revisions/{n}", fixed("/api/v1/toolkits/flood-guide/en/revisions/1"), nil, all(200), ""},
	{"GET /v1/toolkits/{slug}/{lang}/revisions/{n}", fixed("/api/v1/toolkits/draft-kit/en/revisions/1"), nil,
		expect{def: 404, byRole: map[string]int{volunteer: 200, moderator: 200, admin: 200}}, ""},
	{"GET /v1/toolkits/{slug}/{lang}/compare", fixed("/api/v1/toolkits/flood-guide/en/compare?from=1&to=1"), nil, all(200), ""},
	{"POST /v1/toolkits/{slug}/{lang}/revisions", fixed("/api/v1/toolkits/flood-guide/en/revisions"), nil, apiOnly(400, 400),
		`{"base":1,"title":"x","summary":"y","pages":[]}`},
	{"POST /toolkits/{slug}/{lang}/files", fixed("/toolkits/flood-guide/en/files"), nil, signedIn(methodPost, 400), ""},
	{"GET /toolkits/{slug}/{lang}/files/{id}", func(f *fixture) string { return fmt.Sprintf("/toolkits/flood-guide/en/files/%d", f.kitFile) }, nil, all(200), ""},
	{"GET /toolkits/{slug}/{lang}/files/{id}", fixed("/toolkits/flood-guide/en/files/999999"), nil, all(404), ""},
	{"POST /toolkits/{slug}/{lang}/files/{id}/delete", fixed("/toolkits/flood-guide/en/files/999999/delete"), nil,
		expect{def: 403, byRole: map[string]int{anon: 401, orgAdmin: 404, moderator: 404, admin: 404}}, ""},
	{"GET /events", fixed("/events?kind=techcamp&where=near"), nil, all(200), ""},
	{"GET /events.atom", fixed("/events.atom"), nil, all(200), ""},
	{"GET /events/{slug}/calendar.ics", fixed("/events/camp-alpha/calendar.ics"), nil, all(200), ""},
	{"GET /events/{slug}/calendar.ics", fixed("/events/camp-draft/calendar.ics"), nil, all(404), ""},
	{"GET /v1/events", fixed("/api/v1/events?kind=techcamp"), nil, all(200), ""},
	{"GET /v1/events/{slug}", fixed("/api/v1/events/camp-alpha"), nil, all(200), ""},
	{"GET /v1/events/{slug}", fixed("/api/v1/events/camp-draft"), nil, expect{def: 404, byRole: map[string]int{orgAdmin: 200, moderator: 200, admin: 200}}, ""},
	{"POST /v1/events/{slug}/registration", fixed("/api/v1/events/camp-draft/registration"), nil,
		expect{def: 404, byRole: map[string]int{anon: 401, orgAdmin: 409, moderator: 409, admin: 409}}, ""},
	{"DELETE /v1/events/{slug}/registration", fixed("/api/v1/events/camp-beta/registration"), nil, apiOnly(404, 404), ""},
	{"GET /events/new", fixed("/events/new"), nil, signedIn(methodGet, 200), ""},
	{"POST /events/new", fixed("/events/new"), url.Values{"title": {"x"}}, signedIn(methodPost, 400), ""},
	{"GET /events/{slug}", fixed("/events/camp-alpha"), nil, all(200), ""},
	{"GET /events/{slug}", fixed("/events/camp-draft"), nil, expect{def: 404, byRole: map[string]int{orgAdmin: 200, moderator: 200, admin: 200}}, ""},
	{"GET /events/{slug}", fixed("/events/no-such-event"), nil, all(404), ""},
	{"GET /events/{slug}/edit", fixed("/events/camp-alpha/edit"), nil, only(methodGet, 200, 403, orgAdmin, moderator, admin), ""},
	{"POST /events/{slug}/edit", fixed("/events/camp-alpha/edit"), url.Values{"title": {"x"}}, only(methodPost, 400, 403, orgAdmin, moderator, admin), ""},
	{"POST /events/{slug}/register", fixed("/events/camp-alpha/register"), nil, signedIn(methodPost, 303), ""},
	{"POST /events/{slug}/register", fixed("/events/camp-draft/register"), nil,
		expect{def: 404, byRole: map[string]int{anon: 401, orgAdmin: 409, moderator: 409, admin: 409}}, ""},
	{"POST /events/{slug}/confirm", fixed("/events/camp-beta/confirm"), nil, signedIn(methodPost, 404), ""},
	{"POST /events/{slug}/cancel", fixed("/events/camp-beta/cancel"), nil, signedIn(methodPost, 404), ""},
	{"GET /events/{slug}/people", fixed("/events/camp-alpha/people"), nil, only(methodGet, 200, 403, orgAdmin, moderator, admin), ""},
	{"POST /events/{slug}/checkin", fixed("/events/camp-alpha/checkin"), url.Values{"code": {"nope"}}, only(methodPost, 400, 403, orgAdmin, moderator, admin), ""},
	{"POST /events/{slug}/people/{person}/cancel", fixed("/events/camp-beta/people/999999/cancel"), nil,
		only(methodPost, 404, 403, orgAdmin, moderator, admin), ""},
	{"POST /events/{slug}/no-shows", fixed("/events/camp-beta/no-shows"), nil, only(methodPost, 409, 403, orgAdmin, moderator, admin), ""},
	{"GET /events/{slug}/agenda", fixed("/events/camp-alpha/agenda"), nil, only(methodGet, 200, 403, orgAdmin, moderator, admin), ""},
	{"POST /events/{slug}/agenda", fixed("/events/camp-alpha/agenda"), url.Values{"title": {"x"}}, only(methodPost, 400, 403, orgAdmin, moderator, admin), ""},
	{"POST /events/{slug}/agenda/{id}/delete", fixed("/events/camp-alpha/agenda/999999/delete"), nil, only(methodPost, 404, 403, orgAdmin, moderator, admin), ""},
	{"GET /me/events", fixed("/me/events"), nil, signedIn(methodGet, 200), ""},
	{"GET /events/{slug}/organizers", fixed("/events/camp-alpha/organizers"), nil, only(methodGet, 200, 403, orgAdmin, moderator, admin), ""},
	{"POST /events/{slug}/organizers", fixed("/events/camp-alpha/organizers"), url.Values{"email": {"nobody@example.org"}},
		only(methodPost, 400, 403, orgAdmin, moderator, admin), ""},
	{"POST /events/{slug}/organizers/{person}/remove", fixed("/events/camp-alpha/organizers/999999/remove"), nil,
		only(methodPost, 303, 403, orgAdmin, moderator, admin), ""},
	{"GET /events/{slug}/questions", fixed("/events/camp-alpha/questions"), nil, only(methodGet, 200, 403, orgAdmin, moderator, admin), ""},
	{"POST /events/{slug}/questions", fixed("/events/camp-alpha/questions"), url.Values{"prompt": {"x"}}, only(methodPost, 400, 403, orgAdmin, moderator, admin), ""},
	{"POST /events/{slug}/questions/{id}/delete", fixed("/events/camp-alpha/questions/999999/delete"), nil,
		only(methodPost, 404, 403, orgAdmin, moderator, admin), ""},
	{"POST /me/events/calendar", fixed("/me/events/calendar"), nil, signedIn(methodPost, 200), ""},
	{"POST /me/events/calendar/stop", fixed("/me/events/calendar/stop"), nil, signedIn(methodPost, 303), ""},
	{"GET /calendars/people/{file}", fixed("/calendars/people/calnothing.ics"), nil, all(404), ""},
	{"GET /challenges", fixed("/challenges?q=shelter&size=weekend&language=en&status=vetted"), nil, all(200), ""},
	{"GET /challenges/new", fixed("/challenges/new"), nil,
		expect{def: 403, byRole: map[string]int{anon: 303, orgAdmin: 200, otherOrg: 200, moderator: 200, admin: 200}}, ""},
	{"POST /challenges/new", fixed("/challenges/new"), url.Values{"title": {"x"}},
		expect{def: 403, byRole: map[string]int{anon: 401, orgAdmin: 400, otherOrg: 400, moderator: 400, admin: 400}}, ""},
	{"GET /challenges/{slug}", fixed("/challenges/beta-open"), nil, all(200), ""},
	{"GET /challenges/{slug}", fixed("/challenges/beta-draft"), nil, expect{def: 404, byRole: map[string]int{otherOrg: 200, moderator: 200, admin: 200}}, ""},
	{"GET /challenges/{slug}", fixed("/challenges/alpha-vetted"), nil,
		expect{def: 404, byRole: map[string]int{member: 200, orgAdmin: 200, moderator: 200, admin: 200}}, ""},
	{"GET /challenges/{slug}/edit", fixed("/challenges/beta-draft/edit"), nil,
		expect{def: 404, byRole: map[string]int{anon: 303, otherOrg: 200, moderator: 200, admin: 200}}, ""},
	{"GET /challenges/{slug}/edit", fixed("/challenges/beta-open/edit"), nil, only(methodGet, 200, 403, moderator, admin), ""},
	{"POST /challenges/{slug}/edit", fixed("/challenges/beta-open/edit"), url.Values{"title": {"x"}}, only(methodPost, 400, 403, moderator, admin), ""},
	{"POST /challenges/{slug}/move", fixed("/challenges/beta-open/move"), url.Values{"move": {"nonsense"}}, signedIn(methodPost, 400), ""},
	{"POST /challenges/{slug}/move", fixed("/challenges/beta-draft/move"), url.Values{"move": {"return"}},
		expect{def: 404, byRole: map[string]int{anon: 401, otherOrg: 403, moderator: 400, admin: 400}}, ""},
	{"POST /challenges/{slug}/follow", fixed("/challenges/beta-open/follow"), url.Values{"follow": {"no"}}, signedIn(methodPost, 303), ""},
	{"POST /challenges/{slug}/take", fixed("/challenges/beta-open/take"), url.Values{"event": {""}}, signedIn(methodPost, 400), ""},
	{"GET /admin/challenges", fixed("/admin/challenges"), nil, only(methodGet, 200, 403, moderator, admin), ""},
	{"POST /admin/people/{person}/curator", func(f *fixture) string { return fmt.Sprintf("/admin/people/%d/curator", f.people[volunteer].ID) },
		url.Values{"curator": {"false"}}, only(methodPost, 303, 403, admin), ""},
	{"POST /events/{slug}/challenges/{challenge}/drop", fixed("/events/camp-alpha/challenges/beta-open/drop"), nil,
		only(methodPost, 404, 403, orgAdmin, moderator, admin), ""},
	{"GET /v1/challenges", fixed("/api/v1/challenges?size=weekend"), nil, all(200), ""},
	{"GET /v1/challenges/{slug}", fixed("/api/v1/challenges/beta-open"), nil, all(200), ""},
	{"GET /v1/challenges/{slug}", fixed("/api/v1/challenges/beta-draft"), nil, expect{def: 404, byRole: map[string]int{otherOrg: 200, moderator: 200, admin: 200}}, ""},
	{"GET /events/{slug}/teams", fixed("/events/hack-alpha/teams"), nil, all(200), ""},
	{"GET /events/{slug}/teams", fixed("/events/camp-draft/teams"), nil, expect{def: 404, byRole: map[string]int{orgAdmin: 200, moderator: 200, admin: 200}}, ""},
	{"POST /events/{slug}/teams", fixed("/events/hack-alpha/teams"), url.Values{"name": {"x"}},
		expect{def: 409, byRole: map[string]int{anon: 401, volunteer: 400}}, ""},
	{"POST /events/{slug}/looking", fixed("/events/hack-alpha/looking"), url.Values{"looking": {"no"}},
		expect{def: 409, byRole: map[string]int{anon: 401, volunteer: 303}}, ""},
	{"GET /events/{slug}/teams/{id}", teamPath(""), nil, all(200), ""},
	{"GET /events/{slug}/teams/{id}", fixed("/events/hack-alpha/teams/999999"), nil, all(404), ""},
	{"POST /events/{slug}/teams/{id}/edit", teamPath("/edit"), url.Values{"name": {"x"}}, expect{def: 403, byRole: map[string]int{anon: 401, volunteer: 400}}, ""},
	{"POST /events/{slug}/teams/{id}/join", teamPath("/join"), url.Values{"role": {"member"}}, signedIn(methodPost, 409), ""},
	{"POST /events/{slug}/teams/{id}/leave", fixed("/events/hack-alpha/teams/999999/leave"), nil, signedIn(methodPost, 404), ""},
	{"POST /events/{slug}/teams/{id}/invite", teamPath("/invite"), url.Values{"person": {"999999"}},
		expect{def: 403, byRole: map[string]int{anon: 401, volunteer: 409}}, ""},
	{"POST /events/{slug}/teams/{id}/project", teamPath("/project"), url.Values{"title": {"x"}, "licence": {"MIT"}},
		expect{def: 403, byRole: map[string]int{anon: 401, volunteer: 400}}, ""},
	{"POST /events/{slug}/teams/{id}/screenshots", teamPath("/screenshots"), nil, expect{def: 400, byRole: map[string]int{anon: 401}}, ""},
	{"POST /events/{slug}/teams/{id}/screenshots/{shot}/delete", teamPath("/screenshots/999999/delete"), nil,
		expect{def: 403, byRole: map[string]int{anon: 401, volunteer: 404}}, ""},
	{"GET /events/{slug}/projects/{id}/screenshots/{file}", func(f *fixture) string {
		return fmt.Sprintf("/events/hack-alpha/projects/%d/screenshots/%d-small.png", f.project, f.shot)
	}, nil, all(200), ""},
	{"GET /events/{slug}/projects/{id}/screenshots/{file}", func(f *fixture) string {
		return fmt.Sprintf("/events/hack-alpha/projects/%d/screenshots/%d.gif", f.project, f.shot)
	}, nil, all(404), ""},
	{"GET /events/{slug}/judging", fixed("/events/hack-alpha/judging"), nil, only(methodGet, 200, 403, orgAdmin, moderator, admin, other), ""},
	{"POST /events/{slug}/judging/criteria", fixed("/events/hack-alpha/judging/criteria"), url.Values{"criteria": {""}},
		only(methodPost, 400, 403, orgAdmin, moderator, admin), ""},
	{"POST /events/{slug}/judging/judges", fixed("/events/hack-alpha/judging/judges"), url.Values{"email": {"nobody@example.org"}},
		only(methodPost, 400, 403, orgAdmin, moderator, admin), ""},
	{"POST /events/{slug}/judging/judges/{person}/remove", fixed("/events/hack-alpha/judging/judges/999999/remove"), nil,
		only(methodPost, 303, 403, orgAdmin, moderator, admin), ""},
	{"POST /events/{slug}/projects/{id}/score", func(f *fixture) string { return fmt.Sprintf("/events/hack-alpha/projects/%d/score", f.project) },
		nil, expect{def: 403, byRole: map[string]int{anon: 401, other: 400}}, ""},
	{"POST /events/{slug}/projects/{id}/award", func(f *fixture) string { return fmt.Sprintf("/events/hack-alpha/projects/%d/award", f.project) },
		url.Values{"award": {"x"}}, only(methodPost, 400, 403, orgAdmin, moderator, admin), ""},
	{"POST /events/{slug}/results", fixed("/events/camp-beta/results"), nil, only(methodPost, 303, 403, orgAdmin, moderator, admin), ""},
	{"GET /solutions", fixed("/solutions?q=shelter"), nil, all(200), ""},
	{"GET /solutions/{slug}", fixed("/solutions/alpha-map"), nil, all(200), ""},
	{"GET /solutions/{slug}", fixed("/solutions/no-such-solution"), nil, all(404), ""},
	{"GET /solutions/{slug}/edit", fixed("/solutions/alpha-map/edit"), nil, only(methodGet, 200, 403, volunteer, moderator, admin), ""},
	{"POST /solutions/{slug}/edit", fixed("/solutions/alpha-map/edit"), url.Values{"title": {"x"}}, only(methodPost, 400, 403, volunteer, moderator, admin), ""},
	{"POST /solutions/{slug}/adopt", fixed("/solutions/alpha-map/adopt"), url.Values{"organization": {""}}, signedIn(methodPost, 400), ""},
	{"GET /events/{slug}/projects/{id}/promote", func(f *fixture) string { return fmt.Sprintf("/events/hack-alpha/projects/%d/promote", f.project) },
		nil, only(methodGet, 200, 403, volunteer, orgAdmin, moderator, admin), ""},
	{"POST /events/{slug}/projects/{id}/promote", func(f *fixture) string { return fmt.Sprintf("/events/hack-alpha/projects/%d/promote", f.project) },
		url.Values{"title": {"x"}}, only(methodPost, 400, 403, volunteer, orgAdmin, moderator, admin), ""},
	{"GET /v1/solutions", fixed("/api/v1/solutions?q=map"), nil, all(200), ""},
	{"GET /v1/solutions/{slug}", fixed("/api/v1/solutions/alpha-map"), nil, all(200), ""},
	{"GET /events/{slug}/kit", fixed("/events/camp-alpha/kit"), nil, all(200), ""},
	{"GET /events/{slug}/kit", fixed("/events/camp-draft/kit"), nil, all(404), ""},
	{"POST /events/{slug}/kit", fixed("/events/camp-alpha/kit"), url.Values{"title": {"x"}}, signedIn(methodPost, 400), ""},
	{"POST /events/{slug}/kit", fixed("/events/camp-draft/kit"), url.Values{"title": {"x"}},
		expect{def: 404, byRole: map[string]int{anon: 401, orgAdmin: 403, moderator: 403, admin: 403}}, ""},
	{"POST /events/{slug}/cancel-event", fixed("/events/camp-beta/cancel-event"), nil, only(methodPost, 400, 403, orgAdmin, moderator, admin), ""},
	{"GET /events/{slug}/checklist", fixed("/events/camp-alpha/checklist"), nil, only(methodGet, 200, 403, orgAdmin, moderator, admin), ""},
	{"POST /events/{slug}/checklist", fixed("/events/camp-alpha/checklist"), url.Values{"text": {"x"}}, only(methodPost, 400, 403, orgAdmin, moderator, admin), ""},
	{"POST /events/{slug}/checklist/standard", fixed("/events/camp-beta/checklist/standard"), nil, only(methodPost, 303, 403, orgAdmin, moderator, admin), ""},
	{"POST /events/{slug}/checklist/{id}", fixed("/events/camp-alpha/checklist/999999"), url.Values{"done": {"yes"}},
		only(methodPost, 404, 403, orgAdmin, moderator, admin), ""},
	{"POST /events/{slug}/checklist/{id}/delete", fixed("/events/camp-alpha/checklist/999999/delete"), nil,
		only(methodPost, 404, 403, orgAdmin, moderator, admin), ""},
	{"GET /events/{slug}/report", fixed("/events/camp-alpha/report"), nil, all(200), ""},
	{"GET /events/{slug}/report", fixed("/events/camp-draft/report"), nil, expect{def: 404, byRole: map[string]int{orgAdmin: 200, moderator: 200, admin: 200}}, ""},
	{"GET /events/{slug}/report/edit", fixed("/events/camp-alpha/report/edit"), nil, only(methodGet, 409, 403, orgAdmin, moderator, admin), ""},
	{"POST /events/{slug}/report", fixed("/events/camp-alpha/report"), url.Values{"needs_heard": {"x"}}, only(methodPost, 409, 403, orgAdmin, moderator, admin), ""},
	{"GET /admin/toolkits", fixed("/admin/toolkits"), nil, only(methodGet, 200, 403, moderator, admin), ""},
	{"POST /admin/toolkits/revisions/{id}/review", func(f *fixture) string { return fmt.Sprintf("/admin/toolkits/revisions/%d/review", f.pendRev) },
		url.Values{"decision": {"nonsense"}}, only(methodPost, 400, 403, moderator, admin), ""},
	{"POST /admin/people/{person}/undo-toolkits", func(f *fixture) string { return fmt.Sprintf("/admin/people/%d/undo-toolkits", f.people[member].ID) },
		nil, only(methodPost, 303, 403, moderator, admin), ""},
	{"POST /admin/people/{person}/trainer", func(f *fixture) string { return fmt.Sprintf("/admin/people/%d/trainer", f.people[volunteer].ID) },
		url.Values{"trainer": {"true"}}, only(methodPost, 303, 403, admin), ""},
	{"POST /orgs/{slug}/trainer", orgPath("beta", "/trainer"), url.Values{"trainer": {"false"}}, only(methodPost, 303, 403, admin), ""},
	{"POST /orgs/{slug}/trainer", orgPath("gamma", "/trainer"), url.Values{"trainer": {"false"}},
		expect{def: 404, byRole: map[string]int{anon: 401, member: 403, orgAdmin: 403, moderator: 403, admin: 303}}, ""},
	{"GET /me/learning", fixed("/me/learning"), nil, signedIn(methodGet, 200), ""},
	{"GET /resources", fixed("/resources"), nil, all(200), ""},
	{"GET /guides", fixed("/guides"), nil, all(200), ""},
	{"GET /guides/{kind}", fixed("/guides/crowdfunding"), nil, all(200), ""},
	{"GET /guides/{kind}", fixed("/guides/bitcoin"), nil, all(404), ""},
	{"GET /resources.atom", fixed("/resources.atom?country=KE"), nil, all(200), ""},
	{"GET /resources.rss", fixed("/resources.rss"), nil, all(200), ""},
	{"GET /resources.ics", fixed("/resources.ics?kind=grant"), nil, all(200), ""},
	{"GET /resources.csv", fixed("/resources.csv?country=KE"), nil, all(200), ""},
	{"GET /admin/resources/import", fixed("/admin/resources/import"), nil, only(methodGet, 200, 403, moderator, admin), ""},
	{"POST /admin/resources/import", fixed("/admin/resources/import"), nil, only(methodPost, 400, 403, moderator, admin), ""},
	{"GET /calendars/{file}", fixed("/calendars/calNOSUCHTOKEN.ics"), nil, all(404), ""},
	{"POST /orgs/{slug}/calendar", orgPath("alpha", "/calendar"), nil, only(methodPost, 200, 403, member, orgAdmin), ""},
	{"POST /orgs/{slug}/calendar/stop", orgPath("alpha", "/calendar/stop"), nil, only(methodPost, 404, 403, member, orgAdmin), ""},
	{"GET /resources/new", fixed("/resources/new"), nil, signedIn(methodGet, 200), ""},
	{"POST /resources/new", fixed("/resources/new"), url.Values{"title": {"x"}}, signedIn(methodPost, 400), ""},
	{"GET /resources/{id}", func(f *fixture) string { return fmt.Sprintf("/resources/%d", f.pub.ID) }, nil, all(200), ""},
	{"GET /resources/{id}", func(f *fixture) string { return fmt.Sprintf("/resources/%d", f.pend.ID) }, nil,
		expect{def: 404, byRole: map[string]int{volunteer: 200, moderator: 200, admin: 200}}, ""},
	// On a published entry, moderators edit and everyone else signed in suggests a change.
	{"GET /resources/{id}/edit", func(f *fixture) string { return fmt.Sprintf("/resources/%d/edit", f.pub.ID) }, nil, signedIn(methodGet, 200), ""},
	{"POST /resources/{id}/edit", func(f *fixture) string { return fmt.Sprintf("/resources/%d/edit", f.pub.ID) }, url.Values{"title": {"x"}},
		signedIn(methodPost, 400), ""},
	{"POST /admin/resources/suggestions/{id}", fixed("/admin/resources/suggestions/999999"), url.Values{"decision": {"apply"}},
		only(methodPost, 404, 403, moderator, admin), ""},
	{"GET /resources/{id}/edit", func(f *fixture) string { return fmt.Sprintf("/resources/%d/edit", f.pend.ID) }, nil,
		expect{def: 404, byRole: map[string]int{anon: 303, volunteer: 200, moderator: 200, admin: 200}}, ""},
	{"POST /resources/{id}/edit", func(f *fixture) string { return fmt.Sprintf("/resources/%d/edit", f.pend.ID) }, url.Values{"title": {"x"}},
		expect{def: 404, byRole: map[string]int{anon: 401, volunteer: 400, moderator: 400, admin: 400}}, ""},
	{"POST /resources/{id}/review", func(f *fixture) string { return fmt.Sprintf("/resources/%d/review", f.pub.ID) }, url.Values{"decision": {"nonsense"}},
		only(methodPost, 400, 403, moderator, admin), ""},
	{"POST /resources/{id}/report", func(f *fixture) string { return fmt.Sprintf("/resources/%d/report", f.pub.ID) }, url.Values{"note": {"Closed."}},
		signedIn(methodPost, 303), ""},
	{"GET /admin/resources", fixed("/admin/resources"), nil, only(methodGet, 200, 403, moderator, admin), ""},
	{"GET /v1/resources", fixed("/api/v1/resources"), nil, all(200), ""},
	{"GET /v1/orgs/{slug}/radar", fixed("/api/v1/orgs/alpha/radar"), nil, apiOnly(200, 403, member, orgAdmin), ""},
	{"GET /v1/orgs/{slug}/radar", fixed("/api/v1/orgs/gamma/radar"), nil,
		expect{def: 404, byRole: map[string]int{anon: 401, member: 200, orgAdmin: 200, moderator: 403, admin: 403}}, ""},
	{"PUT /v1/orgs/{slug}/tracked/{id}", func(f *fixture) string { return fmt.Sprintf("/api/v1/orgs/alpha/tracked/%d", f.pub.ID) }, nil,
		apiOnly(204, 403, member, orgAdmin), `{"stage":"saved"}`},
	{"PUT /v1/orgs/{slug}/tracked/{id}", func(f *fixture) string { return fmt.Sprintf("/api/v1/orgs/alpha/tracked/%d", f.pend.ID) }, nil,
		expect{def: 403, byRole: map[string]int{anon: 401, member: 404, orgAdmin: 404}}, `{"stage":"saved"}`},
	{"DELETE /v1/orgs/{slug}/tracked/{id}", func(f *fixture) string { return fmt.Sprintf("/api/v1/orgs/alpha/tracked/%d", f.pub.ID) }, nil,
		apiOnly(404, 403, member, orgAdmin), ""},
	{"GET /orgs/{slug}/radar", orgPath("alpha", "/radar"), nil, only(methodGet, 200, 403, member, orgAdmin), ""},
	{"POST /orgs/{slug}/radar/{id}", func(f *fixture) string { return fmt.Sprintf("/orgs/alpha/radar/%d", f.pub.ID) }, url.Values{"stage": {"preparing"}},
		only(methodPost, 303, 403, member, orgAdmin), ""},
	{"POST /orgs/{slug}/radar/{id}/forget", func(f *fixture) string { return fmt.Sprintf("/orgs/alpha/radar/%d/forget", f.pub.ID) }, nil,
		only(methodPost, 404, 403, member, orgAdmin), ""},
	{"GET /v1/resources", fixed("/api/v1/resources?status=pending"), nil, expect{def: 403, byRole: map[string]int{moderator: 200, admin: 200}}, ""},
	{"GET /v1/resources/{id}", func(f *fixture) string { return fmt.Sprintf("/api/v1/resources/%d", f.pub.ID) }, nil, all(200), ""},
	{"GET /v1/resources/{id}", func(f *fixture) string { return fmt.Sprintf("/api/v1/resources/%d", f.pend.ID) }, nil,
		expect{def: 404, byRole: map[string]int{volunteer: 200, moderator: 200, admin: 200}}, ""},
	{"POST /v1/resources", fixed("/api/v1/resources"), nil, apiOnly(201, 201), validResourceJSON},
	{"PUT /v1/resources/{id}", func(f *fixture) string { return fmt.Sprintf("/api/v1/resources/%d", f.pend.ID) }, nil,
		expect{def: 404, byRole: map[string]int{anon: 401, volunteer: 200, moderator: 200, admin: 200}}, validResourceJSON},
	// Anyone else's change to a published entry is a suggestion for the moderators.
	{"PUT /v1/resources/{id}", func(f *fixture) string { return fmt.Sprintf("/api/v1/resources/%d", f.pub.ID) }, nil,
		apiOnly(200, 202, moderator, admin), validResourceJSON},
	{"POST /v1/resources/{id}/review", func(f *fixture) string { return fmt.Sprintf("/api/v1/resources/%d/review", f.pend.ID) }, nil,
		apiOnly(400, 403, moderator, admin), `{"decision":"reject"}`},
	{"GET /v1/orgs/{slug}/needs", fixed("/api/v1/orgs/beta/needs"), nil, all(200), ""},
	{"GET /v1/orgs/{slug}/needs", fixed("/api/v1/orgs/gamma/needs"), nil, expect{def: 404, byRole: map[string]int{member: 200, orgAdmin: 200, moderator: 200, admin: 200}}, ""},
	{"POST /v1/orgs/{slug}/needs", fixed("/api/v1/orgs/beta/needs"), nil, apiOnly(201, 403, otherOrg), validNeedJSON},
	{"GET /v1/need-templates", func(*fixture) string { return "/api/v1/need-templates" }, nil, all(200), ""},
	{"GET /v1/needs/{id}", func(f *fixture) string { return fmt.Sprintf("/api/v1/needs/%d", f.needB.ID) }, nil, all(200), ""},
	{"GET /v1/needs/{id}", func(f *fixture) string { return fmt.Sprintf("/api/v1/needs/%d", f.needA.ID) }, nil,
		expect{def: 404, byRole: map[string]int{member: 200, orgAdmin: 200, moderator: 200, admin: 200}}, ""},
	{"PUT /v1/needs/{id}", func(f *fixture) string { return fmt.Sprintf("/api/v1/needs/%d", f.needB.ID) }, nil, apiOnly(400, 403, otherOrg), `{"title":"x","description":"","remote":true}`},
	{"PUT /v1/needs/{id}", func(f *fixture) string { return fmt.Sprintf("/api/v1/needs/%d", f.needA.ID) }, nil,
		expect{def: 404, byRole: map[string]int{anon: 401, member: 403, orgAdmin: 400, moderator: 403, admin: 403}}, `{"title":"x","description":"","remote":true}`},
	{"POST /v1/needs/{id}/tasks", func(f *fixture) string { return fmt.Sprintf("/api/v1/needs/%d/tasks", f.needB.ID) }, nil, apiOnly(201, 403, otherOrg), validTaskJSON},
	{"PUT /v1/tasks/{id}", func(f *fixture) string { return fmt.Sprintf("/api/v1/tasks/%d", f.taskB.ID) }, nil, apiOnly(400, 403, otherOrg),
		`{"title":"A task of BETA","type":"data_entry","estimated_hours":0,"volunteers_wanted":1,"join_mode":"claim","claim_hours":24}`},
	{"GET /v1/me/notification-settings", fixed("/api/v1/me/notification-settings"), nil, apiOnly(200, 200), ""},
	{"PATCH /v1/me/notification-settings", fixed("/api/v1/me/notification-settings"), nil, apiOnly(200, 200), `{"settings":[{"kind":"message","channel":"email","delivery":"weekly"}]}`},
	{"GET /v1/tasks/{id}", func(f *fixture) string { return fmt.Sprintf("/api/v1/tasks/%d", f.taskB.ID) }, nil, all(200), ""},
	{"GET /v1/tasks/{id}", func(f *fixture) string { return fmt.Sprintf("/api/v1/tasks/%d", f.taskA.ID) }, nil,
		expect{def: 404, byRole: map[string]int{member: 200, orgAdmin: 200, moderator: 200, admin: 200}}, ""},
	{"POST /v1/tasks/{id}/claim", func(f *fixture) string { return fmt.Sprintf("/api/v1/tasks/%d/claim", f.taskB.ID) }, nil,
		expect{def: 201, byRole: map[string]int{anon: 401, otherOrg: 403}}, "{}"},
	{"POST /v1/tasks/{id}/apply", func(f *fixture) string { return fmt.Sprintf("/api/v1/tasks/%d/apply", f.taskB.ID) }, nil, apiOnly(409, 409), "{}"},
	{"POST /v1/tasks/{id}/submit", func(f *fixture) string { return fmt.Sprintf("/api/v1/tasks/%d/submit", f.taskB.ID) }, nil, apiOnly(404, 404), `{"message":"Done"}`},
	{"POST /v1/tasks/{id}/review", func(f *fixture) string { return fmt.Sprintf("/api/v1/tasks/%d/review", f.taskB.ID) }, nil,
		apiOnly(404, 403, otherOrg), `{"assignment_id":999999,"decision":"approve"}`},
	{"POST /v1/tasks/{id}/review", func(f *fixture) string { return fmt.Sprintf("/api/v1/tasks/%d/review", f.taskA.ID) }, nil,
		expect{def: 404, byRole: map[string]int{anon: 401, member: 403, orgAdmin: 404, moderator: 403, admin: 403}}, `{"assignment_id":999999,"decision":"approve"}`},
	{"POST /v1/tasks/{id}/hours", func(f *fixture) string { return fmt.Sprintf("/api/v1/tasks/%d/hours", f.taskB.ID) }, nil, apiOnly(404, 404), `{"hours":2}`},
	{"POST /v1/tasks/{id}/watch", func(f *fixture) string { return fmt.Sprintf("/api/v1/tasks/%d/watch", f.taskB.ID) }, nil,
		expect{def: 409, byRole: map[string]int{anon: 401, otherOrg: 403}}, ""},
	{"POST /v1/tasks/{id}/watch", func(f *fixture) string { return fmt.Sprintf("/api/v1/tasks/%d/watch", f.taskA.ID) }, nil,
		expect{def: 404, byRole: map[string]int{anon: 401, member: 409, orgAdmin: 403, moderator: 409, admin: 409}}, ""},
	{"DELETE /v1/tasks/{id}/watch", func(f *fixture) string { return fmt.Sprintf("/api/v1/tasks/%d/watch", f.taskB.ID) }, nil, apiOnly(204, 204), ""},
	{"DELETE /v1/tasks/{id}/watch", func(f *fixture) string { return fmt.Sprintf("/api/v1/tasks/%d/watch", f.taskA.ID) }, nil,
		expect{def: 404, byRole: map[string]int{anon: 401, member: 204, orgAdmin: 204, moderator: 204, admin: 204}}, ""},
	{"GET /v1/certificates/{code}", fixed("/api/v1/certificates/aaaa-aaaa-aaaa-aaaa"), nil, all(404), ""},
	{"GET /v1/me/certificates", fixed("/api/v1/me/certificates"), nil, apiOnly(200, 200), ""},
	{"POST /v1/me/certificates", fixed("/api/v1/me/certificates"), nil, apiOnly(409, 409), ""},
	{"POST /v1/me/certificates/{code}/withdraw", fixed("/api/v1/me/certificates/aaaaaaaaaaaaaaaa/withdraw"), nil, apiOnly(404, 404), ""},
	{"GET /v1/orgs/{slug}/members", fixed("/api/v1/orgs/alpha/members"), nil, apiOnly(200, 200), ""},
	{"GET /v1/orgs/{slug}/members", fixed("/api/v1/orgs/gamma/members"), nil, expect{def: 404, byRole: map[string]int{anon: 401, member: 200, orgAdmin: 200, moderator: 403, admin: 403}}, ""},
}

// TestAuthorizationMatrix sends every route's request as every role, each route on a fresh copy of
// one world, on both databases, and fails when a route has no row.
func TestAuthorizationMatrix(t *testing.T) {
	t.Parallel() // one of the slowest tests: it and its databases run beside the others
	for _, d := range []sqldb.Dialect{sqldb.SQLite, sqldb.Postgres} {
		t.Run(string(d), func(t *testing.T) {
			t.Parallel()
			world := newFixtureTemplate(t, d)
			// Reads change nothing, so every GET row reads one copy of the world; each row that
			// writes gets a copy of its own, in its own subtest, closed before the next row.
			reader, signedIn := world.fixture(t), time.Now()
			for _, row := range matrix {
				method, _, _ := strings.Cut(row.pattern, " ")
				if method == "/" {
					method = http.MethodGet
				}
				t.Run(strings.ReplaceAll(row.pattern, "/", "|"), func(t *testing.T) {
					f := reader
					if method != http.MethodGet {
						f = world.fixture(t)
					} else if time.Since(signedIn) > recentAuthWindow/2 {
						// Pages that ask for a recent sign-in see a fresh one, however slow the run.
						reader.signIn(t)
						signedIn = time.Now()
					}
					path := row.path(f)
					for _, role := range roles {
						var resp *http.Response
						if strings.HasPrefix(path, "/api/") {
							resp = f.api(role, method, path, row.json)
						} else {
							resp = f.do(role, method, path, formFor(row.form, role))
						}
						if want := row.want.of(role); resp.StatusCode != want {
							t.Errorf("%s %s as %s: status %d, want %d", method, path, role, resp.StatusCode, want)
						}
					}
				})
			}
		})
	}
}

// formFor copies a row's form for role, putting a name for the role in place of {role}, so that
// limits per address do not carry over from one role to the next.
func formFor(v url.Values, role string) url.Values {
	c := url.Values{}
	for k, vs := range v {
		for _, s := range vs {
			c.Add(k, strings.ReplaceAll(s, "{role}", strings.ReplaceAll(role, " ", "-")))
		}
	}
	return c
}

// TestEveryRouteHasAMatrixRow fails when a route or API operation is added without a row.
func TestEveryRouteHasAMatrixRow(t *testing.T) {
	s := newTestServer(t, nil)
	rows := map[string]bool{}
	for _, row := range matrix {
		rows[row.pattern] = true
	}
	for _, p := range s.patterns {
		if !rows[p] {
			t.Errorf("route %q has no row in the authorization matrix", p)
		}
	}
	for _, op := range apiOperations(t, s) {
		if !rows[op] {
			t.Errorf("API operation %q has no row in the authorization matrix", op)
		}
	}
}
